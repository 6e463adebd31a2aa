"""Commands on the campaign's files: `new`, `validate`, `list`, `schema`, `build`, `book`.

Annotations here are not postponed (no `from __future__ import annotations`): Typer reads
every command's signature at each start, and evaluating postponed ones costs a command-line
start 25 ms. Types known to the type checker only are written in quotes.
"""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from companion.cli.common import (
    AsOfSessionOption,
    BleedOption,
    CampaignArgument,
    CampaignOption,
    CommandPath,
    DbOption,
    DpiOption,
    ForceOption,
    FormatOption,
    JobsOption,
    MapScaleOption,
    OnlyOption,
    OutOption,
    PaperOption,
    ProfileOption,
    add_commands,
    campaign_path,
    complete_player,
    count,
    echo,
    load,
    print_files,
    print_report,
    refuse,
    reported,
    shown,
)

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress

    from companion.build.report import BuildReport
    from companion.build.request import BuildOptions, BuildPlan, BuildRequest
    from companion.build.workers import Workers
    from companion.campaign.models import Campaign, Clue, HandoutBase
    from companion.errors import Problem

FileKind = Literal["campaign", "npc", "location", "handout", "clues"]
AudienceChoice = Literal["gm", "player", "all"]
ReportFormat = Literal["text", "json"]


def register(app: typer.Typer, only: CommandPath | None = None) -> None:
    """Add the commands on the campaign's files (or only the one named) to the app."""
    add_commands(app, COMMANDS, only)


def new(
    name: Annotated[
        str,
        typer.Argument(help="Name of the new campaign (under campaigns/), or a folder path."),
    ],
) -> None:
    """Start a new campaign from a small example that already validates."""
    from companion.campaign.scaffold import new_campaign

    with reported():
        root = new_campaign(Path(name))
    echo(
        f"created {shown(root)}: edit its YAML files, then run "
        f"`companion build -c {shown(root)}` (or `companion build` inside the folder)"
    )


def validate(
    campaign_argument: CampaignArgument = None,
    campaign: CampaignOption = None,
    report_format: Annotated[
        ReportFormat,
        typer.Option("--format", help="text for people; json for editors and CI."),
    ] = "text",
) -> None:
    """Check a campaign folder and list every problem with its file, line and column."""
    if report_format == "json":
        _validate_as_json(campaign_argument, campaign)
        return
    loaded = load(campaign_argument, campaign)
    with reported():
        warnings = _warnings(loaded)
    for warning in warnings:
        echo("warning: " + warning.render(relative_to=Path.cwd()), err=True)
    counts = ", ".join(
        count(len(items), noun)
        for items, noun in (
            (loaded.info.players, "player"),
            (loaded.npcs, "NPC"),
            (loaded.locations, "location"),
            (loaded.handouts, "handout"),
        )
    )
    echo(f"{loaded.name}: no problems found ({counts}).")


def _warnings(campaign: "Campaign") -> "list[Problem]":
    """What `validate` advises: the story's checks, fonts, skipped files, crowded map labels,
    labels a prop prints in a language with no word for them."""
    from companion.kinds.map import map_label_warnings
    from companion.render.labels import label_warnings
    from companion.story.advice import advice

    return advice(campaign) + map_label_warnings(campaign) + label_warnings(campaign)


def _validate_as_json(argument: str | None, option: str | None) -> None:
    """Every problem and warning as one JSON list on stdout; exit 1 if there is an error."""
    import json

    from companion.campaign.loading import load_campaign
    from companion.errors import CompanionError, Problem

    path = campaign_path(argument, option)
    found: list[tuple[str, Problem]] = []
    try:
        found += [("warning", p) for p in _warnings(load_campaign(path))]
    except CompanionError as error:
        found += [("error", p) for p in error.problems]
    rows = [
        {
            "file": shown(problem.file) if problem.file else None,
            "line": problem.line,
            "column": problem.column,
            "severity": severity,
            "code": problem.code,
            "message": problem.message,
            "hint": problem.hint,
        }
        for severity, problem in found
    ]
    echo(json.dumps(rows, indent=2))
    if any(severity == "error" for severity, _ in found):
        raise typer.Exit(code=1)


