"""The `companion` command line: parse, call one library function, print. No logic here.

Heavy libraries (WeasyPrint, pydantic) are imported inside the commands that need them, so
`--help` and shell completion stay instant.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from companion.errors import CompanionError

if TYPE_CHECKING:
    from collections.abc import Callable

    from companion.build import BuildOptions, BuildReport
    from companion.models import Campaign

app = typer.Typer(
    name="companion",
    help="Turn a YAML campaign into printable handouts, and keep track of play between games.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)

CampaignArg = Annotated[
    str | None,
    typer.Argument(
        help="Campaign folder, or a name under campaigns/. Optional when there is only one.",
        show_default=False,
    ),
]


_debug = False


@app.callback()
def _global_options(
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="On errors, also show the Python traceback (for bug reports)."
        ),
    ] = False,
) -> None:
    global _debug
    _debug = debug


def _fail(error: CompanionError) -> NoReturn:
    if _debug:
        traceback.print_exception(error, file=sys.stderr)
    cwd = Path.cwd()
    for problem in error.problems:
        typer.echo(problem.render(relative_to=cwd), err=True)
    if len(error.problems) > 1:
        typer.echo(f"{len(error.problems)} problems found.", err=True)
    raise typer.Exit(code=1)


def _load(campaign: str | None) -> Campaign:
    from companion.campaign import load_campaign
    from companion.folders import resolve_campaign_path

    return load_campaign(resolve_campaign_path(campaign))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _shown(path: Path) -> str:
    cwd = Path.cwd()
    return str(path.relative_to(cwd)) if path.is_relative_to(cwd) else str(path)


@app.command()
def validate(campaign: CampaignArg = None) -> None:
    """Check a campaign folder and list every problem with its file, line and column."""
    from companion.campaign import clue_warnings

    try:
        loaded = _load(campaign)
        warnings = clue_warnings(loaded)
    except CompanionError as error:
        _fail(error)
    for warning in warnings:
        typer.echo("warning: " + warning.render(relative_to=Path.cwd()), err=True)
    counts = ", ".join(
        _count(len(items), noun)
        for items, noun in (
            (loaded.info.players, "player"),
            (loaded.npcs, "NPC"),
            (loaded.locations, "location"),
            (loaded.handouts, "handout"),
        )
    )
    typer.echo(f"{loaded.name}: no problems found ({counts}).")


@app.command()
def build(
    campaign: CampaignArg = None,
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Build only this handout id (repeat for more)."),
    ] = None,
    audience: Annotated[
        str, typer.Option(help="Whose copies to build: gm, player or all.")
    ] = "all",
    paper: Annotated[
        str | None, typer.Option(help="Paper size: a4 or letter (default: the campaign's).")
    ] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format", help="pdf, png (one picture per page) or html (for template work)."
        ),
    ] = "pdf",
    dpi: Annotated[int, typer.Option(min=36, max=600, help="Resolution for --format png.")] = 150,
    bleed: Annotated[
        float,
        typer.Option(min=0, max=10, help="Bleed in mm around each page, with crop marks."),
    ] = 0,
    jobs: Annotated[
        int, typer.Option(min=1, max=32, help="Render in this many processes at once.")
    ] = 1,
    out: Annotated[Path, typer.Option(help="Folder to write into.")] = Path("output"),
    map_scale: Annotated[
        str | None,
        typer.Option(help="Print every map at this scale, e.g. 1:25 (large plans are tiled)."),
    ] = None,
    player: Annotated[
        list[str] | None,
        typer.Option(
            "--player",
            help="Build this player's packet: what they hold in the record of play "
            "(repeat, or `all`).",
        ),
    ] = None,
    as_of_session: Annotated[
        int | None,
        typer.Option(min=1, help="With --player: the packet as it stood after this session."),
    ] = None,
    db: Annotated[
        Path | None, typer.Option(help="Record of play (default: CAMPAIGN/companion.db).")
    ] = None,
    binder: Annotated[
        bool,
        typer.Option(
            "--binder", help="Also write gm/binder.pdf: contents, GM copies, NPC index, clues."
        ),
    ] = False,
) -> None:
    """Render the handouts: a GM copy and a player copy of each, or players' packets."""
    _choice(audience, ("gm", "player", "all"), "--audience")
    _choice(output_format, ("pdf", "png", "html"), "--format")
    if paper is not None:
        _choice(paper, ("a4", "letter"), "--paper")
    try:
        loaded = _load(campaign)
        if player:
            from companion.packets import build_packets
            from companion.sessions import DB_FILE

            db_path = db or loaded.root / DB_FILE
            report = build_packets(loaded, db_path, player, as_of_session, out)
            _print_files(report)
        else:
            from companion.build import BuildOptions

            options = BuildOptions(
                only=tuple(only or ()),
                audience=audience,  # type: ignore[arg-type]
                out_dir=out,
                map_scale=map_scale,
                paper=paper,  # type: ignore[arg-type]
                format=output_format,  # type: ignore[arg-type]
                dpi=dpi,
                jobs=jobs,
                bleed_mm=bleed,
            )
            report = _build_with_progress(loaded, options)
            if binder:
                from companion.build import build_binder

                binder_report = build_binder(loaded, options)
                _print_files(binder_report)
                report.add(binder_report)
    except CompanionError as error:
        _fail(error)
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"{len(report.files)} files written.")
    if report.failures:
        for failure in report.failures:
            if _debug:
                typer.echo(failure.traceback, err=True)
            typer.echo(f"{failure.handout_id} failed:", err=True)
            for problem in failure.problems:
                typer.echo("  " + problem.render(relative_to=Path.cwd()), err=True)
        raise typer.Exit(code=1)


