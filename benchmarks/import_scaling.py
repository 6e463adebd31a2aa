"""How `session import` grows with the size of the export: 1,000, 10,000 and 100,000 entries.

    python benchmarks/import_scaling.py [--sizes 1000,10000,100000] [--timeout 600] [--json]

Each case is an export of the tiny test campaign's record, as `session export --all` writes
one: sessions of 100 entries, mostly log lines (some for the GM only, some amended), with
handouts given, clues found, NPC fates and struck entries among them. Each is imported by the
command a GM would type, in a fresh process, into a fresh copy of the campaign, and timed;
then merged into that record again (every entry is found there, so nothing is added), and
exported again, which must give the very same bytes. The goal: 100,000 entries in under 30 s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "assets" / "mini"
ENTRIES_PER_SESSION = 100
COMMAND = [sys.executable, "-c", "import sys; from companion.cli import main; main()"]


def entry_at(number: int, session_entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Entry `number`, as an export holds it; an amend strikes the line before it."""
    step = number % 50
    if step == 7:
        return {"number": number, "kind": "give", "subject": "letter", "players": ["pat"]}
    if step == 13:
        return {"number": number, "kind": "clue", "subject": "soup-stain", "players": ["pat"]}
    if step == 21:
        status = ("missing", "dead", "active")[number % 3]
        return {"number": number, "kind": "npc", "subject": "cook", "status": status}
    if step == 33 and session_entries and session_entries[-1]["kind"] == "log":
        previous = session_entries[-1]
        previous.update(struck=True, struck_why=f"amended by #{number}")
        entry = {"number": number, "kind": "log", "text": f"Line {number}, as it was."}
        gm = {"gm": True} if previous.get("gm") else {}
        return {**entry, **gm, "amends": previous["number"]}
    entry = {"number": number, "kind": "log", "text": f"Line {number}: the butler waits."}
    if step == 41:
        entry.update(struck=True, struck_why="undone")
    return {**entry, "gm": True} if step % 10 == 3 else entry


def export_of(entries: int) -> str:
    """An export holding `entries` entries, written as `session export --all` writes it."""
    sessions = []
    for first in range(1, entries + 1, ENTRIES_PER_SESSION):
        number = len(sessions) + 1
        session_entries: list[dict[str, Any]] = []
        for entry_number in range(first, min(first + ENTRIES_PER_SESSION, entries + 1)):
            session_entries.append(entry_at(entry_number, session_entries))
        day = f"{2000 + number // 300:04d}-{number % 12 + 1:02d}-{number % 28 + 1:02d}"
        sessions.append(
            {"number": number, "title": f"Evening {number}", "date": day, "ended": True}
            | {"entries": session_entries}
        )
    data = {"file": "companion record of play", "schema_version": 3, "sessions": sessions}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def timed(arguments: list[str], timeout: float) -> tuple[float | None, str]:
    """Seconds a command took in a process of its own (None past the timeout), and its output."""
    started = time.perf_counter()
    try:
        done = subprocess.run(COMMAND + arguments, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"stopped after {timeout:.0f} s"
    seconds = time.perf_counter() - started
    if done.returncode:
        return seconds, f"exit {done.returncode}: {(done.stdout + done.stderr).strip()[:200]}"
    return seconds, done.stdout


def case(scratch: Path, entries: int, timeout: float) -> dict[str, Any]:
    campaign = scratch / f"import-{entries}" / "mini"
    shutil.copytree(MINI, campaign)
    export = scratch / f"record-{entries}.json"
    export.write_text(export_of(entries))
    result: dict[str, Any] = {"entries": entries, "megabytes": round(export.stat().st_size / 2**20)}
    result["import_s"], said = timed(
        ["session", "import", str(export), "-c", str(campaign)], timeout
    )
    if said.startswith(("exit", "stopped")):
        return result | {"problem": said}
    merge = ["session", "import", str(export), "--merge", "-c", str(campaign)]
    result["merge_s"], said = timed(merge, timeout)
    again = scratch / f"again-{entries}.json"
    result["export_s"], _ = timed(
        ["session", "export", "--all", "--out", str(again), "-c", str(campaign)], timeout
    )
    result["same_bytes"] = again.exists() and again.read_bytes() == export.read_bytes()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        if not args.json:
            print(f"{'entries':>8} {'MB':>4} {'import s':>9} {'merge s':>8} {'export s':>9}  same")
        for entries in (int(size) for size in args.sizes.split(",")):
            result = case(Path(scratch), entries, args.timeout)
            results.append(result)
            if not args.json:
                print(_line(result), flush=True)
    if args.json:
        print(json.dumps(results, indent=1))


def _line(result: dict[str, Any]) -> str:
    def shown(key: str) -> str:
        value = result.get(key)
        return "-" if value is None else f"{value:.2f}"

    head = f"{result['entries']:>8,} {result['megabytes']:>4}"
    if "problem" in result:
        return f"{head} {shown('import_s'):>9}  {result['problem']}"
    times = f"{shown('import_s'):>9} {shown('merge_s'):>8} {shown('export_s'):>9}"
    return f"{head} {times}  {'yes' if result['same_bytes'] else 'NO'}"


if __name__ == "__main__":
    main()
