"""Paper sizes and the margin a home printer leaves: what every prop's page is measured by."""

from __future__ import annotations

from dataclasses import dataclass

PAPER_MM: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "letter": (215.9, 279.4),
    "a5": (148.0, 210.0),
    "a6": (105.0, 148.0),
    "a7": (74.0, 105.0),
}


@dataclass(frozen=True)
class PageSize:
    width_mm: float
    height_mm: float

    @classmethod
    def named(cls, name: str) -> PageSize:
        width, height = PAPER_MM[name]
        return cls(width, height)


# What a home printer leaves unprinted round a sheet, and more: cut lines stay inside it.
PRINTERS_MARGIN_MM = 10.0
