"""Newspaper clippings: masthead, headline, columns, torn or cut edges, copies on a sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.campaign.loading import load_campaign
from companion.cli import app
from companion.kinds.clipping import ClippingContext
from companion.render.pdf import Rendered
from tests.conftest import SAINT, copy_file
from tests.pdftext import pdf_text


def _clipping(root: Path, handout_id: str) -> ClippingContext:
    context = pipeline_for(load_campaign(root)).context(handout_id, "player")
    assert isinstance(context, ClippingContext)
    return context


def test_one_clipping_for_each_player_each_torn_its_own_way(saint_build: Path) -> None:
    name = copy_file("player", "novo-doba-clipping", "saint-of-the-nets")
    text = pdf_text(saint_build / "player" / name)
    assert text.count("Ribar utopljen u Svetom Petru") == 3
    assert "NOVO DOBA" in text.upper() and "Cijena 1 Din." in text
    assert "signed on" not in text  # the GM's notes are not on the players' sheet
    # a second article under its own headline; the backs, the cut-out words gone from them
    assert text.count("Iz lučke kapetanije") == 3 and text.count("Mali oglasi") == 3
    assert "Brodska karta za" in text and "Ameriku" not in text and "bratom" not in text
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


def _clipping_heights(rendered: Rendered) -> dict[str, list[float]]:
    """The laid-out height of each clipping (front or back) on the sheets, in CSS px."""
    heights: dict[str, list[float]] = {"front": [], "back": []}

    def walk(box: Any) -> None:
        classes = (box.element.get("class") or "").split() if box.element is not None else []
        if "clipping" in classes and box.element_tag == "div":
            heights["back" if "back" in classes else "front"].append(box.border_height())
            return
        for child in getattr(box, "children", ()):
            walk(child)

    for document in rendered.documents:
        for page in document.pages:
            walk(page._page_box)
    return heights


@pytest.fixture(scope="module")
def novo_doba() -> tuple[str, Rendered]:
    """The Saint's clipping, the players' copy: its HTML and its layout, made once."""
    pipeline = pipeline_for(load_campaign(SAINT))
    (document,) = pipeline.documents("novo-doba-clipping", "player")
    return document.html, pipeline.lay_out([document])


def test_each_back_is_as_tall_as_its_front_measured_once(novo_doba: tuple[str, Rendered]) -> None:
    """The back is sized from one measured front, not from a hidden copy of the front laid
    out inside every back (which cost as much as the fronts again)."""
    html, rendered = novo_doba
    assert 'class="sized"' not in html
    assert html.count("<h1>Ribar") == 3  # the fronts only
    heights = _clipping_heights(rendered)
    assert len(heights["front"]) == len(heights["back"]) == 3
    for front, back in zip(heights["front"], heights["back"], strict=True):
        assert abs(front - back) < 0.2, (front, back)  # within 0.05 mm


def _holes(rendered: Rendered) -> dict[str, list[list[tuple[float, float, float]]]]:
    """Each clipping's holes (front or back): (left, top, width) from its own corner, px."""
    found: dict[str, list[list[tuple[float, float, float]]]] = {"front": [], "back": []}

    def walk(box: Any, clipping: Any, holes: list[tuple[float, float, float]] | None) -> None:
        classes = (box.element.get("class") or "").split() if box.element is not None else []
        if "clipping" in classes and box.element_tag == "div" and box is not clipping:
            holes = []
            found["back" if "back" in classes else "front"].append(holes)
            clipping = box
        elif "hole" in classes and holes is not None and box.element_tag == "span":
            corner = (box.border_box_x() - clipping.border_box_x(), box.border_width())
            holes.append((corner[0], box.border_box_y() - clipping.border_box_y(), corner[1]))
            return
        for child in getattr(box, "children", ()):
            walk(child, clipping, holes)

    for document in rendered.documents:
        for page in document.pages:
            walk(page._page_box, None, None)
    return found


def test_the_words_cut_out_of_the_back_are_holes_through_the_front(
    novo_doba: tuple[str, Rendered],
) -> None:
    """Two words cut out of the back of each of the three clippings: each comes through its
    front at the same height, on the other side (the sheet turned over on its long edge)."""
    holes = _holes(novo_doba[1])
    assert [len(front) for front in holes["front"]] == [2, 2, 2]
    assert [len(back) for back in holes["back"]] == [2, 2, 2]
    width = 88 / 25.4 * 96  # the clipping's width_mm, in px
    for front, back in zip(holes["front"], holes["back"], strict=True):
        mirrored = sorted((width - left - wide, top, wide) for left, top, wide in back)
        for (left, top, wide), (want_left, want_top, want_wide) in zip(
            sorted(front), mirrored, strict=True
        ):
            assert abs(left - want_left) < 0.5 and abs(top - want_top) < 0.5, (front, back)
            assert abs(wide - want_wide) < 0.5
