"""Benchmarks, quoted in issue notes as ratios against a baseline measured in the same run.

    python scripts/bench.py [--repeat N]

Startup: `companion --help` and `session log` against `python -c "import typer"`. Builds: the
whole Ozola campaign in a fresh process with one and with two jobs, and each handout kind
rendered in-process (warm) against the note.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CAMPAIGN = ROOT / "campaigns" / "ozola"


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def run(*args: str) -> Callable[[], object]:
    return lambda: subprocess.run(args, check=True, capture_output=True, cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    python = sys.executable
    rows: list[tuple[str, float, str]] = []

    baseline = median_seconds(run(python, "-c", "import typer"), repeat)
    rows.append(("python -c 'import typer'", baseline, "baseline"))
    help_time = median_seconds(run(python, "-m", "companion", "--help"), repeat)
    rows.append(("companion --help", help_time, f"{help_time / baseline:.2f}x import typer"))

    with tempfile.TemporaryDirectory() as out:
        build = [python, "-m", "companion", "build", str(CAMPAIGN), "--out", out]
        one_job = median_seconds(run(*build, "--jobs", "1"), repeat)
        two_jobs = median_seconds(run(*build, "--jobs", "2"), repeat)
    rows.append(("companion build ozola --jobs 1 (cold)", one_job, "baseline for jobs"))
    rows.append(
        ("companion build ozola --jobs 2 (cold)", two_jobs, f"{one_job / two_jobs:.2f}x faster")
    )

    with tempfile.TemporaryDirectory() as folder:
        campaign = Path(folder) / "ozola"
        shutil.copytree(CAMPAIGN, campaign)
        session = [python, "-m", "companion", "session"]
        subprocess.run([*session, "start", "-c", str(campaign)], check=True, capture_output=True)
        log_time = median_seconds(
            run(*session, "log", "A line of play.", "-c", str(campaign)), repeat
        )
    rows.append(("companion session log", log_time, f"{log_time / baseline:.2f}x import typer"))

    from companion.campaign import load_campaign
    from companion.pipeline import pipeline_for

    campaign = load_campaign(CAMPAIGN)
    pipeline = pipeline_for(campaign)
    by_kind: dict[str, list[float]] = {}
    for handout_id, handout in sorted(campaign.handouts.items()):
        pipeline.pdf([handout_id], "gm")  # warm caches (fonts, templates) before timing
        seconds = median_seconds(lambda h=handout_id: pipeline.pdf([h], "player"), repeat)
        by_kind.setdefault(handout.kind, []).append(seconds)
    note_time = statistics.median(by_kind.get("note", [float("nan")]))
    for kind, timings in sorted(by_kind.items()):
        per = statistics.median(timings)
        label = f"one {kind} handout, player copy (warm)"
        rows.append((label, per, f"{per / note_time:.2f}x note"))

    width = max(len(label) for label, _, _ in rows)
    for label, seconds, ratio in rows:
        print(f"{label:<{width}}  {seconds * 1000:8.1f} ms  {ratio}")


if __name__ == "__main__":
    main()
