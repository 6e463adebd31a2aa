"""Whose copy is this: each player's copy differs by a small mark that `companion trace`
reads back; the marks carry nothing of the GM's."""

from __future__ import annotations

import base64
import ctypes
import hashlib
import hmac
import math
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pypdfium2.raw
import pytest
from typer.testing import CliRunner

from companion.build.copy_marks import MARK_PATTERN, copy_mark
from companion.build.pipeline import pipeline_for
from companion.build.request import PLAYER
from companion.campaign.loading import load_campaign
from companion.campaign.models import FormHandout
from companion.campaign.models.kinds import kind_name
from companion.cli import app
from companion.kinds.card import card_context
from companion.kinds.registry import KINDS
from companion.record.ledger import open_ledger
from tests.conftest import GIVEN_TO_BOTH, OZOLA, SAINT, copy_campaign, copy_file
from tests.pdftext import SUBSET_PREFIX_LENGTH, bundled_names, pdf_text


def play_one_session(campaign: Path) -> None:
    """Both players receive the same three handouts in session 1."""
    with open_ledger(campaign / "companion.db") as book:
        book.start_session("Come Alone", "2024-10-18")
        for handout in ("karl-kgb-file", "restaurant-map", "eklund-cards"):
            book.give(handout, ["anna", "ben"])
        book.end_session()


