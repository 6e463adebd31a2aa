"""The props of the GM copies on the book's own paper: each page of a prop is placed on a
carrier page of the book's size, at true size and several to a page where they fit (with crop
marks, as card sheets are cut), or scaled down to fit with a note saying so. The book's page
number and a caption stand in a band under the props, never on one."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from companion.kinds.base import (
    PRINTERS_MARGIN_MM,
    HandoutContext,
    PageSize,
    PageTemplate,
    Placement,
    SheetGrid,
)
from companion.kinds.card import Mark, crop_marks

CARRIER_PAGE = PageTemplate("carrier.html.j2", "carrier.css")
# Props keep inside a home printer's margin, as on card and note sheets; the band under them,
# from the paper's foot, holds the caption and the book's page number (clear of the edge a
# printer cannot reach, and of the crop marks below the lowest props).
CARRIER_MARGIN_MM = PRINTERS_MARGIN_MM
BAND_MM = 18.0
# Pages of a prop side by side stand apart, each with its own crop marks.
CARRIER_GUTTER_MM = 6.0


@dataclass(frozen=True)
class Placed:
    """One page of a prop on a carrier: which (from 0), where its top-left corner stands in
    mm from the carrier's, and its size as shown (its own size times `scale`)."""

    page: int
    x_mm: float
    y_mm: float
    width_mm: float
    height_mm: float
    scale: float = 1.0


@dataclass(frozen=True)
class CarrierSheet:
    """A page of the book that carries pages of a prop."""

    paper: PageSize  # the book's paper, upright or turned
    placed: tuple[Placed, ...]
    marks: tuple[Mark, ...]  # crop marks round props shown at true size
    caption: str

    @property
    def turned(self) -> bool:
        return self.paper.width_mm > self.paper.height_mm

    @property
    def scale(self) -> float:
        return min(place.scale for place in self.placed)


@dataclass(frozen=True)
class CarriedProp:
    """A prop's carrier pages, under its title (its bookmark in the book)."""

    title: str
    sheets: tuple[CarrierSheet, ...]


@dataclass(frozen=True, kw_only=True)
class CarrierContext(HandoutContext):
    """What carrier.html.j2 receives: the book's paper and the carrier pages of the props of
    a part of the book, one after another."""

    page: PageSize
    props: tuple[CarriedProp, ...]
    band_mm: float = BAND_MM
    margin_mm: float = CARRIER_MARGIN_MM


def carrier_sheets(
    pages: Sequence[PageSize], paper: PageSize, title: str
) -> tuple[CarrierSheet, ...]:
    """The carrier pages for a prop's pages, in their order: each run of pages of one size
    shares carriers, n-up at true size where they fit inside the margin above the band (the
    paper upright, or turned when that takes fewer carriers), else one to a carrier, shrunk."""
    sheets: list[CarrierSheet] = []
    first = 0
    for size, run in groupby(pages):
        count = len(list(run))
        indexes = range(first, first + count)
        first += count
        grid = SheetGrid.for_copies(
            size, paper, CARRIER_MARGIN_MM, CARRIER_GUTTER_MM, count, foot_mm=_foot()
        )
        if grid.holds_its_item(CARRIER_MARGIN_MM, _foot()):
            sheets += _true_size(grid, list(indexes), title)
        else:
            sheets += [_scaled(size, paper, index, title) for index in indexes]
    return tuple(sheets)


def _foot() -> float:
    """What the band takes beyond the margin every side keeps."""
    return BAND_MM - CARRIER_MARGIN_MM


def _true_size(grid: SheetGrid, indexes: list[int], title: str) -> list[CarrierSheet]:
    sheets = []
    for cells in grid.pages(len(indexes)):
        taken, indexes = indexes[: len(cells)], indexes[len(cells) :]
        cells = _centred(cells, grid.item, grid.paper)
        placed = tuple(
            Placed(index, cell.x_mm, cell.y_mm, grid.item.width_mm, grid.item.height_mm)
            for index, cell in zip(taken, cells, strict=True)
        )
        marks = crop_marks(cells, grid.item, grid.paper, folds=False)
        caption = f"{title}: true size, to cut out along the marks"
        sheets.append(CarrierSheet(grid.paper, placed, marks, caption))
    return sheets


def _scaled(size: PageSize, paper: PageSize, index: int, title: str) -> CarrierSheet:
    """A page too large for the room above the band, shrunk to fit it, on the paper upright
    or turned, whichever shows it larger (upright when alike)."""
    turned = PageSize(paper.height_mm, paper.width_mm)
    # `max` keeps the first of equals: upright.
    sheet = max((paper, turned), key=lambda sheet: _fitting_scale(size, sheet))
    scale = _fitting_scale(size, sheet)
    shown = PageSize(round(size.width_mm * scale, 2), round(size.height_mm * scale, 2))
    (cell,) = _centred((Placement(0, 0),), shown, sheet)
    placed = Placed(index, cell.x_mm, cell.y_mm, shown.width_mm, shown.height_mm, scale)
    caption = f"{title}: shown at {round(scale * 100)}\u00a0% of its size"
    return CarrierSheet(sheet, (placed,), (), caption)


def _fitting_scale(size: PageSize, sheet: PageSize) -> float:
    """The largest whole percentage at which `size` fits the room above the band."""
    room_x = sheet.width_mm - 2 * CARRIER_MARGIN_MM
    room_y = sheet.height_mm - CARRIER_MARGIN_MM - BAND_MM
    scale = min(room_x / size.width_mm, room_y / size.height_mm, 1.0)
    return math.floor(scale * 100) / 100


def _centred(cells: Sequence[Placement], item: PageSize, paper: PageSize) -> tuple[Placement, ...]:
    """The cells moved together to the middle of the room above the band: a carrier they do
    not fill holds them in its middle, not along its top."""
    left = min(cell.x_mm for cell in cells)
    top = min(cell.y_mm for cell in cells)
    width = max(cell.x_mm for cell in cells) + item.width_mm - left
    height = max(cell.y_mm for cell in cells) + item.height_mm - top
    dx = (paper.width_mm - width) / 2 - left
    dy = (paper.height_mm - _foot() - height) / 2 - top
    return tuple(Placement(round(c.x_mm + dx, 2), round(c.y_mm + dy, 2)) for c in cells)
