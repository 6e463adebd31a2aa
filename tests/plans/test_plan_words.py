"""A map in words: the plan's rooms, doors and ways out, as the PDF's alternative text and on
the GM's notes page; the players' words name only what the players' drawing shows."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from companion.build.request import Audience, BuildOptions
from companion.build.targets import build
from companion.campaign.loading import load_campaign
from companion.campaign.models import FloorPlan
from companion.plans.words import plan_in_words
from tests.conftest import OZOLA, copy_file
from tests.pdftext import pdf_text, tag_alternatives

TWO_ROOMS = {
    "size": [10, 6],
    "rooms": [
        {"name": "Hall", "outline": [[0, 0], [6, 0], [6, 6], [0, 6]]},
        {"outline": [[6, 0], [10, 0], [10, 4], [6, 4]]},
        {"name": "Vault", "outline": [[6, 4], [10, 4], [10, 6], [6, 6]], "gm": True},
    ],
    "doors": [
        {"at": [6, 2]},
        {"at": [3, 6], "label": "Front door"},
        {"at": [8, 4], "gm": True},
    ],
    "windows": [{"start": [1, 0], "end": [2, 0]}, {"start": [3, 0], "end": [4, 0]}],
    "furniture": [{"kind": "round-table", "at": [2, 2], "number": n} for n in (1, 2, 3, 5)],
}


def test_rooms_doors_and_ways_out_are_named_from_the_plan() -> None:
    words = plan_in_words(FloorPlan.model_validate(TWO_ROOMS), "The Old Bank")
    assert words.startswith("Floor plan of The Old Bank, 3 rooms.")
    assert "Hall (36 m², 2 windows)" in words
    assert "unnamed room 2 (16 m²)" in words  # an unnamed room is still there to find
    assert "Hall to unnamed room 2" in words
    assert "Hall to the outside (Front door)" in words
    assert "Ways out from: Hall." in words
    assert "Numbered tables: 1–3, 5." in words
    assert "Vault (8 m², the players do not know of it)" in words
    assert "unnamed room 2 to Vault (the players do not know of it)" in words


def test_feet_plans_give_areas_in_square_feet() -> None:
    plan = FloorPlan.model_validate({**TWO_ROOMS, "units": "ft"})
    assert "Hall (36 sq ft, 2 windows)" in plan_in_words(plan, "The Old Bank")


def _figure_alternatives(pdf: Path) -> list[str]:
    return [text for text in tag_alternatives(PdfReader(pdf)) if text.startswith("Floor plan")]


def test_map_pdfs_carry_the_plan_in_words_as_their_alternative(ozola_build: Path) -> None:
    player = _figure_alternatives(
        ozola_build / "player" / copy_file("player", "restaurant-map", "ozola")
    )
    gm = _figure_alternatives(ozola_build / "gm" / "restaurant-map.pdf")
    assert len(player) == 1 and len(gm) == 1
    assert "Kitchen to the outside (Back door)" in player[0]
    assert "Ways out from: Kitchen, Vestibule." in player[0]
    # The staff passage is a GM-only door: the GM's words have it, the players' never do.
    assert "Staff passage" in gm[0] and "Staff passage" not in player[0]
    assert "the players do not know of it" not in player[0]


def test_the_gm_notes_page_prints_the_plan_in_words(ozola_build: Path) -> None:
    text = pdf_text(ozola_build / "gm" / "restaurant-map.pdf")
    assert "The plan in words" in text
    assert "Corridor to the outside (Staff passage; the players do not know of it)" in text
    assert "The plan in words" not in pdf_text(
        ozola_build / "player" / copy_file("player", "restaurant-map", "ozola")
    )


def test_tiled_maps_name_each_page(tmp_path: Path) -> None:
    """Each page of a tiled plan says which page it is, and the assembly diagram what it is."""
    campaign = load_campaign(OZOLA)
    options = BuildOptions(
        out_dir=tmp_path, audience=Audience.PLAYER, only=("office-map",), map_scale="1:20"
    )
    build(campaign, options)
    pdf = tmp_path / campaign.name / "player" / copy_file("player", "office-map", "ozola")
    alternatives = tag_alternatives(PdfReader(pdf))
    pages = [text for text in alternatives if text.startswith("Page ")]
    assert len(pages) >= 2
    assert pages[0].startswith("Page A1 of the plan. Floor plan of Nordkap Trading AB")
    assert any(text.startswith("How the ") for text in alternatives)


def test_a_label_ending_in_a_full_stop_ends_its_sentence_once() -> None:
    marks = [{"at": [1, 1], "kind": "note", "label": "Safe, opened 8 a.m."}]
    words = plan_in_words(FloorPlan.model_validate({**TWO_ROOMS, "marks": marks}), "The Old Bank")
    assert words.endswith("Marked: Safe, opened 8 a.m.")
