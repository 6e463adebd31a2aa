"""Commands for the record of play: `session`, `give`, `clue`, `npc`, `status`, `recap`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from companion.errors import CompanionError

# companion.sessions and companion.campaign are imported inside the commands, as in cli.py:
# `--help` and shell completion must not pay for pydantic.
if TYPE_CHECKING:
    from companion.models import Campaign
    from companion.sessions import Overview, SessionBook, SessionDetail

# A positional CAMPAIGN would clash with the commands' own positionals (`session log TEXT`),
# so the session commands take the campaign as an option.
CampaignOption = Annotated[
    str | None,
    typer.Option(
        "--campaign",
        "-c",
        help="Campaign folder, or a name under campaigns/. Optional when there is only one.",
        show_default=False,
    ),
]
DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="The session database file. Default: companion.db in the campaign folder.",
        show_default=False,
    ),
]
SessionOption = Annotated[
    int | None,
    typer.Option(
        "--session",
        min=1,
        help="Record it in this session (by number) instead of the open one.",
        show_default=False,
    ),
]

session_app = typer.Typer(
    help="Start, log, end and look back on the sessions you play. The campaign is chosen with "
    "--campaign/-c (default: the only campaign under campaigns/).",
    no_args_is_help=True,
)
clue_app = typer.Typer(
    help="Record the clues the players find and the conclusions they reach.",
    no_args_is_help=True,
)
npc_app = typer.Typer(help="Record what becomes of the NPCs.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the record-of-play commands to the main `companion` app."""
    app.add_typer(session_app, name="session")
    app.add_typer(clue_app, name="clue")
    app.add_typer(npc_app, name="npc")
    app.command("give")(give_command)
    app.command("status")(status_command)
    app.command("recap")(recap_command)


# --- opening the book -----------------------------------------------------------------------


@contextmanager
def _reported() -> Iterator[None]:
    from companion.cli import _fail

    try:
        yield
    except CompanionError as error:
        _fail(error)


@contextmanager
def _book(campaign: str | None, db: Path | None) -> Iterator[SessionBook]:
    """The session book alone: logging a line need not wait for the whole campaign's checks."""
    from companion.sessions import DB_FILE, open_session_book

    with _reported():
        if db is None:
            from companion.folders import resolve_campaign_path

            db = resolve_campaign_path(campaign) / DB_FILE
        with open_session_book(db) as book:
            yield book


@contextmanager
def _campaign_and_book(
    campaign: str | None, db: Path | None
) -> Iterator[tuple[Campaign, SessionBook]]:
    """The loaded campaign, to check ids against, and its session book."""
    from companion.cli import _load
    from companion.sessions import DB_FILE, open_session_book

    with _reported():
        loaded = _load(campaign)
        with open_session_book(db or loaded.root / DB_FILE) as book:
            yield loaded, book


# --- session ... ----------------------------------------------------------------------------


