"""Card sheets: n-up layout, crop marks close to the cards, backs that line up in duplex; ID
booklets that fold, with a seal across the photograph and a signature beside it; crests."""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.campaign.labels import prop_labels
from companion.campaign.loading import load_campaign
from companion.campaign.models import Campaign, CardFace, CardField, CardHandout
from companion.cli import app
from companion.errors import LocatedError
from companion.kinds.booklet import Box, generic_seal, seal_words
from companion.kinds.card import CardContext, monogram
from companion.kinds.imprint import PRINTABLE_EDGE_MM
from companion.render.layout import TextLine
from companion.render.pdf import measured
from tests.conftest import ASSETS, OZOLA, SAINT, copy_file
from tests.pdftext import pdf_text


def _context(campaign: Campaign, handout_id: str, copies: int | None = None) -> CardContext:
    if copies is not None:
        handout = campaign.handouts[handout_id].model_copy(update={"copies": copies})
        campaign = campaign.model_copy(
            update={"handouts": {**campaign.handouts, handout_id: handout}}
        )
    context = pipeline_for(campaign).context(handout_id, "player")
    assert isinstance(context, CardContext)
    return context


def _with_card(campaign: Campaign, card: CardHandout) -> Campaign:
    return campaign.model_copy(update={"handouts": {**campaign.handouts, card.id: card}})


def _folded(text: str) -> str:
    """Text as the PDF gives it back: no case, accents or spaces (the seal's letters come
    back one by one)."""
    bare = unicodedata.normalize("NFKD", text)
    return re.sub(r"\s", "", "".join(c for c in bare if not unicodedata.combining(c)).casefold())


# --- sheets of flat cards -------------------------------------------------------------------


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


def _every_card_context() -> list[tuple[str, CardContext]]:
    contexts = []
    for campaign in (load_campaign(OZOLA), load_campaign(SAINT)):
        for handout_id, handout in campaign.handouts.items():
            if isinstance(handout, CardHandout):
                contexts.append((handout_id, _context(campaign, handout_id)))
    return contexts


def test_crop_marks_lie_in_the_printable_area_close_to_the_cards_and_on_none() -> None:
    contexts = _every_card_context()
    assert {"eklund-cards", "table-seven", "tarasov-id", "vidovic-card"} <= dict(contexts).keys()
    for handout_id, context in contexts:
        paper, item = context.paper, context.item
        for sheet in context.sheets:
            props = [Box(p.x_mm, p.y_mm, item.width_mm, item.height_mm) for p in sheet.placements]
            assert sheet.marks, handout_id
            for mark in sheet.marks:
                line = Box(mark.x1, mark.y1, mark.x2 - mark.x1 + 0.01, mark.y2 - mark.y1 + 0.01)
                where = f"{handout_id} {sheet.side} {mark}"
                assert min(mark.x1, mark.y1) >= PRINTABLE_EDGE_MM, where
                assert mark.x2 <= paper.width_mm - PRINTABLE_EDGE_MM, where
                assert mark.y2 <= paper.height_mm - PRINTABLE_EDGE_MM, where
                assert not any(line.overlaps(prop) for prop in props), where
                assert min(_distance(line, prop) for prop in props) <= 1.01, where


def _distance(a: Box, b: Box) -> float:
    across = max(0.0, b.left - a.right, a.left - b.right)
    down = max(0.0, b.top - a.bottom, a.top - b.bottom)
    return math.hypot(across, down)


def test_a_sheet_the_cards_do_not_fill_holds_them_in_its_middle(ozola: Campaign) -> None:
    """Four reservation cards of ten: in the middle of the A4, not along its top."""
    context = _context(ozola, "table-seven")
    (sheet,) = context.sheets
    top = min(p.y_mm for p in sheet.placements)
    bottom = max(p.y_mm for p in sheet.placements) + context.item.height_mm
    assert top == pytest.approx(context.paper.height_mm - bottom, abs=0.02)


def test_card_sheet_pdf_has_front_and_back_pages(ozola_build: Path) -> None:
    player = ozola_build / "player"
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


