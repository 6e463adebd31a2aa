"""How tasks are given out to worker processes: the longest first, by what each took the
last time it was made."""

from __future__ import annotations

from pathlib import Path

from companion.build.cache import BuildCache
from companion.build.workers import heaviest_first

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
