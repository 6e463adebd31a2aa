"""What every command shares: naming the campaign, loading it, failing cleanly, --debug,
completion of ids, and how files and counts are shown.

Heavy libraries (WeasyPrint, pydantic) are imported inside the commands that need them, so
`--help` and shell completion stay instant.
"""

from __future__ import annotations

import copy
import shlex
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, NoReturn

import typer

from companion.errors import CompanionError, printable

if TYPE_CHECKING:
    from companion.build.report import BuildReport
    from companion.campaign.checked_files import CheckedFiles
    from companion.campaign.files import CampaignIds
    from companion.campaign.index import CampaignIndex
    from companion.campaign.models import Campaign
    from companion.record.ledger import Ledger, Missing

DEBUG_FLAG = "--debug"
# Set once per run by the root callback (`--debug`) and by `main` (the words typed), and read
# by the helpers below; context variables, so that tests running many commands never mix them.
DEBUG: ContextVar[bool] = ContextVar("debug", default=False)
TYPED: ContextVar[tuple[str, ...] | None] = ContextVar("typed", default=None)
# The command a run names and the word after it (a group's subcommand), either unknown.
CommandPath = tuple[str | None, str | None]


def add_commands(
    app: typer.Typer,
    commands: dict[str, Callable[..., None] | typer.Typer],
    only: CommandPath | None,
) -> None:
    """Add a module's commands to the app: all of them, or only the one `only` names (a
    command, and the word after it: of a group, only the subcommand it names, if any)."""
    command_name, word_after = only or (None, None)
    for name, command in commands.items():
        if command_name is not None and name != command_name:
            continue
        if isinstance(command, typer.Typer):
            app.add_typer(_only_subcommand(command, word_after), name=name)
        else:
            app.command(name)(command)


def _only_subcommand(group: typer.Typer, name: str | None) -> typer.Typer:
    """The group with only its subcommand `name`; the whole group when it has none of that
    name (its help and its "no such command" need them all)."""
    chosen = [info for info in group.registered_commands if info.name == name]
    if not chosen or group.registered_groups:
        return group
    trimmed = copy.copy(group)
    trimmed.registered_commands = chosen
    return trimmed


def echo(text: str, err: bool = False, nl: bool = True) -> None:
    """Print, with control characters and bidi overrides escaped: campaign text, the record
    and arguments all reach the terminal through here (or through Problem.render)."""
    typer.echo(printable(text), err=err, nl=nl)


# --- naming the campaign ----------------------------------------------------------------------


def _complete_campaign(incomplete: str) -> list[str]:
    from companion.campaign.files import campaign_folders

    return [p.name for p in campaign_folders() if p.name.startswith(incomplete)]


CAMPAIGN_HELP = (
    "Campaign folder, or a name under campaigns/. Default: the campaign you are in, "
    "else the only one under campaigns/."
)
CampaignOption = Annotated[
    str | None,
    typer.Option(
        "--campaign",
        "-c",
        help=CAMPAIGN_HELP,
        show_default=False,
        autocompletion=_complete_campaign,
    ),
]
# Commands that take no other argument also take the campaign as one, as `companion build ozola`.
CampaignArgument = Annotated[
    str | None,
    typer.Argument(
        help=CAMPAIGN_HELP,
        show_default=False,
        autocompletion=_complete_campaign,
        metavar="CAMPAIGN",
    ),
]


def campaign_path(argument: str | None = None, option: str | None = None) -> Path:
    """The campaign folder the user means, from the argument or `-c` (not two different ones)."""
    from companion.campaign.files import SeveralCampaigns, resolve_campaign_path

    if argument is not None and option is not None and argument != option:
        raise typer.BadParameter(
            f"two campaigns named: `{argument}` and `{option}`; name one", param_hint="-c"
        )
    try:
        return resolve_campaign_path(argument if argument is not None else option)
    except SeveralCampaigns as error:
        names = [folder.name for folder in error.folders]
        fail(CompanionError(error.message, hint=f"say which one: {_retyped(names)}"))
    except CompanionError as error:
        fail(error)