# --- crests ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "initials"),
    [
        ("Carl Eklund", "CE"),
        ("Карл Эклунд", "КЭ"),
        ("Šime Vidović", "ŠV"),
        ("Ludwig van Beethoven", "LB"),
        ("«Нордкап Трейдинг АБ» Стокгольм", "НС"),
        (None, ""),
    ],
)
def test_a_crest_carries_the_initials_of_the_heading(heading: str | None, initials: str) -> None:
    assert monogram(heading) == initials


def test_the_business_cards_crest_is_a_shield_with_the_initials(ozola: Campaign) -> None:
    """Front in English, back in Russian: each crest its own face's initials."""
    context = _context(ozola, "eklund-cards")
    assert context.back is not None
    assert (context.front.monogram, context.back.monogram) == ("CE", "КЭ")
    html = pipeline_for(ozola).html("eklund-cards", "player")
    for initials in ("CE", "КЭ"):
        assert f"Crest: a shield with the initials {initials}</title>" in html
        assert re.search(rf"<text [^>]*>{initials}</text>", html)


# --- ID booklets ----------------------------------------------------------------------------


def _inside_lines(campaign: Campaign, handout_id: str) -> tuple[CardContext, list[TextLine]]:
    """The booklet's context and every line of text laid out on its first inside sheet."""
    pipeline = pipeline_for(campaign)
    context = pipeline.context(handout_id, "player")
    assert isinstance(context, CardContext)
    laid_out = measured(pipeline.lay_out(pipeline.documents(handout_id, "player")[:1]))
    return context, laid_out.on_page(1)


def test_the_booklets_seal_crosses_the_photographs_corner_and_no_words(ozola: Campaign) -> None:
    context, lines = _inside_lines(ozola, "tarasov-id")
    inside, sheet = context.inside, context.sheets[1]
    assert inside is not None and context.scale == 1 and sheet.side == "back"
    seal, photo, radius = inside.seal.box, inside.photo, inside.seal.radius_mm
    centre = (seal.left + radius, seal.top + radius)
    # The photograph's lower right corner is inside the seal, its centre and most of the
    # seal outside the photograph: the ring crosses the corner.
    assert math.dist(centre, (photo.right, photo.bottom)) < radius
    assert centre[0] > photo.right and centre[1] > photo.bottom
    assert seal.overlaps(photo)
    for place in sheet.placements:
        on_sheet = Box(place.x_mm + seal.left, place.y_mm + seal.top, seal.width, seal.height)
        fold_x = place.x_mm + context.card.width_mm
        booklet = [line for line in lines if 0 <= line.top_mm - place.y_mm < context.card.height_mm]
        assert len(booklet) >= 8  # heading, four fields (one on two lines), footer, signature
        for line in booklet:
            words = Box(
                line.left_mm,
                line.top_mm,
                line.right_mm - line.left_mm,
                line.bottom_mm - line.top_mm,
            )
            assert not words.overlaps(on_sheet), line
            assert min(abs(line.left_mm - fold_x), abs(line.right_mm - fold_x)) >= 5, line
            assert not line.left_mm < fold_x < line.right_mm, line


def test_the_booklet_is_signed_by_hand_beside_the_seal(ozola: Campaign) -> None:
    context, lines = _inside_lines(ozola, "tarasov-id")
    assert context.inside is not None and context.inside.signature is not None
    signed = [line for line in lines if line.font.startswith("Marck Script")]
    assert len(signed) == len(context.sheets[1].placements)  # one on each booklet
    seal = context.inside.seal.box
    assert context.inside.signature.box.left > seal.right  # beside it, not on it
    assert context.inside.signature.text == "Ерохин"


def test_every_word_of_the_booklet_is_printed(ozola: Campaign, ozola_build: Path) -> None:
    text = _folded(pdf_text(ozola_build / "player" / copy_file("player", "tarasov-id", "ozola")))
    card = ozola.handouts["tarasov-id"]
    assert isinstance(card, CardHandout) and card.back is not None
    faces = (card.front, card.back)
    words = [
        text
        for face in faces
        for text in (face.heading, face.subheading, face.footer, face.signature, face.seal)
        if text
    ]
    words += [part for face in faces for field in face.fields for part in (field.label, field.text)]
    assert card.back.seal and card.back.signature  # the YAML shows both
    assert [word for word in words if _folded(word) not in text] == []


