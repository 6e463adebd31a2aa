"""Running a target's tasks: in this process, or in this one and worker processes (`--jobs`).

A spawned process takes about a second to be ready to lay out a page (Python, companion,
WeasyPrint, the fonts). Workers are therefore started before the campaign is even loaded,
and get ready while this process reads the YAML; the campaign, the options and the target
then reach them once, through a private file, not with every task. This module imports
nothing of the pipeline (its models, kinds and templates take half a second to import), so
that the workers start before this process imports them, not after. This process is one of
the `--jobs`: it takes tasks too rather than wait, so `--jobs 2` starts one worker, not two.
"""

from __future__ import annotations

import pickle
import tempfile
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

from companion.build.report import BuildReport, Failure
from companion.errors import CompanionError, Problem
from companion.render.garbage import no_collection_at_exit

if TYPE_CHECKING:
    from companion.build.pipeline import Pipeline
    from companion.build.request import BuildOptions, BuildPlan

# How a process makes the pipeline of a target's tasks (pickled to the workers: the
# pipeline's module is imported where it is called, not where the workers are started).
PipelineMaker = Callable[[], "Pipeline"]


class Target(Protocol):
    """What workers need of a target (see `companion.build.targets.Target`)."""

    @property
    def revealed_through(self) -> int: ...

    def run(self, pipeline: Pipeline, task: str, report: BuildReport) -> None: ...


def run_task(pipeline: Pipeline, target: Target, task: str) -> BuildReport:
    """One task; its failure, whatever it is, is recorded and the build goes on with the
    others, so that one bad handout never costs the GM the rest."""
    report = BuildReport()
    started = time.perf_counter()
    try:
        target.run(pipeline, task, report)
    except CompanionError as error:
        trace = "".join(traceback.format_exception(error))
        report.failures.append(Failure(task, error.problems, trace))
    except Exception as error:  # a bug of ours, not the GM's: said as such, never hidden
        trace = "".join(traceback.format_exception(error))
        report.failures.append(Failure(task, [_internal_problem(error)], trace))
    if report.files:  # an output taken from the cache says nothing of what making it costs
        report.seconds[task] = time.perf_counter() - started
    return report


def heaviest_first(
    tasks: Sequence[str], weight: Callable[[str], int], seconds: dict[str, float]
) -> list[str]:
    """The tasks in the order to give them out: the longest first, so that no process is
    left with a long one at the end. A task's length is what it took the last time it was
    made (a sheet of sixty cards is not the quick one its kind suggests), else its kind's
    weight in the seconds a unit of weight took on average."""
    measured = [(seconds[task], weight(task)) for task in tasks if task in seconds]
    per_unit = sum(s for s, _ in measured) / sum(w for _, w in measured) if measured else 1.0
    return sorted(tasks, key=lambda task: seconds.get(task, weight(task) * per_unit), reverse=True)


def _internal_problem(error: Exception) -> Problem:
    return Problem(
        f"companion failed on it ({type(error).__name__}: {error}); the rest was built",
        hint="this is a bug in companion, not in your files: please report it with what "
        "`companion --debug build` prints",
        code="internal",
    )


class Workers:
    """Worker processes, started at once and kept for every target of a build, and this
    process, which takes tasks from the same queue. Spawned, so nothing is shared by
    accident; each keeps its pipeline (fonts, templates) for all the tasks of a target."""

    def __init__(self, jobs: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._processes = max(1, jobs - 1)  # this process is one of the jobs
        self._pool = ProcessPoolExecutor(
            max_workers=self._processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=no_collection_at_exit,
        )
        # One task each starts every process now (the pool spawns as tasks arrive).
        self._ready = [self._pool.submit(_get_ready) for _ in range(self._processes)]
        self._folder = tempfile.TemporaryDirectory(prefix="companion-build-")
        self._jobs = 0

    def run(
        self, make_pipeline: PipelineMaker, target: Target, order: Sequence[str]
    ) -> Iterator[tuple[str, BuildReport]]:
        """The target's tasks, taken in `order` by whichever process is free first, this one
        included; each report as its task finishes."""
        self._jobs += 1
        job = Path(self._folder.name) / f"job-{self._jobs}.pickle"
        job.write_bytes(pickle.dumps((make_pipeline, target)))
        queue = _TaskQueue(order)
        finished: list[Future[tuple[str, BuildReport]]] = []
        arrived = threading.Condition()

        def give_out() -> None:
            # A worker gets its next task only once it is free: one given out early could
            # wait behind a long one while this process had time for it.
            task = queue.next()
            if task is None:
                return
            try:
                future = self._pool.submit(_worker_run, str(job), task)
            except Exception as error:  # a broken or closed pool: said by the task's result
                future = Future()
                future.set_exception(error)
            future.add_done_callback(done)

        def done(future: Future[tuple[str, BuildReport]]) -> None:
            with arrived:
                finished.append(future)
                arrived.notify()
            give_out()

        for _ in range(self._processes):
            give_out()
        here: Pipeline | None = None
        left = len(order)
        while left:
            if (task := queue.next()) is not None:
                here = here or make_pipeline()
                yield task, run_task(here, target, task)
                left -= 1
            with arrived:
                if task is None:
                    arrived.wait_for(lambda: bool(finished))
                ready, finished[:] = finished[:], []
            for future in ready:
                yield future.result()
                left -= 1

    def close(self) -> None:
        for ready in self._ready:
            ready.cancel()
        self._pool.shutdown(cancel_futures=True)
        self._folder.cleanup()

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


class _TaskQueue:
    """Tasks in the order to give them out, taken by this process and, from another
    thread, for the workers."""

    def __init__(self, order: Sequence[str]) -> None:
        self._waiting = deque(order)
        self._lock = threading.Lock()

    def next(self) -> str | None:
        with self._lock:
            return self._waiting.popleft() if self._waiting else None


def workers_for(options: BuildOptions, plan: BuildPlan) -> AbstractContextManager[Workers | None]:
    """Workers for a build, started now (before the campaign is loaded); none when the build
    runs in this process, or makes the book alone (one task)."""
    if options.jobs > 1 and (plan.copies or plan.players):
        return Workers(options.jobs)
    return nullcontext()


# --- inside a worker process -----------------------------------------------------------------

_job: tuple[str, Pipeline, Target] | None = None


def _get_ready() -> None:
    """What every task needs first, done while the parent loads the campaign: the pipeline's
    modules (the campaign's models, the kinds), WeasyPrint and the bundled fonts."""
    import companion.build.pipeline  # noqa: F401
    from companion.render.pdf import ready_to_render

    ready_to_render()


def _worker_run(job: str, task: str) -> tuple[str, BuildReport]:
    global _job
    if _job is None or _job[0] != job:
        make_pipeline, target = pickle.loads(Path(job).read_bytes())
        _job = job, make_pipeline(), target
    _, pipeline, target = _job
    return task, run_task(pipeline, target, task)
