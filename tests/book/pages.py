"""The GM's book read back page by page: what each page is (the cover, the book's own text, a
prop's page, a GM notes page), how full it is, and where its page number stands.

Run as a script to see how full a book's pages are:
`python -m tests.book.pages output/ozola/gm/book.pdf campaigns/ozola`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pikepdf
import pypdfium2

from companion.campaign.loading import load_campaign
from companion.campaign.models import Campaign
from companion.render.pdf_pages import PLACED_PREFIX
from tests.pdftext import outline_pages

PT_PER_MM = 72 / 25.4
# The book's own pages have margins of 18 mm above and 20 mm below (templates/book/book.css).
BOOK_MARGINS_MM = 38.0
# Page furniture (the page number, the running title) stands lower than this above the
# paper's foot; a line of text never does (the book's and the GM pages' margins are deeper).
FOOT_MM = 14.0
# The last part of the book's own text; the GM copies follow it.
LAST_PART = "Handouts and who holds them"
NOTES = "GM notes: "

Role = Literal["cover", "text", "prop", "notes", "more notes"]


@dataclass(frozen=True)
class BookPage:
    """A page of the book: its number (from 1), what it is, and the handout it belongs to.
    `notes` is the first page of a GM copy's notes, `more notes` one after it."""

    number: int
    role: Role
    handout: str | None = None


def folded(text: str) -> str:
    """White space folded, and none before closing punctuation or after opening brackets
    (plain_text leaves a space where emphasis ended: "free will , denounces"), nor after a
    hyphen (text extraction adds one where a line broke: "midnight- blue")."""
    text = " ".join(text.replace("\u00a0", " ").replace("’", "'").split())
    text = re.sub(r"(\w)- (?=\w)", r"\1-", text)
    return re.sub(r"([(«“]) | (?=[,.;:!?)»”])", r"\1", text)


def book_pages(book: Path, campaign: Campaign) -> list[BookPage]:
    """Every page of the book, told apart by its bookmarks: the GM copies begin after the
    book's last part, each with the prop's pages and then its GM notes."""
    outline = outline_pages(book)
    count = len(pypdfium2.PdfDocument(book))
    titles = {handout.title: handout_id for handout_id, handout in campaign.handouts.items()}
    starts: list[tuple[int, Role, str]] = []
    after_last_part = False
    for title, page in outline:
        if title == LAST_PART:
            after_last_part = True
        elif after_last_part and title.removeprefix(NOTES) in titles:
            role: Role = "notes" if title.startswith(NOTES) else "prop"
            starts.append((page, role, titles[title.removeprefix(NOTES)]))
    return [_page(number, starts) for number in range(1, count + 1)]


def _page(number: int, starts: list[tuple[int, Role, str]]) -> BookPage:
    if number == 1:
        return BookPage(1, "cover")
    before = [start for start in starts if start[0] <= number]
    if not before:
        return BookPage(number, "text")
    page, role, handout = before[-1]
    if role == "notes" and page < number:
        role = "more notes"
    return BookPage(number, role, handout)


Box = tuple[float, float, float, float]  # left, bottom, right, top, in points


def placed_pages(book: Path) -> dict[int, list[Box]]:
    """Where pages of another PDF (a prop's, on a carrier page) are drawn on each page of the
    book (numbered from 1): the box each fills, in the order drawn."""
    found: dict[int, list[Box]] = {}
    with pikepdf.open(book) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            forms = page.resources.get("/XObject", pikepdf.Dictionary())
            matrices = [pikepdf.Matrix()]
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name == "q":
                    matrices.append(matrices[-1])
                elif name == "Q":
                    matrices.pop()
                elif name == "cm":
                    matrices[-1] = pikepdf.Matrix(*(float(x) for x in operands)) @ matrices[-1]
                elif name == "Do" and str(operands[0]).startswith(PLACED_PREFIX):
                    llx, lly, urx, ury = (float(x) for x in forms[operands[0]].BBox)
                    left, bottom = matrices[-1].transform((llx, lly))
                    right, top = matrices[-1].transform((urx, ury))
                    found.setdefault(number, []).append((left, bottom, right, top))
    return found


def page_fill(page: pypdfium2.PdfPage) -> float:
    """How much of the page its text fills: from the top of its first line of text to the
    bottom of its last, over the height of the book's content area (the page less the
    book's margins). The page number and running title in the foot are not text of the page.
    A page with one line on it scores about 0.02, a full one about 1."""
    _, height = page.get_size()
    boxes = list(_text_boxes(page))
    lines = [box for box in boxes if box[1] > FOOT_MM * PT_PER_MM]
    if not lines:
        return 0.0
    top, bottom = max(box[3] for box in lines), min(box[1] for box in lines)
    return float((top - bottom) / (height - BOOK_MARGINS_MM * PT_PER_MM))


def _text_boxes(page: pypdfium2.PdfPage) -> Iterator[tuple[float, float, float, float]]:
    """The boxes of the page's runs of text: left, bottom, right, top in points from the
    page's bottom-left corner."""
    text = page.get_textpage()
    for index in range(text.count_rects()):
        yield text.get_rect(index)


def fills(book: Path, campaign: Campaign) -> list[tuple[BookPage, float]]:
    document = pypdfium2.PdfDocument(book)
    return [(page, page_fill(document[page.number - 1])) for page in book_pages(book, campaign)]


def main(book: str, campaign_folder: str, least: float = 0.2) -> None:
    measured = fills(Path(book), load_campaign(Path(campaign_folder)))
    short = [(page, fill) for page, fill in measured if fill < least]
    for page, fill in measured:
        print(f"{page.number:3d} {page.role:10s} {fill:4.0%} {page.handout or ''}")
    measurable = [p for p, _ in short if p.role in ("text", "more notes")]
    print(
        f"{len(measured)} pages; {len(short)} under {least:.0%} filled, "
        f"{len(measurable)} of them the book's own text or GM notes run on"
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
