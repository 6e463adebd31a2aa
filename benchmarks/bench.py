"""How fast companion builds, as ratios against baselines measured in the same run.

    python benchmarks/bench.py [--npcs 200] [--notes 60] [--plans 10] [--players 4]
                               [--repeat 5] [--json] [--book-only]

Generates a large campaign (benchmarks/big_campaign.py), then measures, each in a fresh
process:

- `baseline_s`: the same HTML documents a build lays out, rendered to PDF by plain
  WeasyPrint in one process with one shared FontConfiguration, no project code;
- `cold_s` and `cold_jobs_s`: a build into an empty folder with `--jobs 1` and `--jobs 2`;
- `noop_s`: the same build again, nothing changed;
- `one_change_s`: after editing one NPC (their automatic file changes);
- `one_template_s`: after editing one stylesheet (the campaign's own `card.css`);
- `help_s`, `log_s`: `companion --help` and `companion session log`, against `python_s`,
  `python -c "import typer"` (medians of `--repeat` runs, at least 11, taken in turn);
- `warm_dossier_ms`, `warm_note_ms`: one NPC's dossier and one note made again in a process
  that has made them before (what a preview does after an edit), against
  `warm_*_weasyprint_ms`, plain WeasyPrint on the same final HTML in that process;
- `gm_copies_s` and `book_s`: the GM copies alone (`build --audience gm`) and the GM's book
  alone (`book`), each into an empty folder with `--jobs 2`: the book prints the GM copies,
  on its carrier pages, after its own pages, so its time is read against theirs. Alone, it
  makes every GM copy itself;
- `book_after_copies_s`: `book` run where `build --audience gm` just wrote the GM copies
  (what a GM does): the book draws those copies instead of making them again;
- `book_with_copies_s`: `build --audience gm --book` into an empty folder, the copies and
  the book in one command (the book draws the copies the command just wrote);
- the peak resident memory of each build (`book_peak_mb` for the book), and the CPU time
  (user and system, with the workers') of the book builds (`*_cpu_s`), which a busy machine
  changes less than their wall time.

Also the same cold builds on Ozola alone. `--json` prints one JSON object instead of a table;
`--book-only` measures the book and the GM copies alone.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from big_campaign import big_campaign  # a sibling script, not a package

ROOT = Path(__file__).resolve().parent.parent
OZOLA = ROOT / "campaigns" / "ozola"
PYTHON = sys.executable


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    cpu_seconds: float


def timed(*args: str, cwd: Path = ROOT) -> Run:
    """Run a command to the end; its wall time, its peak resident memory (its own and its
    workers', whichever was largest) and its CPU time (user and system, its workers'
    included)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env()
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        stderr = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(args)} failed:\n{stderr}")
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def _env() -> dict[str, str]:
    # An installed companion starts from compiled bytecode; where the shell forbids writing
    # it, every start would time Python's compiler instead of companion.
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def companion(*args: str) -> list[str]:
    return [PYTHON, "-m", "companion", *args]


BASELINE = """
import sys
from pathlib import Path
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

fonts = FontConfiguration()
for html in sorted(Path(sys.argv[1]).rglob("*.html")):
    document = HTML(filename=str(html)).render(font_config=fonts)
    document.write_pdf()
"""