def _retyped(names: list[str]) -> str:
    """The command the user typed, with `-c NAME` added for the first few campaigns."""
    typed = TYPED.get()
    if typed is None:  # not started by `main` (a test runner): the words are unknown
        return ", ".join(f"`-c {name}`" for name in names[:3])
    return " or ".join(f"`{shlex.join(['companion', *typed, '-c', name])}`" for name in names[:3])


def load(
    argument: str | None = None, option: str | None = None, kept: CheckedFiles | None = None
) -> Campaign:
    """The campaign, loaded and checked; every problem printed and exit 1 if it is not valid.
    `kept`: each file's result as a build keeps it (see `BuildCache.checked_files`)."""
    from companion.campaign.loading import load_campaign

    path = campaign_path(argument, option)
    with reported():
        return load_campaign(path, kept)


# --- opening the record of play ------------------------------------------------------------


def _db_path(campaign_folder: Path) -> Path:
    from companion.record.store import DB_FILE

    return campaign_folder / DB_FILE


@contextmanager
def opened_record(
    db: Path | None, argument: str | None, option: str | None, missing: Missing = "refuse"
) -> Iterator[Ledger]:
    """The record alone: logging a line need not wait for the whole campaign's checks.
    `missing`: what to do where there is no record yet (only `session start`, `session init`
    and `session import` create one; commands that only read look at an empty one)."""
    with _ledger(db or _db_path(campaign_path(argument, option)), missing) as book:
        yield book


@contextmanager
def index_and_record(db: Path | None, option: str | None) -> Iterator[tuple[CampaignIndex, Ledger]]:
    """The campaign's ids (from its index, without loading it) and its record of play."""
    from companion.campaign.index import campaign_index

    root = campaign_path(None, option)
    with reported():
        index = campaign_index(root)
    with _ledger(db or _db_path(root), "refuse") as book:
        yield index, book


@contextmanager
def _ledger(path: Path, missing: Missing) -> Iterator[Ledger]:
    """The record of play at `path`, failing cleanly; says so when opening it upgraded an
    older companion's record (which that companion can then no longer read)."""
    from companion.record.ledger import open_ledger
    from companion.record.schema import SCHEMA_VERSION

    with reported(), open_ledger(path, missing) as book:
        if book.upgraded_from is not None:
            echo(
                f"note: the record of play was upgraded (schema {book.upgraded_from} to "
                f"{SCHEMA_VERSION}); an older companion can no longer read it",
                err=True,
            )
        yield book


@contextmanager
def campaign_and_record(
    db: Path | None, argument: str | None, option: str | None, missing: Missing = "refuse"
) -> Iterator[tuple[Campaign, Ledger]]:
    """The loaded campaign, to check ids against, and its record of play (see
    `opened_record` for `missing`)."""
    loaded = load(argument, option)
    with _ledger(db or _db_path(loaded.root), missing) as book:
        yield loaded, book


# --- failing cleanly --------------------------------------------------------------------------


def debug_requested() -> bool:
    """`companion --debug ...`: tracebacks with every error, for bug reports."""
    return DEBUG.get()


def fail(error: CompanionError) -> NoReturn:
    """Print every problem of `error` (file, line, column, hint) and exit 1."""
    if debug_requested():
        traceback.print_exception(error, file=sys.stderr)
    cwd = Path.cwd()
    for problem in error.problems:
        echo(problem.render(relative_to=cwd), err=True)
    if len(error.problems) > 1:
        echo(f"{len(error.problems)} problems found.", err=True)
    raise typer.Exit(code=1)


@contextmanager
def reported() -> Iterator[None]:
    """Library errors inside this block become a clean message and exit 1."""
    try:
        yield
    except CompanionError as error:
        fail(error)


def refuse(message: str, option: str) -> NoReturn:
    """A usage error (exit 2) about an option that does not apply."""
    raise typer.BadParameter(message, param_hint=option)


# --- showing results --------------------------------------------------------------------------


def count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def shown(path: Path) -> str:
    cwd = Path.cwd()
    return str(path.relative_to(cwd)) if path.is_relative_to(cwd) else str(path)


def print_files(report: BuildReport, say: Callable[[str], object] = echo) -> None:
    for built in report.files:
        say(printable(f"wrote {shown(built.path)} ({built.size_bytes / 1024:.0f} KB)"))


