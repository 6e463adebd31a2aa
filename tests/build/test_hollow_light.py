"""The third test campaign, a gothic tale: its own statuses, plan marks and kinds of place
reach its props, its book and its recap, and its German certificate prints no English label."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from companion.build.request import Audience, BuildOptions, OutputFormat
from companion.build.targets import build
from companion.campaign.loading import load_campaign
from companion.cli import app
from companion.plans.symbols import SYMBOLS
from tests.conftest import HOLLOW_LIGHT
from tests.pdftext import pdf_text


@pytest.fixture
def hollow_light(tmp_path: Path) -> Path:
    target = tmp_path / "hollow-light"
    shutil.copytree(HOLLOW_LIGHT, target)
    return target


def _say(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_it_validates_in_its_own_words(runner: CliRunner) -> None:
    assert _say(runner, "validate", str(HOLLOW_LIGHT)) == (
        "hollow-light: no problems found (2 players, 4 NPCs, 2 locations, 6 handouts).\n"
    )


def test_its_german_props_print_no_english_label(
    runner: CliRunner, hollow_light: Path, tmp_path: Path
) -> None:
    """The register's certificate (a form) and the keeper's file, printed from his fields."""
    out = tmp_path / "cli"
    _say(runner, "build", str(hollow_light), "--only", "sterbeurkunde", "--only",
         "file-hinrich-bosse", "--audience", "player", "--out", str(out))  # fmt: skip
    player = out / "hollow-light" / "player"
    certificate = pdf_text(player / "sterbeurkunde-greta-bosse.pdf")
    assert "UNTERSCHRIFT" in certificate and "STERBEURKUNDE" in certificate
    assert "signature" not in certificate.casefold()
    keepers_file = pdf_text(player / "akte-hinrich-bosse.pdf")  # named as the file reads
    assert PdfReader(player / "akte-hinrich-bosse.pdf").metadata.title == "Akte: Hinrich Bosse"
    for german in ("Personalakte", "Blatt 1 von 1", "GEHEIM", "schlafwandelnd", "LEBENSLAUF"):
        assert german.casefold() in keepers_file.casefold(), german
    for english in ("Personal file", "Page", "Born", "Occupation", "Secret",
                    "Background", "Known associates", "sleepwalking"):  # fmt: skip
        assert english.casefold() not in keepers_file.casefold(), english


def test_the_gm_plan_draws_the_campaigns_marks(tmp_path: Path) -> None:
    options = BuildOptions(
        out_dir=tmp_path,
        only=("lighthouse-plan",),
        audience=Audience.GM,
        format=OutputFormat.HTML,
    )
    report = build(load_campaign(HOLLOW_LIGHT), options)
    plan = tmp_path / "hollow-light" / "gm" / "lighthouse-plan.html"
    assert plan in [built.path for built in report.files]
    html = plan.read_text(encoding="utf-8")
    for symbol in ("candle", "spiral", "pentacle", "dot"):
        assert SYMBOLS[symbol] in html, symbol
    assert 'class="mark mark-salt-line gm dotted"' in html


def test_the_recap_tells_its_fates_in_its_words(
    runner: CliRunner, hollow_light: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(hollow_light)
    _say(runner, "session", "start", "--title", "The spring tide")
    assert "already sleepwalking" in _say(runner, "npc", "status", "hinrich-bosse", "sleepwalking")
    _say(runner, "npc", "status", "hinrich-bosse", "drowned")
    _say(runner, "npc", "status", "wiebke-jansen", "in-hiding")
    _say(runner, "session", "end")
    fates = [line for line in _say(runner, "recap").splitlines() if line.startswith("- ")]
    assert fates == [
        "- Hinrich Bosse was taken by the sea",
        "- Wiebke Jansen has gone into hiding",
    ]
