"""Where a player's copy carries its trace mark: where real printed matter carries a printer's
or archive code, in the margin or on the sheet outside the cut, never among the prop's words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Nearer the paper's edge than this, most printers print nothing.
PRINTABLE_EDGE_MM = 5.0
# A slug starts this far right of the sheet's first cut line, clear of its crop mark.
SLUG_INDENT_MM = 3.0


@dataclass(frozen=True)
class MarkPlace:
    """`margin`: in the bottom margin of every page, level with the prop's `side` edge, as a
    form's printer's code is (the page's margin boxes, so no prop text can reach it).
    `sheet`: at a point of a sheet of cut-out props (`x_mm` from its left, `bottom_mm` from
    its foot), in the margin outside the cut lines, as a printer's slug.
    `furniture`: in a line of the prop's own that its template prints (a form's number).
    `face` is the bundled family it is set in: the prop's own print, or the small print.
    `edge_pages`: the kind's named pages with no margin, where the page is the prop edge to
    edge (an envelope, a poster on one sheet): there the mark keeps `bottom_mm` from the side
    edge too, in the prop's corner, where an envelope's or a poster's printer signs."""

    where: Literal["margin", "sheet", "furniture"] = "margin"
    face: Literal["serif", "mono"] = "serif"
    side: Literal["left", "right"] = "right"
    x_mm: float = 0.0
    bottom_mm: float = PRINTABLE_EDGE_MM
    edge_pages: tuple[str, ...] = ()

    @classmethod
    def slug(cls, first_cut_x_mm: float, face: Literal["serif", "mono"] = "serif") -> MarkPlace:
        """On a sheet of props laid out n-up: below the first column, outside its cut. A
        sheet the props fill to its edges has no outside: there the mark takes the blank
        foot of the lowest prop, as near its corner as a printer prints."""
        x_mm = round(max(first_cut_x_mm + SLUG_INDENT_MM, PRINTABLE_EDGE_MM), 2)
        return cls("sheet", face, x_mm=x_mm)


# Where a kind that says nothing else carries the mark.
IN_MARGIN = MarkPlace()