def print_report(report: BuildReport, err: bool = False) -> None:
    """Warnings, the count of files, and each failure with its problems; exit 1 on failure.
    `err`: the count goes to stderr too (when stdout carries something else)."""
    for line in report.preflight:
        echo(f"preflight: {line}", err=err)
    for warning in report.warnings:
        echo(f"warning: {warning}", err=True)
    for path in report.removed:
        echo(f"removed {shown(path)}: the campaign no longer makes it", err=err)
    fresh = f", {count(report.up_to_date, 'output')} up to date" if report.up_to_date else ""
    echo(f"{count(len(report.files), 'file')} written{fresh}.", err=err)
    if not report.failures:
        return
    for failure in report.failures:
        if debug_requested():
            echo(failure.traceback, err=True)
        echo(f"{failure.what} failed:", err=True)
        for problem in failure.problems:
            echo("  " + problem.render(relative_to=Path.cwd()), err=True)
    raise typer.Exit(code=1)


# --- completion of ids ------------------------------------------------------------------------


def _ids_completer(ids: Callable[[CampaignIds], list[str]]) -> Callable[..., list[str]]:
    """A completion function offering the ids `ids` reads from the campaign being named."""

    def complete(context: typer.Context, incomplete: str) -> list[str]:
        from companion.campaign.files import CampaignIds, resolve_campaign_path

        named = _campaign_named(context)
        try:
            root = resolve_campaign_path(named)
        except CompanionError:
            return []
        return [i for i in ids(CampaignIds(root)) if i.startswith(incomplete)]

    return complete


def _campaign_named(context: typer.Context) -> str | None:
    """The campaign named so far on a command line being completed. Completion leaves
    positional arguments unparsed in `args`: there, a CAMPAIGN argument is the first."""
    params = context.params
    if params.get("campaign"):
        return str(params["campaign"])
    if "campaign_argument" in params:
        return params["campaign_argument"] or (context.args[0] if context.args else None)
    return None


complete_handout = _ids_completer(lambda ids: ids.files("handouts"))
complete_npc = _ids_completer(lambda ids: ids.files("npcs"))
complete_player = _ids_completer(lambda ids: [*ids.players(), "all"])
complete_clue = _ids_completer(lambda ids: ids.clues())
complete_conclusion = _ids_completer(lambda ids: ids.conclusions())
complete_status = _ids_completer(lambda ids: ids.statuses())


# --- options every output honours -------------------------------------------------------------

FormatChoice = Literal["pdf", "png", "html"]
PaperChoice = Literal["a4", "letter"]

# The options every output honours; `recap --pdf` takes them too.
OnlyOption = Annotated[
    list[str] | None,
    typer.Option(
        "--only",
        help="Build only this handout id (repeat for more).",
        autocompletion=complete_handout,
        show_default=False,
    ),
]
PaperOption = Annotated[
    PaperChoice | None,
    typer.Option(help="Paper size (default: the campaign's).", show_default=False),
]
FormatOption = Annotated[
    FormatChoice,
    typer.Option("--format", help="pdf; png (one picture per page); html (for template work)."),
]
DpiOption = Annotated[int, typer.Option(min=36, max=600, help="Resolution for --format png.")]
BleedOption = Annotated[
    float, typer.Option(min=0, max=10, help="Bleed in mm around each page, with crop marks.")
]
ProfileOption = Annotated[
    Literal["home", "shop", "screen"],
    typer.Option(
        help="home: a plain PDF; shop: PDF/X-4 for print shops, with a preflight report; "
        "screen: PDF/UA for screen readers."
    ),
]
JobsOption = Annotated[int, typer.Option(min=1, max=32, help="Render in this many processes.")]
OutOption = Annotated[Path, typer.Option(help="Folder to write into.")]
MapScaleOption = Annotated[
    str | None,
    typer.Option(
        help="Print every map at this scale, e.g. 1:25 (large plans are tiled).",
        show_default=False,
    ),
]
DbOption = Annotated[
    Path | None,
    typer.Option(
        help="Record of play (default: companion.db in the campaign folder).", show_default=False
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Build everything again, even what has not changed since the last build.",
        metavar="",
    ),
]
AsOfSessionOption = Annotated[
    int | None,
    typer.Option(
        min=1,
        help="Packets and the book as things stood after this session (default: the latest).",
        show_default=False,
    ),
]