def list_entities(
    campaign_argument: CampaignArgument = None, campaign: CampaignOption = None
) -> None:
    """Show the campaign's ids: players, NPCs, locations, handouts, conclusions and clues."""
    loaded = load(campaign_argument, campaign)
    book = loaded.clue_book
    sections: list[tuple[str, list[tuple[str, str]]]] = [
        (
            "Players",
            [(p.id, f"{p.name} as {p.character.name}") for p in loaded.info.players],
        ),
        (
            "NPCs",
            [(n.id, n.name + (f", {n.role}" if n.role else "")) for n in loaded.npcs.values()],
        ),
        ("Locations", [(loc.id, loc.name) for loc in loaded.locations.values()]),
        ("Handouts", [(h.id, _handout_line(h)) for h in loaded.handouts.values()]),
        ("Conclusions", [(c.id, c.title) for c in book.conclusions]),
        ("Clues", [(c.id, _clue_line(c)) for c in book.clues]),
    ]
    # One column for every id, as wide as the longest: ids are what you type.
    width = max([16] + [len(i) for _, rows in sections for i, _ in rows])
    echo(f"{loaded.info.title} ({loaded.name})")
    for heading, rows in sections:
        if rows or heading in ("Players", "NPCs", "Locations", "Handouts"):
            echo(f"\n{heading}:")
            for entity_id, text in rows:
                echo(f"  {entity_id:<{width}} {text}")


def _clue_line(clue: "Clue") -> str:
    aims = [f"points to {', '.join(clue.points_to)}"] if clue.points_to else []
    aims += [f"leads to {', '.join(clue.leads_to)}"] if clue.leads_to else []
    return "; ".join(aims)


def _handout_line(handout: "HandoutBase") -> str:
    to = "all players" if handout.to == "all" else ", ".join(handout.to)
    kind = getattr(handout, "kind", "")
    return f"{kind:<8} {handout.title} (to {to})"


def schema(
    kind: Annotated[FileKind, typer.Argument(help="Which kind of campaign file.")] = "handout",
) -> None:
    """Print the JSON Schema of one kind of campaign file, for completion in your editor."""
    import json

    from companion.campaign.schema import file_schema

    echo(json.dumps(file_schema(kind), indent=2, ensure_ascii=False))


def build(
    campaign_argument: CampaignArgument = None,
    campaign: CampaignOption = None,
    only: OnlyOption = None,
    audience: Annotated[
        AudienceChoice | None,
        typer.Option(help="Whose copies to build (default: all).", show_default=False),
    ] = None,
    paper: PaperOption = None,
    output_format: FormatOption = "pdf",
    dpi: DpiOption = 150,
    bleed: BleedOption = 0,
    jobs: JobsOption = 1,
    profile: ProfileOption = "home",
    out: OutOption = Path("output"),
    map_scale: MapScaleOption = None,
    player: Annotated[
        list[str] | None,
        typer.Option(
            "--player",
            help="Build this player's packet: what they hold in the record of play "
            "(repeat, or `all`).",
            autocompletion=complete_player,
            show_default=False,
        ),
    ] = None,
    as_of_session: AsOfSessionOption = None,
    db: DbOption = None,
    force: ForceOption = False,
    with_book: Annotated[
        bool,
        typer.Option(
            "--book",
            "--binder",  # its name before the binder grew into the book
            help="Also write gm/book, the GM's book (see `companion book`).",
            metavar="",
        ),
    ] = False,
) -> None:
    """Render the handouts: a GM copy and a player copy of each, or players' packets."""
    from companion.build.request import Audience, BuildOptions, BuildPlan, BuildRequest
    from companion.build.request import OutputFormat as Format

    if player and audience is not None:
        refuse("packets are player copies; leave out --audience with --player", "--audience")
    options = BuildOptions(
        only=tuple(only or ()),
        audience=Audience(audience or "all"),
        out_dir=out,
        map_scale=map_scale,
        paper=paper,
        format=Format(output_format),
        dpi=dpi,
        jobs=jobs,
        bleed_mm=bleed,
        profile=profile,
        force=force,
    )
    plan = BuildPlan(tuple(player or ()), with_book, as_of_session, db)
    _build(campaign_argument, campaign, BuildRequest(options, plan))


