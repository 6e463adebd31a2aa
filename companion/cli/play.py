"""Commands for the record of play: `session`, `give`, `clue`, `npc`, `status`, `recap`."""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal

import typer

from companion.cli.common import (
    BleedOption,
    CampaignArgument,
    CampaignOption,
    CommandPath,
    DbOption,
    DpiOption,
    FormatOption,
    OutOption,
    PaperOption,
    add_commands,
    campaign_and_record,
    campaign_path,
    complete_clue,
    complete_conclusion,
    complete_handout,
    complete_npc,
    complete_player,
    complete_status,
    count,
    echo,
    index_and_record,
    opened_record,
    print_files,
    print_report,
    reported,
)

# companion.record and companion.campaign.loading are imported inside the commands: `--help`
# and shell completion must not pay for pydantic or SQLite.
ExportFormat = Literal["json", "md"]
RecapStyle = Literal["telegram", "newspaper"]

SessionOption = Annotated[
    int | None,
    typer.Option(
        "--session",
        min=1,
        help="Record it in this session (by number) instead of the open one.",
        show_default=False,
    ),
]
GmFlag = Annotated[
    bool,
    typer.Option("--gm", help="For the GM only: never shown in the recap.", metavar=""),
]

session_app = typer.Typer(
    help="Start, log, end and look back on the sessions you play.", no_args_is_help=True
)
clue_app = typer.Typer(
    help="Record the clues the players find and the conclusions they reach.",
    no_args_is_help=True,
)
npc_app = typer.Typer(help="Record what becomes of the NPCs.", no_args_is_help=True)


def register(app: typer.Typer, only: CommandPath | None = None) -> None:
    """Add the record-of-play commands (or only the one named) to the main `companion` app."""
    add_commands(app, COMMANDS, only)


# --- session ... --------------------------------------------------------------------------