def test_the_inside_lies_behind_the_outside_with_the_photograph_behind_the_cover(
    ozola: Campaign,
) -> None:
    """Printed on both sides and flipped on the long edge: each booklet's inside behind its
    outside, the photograph's leaf (left inside) behind the front cover (right outside)."""
    context = _context(ozola, "tarasov-id")
    outside, inside = context.sheets[0], context.sheets[1]
    assert (outside.side, inside.side, context.turned) == ("front", "back", False)
    width, leaf = context.paper.width_mm, context.card.width_mm
    for out, ins in zip(outside.placements, inside.placements, strict=True):
        front_cover = (out.x_mm + leaf, out.x_mm + 2 * leaf)
        photo_leaf_seen_through = (width - ins.x_mm - leaf, width - ins.x_mm)
        assert photo_leaf_seen_through == pytest.approx(front_cover, abs=0.01)
        assert out.y_mm == ins.y_mm


def test_two_booklets_stand_in_the_middle_of_the_a4_with_cut_and_fold_marks_beside_them(
    ozola: Campaign,
) -> None:
    context = _context(ozola, "tarasov-id")
    assert context.paper.height_mm == 297 and context.item.width_mm == 190
    for sheet in context.sheets:
        assert len(sheet.placements) == 2
        top = min(p.y_mm for p in sheet.placements)
        bottom = max(p.y_mm for p in sheet.placements) + context.item.height_mm
        assert top == pytest.approx(297 - bottom, abs=0.02)  # not along the top
        assert top > 80
        folds = [mark for mark in sheet.marks if mark.fold]
        fold_x = {round(p.x_mm + context.card.width_mm, 2) for p in sheet.placements}
        assert {mark.x1 for mark in folds} == fold_x
        assert all(mark.x1 == mark.x2 for mark in folds)  # along the fold
        # Every mark within a few millimetres of a booklet, none far off at the paper's edge.
        assert all(top - 6 <= mark.y1 and mark.y2 <= bottom + 6 for mark in sheet.marks)


def test_four_booklets_fit_an_a4(ozola: Campaign) -> None:
    context = _context(ozola, "tarasov-id", copies=4)
    assert [len(sheet.placements) for sheet in context.sheets] == [4, 4]


def _warrant_card(**changes: object) -> CardHandout:
    """A 1920s police warrant card: a booklet in English, with a crest and no `seal:`."""
    fields = {
        "id": "warrant",
        "kind": "card",
        "title": "Inspector Hartley's warrant card",
        "style": "booklet",
        "size": (90, 62),
        "copies": 2,
        "front": CardFace(emblem="crest", heading="Metropolitan Police", subheading="Warrant Card"),
        "back": CardFace(
            heading="Warrant No. 4711",
            photo="butler",
            fields=[CardField(label="Name", text="Jeeves Hartley")],
            signature="W. Horwood",
            footer="The bearer is a constable of the Metropolitan Police.",
        ),
    }
    return CardHandout.model_validate({**fields, **changes})


def test_another_campaigns_booklet_takes_its_seal_from_its_cover(tmp_path: Path) -> None:
    """A warrant card with a portrait: the seal reads the force's name, over the photograph
    (none of it gone with a torn-out one), and every word is printed."""
    mini = load_campaign(ASSETS / "mini")
    campaign = _with_card(mini, _warrant_card())
    context = _context(campaign, "warrant")
    assert context.inside is not None and context.back is not None
    assert context.back.photo_url is not None and context.inside.seal.lifted is None
    ring = "".join(letter.letter for letter in context.inside.seal.words)
    assert ring == "METROPOLITANPOLICE"
    pdf = tmp_path / "warrant.pdf"
    pdf.write_bytes(pipeline_for(campaign).pdf(["warrant"], "player"))
    text = _folded(pdf_text(pdf))
    for words in ("Metropolitan Police", "Warrant Card", "W. Horwood", "Jeeves Hartley"):
        assert _folded(words) in text
    assert text.count(_folded("METROPOLITAN POLICE")) >= 3  # the cover, the footer, the seal