WARM = """
import statistics, sys, time
from pathlib import Path
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from companion.build.pipeline import pipeline_for
from companion.build.request import BuildOptions
from companion.campaign.loading import load_campaign
from companion.render.pdf import write_rendered

campaign = load_campaign(Path(sys.argv[1]))
pipeline = pipeline_for(campaign, BuildOptions(out_dir=Path(sys.argv[2])))
repeat = int(sys.argv[3])
fonts = FontConfiguration()
kinds = {"dossier": "file-extra-001", "note": "extra-note-001"}
for name, prefix in kinds.items():
    handout = min(h for h in campaign.handouts if h.startswith(prefix))

    def copy():
        pipeline.forget_layouts()  # a new edit: nothing laid out before is reused
        rendered = pipeline.lay_out(pipeline.documents(handout, "gm"))
        write_rendered([rendered])
        return rendered.page_count

    def plain(htmls=[document.html for document in pipeline.documents(handout, "gm")]):
        # Every document of the copy (a note's GM copy is the note and its GM notes page),
        # written as one PDF as the copy is.
        root = str(pipeline.campaign.root)
        rendered = [HTML(string=html, base_url=root).render(font_config=fonts) for html in htmls]
        rendered[0].copy([page for each in rendered for page in each.pages]).write_pdf()

    for run, label in ((copy, name), (plain, name + "_weasyprint")):
        run()
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        print(label, statistics.median(times) * 1000)
    print(name + "_pages", copy())
"""


def warm(campaign: Path, work: Path, repeat: int) -> dict[str, float]:
    """One handout made again and again in one process, as a preview does after each edit:
    an NPC's dossier and a note of the large campaign, each against plain WeasyPrint laying
    out its final HTML in the same process (its floor: no fitting, no checks)."""
    result = subprocess.run(
        [PYTHON, "-c", WARM, str(campaign), str(work / "warm"), str(max(repeat, 5))],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"the warm measurement failed:\n{result.stderr}")
    figures = dict(line.split() for line in result.stdout.splitlines())
    return {
        f"warm_{name}_ms" if not name.endswith("_pages") else name: float(value)
        for name, value in figures.items()
    }


def baseline(campaign: Path, work: Path) -> Run:
    """Plain WeasyPrint on the HTML documents a build lays out (`--format html` writes them,
    each pointing at the built-in templates for its fonts)."""
    html = work / "html"
    timed(*companion("build", str(campaign), "--out", str(html), "--format", "html", "--force"))
    return timed(PYTHON, "-c", BASELINE, str(html))


def builds(campaign: Path, work: Path) -> dict[str, Run]:
    out = work / "out"
    build = companion("build", str(campaign), "--out", str(out))
    runs = {"cold_jobs": timed(*build, "--jobs", "2")}
    shutil.rmtree(out)
    runs["cold"] = timed(*build, "--jobs", "1")
    runs["noop"] = timed(*build)
    npc = campaign / "npcs" / "extra-001.yaml"
    if npc.exists():
        npc.write_text(npc.read_text().replace("A face in the crowd", "A new face in the crowd"))
        runs["one_change"] = timed(*build)
    templates = campaign / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "kinds").mkdir(exist_ok=True)
    card_css = (ROOT / "templates" / "kinds" / "card.css").read_text()
    (templates / "kinds" / "card.css").write_text(
        card_css + "\n.card { letter-spacing: 0.01em; }\n"
    )
    runs["one_template"] = timed(*build)
    return runs


def book_builds(campaign: Path, work: Path) -> dict[str, Run]:
    """With two processes: the GM copies alone, then the book alone, each into an empty
    folder; the book where the copies were just written; the copies and the book in one
    command, into an empty folder."""
    copies = companion("build", str(campaign), "--audience", "gm", "--jobs", "2")
    book = companion("book", str(campaign), "--jobs", "2")
    return {
        "gm_copies": timed(*copies, "--out", str(work / "gm-copies")),
        "book": timed(*book, "--out", str(work / "book")),
        "book_after_copies": timed(*book, "--out", str(work / "gm-copies")),
        "book_with_copies": timed(*copies, "--book", "--out", str(work / "with-copies")),
    }


def startup(campaign: Path, repeat: int) -> dict[str, float]:
    """Medians of at least 11 runs of each, taken in turn (typer, help, log, typer, ...), so
    that a machine that slows or speeds up meanwhile moves all three alike."""
    timed(*companion("session", "start", "-c", str(campaign)))
    commands = {
        "python": [PYTHON, "-c", "import typer"],
        "help": companion("--help"),
        "log": companion("session", "log", "A line.", "-c", str(campaign)),
    }
    runs: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(max(repeat, 11)):
        for name, command in commands.items():
            runs[name].append(timed(*command).seconds)
    return {name: statistics.median(seconds) for name, seconds in runs.items()}


