"""Where laid-out text stands on a page, as plain data: what fitting a prop reads back from
the layout (see `pdf.text_lines`), without importing WeasyPrint."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextLine:
    """One laid-out line of text: its page (from 0) and the extent of its text, in mm from
    the page's top-left corner (the trim edge, bleed excluded)."""

    page: int
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    baseline_mm: float = 0.0  # where the letters stand
    font: str = ""  # the first family its text asks for: which hand or face wrote it


# Every line of text of some pages (numbered on through them) and each page's size in mm
# (bleed excluded): what a preflight checks a PDF's safe zone with.
LayoutFacts = tuple[list[TextLine], list[tuple[float, float]]]


@dataclass(frozen=True)
class PageArea:
    """A laid-out page's content area (inside its margins), in mm from its top-left corner."""

    top_mm: float
    bottom_mm: float
    page_height_mm: float = 0.0  # the whole page's
    left_mm: float = 0.0
    page_width_mm: float = 0.0
    painted: bool = False  # the page has a ground of its own: it is a prop's paper


@dataclass(frozen=True)
class Spot:
    """Where an element a template marked with `data-spot="NAME"` was laid out: its border
    box, in mm from its page's top-left corner (one for each piece of it, if it broke)."""

    name: str
    page: int
    top_mm: float
    left_mm: float
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class Measured:
    """A document as WeasyPrint laid it out: its pages, every line of text on them, and the
    places of the elements its template marked as spots."""

    pages: int
    lines: tuple[TextLine, ...]
    area: PageArea  # of the first page
    spots: tuple[Spot, ...] = ()

    def spots_named(self, name: str) -> list[Spot]:
        return [spot for spot in self.spots if spot.name == name]

    def on_page(self, number: int) -> list[TextLine]:
        return [line for line in self.lines if line.page == number]

    def fill(self) -> float:
        """How many pages' worth of content area the text takes, e.g. 1.4."""
        if not self.lines:
            return 0.0
        height = self.area.bottom_mm - self.area.top_mm
        last = self.on_page(self.pages - 1)
        used = max(line.bottom_mm for line in last) - self.area.top_mm if last else 0.0
        return self.pages - 1 + max(0.0, used) / height
