"""Where and how the GM's book numbers its pages: what the layout that measures a page's
place for its number and the join that draws it (`pdf_pages`) share, kept apart from the
join so that laying a copy out never imports pikepdf."""

from __future__ import annotations

from dataclasses import dataclass

# The book's page number: in the foot, right-aligned at the page's right margin, its line
# centred between the edge a printer cannot reach and this clear of the page's content.
FOLIO_EDGE_MM = 5.0
FOLIO_CLEAR_MM = 1.5
FOLIO_SIZE_PT = 9.0
FOLIO_GREY = 0.333
FOLIO_FONT = "/Folio"
DIGITS = "0123456789"


@dataclass(frozen=True)
class FolioPlace:
    """Where a page's number stands: its right end this far from the page's right edge,
    the middle of its line this far above the page's foot (both as designed, bleed apart)."""

    right_mm: float
    middle_mm: float
