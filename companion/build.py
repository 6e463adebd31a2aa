"""What a build makes: the targets of the pipeline (handout copies, players' packets, the GM
binder, the recap telegram), run in one process or several."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from companion.campaign import GM
from companion.errors import CompanionError
from companion.handouts.binder import BACK_PAGE, FRONT_PAGE, CopyLine, back_title, binder_context
from companion.handouts.common import HandoutContext, PageTemplate
from companion.handouts.recap import (
    NEWSPAPER_PAGE,
    TELEGRAM_PAGE,
    newspaper_context,
    recap_context,
)
from companion.handouts.registry import kind_of
from companion.hints import check_id
from companion.models import Campaign
from companion.pipeline import (
    PLAYER,
    BuildOptions,
    BuildReport,
    CopyOf,
    Document,
    Failure,
    Pipeline,
    prepared,
)
from companion.play import PlayerRecap, PlayState, statuses_as_of
from companion.record.store import DB_FILE

if TYPE_CHECKING:
    from companion.pdf import Rendered

ALL_PLAYERS = "all"


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


# --- handout copies -------------------------------------------------------------------------


@dataclass(frozen=True)
class HandoutCopies:
    """A GM copy and a player copy (as the options ask) of each chosen handout."""

    handout_ids: tuple[str, ...]
    revealed_through: int = 0

    def tasks(self) -> list[str]:
        return list(self.handout_ids)

    def weight(self, campaign: Campaign, task: str) -> int:
        return kind_of(campaign.handouts[task]).weight

    def run(self, pipeline: Pipeline, task: str, report: BuildReport) -> None:
        for audience in pipeline.options.audiences():
            documents = pipeline.documents(task, audience)
            pipeline.write(report, pipeline.paths.copy(audience, task), task, audience, documents)


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

    def tasks(self) -> list[str]:
        return [packet.player for packet in self.packets]

    def weight(self, campaign: Campaign, task: str) -> int:
        return sum(kind_of(campaign.handouts[h]).weight for h in self._packet(task).handouts)

    def run(self, pipeline: Pipeline, task: str, report: BuildReport) -> None:
        packet = self._packet(task)
        paths = pipeline.paths
        copy = CopyOf.made_for(pipeline.campaign, packet.player, self.revealed_through)
        documents: list[Document] = []
        pages: list[Rendered] = []
        for handout_id in packet.handouts:
            own = pipeline.documents(handout_id, PLAYER, copy)
            laid_out = [pipeline.lay_out(own)] if pipeline.lays_out else []
            path = paths.packet_copy(packet.player, handout_id)
            pipeline.write(report, path, handout_id, packet.player, own, laid_out)
            documents += [document.within(paths.player_name(handout_id)) for document in own]
            pages += laid_out
        if packet.handouts:
            path = paths.packet(packet.player)
            pipeline.write(report, path, "packet", packet.player, documents, pages)
        else:
            report.warnings.append(f"{packet.player} holds no handouts yet")

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


# --- the GM binder --------------------------------------------------------------------------


@dataclass(frozen=True)
class Binder:
    """`gm/binder`: cover and contents with page numbers, every chosen GM copy, an NPC index
    with each NPC's status as of the record, and the clue table."""

    handout_ids: tuple[str, ...]
    npc_statuses: tuple[tuple[str, str], ...]
    revealed_through: int = 0
    copies: tuple[CopyLine, ...] = ()  # the players' copies as of `revealed_through`

    def tasks(self) -> list[str]:
        return ["binder"]

    def weight(self, campaign: Campaign, task: str) -> int:
        return 1

    def run(self, pipeline: Pipeline, task: str, report: BuildReport) -> None:
        view = pipeline.campaign
        statuses = dict(self.npc_statuses)
        copies = {h: pipeline.documents(h, GM) for h in self.handout_ids}
        # Each GM copy is laid out once: its page count feeds the contents, its pages the PDF.
        laid_out = {h: pipeline.lay_out(documents) for h, documents in copies.items()}
        pages = {h: copy.page_count for h, copy in laid_out.items()}
        front_pages = 2  # cover and contents; checked below, as a long contents runs over
        for _ in range(2):
            context = binder_context(
                view, pages, front_pages, statuses, self.copies, self.revealed_through
            )
            front = Document("front", pipeline.render(FRONT_PAGE, context))
            front_laid_out = pipeline.lay_out([front])
            if front_laid_out.page_count == front_pages:
                break
            front_pages = front_laid_out.page_count
        index = replace(context, title=back_title(bool(self.copies)))
        back = Document("back", pipeline.render(BACK_PAGE, index))
        documents = [
            front,
            *(d.within(h) for h, documents in copies.items() for d in documents),
            back,
        ]
        all_pages = [front_laid_out, *laid_out.values(), pipeline.lay_out([back])]
        pipeline.write(report, pipeline.paths.binder(), "binder", GM, documents, all_pages)


def binder_for(campaign: Campaign, options: BuildOptions, state: PlayState) -> Binder:
    statuses = statuses_as_of(campaign, state)
    handout_ids = selected_handouts(campaign, options.only)
    session = state.last_session()
    return Binder(
        handout_ids,
        tuple(sorted(statuses.items())),
        session,
        register_of_copies(campaign, state, handout_ids, session),
    )


