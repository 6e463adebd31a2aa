"""Corrections to the record of play: `undo`, `strike`, `amend`. Nothing is erased: a struck
entry stays in the record, marked, and leaves what the players see."""

from collections.abc import Callable
from typing import Annotated

import typer

from companion.cli.common import (
    CampaignOption,
    CommandPath,
    DbOption,
    add_commands,
    echo,
    opened_record,
)


def register(app: typer.Typer, only: CommandPath | None = None) -> None:
    """Add the commands that correct the record (or only the one named) to the app."""
    add_commands(app, COMMANDS, only)


EntryNumber = Annotated[
    int, typer.Argument(help="The entry's number, as `session show` prints.", min=1)
]


def undo(campaign: CampaignOption = None, db: DbOption = None) -> None:
    """Take back the latest command: what it recorded is struck (and stays in the record);
    a line it amended stands again; a session just started goes again."""
    with opened_record(db, None, campaign) as book:
        undone = book.undo()
    if undone.session is not None:
        echo(f"Undone: {undone.session.heading()} started")
    for entry in undone.entries:
        echo(f"Undone: {entry.describe()}")


def strike(
    number: EntryNumber,
    why: Annotated[str, typer.Option(help="Why, for the record.")] = "struck",
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Strike an entry: a log line, a handout given, a clue found, a fate. It leaves recaps,
    packets and status, and stays in the record."""
    with opened_record(db, None, campaign) as book:
        result = book.strike(number, why)
    was = "was already struck" if result.already else "struck"
    echo(f"#{number} {was}: {result.entry.describe()}")


def amend(
    number: EntryNumber,
    text: Annotated[str, typer.Argument(help="The log line as it should read.")],
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Correct a log line: the old one is struck, the new one takes its place."""
    with opened_record(db, None, campaign) as book:
        new = book.amend(number, text)
    echo(f"#{number} amended by #{new.number}.")


COMMANDS: dict[str, Callable[..., None] | typer.Typer] = {
    "undo": undo,
    "strike": strike,
    "amend": amend,
}
