"""What every handout context shares: page geometry, the GM block, seeded variation."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field

from markupsafe import Markup

from companion.markup import markdown_html

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


@dataclass(frozen=True)
class GmNote:
    """One labelled entry of the GM block."""

    label: str
    body: Markup


@dataclass(frozen=True, kw_only=True)
class HandoutContext:
    """The part of every template context that the base layout uses."""

    id: str
    title: str
    language: str
    is_gm: bool
    campaign_title: str
    gm_page: PageSize
    gm_notes: list[GmNote] = field(default_factory=list)


def seeded_random(*parts: str) -> random.Random:
    """A random source fixed by ids, so props vary between handouts but never between builds."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def gm_notes(entries: list[tuple[str, str | None]]) -> list[GmNote]:
    """The non-empty entries, rendered from Markdown."""
    return [GmNote(label, markdown_html(text)) for label, text in entries if text]
