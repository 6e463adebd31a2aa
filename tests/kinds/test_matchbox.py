"""The matchbox: a label at true size, striking strips, and the message on a cigarette paper,
written smaller for a longer message, refused at its line when even that cannot hold it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.campaign.loading import load_campaign
from companion.cli import app
from companion.kinds.matchbox import MatchboxContext
from tests.pdftext import pdf_text

MATCHBOX = """kind: matchbox
title: Matches from the Blue Cup
to: all
author: butler
text: |
{text}
label:
  heading: Blue Cup
  lines: [Café, Rue des Martyrs]
  small_print: Allumettes de sûreté
  colour: red
  emblem: star
"""


def _write(mini: Path, text: str) -> None:
    body = "\n".join(f"  {line}" for line in text.splitlines())
    (mini / "handouts" / "matches.yaml").write_text(MATCHBOX.format(text=body))


def test_the_label_and_the_message_print_at_true_size(runner: CliRunner, mini: Path) -> None:
    _write(mini, "The mill.\nMidnight.")
    out = mini / "out"
    result = runner.invoke(app, ["build", str(mini), "--only", "matches", "--out", str(out)])
    assert result.exit_code == 0, result.output
    (pdf,) = (out / "mini" / "player").glob("*.pdf")
    text = pdf_text(pdf)
    for words in ("BLUE CUP", "Rue des Martyrs", "Allumettes de sûreté", "The mill.", "Midnight."):
        assert words in text, words
    context = pipeline_for(load_campaign(mini)).context("matches", "player")
    assert isinstance(context, MatchboxContext)
    assert context.label_mm == (50.0, 36.0)


def test_a_longer_message_is_written_smaller(mini: Path) -> None:
    _write(mini, "Meet me at the mill.")
    short = pipeline_for(load_campaign(mini)).context("matches", "player")
    _write(mini, "\n".join(["Meet me at the mill after the last bell, and bring the ledger."] * 6))
    long = pipeline_for(load_campaign(mini)).context("matches", "player")
    assert isinstance(short, MatchboxContext) and isinstance(long, MatchboxContext)
    assert long.font_size_pt < short.font_size_pt


def test_a_message_no_cigarette_paper_can_hold_is_refused_at_its_line(
    runner: CliRunner, mini: Path
) -> None:
    _write(mini, "\n".join(f"Line {n}." for n in range(60)))  # more lines than paper
    result = runner.invoke(app, ["build", str(mini), "--only", "matches", "--out", str(mini / "o")])
    assert result.exit_code == 1
    assert "matches.yaml:5:7: the message is too long for a cigarette paper" in result.output