@session_app.command("start")
def session_start(
    title: Annotated[str, typer.Option(help="A name for the evening.")] = "",
    date: Annotated[
        str | None,
        typer.Option(help="Date of play, e.g. 2024-10-14. Default: today.", show_default=False),
    ] = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Open a new session: log lines, handouts and clues go into it until `session end`."""
    with _book(campaign, db) as book:
        started = book.start_session(title, date)
    typer.echo(f"{started.heading()} started.")


@session_app.command("log")
def session_log(
    text: Annotated[str, typer.Argument(help="What happened, in a sentence or two.")],
    gm: Annotated[
        bool, typer.Option("--gm", help="For the GM only: never shown in the recap.")
    ] = False,
    session: SessionOption = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Write a line in the log of the open session."""
    with _book(campaign, db) as book:
        line = book.log(text, gm, session)
    typer.echo(f"Logged in session {line.session}{' (GM only)' if line.gm else ''}.")


@session_app.command("end")
def session_end(campaign: CampaignOption = None, db: DbOption = None) -> None:
    """Close the open session."""
    with _book(campaign, db) as book:
        ended = book.end_session()
    typer.echo(f"{ended.heading()} ended.")


@session_app.command("list")
def session_list(campaign: CampaignOption = None, db: DbOption = None) -> None:
    """List the sessions played so far."""
    with _book(campaign, db) as book:
        sessions = book.sessions()
    if not sessions:
        typer.echo("No sessions yet. Start one with `companion session start`.")
    for session in sessions:
        state = "" if session.ended else "  (open)"
        typer.echo(f"{session.number:>4}  {session.date}  {session.title or '-'}{state}")


@session_app.command("show")
def session_show(
    number: Annotated[
        int | None,
        typer.Argument(help="Session number. Default: the open one, or else the latest."),
    ] = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Show everything recorded in one session, GM lines included."""
    with _book(campaign, db) as book:
        detail = book.session_detail(number)
    typer.echo("\n".join(_detail_lines(detail)))


def _detail_lines(detail: SessionDetail) -> list[str]:
    state = "" if detail.session.ended else ", still open"
    lines = [f"{detail.session.heading()}{state}"]
    sections = {
        "Log": [f"{'[GM] ' if line.gm else ''}{line.text}" for line in detail.log],
        "Handouts given": [f"{given.handout} to {given.player}" for given in detail.given],
        "Clues found": [c.clue + (f" (by {c.by})" if c.by else "") for c in detail.clues],
        "Conclusions reached": [reached.conclusion for reached in detail.reached],
        "NPC status": [
            f"{'[GM] ' if c.gm else ''}{c.npc}: {c.status}" + (f" ({c.note})" if c.note else "")
            for c in detail.npc_changes
        ],
    }
    for title, items in sections.items():
        if items:
            lines += ["", f"{title}:", *(f"  {item}" for item in items)]
    if detail.is_empty():
        lines += ["", "Nothing recorded yet."]
    return lines


@session_app.command("export")
def session_export(
    format: Annotated[str, typer.Option("--format", help="yaml or md.")] = "yaml",
    out: Annotated[
        Path | None,
        typer.Option(help="Write to this file instead of the screen.", show_default=False),
    ] = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Write out the whole record (GM lines included) as YAML or Markdown, e.g. to keep in git."""
    from companion.output import write_atomic
    from companion.sessions import EXPORT_FORMATS

    if format not in EXPORT_FORMATS:
        raise typer.BadParameter(f"choose {' or '.join(EXPORT_FORMATS)}", param_hint="--format")
    with _book(campaign, db) as book:
        text = book.export(format)
    if out is None:
        typer.echo(text, nl=False)
        return
    write_atomic(out, text.encode())
    typer.echo(f"wrote {out}")


# --- give, clue, npc ------------------------------------------------------------------------


def give_command(
    handout: Annotated[str, typer.Argument(help="Handout id.")],
    to: Annotated[
        list[str],
        typer.Option("--to", help="Player id, or `all` for every player (repeat for more)."),
    ],
    session: SessionOption = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Record that players received a handout, in the open session (or --session N)."""
    from companion.sessions import record_give

    with _campaign_and_book(campaign, db) as (loaded, book):
        result = record_give(loaded, book, handout, to, session)
    if result.given_to:
        players = ", ".join(result.given_to)
        typer.echo(f"Gave `{handout}` to {players} in session {result.session}.")
    for held in result.already_held:
        typer.echo(f"{held.player} already holds `{handout}` (given in session {held.session}).")


@clue_app.command("found")
def clue_found(
    clue: Annotated[str, typer.Argument(help="Clue id from clues.yaml.")],
    by: Annotated[
        str | None, typer.Option("--by", help="Id of the player who found it.", show_default=False)
    ] = None,
    session: SessionOption = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Record that the players found a clue."""
    from companion.sessions import record_clue_found

    with _campaign_and_book(campaign, db) as (loaded, book):
        found = record_clue_found(loaded, book, clue, by, session)
    by_whom = f" by {found.by}" if found.by else ""
    typer.echo(f"Clue `{found.clue}` found{by_whom} in session {found.session}.")


@clue_app.command("reached")
def clue_reached(
    conclusion: Annotated[str, typer.Argument(help="Conclusion id from clues.yaml.")],
    session: SessionOption = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Record that the players worked out a conclusion (it then needs no more clues)."""
    from companion.sessions import record_conclusion_reached

    with _campaign_and_book(campaign, db) as (loaded, book):
        reached = record_conclusion_reached(loaded, book, conclusion, session)
    typer.echo(f"Conclusion `{reached.conclusion}` reached in session {reached.session}.")


@npc_app.command("status")
def npc_status(
    npc: Annotated[str, typer.Argument(help="NPC id.")],
    status: Annotated[
        str,
        typer.Argument(help="One of: active, missing, burned, turned, defected, dead."),
    ],
    note: Annotated[
        str | None, typer.Option(help="Why or how, for the GM's record.", show_default=False)
    ] = None,
    gm: Annotated[
        bool, typer.Option("--gm", help="The players do not know: keep it out of the recap.")
    ] = False,
    session: SessionOption = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Record an NPC's new status, in the open session or else after the latest one."""
    from companion.sessions import record_npc_status

    with _campaign_and_book(campaign, db) as (loaded, book):
        change = record_npc_status(loaded, book, npc, status, note, gm, session)
    when = f"session {change.session}" if change.session else "before the first session"
    typer.echo(f"`{change.npc}` is now {change.status} ({when}).")


# --- status, recap --------------------------------------------------------------------------


def status_command(campaign: CampaignOption = None, db: DbOption = None) -> None:
    """One screen: sessions played, handouts per player, clues per conclusion, NPC statuses."""
    from companion.sessions import overview

    with _campaign_and_book(campaign, db) as (loaded, book):
        seen = overview(loaded, book)
    typer.echo("\n".join(_overview_lines(seen)))
    for warning in seen.warnings():
        typer.echo(f"warning: {warning}", err=True)


def _overview_lines(seen: Overview) -> list[str]:
    ended = sum(1 for session in seen.sessions if session.ended)
    played = f"{ended} session{'s' if ended != 1 else ''} played"
    open_now = [s for s in seen.sessions if not s.ended]
    if open_now:
        played += f"; {open_now[0].heading()} is open"
    ids = [*seen.held, *(c.conclusion for c in seen.conclusions), *seen.npc_statuses]
    width = max(map(len, ids), default=0) + 2  # one column for every id, however long
    lines = [f"{seen.title}: {played}.", "", "Handouts given:"]
    for player, handouts in seen.held.items():
        lines.append(f"  {player:<{width}}{', '.join(handouts) or '(none yet)'}")
    if seen.conclusions:
        lines += ["", "Clues found, per conclusion:"]
    for progress in seen.conclusions:
        total = len(progress.found) + len(progress.unfound)
        text = f"{len(progress.found)} of {total} found"
        text += ", reached" if progress.reached else ""
        text += f"; still open: {', '.join(progress.unfound)}" if progress.unfound else ""
        lines.append(f"  {progress.conclusion:<{width}}{text}")
    lines += ["", "NPCs:"]
    lines += [f"  {npc:<{width}}{current}" for npc, current in seen.npc_statuses.items()]
    return lines


def recap_command(
    session: Annotated[
        int | None,
        typer.Option("--session", min=1, help="Session number. Default: the latest ended session."),
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also write a printable telegram under OUT.")
    ] = False,
    out: Annotated[Path, typer.Option(help="Folder for --pdf.")] = Path("output"),
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Print a player-safe "Previously on..." as Markdown (GM-only lines are never in it);
    with --pdf, also write it as a printable telegram for the table."""
    from companion.sessions import recap_markdown, recap_names

    with _campaign_and_book(campaign, db) as (loaded, book):
        recap = book.player_recap(session, recap_names(loaded))
        if pdf:
            from companion.packets import build_recap

            report = build_recap(loaded, recap, out)
    typer.echo(recap_markdown(recap), nl=False)
    if pdf:
        from companion.cli import _shown

        for built in report.files:
            typer.echo(f"wrote {_shown(built.path)}", err=True)