def book(
    campaign_argument: CampaignArgument = None,
    campaign: CampaignOption = None,
    as_of_session: AsOfSessionOption = None,
    only: OnlyOption = None,
    paper: PaperOption = None,
    output_format: FormatOption = "pdf",
    dpi: DpiOption = 150,
    bleed: BleedOption = 0,
    profile: ProfileOption = "home",
    out: OutOption = Path("output"),
    db: DbOption = None,
    force: ForceOption = False,
    jobs: JobsOption = 1,
) -> None:
    """Write gm/book.pdf, the GM's book: the campaign and its secret, every NPC and location,
    the clue graph, the checks, the state of play, and the GM copies of the handouts."""
    from companion.build.request import Audience, BuildOptions, BuildPlan, BuildRequest
    from companion.build.request import OutputFormat as Format

    options = BuildOptions(
        only=tuple(only or ()),
        audience=Audience.GM,
        out_dir=out,
        paper=paper,
        format=Format(output_format),
        dpi=dpi,
        bleed_mm=bleed,
        profile=profile,
        force=force,
        jobs=jobs,
    )
    plan = BuildPlan(book=True, as_of_session=as_of_session, db_path=db, copies=False)
    _build(campaign_argument, campaign, BuildRequest(options, plan))


def _build(argument: str | None, option: str | None, request: "BuildRequest") -> None:
    """Nothing to do when no file the build reads has changed since the same build last ran
    (checked without loading the campaign); otherwise load, build what changed, report."""
    from companion.build.cache import BuildCache, WholeBuild

    root = campaign_path(argument, option)
    options, plan = request.options, request.plan
    cache = BuildCache.for_build(options.out_dir / root.name, options)
    also_read = [plan.db_path] if plan.db_path else []
    whole = WholeBuild.of(cache, request.whole_key(), root, also_read)
    fresh = whole.fresh_outputs()
    if fresh is not None:
        echo(f"0 files written, {count(fresh, 'output')} up to date.")
        return
    from companion.build.workers import workers_for

    # Workers get ready while the campaign loads; each file's checked result is kept.
    with workers_for(options, plan) as workers, cache.checked_files() as kept:
        loaded = load(argument, option, kept)
        with reported():
            report = _build_with_progress(loaded, options, plan, workers)
    if not report.failures:
        whole.record(report.outputs)
    print_report(report)


def _build_with_progress(
    loaded: "Campaign", options: "BuildOptions", plan: "BuildPlan", workers: "Workers | None"
) -> "BuildReport":
    """A progress bar on a terminal; plain lines, as each task is done, anywhere else."""
    import sys

    from companion.build.targets import build_plan

    if not sys.stdout.isatty():
        return build_plan(loaded, options, plan, _PlainProgress(), workers)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        return build_plan(loaded, options, plan, _BarProgress(bar), workers)


class _PlainProgress:
    def started(self, tasks: int) -> None:
        pass

    def finished(self, task: str, report: "BuildReport") -> None:
        print_files(report)


class _BarProgress:
    def __init__(self, bar: "RichProgress") -> None:
        self.bar = bar
        self.task = bar.add_task("Building", total=None)

    def started(self, tasks: int) -> None:
        self.bar.update(self.task, total=tasks)

    def finished(self, task: str, report: "BuildReport") -> None:
        print_files(
            report, lambda line: self.bar.console.print(line, markup=False, highlight=False)
        )
        self.bar.advance(self.task)


COMMANDS: dict[str, Callable[..., None] | typer.Typer] = {
    "new": new,
    "validate": validate,
    "list": list_entities,
    "schema": schema,
    "build": build,
    "book": book,
}
