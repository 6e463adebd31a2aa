"""The GM's book as printed pages: one paper size; a prop inside it stands on carrier pages,
counting its own sheets, at true size or saying how much smaller, with the book's page number
in a band under it; and no page holds a line or two run over from the page before."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import numpy
import pypdfium2
import pytest
from PIL import Image
from pypdf import PdfReader

from companion.campaign.loading import load_campaign
from companion.kinds.base import PAPER_MM
from tests.book.pages import PT_PER_MM, book_pages, fills, placed_pages
from tests.conftest import OZOLA, SAINT
from tests.pdftext import page_texts

# A page under this share of its content area filled is a spill (see `pages.page_fill`).
LEAST_FILL = 0.2
# The book's page number keeps this far from the paper's edge (where printers print
# nothing), and this far from anything else printed.
EDGE_MM = 5.0
CLEAR_MM = 1.5
# A pixel at least this light in every channel is blank paper.
BLANK = 250

BOOKS = pytest.mark.parametrize("source", [OZOLA, SAINT], ids=["ozola", "saint"])


def build_of(source: Path, request: pytest.FixtureRequest) -> Path:
    return Path(request.getfixturevalue("ozola_build" if source == OZOLA else "saint_build"))


def carrier_pages(build: Path, source: Path) -> dict[str, list[int]]:
    """The book's carrier pages of each GM copy's prop, in order, by handout."""
    found: dict[str, list[int]] = {}
    for page in book_pages(build / "gm" / "book.pdf", load_campaign(source)):
        if page.role == "prop" and page.handout is not None:
            found.setdefault(page.handout, []).append(page.number)
    return found


@BOOKS
def test_every_page_of_the_book_is_its_paper(source: Path, request: pytest.FixtureRequest) -> None:
    """One paper size for the whole book, the campaign's: an A5 letter, an A6 matchbox and a
    landscape telegram stand on pages of it. A page may be turned (a landscape plan)."""
    book = build_of(source, request) / "gm" / "book.pdf"
    paper = PAPER_MM[load_campaign(source).info.paper]
    sizes = {
        tuple(
            sorted(round(float(v) / PT_PER_MM) for v in (page.trimbox.width, page.trimbox.height))
        )
        for page in PdfReader(book).pages
    }
    assert sizes == {tuple(sorted(round(v) for v in paper))}


@BOOKS
def test_a_prop_in_the_book_is_its_own_copy_on_carrier_pages(
    source: Path, request: pytest.FixtureRequest
) -> None:
    """Each carrier page reads as its caption, then the pages of the prop's separate GM copy
    drawn on it, word for word ("Лист 1 из 3", not the book's page), then the book's page
    number: nothing else is added, and no page of the prop is left out."""
    build = build_of(source, request)
    book = page_texts(build / "gm" / "book.pdf")
    placed = placed_pages(build / "gm" / "book.pdf")
    checked = 0
    for handout, carriers in carrier_pages(build, source).items():
        own = iter(page_texts(build / "gm" / f"{handout}.pdf"))
        for number in carriers:
            shown = "".join(_letters(next(own)) for _ in placed[number])
            text = _letters(book[number - 1])
            assert text.endswith(str(number)), (handout, number)
            text = text.removesuffix(str(number))
            assert text.endswith(shown), (handout, number)
            assert CAPTION.fullmatch(text.removesuffix(shown)), (handout, number, text[:120])
            checked += 1
    assert checked >= 15


# A carrier's caption: what the prop is, and at what size it is shown.
CAPTION = re.compile(r".+:(truesize,tocutoutalongthemarks|shownat\d+%ofitssize)")


def _letters(text: str) -> str:
    """A page's text without its white space (text extraction spaces a hand's letters
    differently from one PDF to another)."""
    return "".join(text.split())


def test_the_kgb_file_in_the_book_counts_its_sheets_from_one(ozola_build: Path) -> None:
    book = page_texts(ozola_build / "gm" / "book.pdf")
    kgb = carrier_pages(ozola_build, OZOLA)["karl-kgb-file"]
    texts = [book[number - 1] for number in kgb]
    assert [f"Лист {n} из 3" in text for n, text in enumerate(texts, start=1)] == [True] * 3


@BOOKS
def test_a_prop_stands_at_true_size_or_says_how_much_smaller(
    source: Path, request: pytest.FixtureRequest
) -> None:
    """A prop's page that fits the room above the band is drawn at its own size, with crop
    marks; one that does not is drawn smaller, at the share of its size its caption says."""
    build = build_of(source, request)
    book = pypdfium2.PdfDocument(build / "gm" / "book.pdf")
    placed = placed_pages(build / "gm" / "book.pdf")
    sizes: set[str] = set()
    for handout, carriers in carrier_pages(build, source).items():
        own = iter(pypdfium2.PdfDocument(build / "gm" / f"{handout}.pdf"))
        for number in carriers:
            caption = book[number - 1].get_textpage().get_text_range()
            shown = re.search(r"shown at (\d+)\s%", caption)
            scale = int(shown.group(1)) / 100 if shown else 1.0
            sizes.add("true" if shown is None else "smaller")
            for left, bottom, right, top in placed[number]:
                width, height = next(own).get_size()
                assert right - left == pytest.approx(width * scale, abs=0.5), (handout, number)
                assert top - bottom == pytest.approx(height * scale, abs=0.5), (handout, number)
    assert sizes == {"true", "smaller"}


@BOOKS
def test_the_book_numbers_a_carrier_page_in_the_band_under_the_prop(
    source: Path, request: pytest.FixtureRequest
) -> None:
    """The book's page number on a carrier page stands under every prop drawn on it, on
    blank paper, and 5 mm or more from the paper's edge."""
    build = build_of(source, request)
    book = pypdfium2.PdfDocument(build / "gm" / "book.pdf")
    placed = placed_pages(build / "gm" / "book.pdf")
    carriers = [n for numbers in carrier_pages(build, source).values() for n in numbers]
    for number in carriers:
        page = book[number - 1]
        props = placed[number]
        boxes = [
            box
            for text, box in _texts(page)
            if text == str(number) and not any(_within(box, prop) for prop in props)
        ]
        assert len(boxes) == 1, number
        left, bottom, right, top = boxes[0]
        width, height = page.get_size()
        edge = EDGE_MM * PT_PER_MM
        assert min(left, bottom, width - right, height - top) >= edge, number
        assert top + CLEAR_MM * PT_PER_MM <= min(prop[1] for prop in props), number
        assert _blank_around(page, boxes[0]), number
    assert len(carriers) >= 15


