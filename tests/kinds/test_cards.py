"""Card sheets: n-up layout, crop marks outside the cards, backs that line up in duplex."""

from __future__ import annotations

import math
from pathlib import Path

import pypdf
import pytest

from companion.build.pipeline import pipeline_for
from companion.build.request import BuildOptions
from companion.build.targets import build
from companion.campaign.models import Campaign
from companion.kinds.card import CardContext
from tests.conftest import copy_file


def _context(ozola: Campaign, handout_id: str, copies: int | None = None) -> CardContext:
    if copies is not None:
        handout = ozola.handouts[handout_id].model_copy(update={"copies": copies})
        ozola = ozola.model_copy(update={"handouts": {**ozola.handouts, handout_id: handout}})
    context = pipeline_for(ozola).context(handout_id, "player")
    assert isinstance(context, CardContext)
    return context


@pytest.mark.parametrize("copies", [1, 10, 11, 25])
def test_sheet_count_for_k_cards(ozola: Campaign, copies: int) -> None:
    context = _context(ozola, "eklund-cards", copies)
    per_sheet = 10  # 85 x 55 mm cards on A4 inside 10 mm margins: 2 columns, 5 rows
    fronts = [s for s in context.sheets if s.side == "front"]
    assert len(fronts) == math.ceil(copies / per_sheet)
    assert sum(len(s.placements) for s in fronts) == copies
    assert len(context.sheets) == 2 * len(fronts)  # each front sheet has its back


def test_backs_line_up_when_printed_duplex(ozola: Campaign) -> None:
    context = _context(ozola, "eklund-cards")
    front, back = context.sheets[0], context.sheets[1]
    assert (front.side, back.side) == ("front", "back")
    paper, card = context.paper.width_mm, context.card.width_mm
    for face, reverse in zip(front.placements, back.placements, strict=True):
        # Flipped on the long edge, x on the back is measured from the other side.
        assert reverse.x_mm == pytest.approx(paper - face.x_mm - card, abs=0.01)
        assert reverse.y_mm == face.y_mm
    assert {p.x_mm for p in front.placements} == {p.x_mm for p in back.placements}


def test_cards_stay_inside_the_printable_margin(ozola: Campaign) -> None:
    context = _context(ozola, "eklund-cards")
    for sheet in context.sheets:
        for place in sheet.placements:
            assert place.x_mm >= 10 and place.y_mm >= 10
            assert place.x_mm + context.card.width_mm <= context.paper.width_mm - 10
            assert place.y_mm + context.card.height_mm <= context.paper.height_mm - 10


def test_card_sheet_pdf_has_front_and_back_pages(ozola: Campaign, tmp_path: Path) -> None:
    options = BuildOptions(only=("eklund-cards", "table-seven"), out_dir=tmp_path)
    build(ozola, options)
    player = tmp_path / "ozola" / "player"
    assert len(pypdf.PdfReader(player / copy_file("player", "eklund-cards", "ozola")).pages) == 2
    assert (
        len(pypdf.PdfReader(player / copy_file("player", "table-seven", "ozola")).pages) == 1
    )  # no back
    text = (
        pypdf.PdfReader(player / copy_file("player", "eklund-cards", "ozola"))
        .pages[1]
        .extract_text()
    )
    assert "Карл Эклунд" in text
