"""How tasks are given out to worker processes: the longest first, by what each took the
last time it was made."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from companion.build.cache import BuildCache
from companion.build.pipeline import Pipeline
from companion.build.report import BuildReport
from companion.build.request import BuildOptions
from companion.build.targets import HandoutCopies, selected_handouts
from companion.build.workers import Workers, heaviest_first
from companion.campaign.models import Campaign

WEIGHTS = {"map": 3, "dossier": 2, "cards": 1, "note": 1}


def test_what_a_task_took_last_time_outweighs_its_kind() -> None:
    """Sixty cards on their sheets took longer than the map; the note, never measured, is
    guessed from its kind's weight at the seconds a unit of weight took."""
    seconds = {"map": 3.0, "dossier": 2.5, "cards": 9.0}  # 2.4 s a unit of weight
    order = heaviest_first(list(WEIGHTS), WEIGHTS.__getitem__, seconds)
    assert order == ["cards", "map", "dossier", "note"]
    assert heaviest_first(list(WEIGHTS), WEIGHTS.__getitem__, {}) == [
        "map",
        "dossier",
        "cards",
        "note",
    ]


def test_task_seconds_are_kept_per_target_and_a_bad_record_is_ignored(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "out" / "mini")
    cache.record_task_seconds("HandoutCopies", {"letter": 1.23456, "map": 4.0})
    cache.record_task_seconds("HandoutCopies", {"letter": 2.0})
    assert cache.task_seconds("HandoutCopies") == {"letter": 2.0, "map": 4.0}
    assert cache.task_seconds("Packets") == {}
    path = next((tmp_path / "out" / "mini" / ".cache").glob("seconds-*.json"))
    path.write_text('{"letter": "slow", "map": -1, "note": 1e9, "card": 0.5}')
    assert cache.task_seconds("HandoutCopies") == {"card": 0.5}


@dataclass(frozen=True)
class _SaysWhereItRan:
    """A target whose every task notes the process that ran it."""

    revealed_through: int = 0

    def run(self, pipeline: Pipeline, task: str, report: BuildReport) -> None:
        report.warnings.append(str(os.getpid()))


def test_this_process_takes_tasks_beside_its_worker(ozola: Campaign, tmp_path: Path) -> None:
    """With `--jobs 2`, one worker is started and this process is the other job: the worker
    gets the heaviest task as soon as it is free, this process the next ones meanwhile."""
    order = ["heaviest", "second", "third"]
    with Workers(2) as workers:
        make_pipeline = partial(Pipeline, ozola, BuildOptions(out_dir=tmp_path))
        ran = dict(workers.run(make_pipeline, _SaysWhereItRan(), order))
    where = {task: report.warnings for task, report in ran.items()}
    here = str(os.getpid())
    assert sorted(where) == sorted(order)
    assert where["second"] == where["third"] == [here]
    assert len(where["heaviest"]) == 1 and where["heaviest"] != [here]


def test_a_big_card_sheet_goes_out_before_the_small_props(ozola: Campaign) -> None:
    """Never measured, Ozola's twenty business-card faces and its ID booklet weigh more than
    a note, a letter or a reservation card, and go out with the maps and the dossiers."""
    target = HandoutCopies(selected_handouts(ozola, ()))
    order = heaviest_first(target.tasks(), partial(target.weight, ozola), {})
    small = ["meet-me", "mother-letter", "stockholm-telegram", "table-seven"]
    for big in ("eklund-cards", "tarasov-id"):
        assert all(order.index(big) < order.index(prop) for prop in small), order
    assert order.index("eklund-cards") < order.index("karl-kgb-file")


def test_workers_start_before_the_pipeline_is_imported() -> None:
    """The worker is spawned before this process imports the pipeline (its models, kinds
    and templates take half a second): starting workers imports none of it."""
    code = "import sys, companion.build.workers; print(sorted(sys.modules))"
    modules = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    for heavy in ("companion.build.pipeline", "companion.campaign.models", "weasyprint"):
        assert f"'{heavy}'" not in modules
