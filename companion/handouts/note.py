"""The handwritten note: one note per page, or several per sheet with cut marks."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from companion.handouts.common import (
    HandoutContext,
    PageSize,
    Placement,
    SheetGrid,
    context_basics,
    seeded_random,
)
from companion.markup import markdown_html
from companion.models import Campaign, NoteHandout


@dataclass(frozen=True, kw_only=True)
class NoteContext(HandoutContext):
    text: Markup
    signature: str | None
    ink: str
    paper_style: str
    size: str
    note: PageSize
    sheet: PageSize
    # One tuple of placements per printed page.
    pages: tuple[tuple[Placement, ...], ...]
    cut_lines_x_mm: tuple[float, ...]
    cut_lines_y_mm: tuple[float, ...]
    tilt_deg: float
    ink_fade: float
    # A faint water or coffee ring, placed per note so no two props look stamped out alike.
    stain_x_pct: float
    stain_y_pct: float


def note_context(campaign: Campaign, handout: NoteHandout, is_gm: bool) -> NoteContext:
    """`campaign` and `handout` are already projected for the audience."""
    note = PageSize.named(handout.size)
    paper = PageSize.named(campaign.info.paper)
    variation = seeded_random("note", handout.id)
    pages: tuple[tuple[Placement, ...], ...]
    cuts_x: tuple[float, ...]
    cuts_y: tuple[float, ...]
    if handout.layout == "single":
        sheet, pages, cuts_x, cuts_y = note, ((Placement(0, 0),),), (), ()
    else:
        sheet = paper
        grid = SheetGrid.fit(note, paper, margin_mm=0)
        pages, cuts_x, cuts_y = grid.pages(handout.copies), grid.cuts_x, grid.cuts_y
    author = campaign.npcs.get(handout.author) if handout.author else None
    language = handout.language or campaign.info.languages[0]
    return NoteContext(
        **context_basics(
            campaign,
            handout,
            is_gm,
            language,
            [("Written by", f"{author.name} ({author.role})" if author else None)],
        ),
        text=markdown_html(handout.text, keep_line_breaks=True, language=language),
        signature=handout.signature,
        ink=handout.ink,
        paper_style=handout.paper_style,
        note=note,
        sheet=sheet,
        pages=pages,
        cut_lines_x_mm=cuts_x,
        cut_lines_y_mm=cuts_y,
        size=handout.size,
        tilt_deg=round(variation.uniform(-2.2, 2.2), 2),
        ink_fade=round(variation.uniform(0.82, 0.95), 2),
        stain_x_pct=round(variation.uniform(15, 85), 1),
        stain_y_pct=round(variation.uniform(60, 90), 1),
    )
