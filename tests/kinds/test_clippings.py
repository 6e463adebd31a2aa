"""Newspaper clippings: masthead, headline, columns, torn or cut edges, copies on a sheet."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.build.request import BuildOptions
from companion.build.targets import build
from companion.campaign.loading import load_campaign
from companion.cli import app
from companion.kinds.clipping import ClippingContext
from tests.conftest import SAINT, copy_file
from tests.pdftext import pdf_text


def _clipping(root: Path, handout_id: str) -> ClippingContext:
    context = pipeline_for(load_campaign(root)).context(handout_id, "player")
    assert isinstance(context, ClippingContext)
    return context


def test_one_clipping_for_each_player_each_torn_its_own_way(tmp_path: Path) -> None:
    build(load_campaign(SAINT), BuildOptions(only=("novo-doba-clipping",), out_dir=tmp_path))
    name = copy_file("player", "novo-doba-clipping", "saint-of-the-nets")
    text = pdf_text(tmp_path / "saint-of-the-nets" / "player" / name)
    assert text.count("Ribar utopljen u Svetom Petru") == 3
    assert "NOVO DOBA" in text.upper() and "Cijena 1 Din." in text
    assert "signed on" not in text  # the GM's notes are not on the players' sheet
    # a second article under its own headline; the backs, the cut-out words gone from them
    assert text.count("Iz lučke kapetanije") == 3 and text.count("Mali oglasi") == 3
    assert "Brodska karta za" in text and "Ameriku" not in text and "bratom" not in text
    assert text.count("Ribar utopljen") == 3  # the backs' unseen copies of the front print none
    context = _clipping(SAINT, "novo-doba-clipping")
    assert len(set(context.outlines)) == 3 and len(set(context.tilts_deg)) == 3
    assert _clipping(SAINT, "novo-doba-clipping") == context  # the same tear on every build


def test_a_newspapers_name_is_the_masthead(mini: Path) -> None:
    (mini / "handouts" / "cutting.yaml").write_text(
        "kind: clipping\ntitle: Cutting\nto: all\nnewspaper: newspaper\nedges: cut\n"
        "headline: Butler Cleared\ntext: The inquest found nothing.\n"
    )
    context = _clipping(mini, "cutting")
    assert context.masthead == "The Daily Courier" and context.edges == "cut"


def test_bad_clippings_are_located(runner: CliRunner, mini: Path) -> None:
    cutting = mini / "handouts" / "cutting.yaml"
    cutting.write_text("kind: clipping\ntitle: Cutting\nheadline: H\ntext: T.\nwidth_mm: 400\n")
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1
    assert "cutting.yaml:5:" in result.output and "at most 190" in result.output
    cutting.write_text(
        "kind: clipping\ntitle: Cutting\nheadline: H\ntext: T.\n"
        "photo: images/nowhere.jpg\nnewspaper: the-times\n"
    )
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1
    for words in (
        "cutting.yaml:5:",
        "no file `images/nowhere.jpg`",
        "cutting.yaml:6:",
        "unknown organisation `the-times`",
    ):
        assert words in result.output, result.output


def test_a_word_cut_out_of_the_back_must_stand_there(runner: CliRunner, mini: Path) -> None:
    (mini / "handouts" / "cutting.yaml").write_text(
        "kind: clipping\ntitle: Cutting\nheadline: Found\ntext: A body.\n"
        "reverse:\n  text: Tickets to America.\n  cut_out: [Amerika]\n"
    )
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1
    assert "cutting.yaml:7:13: `Amerika` is not in the text on the back" in result.output