Box = tuple[float, float, float, float]  # left, bottom, right, top, in points


def _within(box: Box, outer: Box) -> bool:
    left, bottom, right, top = box
    return outer[0] <= left and outer[1] <= bottom and right <= outer[2] and top <= outer[3]


def _texts(page: pypdfium2.PdfPage) -> Iterator[tuple[str, Box]]:
    """Each run of text on the page, and its box (to the point)."""
    text = page.get_textpage()
    for index in range(text.count_rects()):
        box = text.get_rect(index)
        left, bottom, right, top = (float(round(x)) for x in box)
        yield text.get_text_bounded(*box).strip(), (left, bottom, right, top)


def _blank_around(page: pypdfium2.PdfPage, box: Box) -> bool:
    """Whether nothing but the number is printed within 1.5 mm of its box."""
    scale = 2  # 144 dots per inch
    image: Image.Image = page.render(scale=scale).to_pil().convert("L")
    _, height = page.get_size()
    clear = CLEAR_MM * PT_PER_MM
    left, bottom, right, top = box
    area = numpy.asarray(
        image.crop(
            (
                int((left - clear) * scale),
                int((height - top - clear) * scale),
                int((right + clear) * scale) + 1,
                int((height - bottom + clear) * scale) + 1,
            )
        )
    ).copy()
    # The number itself, and a point round its box (rounded to the point), are not looked at.
    inner = int((clear - 1) * scale)
    area[inner : area.shape[0] - inner, inner : area.shape[1] - inner] = 255
    return bool(area.min() >= BLANK)


@BOOKS
def test_no_page_of_the_book_holds_a_spill(source: Path, request: pytest.FixtureRequest) -> None:
    """No page of the book's own text, and no GM notes page run on from the one before, is
    less than a fifth full. Full is measured as `pages.page_fill` does: from the top of the
    page's first line of text to the bottom of its last, over the height of the content
    area; a page under a fifth holds a few lines run over from the page before.

    Pages of their own for a reason are left out: the cover (a title page, mostly blank by
    design); a prop's pages (each is the prop itself, at its own size, as full as the prop
    is); and the first page of a GM copy's notes (it follows its prop's pages, paper of
    their own that nothing shares, so a short note makes a short page)."""
    book = build_of(source, request) / "gm" / "book.pdf"
    measured = fills(book, load_campaign(source))
    short = [
        (page.number, page.role, round(fill, 2))
        for page, fill in measured
        if page.role in ("text", "more notes") and fill < LEAST_FILL
    ]
    assert short == []
    assert sum(page.role == "text" for page, _ in measured) >= 20