@pytest.fixture
def ozola_played(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Ozola after one session in which both players received the same three handouts."""
    campaign = tmp_path / "ozola"
    copy_campaign(OZOLA, campaign)
    play_one_session(campaign)
    monkeypatch.chdir(campaign)
    return campaign


def test_every_players_copy_differs_and_is_traced(
    runner: CliRunner, ozola_after_play: Path
) -> None:
    folders = {p: ozola_after_play / "out" / "ozola" / "players" / p for p in ("anna", "ben")}
    for handout in GIVEN_TO_BOTH:
        anna, ben = (folders[p] / copy_file(p, handout, "ozola") for p in ("anna", "ben"))
        assert anna.read_bytes() != ben.read_bytes(), handout
        for player, pdf in (("anna", anna), ("ben", ben)):
            result = runner.invoke(app, ["trace", str(pdf), "--campaign", str(ozola_after_play)])
            assert result.output == (
                f"{player}'s copy of `{handout}`, made after session 1 "
                f"(mark {MARK_PATTERN.search(pdf_text(pdf)).group()}).\n"  # type: ignore[union-attr]
            )
    # The KGB file numbers its copies: Anna's is copy 1, Ben's copy 2.
    assert "Экз. № 1" in pdf_text(folders["anna"] / "дело-karl-ozola.pdf")
    assert "Экз. № 2" in pdf_text(folders["ben"] / "дело-karl-ozola.pdf")


def test_trace_reads_extracted_text_and_refuses_unmarked_copies(
    runner: CliRunner, ozola_played: Path
) -> None:
    runner.invoke(app, ["build", "--player", "ben", "--out", "out", "--only", "eklund-cards"])
    pdf = (
        ozola_played
        / "out"
        / "ozola"
        / "players"
        / "ben"
        / copy_file("ben", "eklund-cards", "ozola")
    )
    (ozola_played / "copy.txt").write_text(pdf_text(pdf))
    assert runner.invoke(app, ["trace", "copy.txt"]).output.startswith("ben's copy of")
    runner.invoke(app, ["build", "--only", "eklund-cards", "--out", "out"])
    unmarked = runner.invoke(app, ["trace", "out/ozola/player/carl-eklunds-business-cards.pdf"])
    assert unmarked.exit_code == 1
    assert "No copy mark of this campaign's players" in unmarked.output


def test_the_book_lists_every_copy_with_its_mark(ozola_after_play: Path) -> None:
    """The GM's book has the register: each mark a packet prints stands in the binder's row
    for that player, handout and copy number."""
    out = ozola_after_play / "out" / "ozola"
    binder = pdf_text(out / "gm" / "book.pdf")
    assert "Register of copies" in binder and "as built after session 1" in binder
    campaign = load_campaign(ozola_after_play)
    for number, player in enumerate(campaign.info.players, start=1):
        for handout in GIVEN_TO_BOTH:
            copy = pdf_text(out / "players" / player.id / copy_file(player.id, handout, "ozola"))
            mark = MARK_PATTERN.search(copy).group()  # type: ignore[union-attr]
            title = campaign.handouts[handout].title
            assert f"{player.name} {title} {number} {mark}" in binder


def test_a_book_without_packets_given_has_no_register(ozola_clue_found_book: Path) -> None:
    """A session was played (a clue found), but no handout given: no copy to list."""
    binder = pdf_text(ozola_clue_found_book)
    assert "Non-player characters" in binder and "Register of copies" not in binder


def _secret(campaign: Path) -> str:
    with sqlite3.connect(campaign / "companion.db") as connection:
        return str(connection.execute("SELECT secret FROM mark_key").fetchone()[0])


def test_a_mark_made_without_the_records_secret_is_not_a_copy(
    runner: CliRunner, ozola_played: Path
) -> None:
    """Everyone at the table knows the campaign's, the players' and the handouts' names: a
    mark made from them alone (as marks once were) is refused once the record has its key."""
    forged = copy_mark("ozola", "ben", "karl-kgb-file", 1, None)
    (ozola_played / "forged.txt").write_text(f"Экз. № 2  {forged}\n")
    result = runner.invoke(app, ["trace", "forged.txt"])
    assert result.exit_code == 1
    assert "No copy mark" in result.output
    keyed = copy_mark("ozola", "ben", "karl-kgb-file", 1, _secret(ozola_played))
    (ozola_played / "real.txt").write_text(f"Экз. № 2  {keyed}\n")
    assert runner.invoke(app, ["trace", "real.txt"]).output.startswith("ben's copy")


def test_marks_made_before_the_record_had_a_key_still_trace(
    runner: CliRunner, ozola_played: Path
) -> None:
    """A record from before keyed marks (schema 3) gets its key when it is next opened; the
    copies it had marked, up to its latest session, still trace, said to be unkeyed."""
    with sqlite3.connect(ozola_played / "companion.db") as connection:
        connection.execute("DROP TABLE mark_key")  # as schema 3 was, before schemas 4 and 5
        connection.execute("ALTER TABLE entries DROP COLUMN command")
        connection.execute("PRAGMA user_version = 3")
    old = copy_mark("ozola", "anna", "restaurant-map", 1, None)
    (ozola_played / "old.txt").write_text(old)
    result = runner.invoke(app, ["trace", "old.txt"])
    assert result.exit_code == 0, result.output
    assert "anna's copy of `restaurant-map`, made after session 1" in result.output
    assert "unkeyed" in result.output
    with open_ledger(ozola_played / "companion.db") as book:
        book.start_session("Later", "2024-10-25")
    later = copy_mark("ozola", "anna", "restaurant-map", 2, None)
    (ozola_played / "later.txt").write_text(later)
    assert runner.invoke(app, ["trace", "later.txt"]).exit_code == 1  # made after the key


def test_the_secret_is_in_no_copy_and_no_export(
    runner: CliRunner, ozola_after_play: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = _secret(ozola_after_play)
    pdfs = list((ozola_after_play / "out").rglob("*.pdf"))
    assert len(pdfs) > 3  # the packets, the GM's and players' copies and the book
    for pdf in pdfs:
        assert secret.encode() not in pdf.read_bytes()
        assert secret not in pdf_text(pdf)
    monkeypatch.chdir(ozola_after_play)
    exported = runner.invoke(app, ["session", "export", "--all"]).output
    assert "players" in exported and secret not in exported


# --- where the mark stands: every kind's copy, as printed -----------------------------------

MM = 72 / 25.4  # PDF points in a millimetre


@pytest.fixture(scope="module", params=["ozola", "saint"])
def every_copy(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A campaign whose first player was given every handout in session 1, with that
    player's copies built: Ozola after its session of play, and the Saint."""
    if request.param == "ozola":
        return Path(request.getfixturevalue("ozola_after_play"))
    campaign = tmp_path_factory.mktemp("every-copy") / SAINT.name
    copy_campaign(SAINT, campaign)
    player = load_campaign(campaign).player_ids()[0]
    with open_ledger(campaign / "companion.db") as book:
        book.start_session("All of it", "2024-10-18")
        for handout in load_campaign(campaign).handouts:
            book.give(handout, [player])
        book.end_session()
    out = campaign / "out"
    built = CliRunner().invoke(app, ["build", str(campaign), "--player", player, "--out", str(out)])
    assert built.exit_code == 0, built.output
    return campaign


def _copies(campaign: Path) -> dict[str, Path]:
    """Each handout's copy of the first player, by handout id."""
    loaded = load_campaign(campaign)
    player = loaded.player_ids()[0]
    folder = campaign / "out" / loaded.name / "players" / player
    return {h: folder / copy_file(player, h, loaded.name) for h in loaded.handouts}


def test_every_kinds_copy_traces_to_its_player(every_copy: Path) -> None:
    campaign = load_campaign(every_copy)
    player = campaign.player_ids()[0]
    for handout, pdf in _copies(every_copy).items():
        result = CliRunner().invoke(app, ["trace", str(pdf), "--campaign", str(every_copy)])
        assert result.output.startswith(f"{player}'s copy of `{handout}`"), result.output


def test_the_campaigns_hold_every_kind() -> None:
    """So that the tests of every copy above see each kind's place for the mark."""
    held = {kind_name(type(h)) for c in (OZOLA, SAINT) for h in load_campaign(c).handouts.values()}
    assert held == set(KINDS)


@dataclass(frozen=True)
class Printed:
    """Where a page's mark is printed, in mm from the page's top left, and in what fonts."""

    width: float
    height: float
    mark: tuple[float, float, float, float]  # left, top, right, bottom
    mark_fonts: frozenset[str]


def _printed(pdf: Path) -> list[Printed]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [_printed_page(page) for page in document]
    finally:
        document.close()


def _printed_page(page: pypdfium2.PdfPage) -> Printed:
    width, height = page.get_size()
    text = page.get_textpage()
    found = MARK_PATTERN.search(text.get_text_range())
    assert found is not None, "a page without its mark"
    boxes, fonts = [], set()
    for index in range(text.count_chars()):
        left, bottom, right, top = text.get_charbox(index)
        box = (left / MM, (height - top) / MM, right / MM, (height - bottom) / MM)
        if found.start() <= index < found.end():
            boxes.append(box)
            fonts.add(_font_name(text, index))
    mark = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    return Printed(width / MM, height / MM, mark, frozenset(fonts))


def _font_name(text: pypdfium2.PdfTextPage, index: int) -> str:
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    pypdfium2.raw.FPDFText_GetFontInfo(text.raw, index, buffer, 128, ctypes.byref(flags))
    name = buffer.value.decode()
    return name[SUBSET_PREFIX_LENGTH:] if name[6:7] == "+" else name


def test_the_mark_stands_in_the_margin_over_blank_paper(
    every_copy: Path, request: pytest.FixtureRequest
) -> None:
    """On every page of every kind: near the foot of the paper, where printers still print
    (or, on a prop printed edge to edge, in its face where its maker signs), where the
    unmarked copy has no ink within a millimetre of it (so it overlaps no word, rule or
    drawing), set in a bundled face. A form's number line makes room for it."""
    campaign = load_campaign(every_copy)
    # The unmarked copies: the players' copies of the session's build of the same campaign.
    built = request.getfixturevalue("ozola_build" if campaign.name == "ozola" else "saint_build")
    pipeline = pipeline_for(campaign)
    for handout, pdf in _copies(every_copy).items():
        # A form prints it on its own number line instead (see the test below).
        context = pipeline.context(handout, PLAYER)
        place = context.mark_place
        in_margin = place.where != "furniture"
        unmarked = pypdfium2.PdfDocument(built / PLAYER / copy_file(PLAYER, handout, campaign.name))
        printed = _printed(pdf)
        assert len(printed) == len(unmarked), handout
        for number, page in enumerate(printed, 1):
            where = f"{handout}, page {number}"
            left, top, right, bottom = page.mark
            assert left >= 4 and page.width - right >= 4, where
            # A prop printed edge to edge (an envelope's net, cut out along its outline)
            # carries it on its face where its maker signs: the bottom flap.
            on_its_face = bool(context.edge_pages) and page.height - top > 10
            if in_margin and not on_its_face:
                assert page.height - bottom >= 4 and page.height - top <= 10, where
            if in_margin:
                box = (left - 1, top - 1, right + 1, bottom + 1)
                clear = _darkest(unmarked[number - 1], box)
                assert clear > 150, where
            assert page.mark_fonts and page.mark_fonts <= bundled_names(), where
        unmarked.close()


DPI = 150


def _darkest(page: pypdfium2.PdfPage, box_mm: tuple[float, float, float, float]) -> int:
    """The darkest grey within a box of the page's picture at DPI: ink is dark, paper
    light. Only the box is drawn, on the pixels a picture of the whole page has there (the
    whole page, drawn and encoded, cost the test most of its time)."""
    scale = DPI / 72
    width, height = (math.ceil(side * scale) for side in page.get_size())
    left, top, right, bottom = (round(mm * DPI / 25.4) for mm in box_mm)
    # What is cut off each side, in pixels; pypdfium2 rounds a crop in points up to whole
    # pixels, so half a pixel less lands on each.
    cut = (left, height - bottom, width - right, top)
    drawn = page.render(scale=scale, crop=tuple((pixels - 0.5) / scale for pixels in cut))
    low, _ = drawn.to_pil().convert("L").getextrema()
    return int(low)


def test_on_a_sheet_of_cut_props_the_mark_is_outside_the_cuts() -> None:
    """Cards n-up: below the last cut line and right of the first, on no card."""
    ozola = load_campaign(OZOLA)
    for handout in ("eklund-cards", "tarasov-id", "table-seven"):
        context = card_context(ozola, ozola.handouts[handout], is_gm=False)  # type: ignore[arg-type]
        place, sheet = context.mark_place, context.sheets[0]
        assert place.where == "sheet"
        assert place.x_mm > sheet.cuts_x[0]
        mark_top = context.paper.height_mm - place.bottom_mm - 1.8  # one 5 pt line
        assert mark_top > sheet.cuts_y[-1], handout


def test_the_mark_is_digits_a_printers_number_not_letters_to_decode() -> None:
    mark = copy_mark("ozola", "anna", "london-pad-message", 1, "a secret")
    assert MARK_PATTERN.fullmatch(mark)
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}", mark)
    assert mark == copy_mark("ozola", "anna", "london-pad-message", 1, "a secret")


