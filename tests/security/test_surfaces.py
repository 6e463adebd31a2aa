"""What a stranger's files can do to the parts added last: the record, the cache, the index,
the output folder and `trace` are opened as data, never followed out of their folders, and
never trusted for more than they are (issue: the hostile surfaces)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from companion.cli import app
from tests.build.test_cache import ALL_COPIES, build, output_bytes
from tests.conftest import ROOT
from tests.security.test_hostile import assert_clean_failure

ETC_PASSWD = Path("/etc/passwd")


def _entries(campaign: Path) -> list[Path]:
    return sorted((campaign / "out" / "mini" / ".cache").glob("*.json"))


def _entry_of(campaign: Path, output: str) -> Path:
    return next(p for p in _entries(campaign) if json.loads(p.read_text()).get("output") == output)


@pytest.fixture
def built(mini_built: Path) -> Path:
    """The mini campaign with everything built, a copy of its own for each test."""
    assert set(output_bytes(mini_built)) == ALL_COPIES
    return mini_built


# --- the record of play -------------------------------------------------------------------


def test_the_record_never_writes_through_a_link(runner: CliRunner, mini: Path, tmp_path: Path):
    elsewhere = tmp_path / "other-campaign.db"
    assert runner.invoke(app, ["session", "start", "--db", str(elsewhere), "-c", str(mini)])
    before = elsewhere.read_bytes()
    (mini / "companion.db").symlink_to(elsewhere)
    for command in (["session", "start"], ["session", "log", "A line"]):
        result = runner.invoke(app, [*command, "-c", str(mini)])
        assert_clean_failure(result)
        assert "is a link" in result.output
    assert elsewhere.read_bytes() == before


# --- the cache ------------------------------------------------------------------------------


def test_an_entry_naming_a_file_outside_the_output_is_no_entry(
    runner: CliRunner, built: Path
) -> None:
    """The entry of the GM's letter is made to list /etc/passwd (by `..`) with its true
    digest, and the letter is edited: the build must neither trust the list nor keep the
    edited letter."""
    letter = built / "out" / "mini" / "gm" / "letter.pdf"
    entry_path = _entry_of(built, "gm/letter")
    entry = json.loads(entry_path.read_text())
    climb = "../" * len(letter.parts)
    entry["files"] = {climb + "etc/passwd": hashlib.sha256(ETC_PASSWD.read_bytes()).hexdigest()}
    entry_path.write_text(json.dumps(entry))
    letter.write_bytes(b"%PDF-1.7 edited by someone")
    assert build(runner, built) == {"gm/letter.pdf"}
    assert letter.read_bytes().startswith(b"%PDF") and b"edited" not in letter.read_bytes()


@pytest.mark.parametrize(
    "crafted",
    ["[]", "7", '"x"', '{"format": 1, "key": [], "files": 3}', '{"files": {"a": 1}}', "\xff"],
    ids=["list", "number", "string", "wrong types", "digest not text", "not utf-8"],
)
def test_an_entry_or_stamp_of_another_shape_is_ignored(
    runner: CliRunner, built: Path, crafted: str
) -> None:
    for path in _entries(built):
        path.write_bytes(crafted.encode("utf-8", errors="surrogateescape"))
    assert build(runner, built) == ALL_COPIES  # rebuilt, with no error to the GM


def test_a_link_as_an_entry_is_not_followed(runner: CliRunner, built: Path) -> None:
    for stamp in (built / "out" / "mini" / ".cache").glob("build-*.json"):
        stamp.unlink()  # so that the build reads each output's entry
    entry_path = _entry_of(built, "gm/letter")
    target = built / "out" / "elsewhere.json"
    target.write_text(entry_path.read_text())
    entry_path.unlink()
    entry_path.symlink_to(target)
    assert build(runner, built) == {"gm/letter.pdf"}


def _run(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own, so a hang is a timeout, not a stuck test run."""
    argv = ["companion", *arguments]
    code = f"import sys; from companion.cli import main; sys.argv = {argv!r}; main()"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_a_named_pipe_as_an_entry_or_the_index_never_hangs(runner: CliRunner, built: Path):
    entry_path = _entry_of(built, "gm/letter")
    entry_path.unlink()
    os.mkfifo(entry_path)
    result = _run("build", str(built), "--out", str(built / "out"), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert runner.invoke(app, ["session", "start", "-c", str(built)]).exit_code == 0
    os.mkfifo(built / ".companion-index.json")
    result = _run("give", "letter", "--to", "pat", "-c", str(built), cwd=ROOT)
    assert result.returncode == 0, result.stderr


# --- the output folder ------------------------------------------------------------------------


def test_a_planted_output_link_is_refused(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "documents"
    elsewhere.mkdir()
    (tmp_path / "output").symlink_to(elsewhere)
    result = runner.invoke(app, ["build", str(mini), "--out", str(tmp_path / "output")])
    assert_clean_failure(result)
    assert "is a link" in result.output
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("where", ["root", "home", "campaign", "under a file"])
def test_an_output_folder_that_is_no_place_for_outputs_is_refused(
    runner: CliRunner, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "a-file").write_text("not a folder")
    out = {
        "root": "/",
        "home": str(tmp_path),
        "campaign": str(mini),
        "under a file": str(tmp_path / "a-file" / "out"),
    }[where]
    result = runner.invoke(app, ["build", str(mini), "--out", out])
    assert_clean_failure(result)
    assert "--out" in result.output


# --- trace ---------------------------------------------------------------------------------


def _encrypted_pdf(path: Path) -> Path:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("secret")
    with path.open("wb") as stream:
        writer.write(stream)
    return path


@pytest.mark.parametrize(
    "case", ["missing", "folder", "damaged", "encrypted", "device", "too large"]
)
def test_trace_on_what_is_not_a_readable_pdf_says_so(
    runner: CliRunner, mini: Path, tmp_path: Path, case: str
) -> None:
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7 then nothing a reader can use")
    large = tmp_path / "large.txt"
    with large.open("wb") as stream:
        stream.truncate(60 * 1024 * 1024)  # 60 MB of text, as the report had (sparse here)
    target = {
        "missing": tmp_path / "nowhere.pdf",
        "folder": tmp_path,
        "damaged": damaged,
        "encrypted": _encrypted_pdf(tmp_path / "locked.pdf"),
        "device": Path("/dev/zero"),
        "too large": large,
    }[case]
    result = runner.invoke(app, ["trace", str(target), "-c", str(mini)])
    assert_clean_failure(result)


# --- bounded work -----------------------------------------------------------------------------


def _chained_scenes(count: int) -> str:
    scenes = [
        f"- {{id: s{n}, title: S" + (f", leads_to: [s{n + 1}]}}" if n + 1 < count else "}")
        for n in range(count)
    ]
    clues = [
        f"- {{id: c{n}, text: C, where: {{scene: s{n}}}, leads_to: [s{n + 1}]}}"
        for n in range(count - 1)
    ]
    return "\n".join(["scenes:", *scenes, "clues:", *clues]) + "\n"


def test_many_chained_scenes_validate_in_linear_time(runner: CliRunner, mini: Path) -> None:
    """2,000 scenes, each leading to the next with a clue found there: the old reachability
    check took about 3 minutes on this (S² C); the story's links are now worked out once."""
    (mini / "clues.yaml").write_text(_chained_scenes(2_000))
    started = time.perf_counter()
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - started < 20


def test_a_very_long_word_is_broken_in_the_clue_graph_in_linear_time() -> None:
    from companion.book.graph_drawing import _wrapped

    started = time.perf_counter()
    lines = _wrapped("W" * 2_000, 120, bold=True)
    assert time.perf_counter() - started < 5
    assert "".join(lines) == "W" * 2_000 and len(lines) > 10


@pytest.mark.parametrize(
    ("file", "content", "expected"),
    [
        (
            "handouts/letter.yaml",
            "kind: note\ntitle: " + "W" * 2_000 + "\ntext: Hi.\n",
            "letter.yaml:2:8: `title`: expected at most 200 characters",
        ),
        (
            "handouts/threat.yaml",
            "kind: ransom\ntitle: Threat\ntext: " + "MEET ME " * 25_000 + "\n",
            "threat.yaml:3:7: `text`: expected at most 1000 characters",
        ),
        (
            "handouts/pad.yaml",
            "kind: cipher\ntitle: Pad\nmethod: one-time-pad\nplaintext: Meet at dawn.\nkey: '"
            + "1234567890" * 3_000
            + "'\n",
            "pad.yaml:5:6: the key is 30,000 characters long",
        ),
    ],
    ids=["title", "ransom note", "pad"],
)
def test_text_beyond_its_limit_is_a_located_error(
    runner: CliRunner, mini: Path, file: str, content: str, expected: str
) -> None:
    (mini / file).write_text(content)
    result = runner.invoke(app, ["validate", str(mini)])
    assert_clean_failure(result)
    assert expected in result.output


def test_a_refused_url_in_a_campaign_stylesheet_is_located_there(
    runner: CliRunner, mini: Path
) -> None:
    (mini / "templates").mkdir()
    (mini / "templates" / "note.css").write_text(
        '.note { color: #222; }\nbody { background: url("file:///etc/passwd"); }\n'
    )
    result = runner.invoke(app, ["build", str(mini), "--only", "letter", "--out", str(mini / "o")])
    assert_clean_failure(result)
    assert "templates/note.css:2:25: a template asks for what it may not use" in result.output
