"""How work grows with hostile input: small files that once took minutes or gigabytes.

    python benchmarks/hostile_scaling.py [--timeout 120] [--json]

Each case is a copy of the tiny test campaign with one thing made large, run as the command a
GM would type, in a fresh process, timed, its peak memory read from the kernel. A case that
runs past the timeout is stopped and reported as such. The baseline is `companion validate` of
the tiny campaign itself, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "assets" / "mini"


def chained_scenes(campaign: Path, count: int) -> list[str]:
    """`count` scenes, each leading to the next and holding a clue that leads on too (in
    YAML's flow style, without a space to spare, so that 10,000 of each fit the 1 MiB a
    campaign file may have)."""
    lines = ["scenes:"]
    for n in range(count):
        leads = f",leads_to: [s{n + 1}]" if n + 1 < count else ""
        lines.append(f"- {{id: s{n},title: S{leads}}}")
    lines += ["clues:"]
    for n in range(count - 1):
        lines.append(f"- {{id: c{n},text: C,where: {{scene: s{n}}},leads_to: [s{n + 1}]}}")
    (campaign / "clues.yaml").write_text("\n".join(lines) + "\n")
    return ["validate", str(campaign)]


def long_word_title(campaign: Path, length: int) -> list[str]:
    """A conclusion whose title is one word of `length` letters, in the book's clue graph."""
    clues = (campaign / "clues.yaml").read_text()
    clues = clues.replace("The butler is the poisoner", "W" * length)
    (campaign / "clues.yaml").write_text(clues)
    return ["book", str(campaign), "--out", str(campaign / "out")]


def ransom(campaign: Path, length: int) -> list[str]:
    text = ("MEET ME AT THE MILL " * (length // 20 + 1))[:length]
    (campaign / "handouts" / "threat.yaml").write_text(
        f"kind: ransom\ntitle: Threat\nto: all\ntext: {text}\n"
    )
    return ["build", str(campaign), "--only", "threat", "--out", str(campaign / "out")]


def long_note(campaign: Path, length: int) -> list[str]:
    words = "Midnight by the old mill, bring the ledger and come alone. " * (length // 58 + 1)
    (campaign / "handouts" / "long.yaml").write_text(
        f"kind: note\ntitle: Long\nto: all\ntext: {words[:length].strip()}\n"
    )
    return ["build", str(campaign), "--only", "long", "--out", str(campaign / "out")]


CASES: dict[str, Callable[[Path], list[str]]] = {
    "validate, the tiny campaign (baseline)": lambda c: ["validate", str(c)],
    "validate, 1,000 chained scenes": lambda c: chained_scenes(c, 1_000),
    "validate, 10,000 chained scenes": lambda c: chained_scenes(c, 10_000),
    "book, a 2,000-letter word in a title": lambda c: long_word_title(c, 2_000),
    "build, a 200,000-character ransom note": lambda c: ransom(c, 200_000),
    "book, a 200-letter word in a title (the limit)": lambda c: long_word_title(c, 200),
    "build, a 1,000-character ransom note (the limit)": lambda c: ransom(c, 1_000),
    "build, a 5,000-character note (the limit)": lambda c: long_note(c, 5_000),
}


# Runs one command in a process of its own and reports that process's peak memory, so that
# each case's figure is its own (the kernel keeps one high-water mark for all children).
WRAPPER = """
import resource, subprocess, sys
command = [sys.executable, "-c", "import sys; from companion.cli import main; main()"]
done = subprocess.run(command + sys.argv[1:], capture_output=True, text=True)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print((done.stdout + done.stderr).strip().splitlines()[0][:120] if done.returncode else "")
"""


def run(arguments: list[str], timeout: float) -> dict[str, object]:
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", WRAPPER, *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # so that a case past its time is stopped whole
    )
    try:
        out, _ = process.communicate(timeout=timeout)
        returned, peak_kb = out.splitlines()[0].split()
        peak_mb = round(int(peak_kb) / 1024)
        status = "exit 0" if returned == "0" else f"exit {returned}: {out.splitlines()[1]}"
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        status, peak_mb = f"stopped after {timeout:.0f} s", -1
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "peak_mb": peak_mb, "result": status}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name, make in CASES.items():
            campaign = Path(scratch) / f"case-{len(results)}" / "mini"
            shutil.copytree(MINI, campaign)
            results[name] = run(make(campaign), args.timeout)
            if not args.json:
                r = results[name]
                line = f"{name:<46} {r['seconds']:>8} s {r['peak_mb']:>6} MB  {r['result']}"
                print(line, flush=True)
    baseline = results["validate, the tiny campaign (baseline)"]["seconds"]
    for result in results.values():
        result["times_baseline"] = round(float(result["seconds"]) / float(baseline), 1)
    if args.json:
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