def measure(arguments: argparse.Namespace) -> dict[str, float]:
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        campaign = big_campaign(
            work / "big", arguments.npcs, arguments.notes, arguments.plans, arguments.players
        )
        for name, run in book_builds(campaign, work).items():
            results[f"{name}_s"] = run.seconds
            results[f"{name}_peak_mb"] = run.peak_mb
            results[f"{name}_cpu_s"] = run.cpu_seconds
        if arguments.book_only:
            return results
        results["baseline_s"] = baseline(campaign, work).seconds
        results.update(warm(campaign, work, arguments.repeat))
        for name, run in builds(campaign, work).items():
            results[f"{name}_s"] = run.seconds
            results[f"{name}_peak_mb"] = run.peak_mb
        ozola = work / "ozola"
        shutil.copytree(OZOLA, ozola)
        results["ozola_baseline_s"] = baseline(ozola, work / "ozola-work").seconds
        for name, run in builds(ozola, work / "ozola-work").items():
            if name in ("cold", "cold_jobs", "noop"):
                results[f"ozola_{name}_s"] = run.seconds
        results.update({f"{k}_s": v for k, v in startup(ozola, arguments.repeat).items()})
    results["outputs"] = float(count_outputs(arguments))
    return results


def count_outputs(arguments: argparse.Namespace) -> int:
    """GM and player copy of every handout of the large campaign."""
    handouts = 11 + arguments.npcs + arguments.notes + max(0, arguments.plans - 2)
    return 2 * handouts


def ratios(r: dict[str, float]) -> dict[str, float]:
    book = {
        f"{name}_over_gm_copies": r[f"{name}_s"] / r["gm_copies_s"]
        for name in ("book", "book_after_copies", "book_with_copies")
    }
    book |= {
        f"{name}_cpu_over_gm_copies": r[f"{name}_cpu_s"] / r["gm_copies_cpu_s"]
        for name in ("book", "book_after_copies", "book_with_copies")
    }
    if "cold_s" not in r:  # --book-only
        return book
    return book | {
        "cold_over_baseline": r["cold_s"] / r["baseline_s"],
        "cold_over_cold_jobs": r["cold_s"] / r["cold_jobs_s"],
        "ozola_cold_over_cold_jobs": r["ozola_cold_s"] / r["ozola_cold_jobs_s"],
        "cold_over_noop": r["cold_s"] / r["noop_s"],
        "one_change_share_of_cold": r.get("one_change_s", float("nan")) / r["cold_s"],
        "one_template_share_of_cold": r["one_template_s"] / r["cold_s"],
        "help_over_python": r["help_s"] / r["python_s"],
        "log_over_python": r["log_s"] / r["python_s"],
        "warm_dossier_over_weasyprint": r["warm_dossier_ms"] / r["warm_dossier_weasyprint_ms"],
        "warm_note_over_weasyprint": r["warm_note_ms"] / r["warm_note_weasyprint_ms"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--npcs", type=int, default=200)
    parser.add_argument("--notes", type=int, default=60)
    parser.add_argument("--plans", type=int, default=10)
    parser.add_argument("--players", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    parser.add_argument(
        "--book-only", action="store_true", help="Measure the GM's book and the GM copies only."
    )
    arguments = parser.parse_args()
    results = measure(arguments)
    results.update(ratios(results))
    if arguments.json:
        print(json.dumps({k: round(v, 4) for k, v in results.items()}, indent=1))
        return
    width = max(len(name) for name in results)
    for name, value in results.items():
        print(f"{name:<{width}}  {value:10.3f}")


if __name__ == "__main__":
    main()