def test_a_torn_out_photograph_took_its_part_of_the_seal(ozola: Campaign) -> None:
    context = _context(ozola, "tarasov-id")
    assert context.inside is not None and context.back is not None
    assert context.back.photo_url is None  # Tarasov has no portrait
    lifted, photo, seal = context.inside.seal.lifted, context.inside.photo, context.inside.seal.box
    assert lifted is not None
    radius = seal.width / 2
    assert (lifted.left + seal.left + radius, lifted.top + seal.top + radius) == pytest.approx(
        (photo.left, photo.top), abs=0.02
    )


@pytest.mark.parametrize(
    ("language", "words"), [("ru", "Печать"), ("en", "Official seal"), ("xx", "")]
)
def test_a_seal_with_no_name_to_carry_says_seal_in_the_cards_language(
    language: str, words: str
) -> None:
    generic = generic_seal(prop_labels(language, {}))
    assert seal_words(None, None, generic)[0] == words
    assert seal_words(None, "Kraljevska žandarmerija", generic)[0] == "Kraljevska žandarmerija"


def test_seal_words_too_long_for_the_ring_stop_the_build_at_their_line() -> None:
    mini = load_campaign(ASSETS / "mini")
    back = _warrant_card().back
    assert back is not None
    long_seal = back.model_copy(update={"seal": " ".join(["Constabulary"] * 12)})
    campaign = _with_card(mini, _warrant_card(back=long_seal))
    with pytest.raises(LocatedError) as refused:
        pipeline_for(campaign).context("warrant", "player")
    assert "the seal's words do not fit round its ring" in refused.value.problem.message


def test_an_open_booklet_larger_than_the_paper_is_refused_at_its_size() -> None:
    mini = load_campaign(ASSETS / "mini")
    campaign = _with_card(mini, _warrant_card(size=(148, 105)))
    with pytest.raises(LocatedError) as refused:
        pipeline_for(campaign).context("warrant", "player")
    assert refused.value.problem.message == (
        "a booklet, open, of 296 x 105 mm does not fit on the paper inside its 10 mm margin, "
        "even turned"
    )


def test_a_booklet_too_wide_for_the_paper_upright_is_laid_out_on_it_turned() -> None:
    """Open, a 100 x 70 mm warrant card is 200 mm wide: two to a landscape A4."""
    mini = load_campaign(ASSETS / "mini")
    context = _context(_with_card(mini, _warrant_card(size=(100, 70))), "warrant")
    assert context.turned and (context.paper.width_mm, context.paper.height_mm) == (297, 210)
    assert [len(sheet.placements) for sheet in context.sheets] == [2, 2]


@pytest.mark.parametrize(
    ("yaml", "message"),
    [
        (
            "style: business\nfront:\n  heading: Carl Eklund\n  signature: C. E.\n",
            "5:3: `front`: `signature` is printed inside an ID booklet only: give the card "
            "`style: soviet-id` or `booklet`, or leave it out",
        ),
        (
            "style: soviet-id\nfront:\n  heading: KGB\n  photo: butler\n  seal: KGB\n",
            "5:3: `front`: a booklet's cover carries no `photo` or `seal`: they go inside the "
            "booklet, under `back:`",
        ),
    ],
)
def test_what_a_card_cannot_print_is_refused_at_its_line(
    mini: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, yaml: str, message: str
) -> None:
    (mini / "handouts" / "card.yaml").write_text(f"kind: card\ntitle: A card\n{yaml}")
    monkeypatch.chdir(mini.parent)
    result = runner.invoke(app, ["validate", "mini"])
    assert result.exit_code == 1
    assert f"mini/handouts/card.yaml:{message}\n" in result.output
