"""Posters: letterpress notices fitted to their size, tiled when larger than the paper."""

from __future__ import annotations

from pathlib import Path

import pypdf
from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.build.request import BuildOptions
from companion.build.targets import build
from companion.campaign.loading import load_campaign
from companion.cli import app
from companion.kinds.poster import PosterContext
from tests.conftest import SAINT, copy_file
from tests.pdftext import pdf_text

POINTS_PER_MM = 72 / 25.4


def _sizes_mm(pdf: Path) -> list[tuple[int, int]]:
    return [
        (
            round(float(p.mediabox.width) / POINTS_PER_MM),
            round(float(p.mediabox.height) / POINTS_PER_MM),
        )
        for p in pypdf.PdfReader(pdf).pages
    ]


def test_an_a3_poster_prints_in_tiles_on_letter_paper(tmp_path: Path) -> None:
    build(load_campaign(SAINT), BuildOptions(only=("petrovo-poster",), out_dir=tmp_path))
    name = copy_file("player", "petrovo-poster", "saint-of-the-nets")
    pdf = tmp_path / "saint-of-the-nets" / "player" / name
    context = pipeline_for(load_campaign(SAINT)).context("petrovo-poster", "player")
    assert isinstance(context, PosterContext)
    assert len(context.tiles) >= 2
    sizes = _sizes_mm(pdf)
    assert len(sizes) == len(context.tiles)
    assert all(size in ((216, 279), (279, 216)) for size in sizes)
    text = pdf_text(pdf)
    assert "BLAGDAN" in text.upper() and "A1" in text and "stranica 1 od" in text  # in Croatian
    assert "page" not in text
    assert context.scale > 1  # a short notice is set large


def test_a_poster_that_fits_the_paper_is_one_page(mini: Path, tmp_path: Path) -> None:
    (mini / "handouts" / "notice.yaml").write_text(
        "kind: poster\ntitle: Notice\nto: all\nheadline: Wanted\ntext: The butler.\nsize: a4\n"
    )
    build(load_campaign(mini), BuildOptions(only=("notice",), out_dir=tmp_path, audience="gm"))
    assert _sizes_mm(tmp_path / "mini" / "gm" / "notice.pdf")[0] == (210, 297)


def test_too_much_text_for_the_poster_is_an_error_not_a_cut(runner: CliRunner, mini: Path) -> None:
    paragraph = "  The butler did it with the candlestick in the library, again.\n\n"
    (mini / "handouts" / "notice.yaml").write_text(
        "kind: poster\ntitle: Notice\nto: all\nheadline: Wanted\nsize: a4\ntext: |\n"
        + paragraph * 120
    )
    result = runner.invoke(
        app, ["build", str(mini), "--only", "notice", "--out", str(mini / "out")]
    )
    assert result.exit_code == 1, result.output
    assert "notice.yaml:6:" in result.output and "does not fit" in result.output
    assert "choose a larger `size:`" in result.output
