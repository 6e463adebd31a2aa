"""What a build makes: the targets of the pipeline (handout copies, players' packets, the GM's
book, the recap telegram), run in one process or several."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from companion.build.cache import BuildCache, digest
from companion.build.gm_copy import write_gm_copy, writes_gm_copy_pdf
from companion.build.output_folder import checked_output_folder
from companion.build.pipeline import (
    CopyOf,
    Document,
    OutputPaths,
    Pipeline,
    prepared,
)
from companion.build.report import BuildReport
from companion.build.request import PLAYER, BuildOptions, BuildPlan
from companion.build.workers import Workers, heaviest_first, run_task
from companion.campaign.index import ALL_PLAYERS
from companion.campaign.models import Campaign
from companion.errors import CompanionError
from companion.hints import check_id
from companion.kinds.base import HandoutContext, PageTemplate
from companion.kinds.registry import weight_of

if TYPE_CHECKING:
    from companion.record.facts import PlayerRecap, PlayState
    from companion.render.pdf import Rendered


class Target(Protocol):
    """One kind of output: the tasks it splits into (one per process at a time), and how
    to make each with a pipeline."""

    @property
    def revealed_through(self) -> int:
        """Player copies show what was revealed up to this session."""
        ...

    def tasks(self) -> list[str]: ...

    def weight(self, campaign: Campaign, task: str) -> int: ...

    def run(self, pipeline: Pipeline, task: str, report: BuildReport) -> None: ...

    def covers(self, paths: OutputPaths, options: BuildOptions, stem: Path) -> bool:
        """Whether an output at `stem` is one this target, as asked, makes whenever it still
        can: one it did not make this time it makes no longer, and the build removes it."""
        ...


def _everything_asked(options: BuildOptions) -> bool:
    """A build of part of the campaign (`--only`) says nothing of what the rest makes."""
    return not options.only


# --- handout copies -------------------------------------------------------------------------


@dataclass(frozen=True)
class HandoutCopies:
    """A GM copy and a player copy (as the options ask) of each chosen handout."""

    handout_ids: tuple[str, ...]
    revealed_through: int = 0

    def tasks(self) -> list[str]:
        return list(self.handout_ids)

    def weight(self, campaign: Campaign, task: str) -> int:
        return weight_of(campaign.handouts[task])

    def run(self, pipeline: Pipeline, task: str, report: BuildReport) -> None:
        for audience in pipeline.options.audiences():
            stem = pipeline.paths.copy(audience, task)
            if pipeline.copy_is_fresh(report, stem, task, audience):
                continue
            inputs = pipeline.copy_inputs(task, audience)
            if writes_gm_copy_pdf(pipeline, audience):  # also what the GM's book draws
                write_gm_copy(pipeline, report, task, inputs)
                continue
            documents = pipeline.documents(task, audience)
            key = pipeline.handout_key(task, audience)
            pipeline.write(report, stem, task, audience, documents, key=key, inputs=inputs)

    def covers(self, paths: OutputPaths, options: BuildOptions, stem: Path) -> bool:
        folders = {paths.copies_folder(audience) for audience in options.audiences()}
        return _everything_asked(options) and stem.parent in folders and stem != paths.book()


def selected_handouts(campaign: Campaign, only: Sequence[str]) -> tuple[str, ...]:
    """The handout ids to build, in a stable order; an unknown id is an error with a hint."""
    for handout_id in only:
        check_id(handout_id, campaign.handouts, "handout")
    return tuple(sorted(set(only) if only else campaign.handouts))


# --- players' packets -----------------------------------------------------------------------


@dataclass(frozen=True)
class Packet:
    """What one player holds: their copies of these handouts."""

    player: str
    handouts: tuple[str, ...]


@dataclass(frozen=True)
class Packets:
    """Each player's copies of what they hold, one file each and all together in `packet`,
    with redactions lifted up to the session the packets are made for."""

    packets: tuple[Packet, ...]
    revealed_through: int = 0
    mark_secret: str | None = None  # the record's, which keys each copy's trace mark

    def tasks(self) -> list[str]:
        return [packet.player for packet in self.packets]

    def weight(self, campaign: Campaign, task: str) -> int:
        return sum(weight_of(campaign.handouts[h]) for h in self._packet(task).handouts)

    def run(self, pipeline: Pipeline, task: str, report: BuildReport) -> None:
        packet = self._packet(task)
        if not packet.handouts:
            report.warnings.append(f"{packet.player} holds no handouts yet")
            return
        paths = pipeline.paths
        copy = CopyOf.made_for(
            pipeline.campaign, packet.player, self.revealed_through, self.mark_secret
        )
        keys = {h: pipeline.handout_key(h, PLAYER, copy) for h in packet.handouts}
        packet_key = digest(*keys.values())
        whole = paths.packet(packet.player)
        if all(
            pipeline.up_to_date(report, paths.packet_copy(packet.player, h), key)
            for h, key in keys.items()
        ) and pipeline.up_to_date(report, whole, packet_key):
            return
        documents: list[Document] = []
        pages: list[Rendered] = []
        for handout_id, key in keys.items():
            own = pipeline.documents(handout_id, PLAYER, copy)
            laid_out = [pipeline.lay_out(own)] if pipeline.lays_out else []
            path = paths.packet_copy(packet.player, handout_id)
            pipeline.write(report, path, handout_id, packet.player, own, laid_out, key=key)
            documents += [document.within(paths.player_name(handout_id)) for document in own]
            pages += laid_out
        pipeline.write(report, whole, "packet", packet.player, documents, pages, key=packet_key)

    def covers(self, paths: OutputPaths, options: BuildOptions, stem: Path) -> bool:
        folders = {paths.packet_folder(packet.player) for packet in self.packets}
        return _everything_asked(options) and stem.parent in folders

    def _packet(self, player: str) -> Packet:
        return next(packet for packet in self.packets if packet.player == player)


def packets_from_record(
    campaign: Campaign, state: PlayState, players: Sequence[str], only: Sequence[str] = ()
) -> tuple[Packet, ...]:
    """One packet per chosen player (`all` for everyone): what the record says they hold,
    in the order they received it; with `only`, just those handouts."""
    known = campaign.player_ids()
    chosen = known if ALL_PLAYERS in players else [check_id(p, known, "player") for p in players]
    wanted = set(selected_handouts(campaign, only))
    return tuple(
        Packet(player, tuple(h for h in state.held_by(player) if h in wanted))
        for player in dict.fromkeys(chosen)
    )


# --- the players' recap ---------------------------------------------------------------------


@dataclass(frozen=True)
class RecapPrint:
    """The players' "Previously on..." printed: an in-world telegram, or a newspaper's
    "previously" column."""

    recap: PlayerRecap
    newspaper: bool = False
    revealed_through: int = 0

    def tasks(self) -> list[str]:
        return [self.recap.name() + ("-newspaper" if self.newspaper else "")]

    def weight(self, campaign: Campaign, task: str) -> int:
        return 1

    def run(self, pipeline: Pipeline, task: str, report: BuildReport) -> None:
        # Imported here: a build of copies, the usual one, makes no recap.
        from companion.book.recap import (
            NEWSPAPER_PAGE,
            TELEGRAM_PAGE,
            newspaper_context,
            recap_context,
        )

        # Only player-safe text reaches the print (see companion.record.facts.player_recap).
        view = pipeline.views[PLAYER]
        page: PageTemplate
        context: HandoutContext
        if self.newspaper:
            page, context = NEWSPAPER_PAGE, newspaper_context(view, self.recap)
        else:
            page, context = TELEGRAM_PAGE, recap_context(view, self.recap)
        stem, key = pipeline.paths.recap(task), pipeline.key_of([(page, context)])
        if not pipeline.up_to_date(report, stem, key):
            documents = [Document("", pipeline.render(page, context))]
            pipeline.write(report, stem, task, PLAYER, documents, key=key)

    def covers(self, paths: OutputPaths, options: BuildOptions, stem: Path) -> bool:
        return False  # each session's recap stays, whichever is printed now


# --- running targets ------------------------------------------------------------------------

OnTaskDone = Callable[[str, BuildReport], None]


def build(
    campaign: Campaign,
    options: BuildOptions,
    on_done: OnTaskDone | None = None,
    target: Target | None = None,
    workers: Workers | None = None,
) -> BuildReport:
    """Make `target` (by default: the copies of the handouts the options choose) and write
    each file atomically. A task that fails does not stop the others: its problems are in
    `failures`. `on_done` hears about each task as it finishes (for a progress display).
    With `--jobs`, tasks go to `workers` (started early by the caller) or to new ones."""
    if target is None:
        target = HandoutCopies(selected_handouts(campaign, options.only))
    checked_output_folder(options.out_dir, campaign.root, campaign.name)
    campaign = prepared(campaign, options)
    tasks = target.tasks()
    cache = BuildCache.for_build(options.out_dir / campaign.name, options)
    kind = type(target).__name__
    if options.jobs > 1 and len(tasks) > 1:
        weight = partial(target.weight, campaign)
        order = heaviest_first(tasks, weight, cache.task_seconds(kind))
        with nullcontext(workers) if workers else Workers(options.jobs) as running:
            make_pipeline = partial(Pipeline, campaign, options, target.revealed_through)
            reports = _collected(running.run(make_pipeline, target, order), on_done)
    else:
        pipeline = Pipeline(campaign, options, target.revealed_through)
        results = ((task, run_task(pipeline, target, task)) for task in tasks)
        reports = _collected(results, on_done)
    total = BuildReport()
    for task in tasks:  # in the target's order, however the processes finished
        total.add(reports[task])
    cache.record_task_seconds(kind, total.seconds)
    if not total.failures:  # a handout that failed keeps its last good copy
        total.removed += _remove_stale(cache, campaign, options, target, total.outputs)
    return total


def _collected(
    results: Iterator[tuple[str, BuildReport]], on_done: OnTaskDone | None
) -> dict[str, BuildReport]:
    reports: dict[str, BuildReport] = {}
    for task, report in results:
        reports[task] = report
        if on_done is not None:
            on_done(task, report)
    return reports


def _remove_stale(
    cache: BuildCache,
    campaign: Campaign,
    options: BuildOptions,
    target: Target,
    made: Iterable[Path],
) -> list[Path]:
    paths = OutputPaths(options.out_dir, campaign.name)
    return cache.remove_stale(made, lambda stem: target.covers(paths, options, stem))


# --- what the command line asks for ---------------------------------------------------------


def targets_for(campaign: Campaign, options: BuildOptions, plan: BuildPlan) -> list[Target]:
    """The targets of a plan, each checked before anything is rendered."""
    if plan.as_of_session is not None and not (plan.players or plan.book):
        raise CompanionError(
            "--as-of-session needs --player or --book",
            hint="handout copies do not depend on the record of play; packets and the book do",
        )
    if not (plan.players or plan.book):  # copies never depend on the record of play
        return [HandoutCopies(selected_handouts(campaign, options.only))]
    # Imported here: the record of play (and SQLite) is no part of a build of copies.
    from companion.record.ledger import read_state
    from companion.record.store import DB_FILE

    db_path = plan.db_path or campaign.root / DB_FILE
    state = read_state(db_path, plan.as_of_session, required=bool(plan.players))
    targets: list[Target] = []
    if plan.players:
        packets = packets_from_record(campaign, state, plan.players, options.only)
        targets.append(Packets(packets, state.last_session(), state.mark_secret))
    elif plan.copies:
        targets.append(HandoutCopies(selected_handouts(campaign, options.only)))
    if plan.book:
        # Imported here: the book draws its figures with shapely and numpy, a quarter of a
        # second to import that a build of copies (most builds after an edit) never needs.
        from companion.build.book_target import book_for

        targets.append(book_for(campaign, selected_handouts(campaign, options.only), state))
    return targets


class Progress(Protocol):
    """Hears how many tasks a build has, then about each as it finishes."""

    def started(self, tasks: int) -> None: ...

    def finished(self, task: str, report: BuildReport) -> None: ...


def build_plan(
    campaign: Campaign,
    options: BuildOptions,
    plan: BuildPlan,
    progress: Progress | None = None,
    workers: Workers | None = None,
) -> BuildReport:
    """Everything `plan` asks for, through the one pipeline (and with `--jobs`, `workers`,
    or processes started for the purpose)."""
    targets = targets_for(campaign, options, plan)
    on_done = None
    if progress is not None:
        progress.started(sum(len(target.tasks()) for target in targets))
        on_done = progress.finished
    report = BuildReport()
    several = options.jobs > 1 and any(len(target.tasks()) > 1 for target in targets)
    with nullcontext(workers) if workers or not several else Workers(options.jobs) as own:
        for target in targets:
            report.add(build(campaign, options, on_done, target, own))
    return report
