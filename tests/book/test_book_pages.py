"""The GM's book as printed pages: a prop inside it counts its own sheets and carries the
book's page number only off the prop, and no page holds a line or two run over from the
page before."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy
import pypdfium2
import pytest
from PIL import Image

from companion.campaign.loading import load_campaign
from tests.book.pages import PT_PER_MM, BookPage, book_pages, fills
from tests.conftest import OZOLA, SAINT
from tests.pdftext import page_texts

# A page under this share of its content area filled is a spill (see `pages.page_fill`).
LEAST_FILL = 0.2
# The book's page number keeps this far from the paper's edge (where printers print
# nothing), and this far from anything the prop prints.
EDGE_MM = 5.0
CLEAR_MM = 1.5
# A pixel at least this light in every channel is blank paper.
BLANK = 250

BOOKS = pytest.mark.parametrize("source", [OZOLA, SAINT], ids=["ozola", "saint"])


def build_of(source: Path, request: pytest.FixtureRequest) -> Path:
    return Path(request.getfixturevalue("ozola_build" if source == OZOLA else "saint_build"))


def prop_pages(build: Path, source: Path) -> Iterator[tuple[BookPage, Path, int]]:
    """Each page of a prop in the book, with its GM copy's own PDF and the page (from 0)
    of that copy it is: the copy's pages come in the same order, the prop's first."""
    book = build / "gm" / "book.pdf"
    first: dict[str, int] = {}
    for page in book_pages(book, load_campaign(source)):
        if page.role == "prop" and page.handout is not None:
            start = first.setdefault(page.handout, page.number)
            yield page, build / "gm" / f"{page.handout}.pdf", page.number - start


@BOOKS
def test_a_prop_in_the_book_counts_its_own_sheets(
    source: Path, request: pytest.FixtureRequest
) -> None:
    """Every page of a prop in the book reads as the same page of its separate GM copy
    ("Лист 1 из 3", not the book's page), with at most the book's page number added."""
    build = build_of(source, request)
    book = page_texts(build / "gm" / "book.pdf")
    checked = 0
    for page, own_pdf, own_index in prop_pages(build, source):
        text, own_text = _letters(book[page.number - 1]), _letters(page_texts(own_pdf)[own_index])
        assert text == own_text or _and_a_number(text, own_text, str(page.number)), page
        checked += 1
    assert checked >= 15


def _letters(text: str) -> str:
    """A page's text without its white space (text extraction spaces a hand's letters
    differently from one PDF to another)."""
    return "".join(text.split())


def _and_a_number(text: str, own_text: str, number: str) -> bool:
    """Whether `text` is `own_text` with `number` put in somewhere (wherever the extraction
    put the book's page number)."""
    return any(
        text[:at] + text[at + len(number) :] == own_text
        for at in range(len(text))
        if text.startswith(number, at)
    )


def test_the_kgb_file_in_the_book_counts_its_sheets_from_one(ozola_build: Path) -> None:
    book = page_texts(ozola_build / "gm" / "book.pdf")
    kgb = [page for page, _, _ in prop_pages(ozola_build, OZOLA) if page.handout == "karl-kgb-file"]
    texts = [book[page.number - 1] for page in kgb]
    assert [f"Лист {n} из 3" in text for n, text in enumerate(texts, start=1)] == [True] * 3


@BOOKS
def test_the_book_numbers_a_prop_page_only_off_the_prop(
    source: Path, request: pytest.FixtureRequest
) -> None:
    """Where a prop's page carries the book's page number, the number is the page's and
    stands on blank paper: its own copy prints nothing there, not even its paper's colour,
    within 1.5 mm of it, and it is 5 mm or more from the paper's edge. A page that is the
    prop's paper edge to edge (a file, a note, a letter) carries none."""
    build = build_of(source, request)
    book = pypdfium2.PdfDocument(build / "gm" / "book.pdf")
    numbered = 0
    for page, own_pdf, own_index in prop_pages(build, source):
        own = pypdfium2.PdfDocument(own_pdf)[own_index]
        # Whether anything else was added is the test above's; this finds the number.
        own_runs = set(_texts(own))
        added = [run for run in _texts(book[page.number - 1]) if run not in own_runs]
        numbers = [box for text, box in added if text == str(page.number)]
        assert len(numbers) <= 1, page
        if not numbers:
            continue
        box = numbers[0]
        width, height = own.get_size()
        left, bottom, right, top = box
        edge = EDGE_MM * PT_PER_MM
        assert min(left, bottom, width - right, height - top) >= edge, (page, box)
        assert _blank_around(own, box), page
        numbered += 1
    assert numbered >= 2  # the maps' pages, whose margins are blank paper


Box = tuple[float, float, float, float]  # left, bottom, right, top, in points


def _texts(page: pypdfium2.PdfPage) -> Iterator[tuple[str, Box]]:
    """Each run of text on the page, and its box (to the point)."""
    text = page.get_textpage()
    for index in range(text.count_rects()):
        box = text.get_rect(index)
        left, bottom, right, top = (float(round(x)) for x in box)
        yield text.get_text_bounded(*box).strip(), (left, bottom, right, top)


def _blank_around(page: pypdfium2.PdfPage, box: Box) -> bool:
    scale = 2  # 144 dots per inch
    image: Image.Image = page.render(scale=scale).to_pil().convert("L")
    _, height = page.get_size()
    clear = CLEAR_MM * PT_PER_MM
    left, bottom, right, top = box
    area = image.crop(
        (
            int((left - clear) * scale),
            int((height - top - clear) * scale),
            int((right + clear) * scale) + 1,
            int((height - bottom + clear) * scale) + 1,
        )
    )
    return bool(numpy.asarray(area).min() >= BLANK)


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
