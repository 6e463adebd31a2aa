"""A command that writes while an import holds the record says so at once, instead of waiting
for the import; a killed import leaves nothing that says it still runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from companion.cli import app
from companion.record.import_marker import import_running, marker_path
from companion.record.store import PAUSE_ENV

IMPORTER = "import sys; from companion.cli import main; main()"


def _paused_import(campaign: Path, export: Path, db: Path) -> subprocess.Popen[str]:
    """`session import` in a process of its own, stopped inside its transaction."""
    command = ["session", "import", str(export), "--db", str(db), "-c", str(campaign)]
    importer = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, PAUSE_ENV: "60"},
    )
    assert importer.stderr is not None
    assert importer.stderr.readline() == "paused inside a transaction\n"
    return importer


def test_a_line_logged_during_an_import_is_refused_at_once(runner: CliRunner, mini: Path) -> None:
    """Issue 27: `session log` waited 16 s for a long import, then failed."""
    at = ["-c", str(mini)]
    runner.invoke(app, ["session", "start", "--date", "2024-05-03", *at])
    runner.invoke(app, ["session", "export", "--out", str(mini / "record.json"), *at])
    copy = mini / "copy.db"
    importer = _paused_import(mini, mini / "record.json", copy)
    try:
        assert import_running(copy)
        started = time.monotonic()
        refused = runner.invoke(app, ["session", "log", "At the table.", "--db", str(copy), *at])
        assert time.monotonic() - started < 1
        assert (refused.exit_code, refused.output) == (
            1,
            f"{copy}: the record of play is busy importing an export\n"
            "    hint: nothing was written; try again in a moment\n",
        )
        looked = runner.invoke(app, ["session", "list", "--db", str(copy), *at])
        assert looked.output == "No sessions yet. Start one with `companion session start`.\n"
    finally:
        importer.send_signal(signal.SIGKILL)
        importer.communicate(timeout=10)
    assert not import_running(copy)  # the killed import let its marker go
    after = runner.invoke(app, ["session", "log", "At the table.", "--db", str(copy), *at])
    assert after.output.startswith("no session is open")  # the import left nothing behind


def test_an_import_leaves_no_marker_behind(runner: CliRunner, mini: Path) -> None:
    at = ["-c", str(mini)]
    runner.invoke(app, ["session", "start", "--date", "2024-05-03", *at])
    runner.invoke(app, ["session", "export", "--out", str(mini / "record.json"), *at])
    copy = mini / "copy.db"
    imported = runner.invoke(
        app, ["session", "import", str(mini / "record.json"), "--db", str(copy), *at]
    )
    assert imported.output == "Imported 1 session and 0 entries.\n"
    assert not marker_path(copy).exists()
    logged = runner.invoke(app, ["session", "log", "At the table.", "--db", str(copy), *at])
    assert logged.output == "Logged as #1 in session 1.\n"