def register_of_copies(
    campaign: Campaign, state: PlayState, handout_ids: Sequence[str], session: int
) -> tuple[CopyLine, ...]:
    """Every copy a player holds, with the number and trace mark their packet prints, so the
    GM can read a found copy's mark against the list as well as with `companion trace`."""
    lines = []
    for player in campaign.info.players:
        copy = CopyOf.made_for(campaign, player.id, session)
        lines += [
            CopyLine(
                player.name,
                campaign.handouts[handout_id].title,
                copy.number,
                copy.mark(campaign.name, handout_id),
            )
            for handout_id in state.held_by(player.id)
            if handout_id in handout_ids
        ]
    return tuple(lines)


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
        # Only player-safe text reaches the print (see companion.play.player_recap).
        view = pipeline.views[PLAYER]
        page: PageTemplate
        context: HandoutContext
        if self.newspaper:
            page, context = NEWSPAPER_PAGE, newspaper_context(view, self.recap)
        else:
            page, context = TELEGRAM_PAGE, recap_context(view, self.recap)
        documents = [Document("", pipeline.render(page, context))]
        pipeline.write(report, pipeline.paths.recap(task), task, PLAYER, documents)


# --- running targets ------------------------------------------------------------------------

OnTaskDone = Callable[[str, BuildReport], None]


def build(
    campaign: Campaign,
    options: BuildOptions,
    on_done: OnTaskDone | None = None,
    target: Target | None = None,
) -> BuildReport:
    """Make `target` (by default: the copies of the handouts the options choose) and write
    each file atomically. A task that fails does not stop the others: its problems are in
    `failures`. `on_done` hears about each task as it finishes (for a progress display)."""
    if target is None:
        target = HandoutCopies(selected_handouts(campaign, options.only))
    campaign = prepared(campaign, options)
    tasks = target.tasks()
    if options.jobs > 1 and len(tasks) > 1:
        results = _in_processes(campaign, options, target)
    else:
        pipeline = Pipeline(campaign, options, target.revealed_through)
        results = ((task, _run_task(pipeline, target, task)) for task in tasks)
    reports: dict[str, BuildReport] = {}
    for task, report in results:
        reports[task] = report
        if on_done is not None:
            on_done(task, report)
    total = BuildReport()
    for task in tasks:  # in the target's order, however the processes finished
        total.add(reports[task])
    return total


def _run_task(pipeline: Pipeline, target: Target, task: str) -> BuildReport:
    report = BuildReport()
    try:
        target.run(pipeline, task, report)
    except CompanionError as error:
        trace = "".join(traceback.format_exception(error))
        report.failures.append(Failure(task, error.problems, trace))
    return report


# --- several processes ----------------------------------------------------------------------

_worker: tuple[Pipeline, Target] | None = None


def _start_worker(campaign: Campaign, options: BuildOptions, target: Target) -> None:
    global _worker
    _worker = Pipeline(campaign, options, target.revealed_through), target


def _worker_run(task: str) -> tuple[str, BuildReport]:
    assert _worker is not None
    pipeline, target = _worker
    return task, _run_task(pipeline, target, task)


def _in_processes(
    campaign: Campaign, options: BuildOptions, target: Target
) -> Iterator[tuple[str, BuildReport]]:
    """One task at a time per process; spawned processes, so nothing is shared by accident.
    Each keeps its pipeline (fonts, templates) for all the tasks it is given."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    tasks = target.tasks()
    # The heaviest first, so no process is left with a long one at the end.
    order = sorted(tasks, key=lambda task: target.weight(campaign, task), reverse=True)
    with ProcessPoolExecutor(
        max_workers=min(options.jobs, len(tasks)),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(campaign, options, target),
    ) as pool:
        futures = [pool.submit(_worker_run, task) for task in order]
        for future in as_completed(futures):
            yield future.result()


# --- what the command line asks for ---------------------------------------------------------


@dataclass(frozen=True)
class BuildPlan:
    """Which outputs one `companion build` makes, besides the options they all honour."""

    players: tuple[str, ...] = ()  # players' packets instead of handout copies
    binder: bool = False  # also the GM binder
    as_of_session: int | None = None  # packets and binder as they stood after this session
    db_path: Path | None = None  # the record of play (default: in the campaign folder)


def targets_for(campaign: Campaign, options: BuildOptions, plan: BuildPlan) -> list[Target]:
    """The targets of a plan, each checked before anything is rendered."""
    from companion.record.book import read_state

    if plan.as_of_session is not None and not (plan.players or plan.binder):
        raise CompanionError(
            "--as-of-session needs --player or --binder",
            hint="handout copies do not depend on the record of play; packets and the binder do",
        )
    if not (plan.players or plan.binder):  # copies never depend on the record of play
        return [HandoutCopies(selected_handouts(campaign, options.only))]
    db_path = plan.db_path or campaign.root / DB_FILE
    state = read_state(db_path, plan.as_of_session, required=bool(plan.players))
    targets: list[Target] = []
    if plan.players:
        packets = packets_from_record(campaign, state, plan.players, options.only)
        targets.append(Packets(packets, revealed_through=state.last_session()))
    else:
        targets.append(HandoutCopies(selected_handouts(campaign, options.only)))
    if plan.binder:
        targets.append(binder_for(campaign, options, state))
    return targets


class Progress(Protocol):
    """Hears how many tasks a build has, then about each as it finishes."""

    def started(self, tasks: int) -> None: ...

    def finished(self, task: str, report: BuildReport) -> None: ...


def build_plan(
    campaign: Campaign, options: BuildOptions, plan: BuildPlan, progress: Progress | None = None
) -> BuildReport:
    """Everything `plan` asks for, through the one pipeline."""
    targets = targets_for(campaign, options, plan)
    on_done = None
    if progress is not None:
        progress.started(sum(len(target.tasks()) for target in targets))
        on_done = progress.finished
    report = BuildReport()
    for target in targets:
        report.add(build(campaign, options, on_done, target))
    return report