def _choice(value: str, choices: tuple[str, ...], option: str) -> None:
    if value not in choices:
        raise typer.BadParameter(f"choose {', '.join(choices)}", param_hint=option)


def _print_files(report: BuildReport, echo: Callable[[str], object] = typer.echo) -> None:
    for built in report.files:
        echo(f"wrote {_shown(built.path)} ({built.size_bytes / 1024:.0f} KB)")


def _build_with_progress(loaded: Campaign, options: BuildOptions) -> BuildReport:
    """A progress bar on a terminal; plain lines, as each handout is done, anywhere else."""
    import sys

    from companion.build import build as build_campaign

    if not sys.stdout.isatty():
        return build_campaign(loaded, options, lambda _, report: _print_files(report))
    from rich.progress import Progress

    count = len(options.only) or len(loaded.handouts)
    with Progress(transient=True) as progress:
        task = progress.add_task("Building handouts", total=count)

        def done(_: str, report: BuildReport) -> None:
            _print_files(report, progress.console.print)
            progress.advance(task)

        return build_campaign(loaded, options, done)


@app.command()
def new(
    name: Annotated[str, typer.Argument(help="Folder name of the new campaign, e.g. night-train.")],
) -> None:
    """Start a new campaign under campaigns/ from a small example that already validates."""
    from companion.scaffold import new_campaign

    try:
        root = new_campaign(name)
    except CompanionError as error:
        _fail(error)
    typer.echo(f"created {_shown(root)}: edit its YAML files, then run `companion build {name}`")


@app.command()
def schema(
    kind: Annotated[
        str, typer.Argument(help="campaign, npc, location, handout or clues.")
    ] = "handout",
) -> None:
    """Print the JSON Schema of one kind of campaign file, for completion in your editor."""
    import json

    from companion.schema import FILE_KINDS, file_schema

    if kind not in FILE_KINDS:
        raise typer.BadParameter(f"choose {', '.join(FILE_KINDS)}", param_hint="KIND")
    typer.echo(json.dumps(file_schema(kind), indent=2, ensure_ascii=False))


@app.command("list")
def list_entities(campaign: CampaignArg = None) -> None:
    """Show the campaign's players, NPCs, locations and handouts with their ids."""
    try:
        loaded = _load(campaign)
    except CompanionError as error:
        _fail(error)
    typer.echo(f"{loaded.info.title} ({loaded.name})")
    typer.echo("\nPlayers:")
    for player in loaded.info.players:
        typer.echo(f"  {player.id:<16} {player.name} as {player.character.name}")
    typer.echo("\nNPCs:")
    for npc in loaded.npcs.values():
        typer.echo(f"  {npc.id:<16} {npc.name}" + (f", {npc.role}" if npc.role else ""))
    typer.echo("\nLocations:")
    for location in loaded.locations.values():
        typer.echo(f"  {location.id:<16} {location.name}")
    typer.echo("\nHandouts:")
    for handout in loaded.handouts.values():
        to = "all players" if handout.to == "all" else ", ".join(handout.to)
        typer.echo(f"  {handout.id:<16} {handout.kind:<8} {handout.title} (to {to})")


from companion.cli_sessions import register as _register_session_commands  # noqa: E402

_register_session_commands(app)


def main() -> None:
    try:
        app()
    except Exception as error:  # the last line of defence: even a bug must read as one
        if _debug:
            raise
        typer.echo(f"internal error: {type(error).__name__}: {error}", err=True)
        typer.echo(
            "    hint: this is a bug in companion; run again with --debug and report it", err=True
        )
        sys.exit(1)