def test_copies_printed_with_the_old_letter_marks_still_trace(
    runner: CliRunner, ozola_played: Path
) -> None:
    """Before marks were digits they were base32 (`K7Q2-ZD4M`): those copies are out there."""
    secret = _secret(ozola_played)
    digest = hmac.new(secret.encode(), b"ozola\x1fben\x1fkarl-kgb-file\x1f1", hashlib.sha256)
    code = base64.b32encode(digest.digest())[:8].decode()
    (ozola_played / "old.txt").write_text(f"Экз. № 2  {code[:4]}-{code[4:]}\n")
    result = runner.invoke(app, ["trace", "old.txt"])
    assert result.output == (
        f"ben's copy of `karl-kgb-file`, made after session 1 (mark {code[:4]}-{code[4:]}).\n"
    )


def test_a_form_with_a_number_prints_the_mark_after_it(every_copy: Path) -> None:
    """Where a form's printer put his code: on the form's number line, `Obr. 7 · <mark>`."""
    campaign = load_campaign(every_copy)
    forms = [h for h in campaign.handouts.values() if isinstance(h, FormHandout) and h.form_number]
    for form in forms:
        text = pdf_text(_copies(every_copy)[form.id])
        assert form.form_number is not None
        assert re.search(rf"{re.escape(form.form_number)} · \d{{4}}-\d{{4}}-\d{{4}}", text)
    assert forms or campaign.name == "ozola"
