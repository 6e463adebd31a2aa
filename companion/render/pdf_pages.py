"""Finished PDFs put together page by page with pikepdf: the pages of one placed on the pages
of another (the props of the GM's book on its carrier pages), the same bytes every time."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf

PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class PagePlacement:
    """A page of a source PDF (from 0) drawn on a page of the target (from 0), in the box
    whose top-left corner and size are given in mm from the target page's trimmed top-left
    corner: scaled to fill it, its proportions kept."""

    target_page: int
    source_page: int
    x_mm: float
    y_mm: float
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class PlacedSource:
    """A source PDF and where its pages go."""

    pdf: bytes
    placements: Sequence[PagePlacement]


# Pages drawn on a page are named by this and their number among them (the name tells them
# from WeasyPrint's own pictures; pikepdf's overlays take random names, which would make two
# builds differ).
PLACED_PREFIX = "/Placed"


def placed(target: bytes, sources: Sequence[PlacedSource]) -> bytes:
    """The target PDF with the sources' pages drawn on its pages, each as a form XObject (its
    text stays text, its fonts and pictures its own). Pages of a source keep none of their
    links or bookmarks: the target's own say where things are."""
    with pikepdf.open(io.BytesIO(target)) as book:
        opened = [pikepdf.open(io.BytesIO(source.pdf)) for source in sources]
        try:
            drawn: dict[int, int] = {}
            for source, pdf in zip(sources, opened, strict=True):
                for placement in source.placements:
                    page = book.pages[placement.target_page]
                    form = book.copy_foreign(pdf.pages[placement.source_page].as_form_xobject())
                    number = drawn.get(placement.target_page, 0)
                    drawn[placement.target_page] = number + 1
                    if number == 0:
                        _ready_to_draw_on(book, page)
                    _draw(book, page, form, f"{PLACED_PREFIX}{number}", _box(page, placement))
            # The sources stay open until the book is written: pikepdf copies their streams
            # only then.
            return _saved(book)
        finally:
            for pdf in opened:
                pdf.close()


def _draw(pdf: pikepdf.Pdf, page: pikepdf.Page, form: pikepdf.Object, name: str, box: Box) -> None:
    """Draw the form on the page over what it holds, filling the box."""
    page.obj.Resources.XObject[name] = form
    llx, lly, urx, ury = (float(x) for x in form.BBox)
    left, bottom, right, top = box
    scale_x, scale_y = (right - left) / (urx - llx), (top - bottom) / (ury - lly)
    matrix = (scale_x, 0, 0, scale_y, left - llx * scale_x, bottom - lly * scale_y)
    drawing = "q " + " ".join(f"{v:.6f}" for v in matrix) + f" cm {name} Do Q\n"
    page.contents_add(pikepdf.Stream(pdf, drawing.encode()))


def _ready_to_draw_on(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """What the page draws closed in a graphics state of its own, so that what is drawn
    after it starts from the page's; and pictures of its own: WeasyPrint's pages share one
    dictionary of them, and what is drawn on one page would otherwise be listed on all."""
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, b"\nQ\n"))
    resources = _copied(page.obj.get("/Resources"))
    resources.XObject = _copied(resources.get("/XObject"))
    page.obj.Resources = resources


def _copied(dictionary: pikepdf.Object | None) -> pikepdf.Dictionary:
    """A new dictionary with the same entries (which it shares)."""
    return pikepdf.Dictionary({} if dictionary is None else dict(dictionary.items()))


Box = tuple[float, float, float, float]  # left, bottom, right, top, in points


def _box(page: pikepdf.Page, placement: PagePlacement) -> Box:
    """The placement's box in the page's PDF coordinates (from the bottom left of the media,
    which a bleed makes larger than the page as designed)."""
    trim = pikepdf.Rectangle(page.trimbox)
    left = trim.llx + placement.x_mm * PT_PER_MM
    top = trim.ury - placement.y_mm * PT_PER_MM
    return (
        left,
        top - placement.height_mm * PT_PER_MM,
        left + placement.width_mm * PT_PER_MM,
        top,
    )


def _saved(pdf: pikepdf.Pdf) -> bytes:
    """The PDF's bytes, its file identifier made from its content (the same input, the same
    bytes)."""
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()