@session_app.command("start")
def session_start(
    campaign_argument: CampaignArgument = None,
    title: Annotated[str, typer.Option(help="A name for the evening.")] = "",
    date: Annotated[
        str | None,
        typer.Option(help="Date of play, e.g. 2024-10-14. Default: today.", show_default=False),
    ] = None,
    story_date: Annotated[
        str | None,
        typer.Option(
            help='When it happens in the story, e.g. "1988-10-14, 20:00". Default: as the '
            "last session.",
            show_default=False,
        ),
    ] = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Open a new session: log lines, handouts and clues go into it until `session end`."""
    from companion.render.typography import ended

    with opened_record(db, campaign_argument, campaign, missing="create") as book:
        started = book.start_session(title, date, story_date)
    story = f"; in the story: {started.story_date}" if started.story_date else ""
    echo(ended(f"{started.heading()} started{story}"))


@session_app.command("init")
def session_init(
    campaign_argument: CampaignArgument = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Create an empty record of play (`session start` also does), e.g. to record NPC fates
    before the first session."""
    with opened_record(db, campaign_argument, campaign, missing="create") as book:
        state = book.state()
    what = "ready" if not state.sessions and not state.entries else "already there"
    echo(f"The record of play is {what}: {book.path}")


@session_app.command("log")
def session_log(
    text: Annotated[str, typer.Argument(help="What happened, in a sentence or two.")],
    gm: GmFlag = False,
    session: SessionOption = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Write a line in the log of the open session."""
    with opened_record(db, None, campaign) as book:
        line = book.log(text, gm, session)
    echo(f"Logged as #{line.number} in session {line.session}{' (GM only)' if line.gm else ''}.")


@session_app.command("end")
def session_end(
    campaign_argument: CampaignArgument = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Close the open session."""
    with opened_record(db, campaign_argument, campaign) as book:
        ended = book.end_session()
    echo(f"{ended.heading()} ended.")


@session_app.command("list")
def session_list(
    campaign_argument: CampaignArgument = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """List the sessions played so far."""
    with opened_record(db, campaign_argument, campaign, missing="empty") as book:
        sessions = book.sessions()
    if not sessions:
        echo("No sessions yet. Start one with `companion session start`.")
    for session in sessions:
        state = "" if session.ended else "  (open)"
        echo(f"{session.number:>4}  {session.date}  {session.title or '-'}{state}")


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
    from companion.record.text import session_lines

    with opened_record(db, None, campaign, missing="empty") as book:
        detail = book.session_detail(number)
    echo("\n".join(session_lines(detail)))


@session_app.command("export")
def session_export(
    campaign_argument: CampaignArgument = None,
    export_format: Annotated[
        ExportFormat, typer.Option("--format", help="JSON (to keep, or import) or Markdown (md).")
    ] = "json",
    everything: Annotated[
        bool,
        typer.Option("--all", help="Struck entries and deleted sessions too.", metavar=""),
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(help="Write to this file instead of the screen.", show_default=False),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace --out even if it is not an export.", metavar=""),
    ] = False,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Write out the whole record (GM lines included) as JSON or Markdown, e.g. to keep in git."""
    from companion.record.text import record_markdown
    from companion.record.transfer import export_json, write_export

    with opened_record(db, campaign_argument, campaign, missing="empty") as book:
        record = book.everything(include_struck=everything)
        record_path = book.path
    text = export_json(record) if export_format == "json" else record_markdown(record)
    if out is None:
        echo(text, nl=False)
        return
    with reported():
        write_export(out, text, record_path, force)
    echo(f"wrote {out}")


@session_app.command("import")
def session_import(
    file: Annotated[Path, typer.Argument(help="A file written by `session export`.")],
    merge: Annotated[
        bool,
        typer.Option(
            "--merge", help="Add to a record that is not empty (nothing is doubled).", metavar=""
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Accept handouts given outside their `to:` list.", metavar=""),
    ] = False,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Read an export back into a new or empty record (or, with --merge, into this one);
    what it records is checked against the campaign, as `give` and the others check."""
    from companion.campaign.index import campaign_index
    from companion.record.store import DB_FILE
    from companion.record.transfer import import_file

    root = campaign_path(None, campaign)
    with reported():
        index = campaign_index(root)
        sessions, entries = import_file(db or root / DB_FILE, file, index, merge, force)
    added = f"{count(sessions, 'session')} and {count(entries, 'entry', 'entries')}"
    echo(f"Imported {added}.")


@session_app.command("delete")
def session_delete(
    number: Annotated[int, typer.Argument(help="The session's number.", min=1)],
    yes: Annotated[
        bool, typer.Option("--yes", help="Do not ask for confirmation.", metavar="")
    ] = False,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Delete a session started by mistake (its entries are struck, not erased)."""
    with opened_record(db, None, campaign) as book:
        detail = book.session_detail(number)
        standing = detail.live()
        if standing and not yes:
            typer.confirm(
                f"{detail.session.heading()} holds {count(len(standing), 'entry', 'entries')}; "
                "delete it and strike them?",
                abort=True,
            )
        session, struck = book.delete_session(number)
    struck_text = f"; {count(struck, 'entry', 'entries')} struck" if struck else ""
    echo(f"{session.heading()} deleted{struck_text}.")


# --- give, clue, npc ----------------------------------------------------------------------


def give(
    handout: Annotated[str, typer.Argument(help="Handout id.", autocompletion=complete_handout)],
    to: Annotated[
        list[str],
        typer.Option(
            "--to",
            help="Player id, or `all` for every player (repeat for more).",
            autocompletion=complete_player,
        ),
    ],
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Give it to a player its `to:` list does not name.", metavar=""
        ),
    ] = False,
    session: SessionOption = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Record that players received a handout, in the open session (or --session N)."""
    from companion.record.recording import record_give

    with index_and_record(db, campaign) as (index, book):
        result = record_give(index, book, handout, to, session, force)
    for entry in result.given:
        players = ", ".join(entry.players)
        echo(f"Gave `{handout}` to {players} in session {result.session} (#{entry.number}).")
    for held in result.already_held:
        echo(f"{held.players[0]} already holds `{handout}` (given in session {held.session}).")


@clue_app.command("found")
def clue_found(
    clue: Annotated[
        str, typer.Argument(help="Clue id from clues.yaml.", autocompletion=complete_clue)
    ],
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            help="Id of a player who found it (repeat for more).",
            show_default=False,
            autocompletion=complete_player,
        ),
    ] = None,
    session: SessionOption = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Record that the players found a clue."""
    from companion.record.recording import record_clue_found

    with index_and_record(db, campaign) as (index, book):
        found = record_clue_found(index, book, clue, by or (), session)
    entry = found.entry
    if found.already:
        echo(f"Clue `{clue}` was already found in session {entry.session} (#{entry.number}).")
        return
    by_whom = f" by {', '.join(entry.players)}" if entry.players else ""
    echo(f"Clue `{clue}` found{by_whom} in session {entry.session} (#{entry.number}).")


@clue_app.command("reached")
def clue_reached(
    conclusion: Annotated[
        str,
        typer.Argument(help="Conclusion id from clues.yaml.", autocompletion=complete_conclusion),
    ],
    session: SessionOption = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Record that the players worked out a conclusion (it then needs no more clues)."""
    from companion.record.recording import record_conclusion_reached

    with index_and_record(db, campaign) as (index, book):
        reached = record_conclusion_reached(index, book, conclusion, session)
    entry = reached.entry
    was = "was already reached" if reached.already else "reached"
    echo(f"Conclusion `{conclusion}` {was} in session {entry.session} (#{entry.number}).")


@npc_app.command("status")
def npc_status(
    npc: Annotated[str, typer.Argument(help="NPC id.", autocompletion=complete_npc)],
    status: Annotated[
        str,
        typer.Argument(
            help="The NPC's new status: one of the campaign's (for spies `active`, `missing`, "
            "`burned`, `turned`, `defected`, `dead`; see `statuses:` in campaign.yaml).",
            autocompletion=complete_status,
        ),
    ],
    note: Annotated[
        str | None, typer.Option(help="Why or how, for the GM's record.", show_default=False)
    ] = None,
    gm: Annotated[
        bool,
        typer.Option("--gm", help="The players do not know: keep it out of the recap.", metavar=""),
    ] = False,
    session: SessionOption = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Record an NPC's new status, in the open session or else after the latest one."""
    from companion.record.recording import record_npc_status

    with index_and_record(db, campaign) as (index, book):
        change = record_npc_status(index, book, npc, status, note, gm, session)
    entry = change.entry
    when = f"session {entry.session}" if entry.session else "before the first session"
    if change.already and not entry.number:
        echo(f"`{npc}` is already {status}: the campaign starts them so. Nothing recorded.")
    elif change.already:
        echo(f"`{npc}` was already {status} (#{entry.number}, {when}).")
    else:
        echo(f"`{npc}` is now {status} ({when}, #{entry.number}).")


# --- status, recap ------------------------------------------------------------------------


def status(
    campaign_argument: CampaignArgument = None,
    player: Annotated[
        str | None,
        typer.Option(
            "--player",
            help="What this player holds, has found, and has still to find.",
            autocompletion=complete_player,
            show_default=False,
        ),
    ] = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """One screen: sessions played, handouts per player, clues per conclusion, NPC statuses."""
    from companion.record.standing import knowledge, overview
    from companion.record.text import knowledge_lines, overview_lines, overview_warnings

    with campaign_and_record(db, campaign_argument, campaign, missing="empty") as (loaded, book):
        if player is not None:
            echo("\n".join(knowledge_lines(knowledge(loaded, book.state(), player))))
            return
        seen = overview(loaded, book)
    echo("\n".join(overview_lines(seen)))
    for warning in overview_warnings(seen):
        echo(f"warning: {warning}", err=True)


def recap(
    campaign_argument: CampaignArgument = None,
    session: Annotated[
        int | None,
        typer.Option(
            "--session",
            "--to",
            min=1,
            help="Session number (the last one, with --from or --all). Default: the latest "
            "ended session.",
            show_default=False,
        ),
    ] = None,
    first: Annotated[
        int | None,
        typer.Option("--from", min=1, help="The story from this session on.", show_default=False),
    ] = None,
    story_so_far: Annotated[
        bool, typer.Option("--all", help="The story so far, every session.", metavar="")
    ] = False,
    pdf: Annotated[
        bool,
        typer.Option(
            "--pdf", help="Also write it to print (see --format and --as) under OUT.", metavar=""
        ),
    ] = False,
    printed_as: Annotated[
        RecapStyle,
        typer.Option("--as", help="With --pdf: a telegram, or a newspaper's column."),
    ] = "telegram",
    out: OutOption = Path("output"),
    output_format: FormatOption = "pdf",
    dpi: DpiOption = 150,
    bleed: BleedOption = 0,
    paper: PaperOption = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Print a player-safe "Previously on..." as Markdown (GM-only and struck lines are never
    in it), of one session or of the story so far; with --pdf, also write it as a printable
    telegram for the table."""
    from companion.record.standing import recap_names
    from companion.record.text import recap_markdown

    with campaign_and_record(db, campaign_argument, campaign, missing="empty") as (loaded, book):
        first = 0 if story_so_far else first
        told = book.player_recap(session, recap_names(loaded), first=first)
    echo(recap_markdown(told), nl=False)
    if not pdf:
        return
    from companion.build.request import BuildOptions, OutputFormat
    from companion.build.targets import RecapPrint, build

    options = BuildOptions(
        out_dir=out, format=OutputFormat(output_format), dpi=dpi, bleed_mm=bleed, paper=paper
    )
    with reported():
        report = build(loaded, options, target=RecapPrint(told, printed_as == "newspaper"))
    print_files(report, lambda line: echo(line, err=True))
    print_report(report, err=True)  # stdout holds the Markdown alone


def trace(
    file: Annotated[Path, typer.Argument(help="A player's PDF, or the text taken from one.")],
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Say whose copy a handout is: each player's copy carries its own small mark."""
    from companion.build.copy_marks import text_of, traced

    with reported():
        text = text_of(file)
    with campaign_and_record(db, None, campaign, missing="empty") as (loaded, book):
        state = book.state()
    last = state.last_session()
    found = traced(text, loaded.name, loaded.player_ids(), loaded.handouts, last, state.marks)
    if not found:
        echo("No copy mark of this campaign's players in it (a GM copy, or not ours).", err=True)
        raise typer.Exit(code=1)
    for copy in found:
        unkeyed = "" if copy.keyed else "; an old, unkeyed mark, which anyone could have made"
        echo(
            f"{copy.player}'s copy of `{copy.handout}`, made after session {copy.session} "
            f"(mark {copy.mark}{unkeyed})."
        )


COMMANDS: dict[str, Callable[..., None] | typer.Typer] = {
    "session": session_app,
    "clue": clue_app,
    "npc": npc_app,
    "give": give,
    "status": status,
    "recap": recap,
    "trace": trace,
}
