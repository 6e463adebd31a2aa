"""Cards: business cards, ID cards, reservation cards, n-up with duplex backs."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from companion.handouts.common import (
    HandoutContext,
    PageSize,
    Placement,
    SheetGrid,
    context_basics,
)
from companion.markup import markdown_inline
from companion.models import Campaign, CardFace, CardHandout

SHEET_MARGIN_MM = 10.0  # home printers do not print to the edge


@dataclass(frozen=True)
class Face:
    heading: str | None
    subheading: str | None
    lines: tuple[Markup, ...]
    fields: tuple[tuple[str, str], ...]
    photo_url: str | None
    has_photo: bool
    footer: str | None
    emblem: str


@dataclass(frozen=True)
class Sheet:
    side: str  # "front" or "back"
    placements: tuple[Placement, ...]


@dataclass(frozen=True, kw_only=True)
class CardContext(HandoutContext):
    style: str
    card: PageSize
    paper: PageSize
    sheets: tuple[Sheet, ...]
    front: Face
    back: Face | None
    cuts_x: tuple[float, ...]
    cuts_y: tuple[float, ...]


def card_context(campaign: Campaign, handout: CardHandout, is_gm: bool) -> CardContext:
    """`campaign` and `handout` are already projected for the audience."""
    card = PageSize(*handout.size)
    paper = PageSize.named(campaign.info.paper)
    grid = SheetGrid.fit(card, paper, SHEET_MARGIN_MM)
    language = handout.language or campaign.info.languages[0]
    sheets: list[Sheet] = []
    for placements in grid.pages(handout.copies):
        sheets.append(Sheet("front", placements))
        if handout.back is not None:
            sheets.append(Sheet("back", tuple(grid.mirrored(p) for p in placements)))
    return CardContext(
        **context_basics(campaign, handout, is_gm, language),
        style=handout.style,
        card=card,
        paper=paper,
        sheets=tuple(sheets),
        front=_face(campaign, handout.front, language),
        back=_face(campaign, handout.back, language) if handout.back else None,
        cuts_x=grid.cuts_x,
        cuts_y=grid.cuts_y,
    )


def _face(campaign: Campaign, face: CardFace, language: str) -> Face:
    person = campaign.person(face.photo) if face.photo else None
    portrait = person.portrait if person else None
    return Face(
        heading=face.heading,
        subheading=face.subheading,
        lines=tuple(markdown_inline(line, language=language) for line in face.lines),
        fields=tuple((f.label, f.text) for f in face.fields),
        photo_url=f"campaign:{portrait}?mono" if portrait else None,
        has_photo=face.photo is not None,
        footer=face.footer,
        emblem=face.emblem,
    )
