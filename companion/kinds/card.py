"""Cards: business cards, ID cards, reservation cards, n-up with duplex backs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from math import floor

from markupsafe import Markup

from companion.campaign.models import Campaign, CardFace, CardHandout
from companion.errors import DoesNotFit
from companion.kinds.base import (
    HandoutContext,
    PageSize,
    Placement,
    SheetGrid,
    context_basics,
)
from companion.kinds.imprint import MarkPlace
from companion.render.layout import Measured
from companion.render.markup import markdown_inline
from companion.render.typography import typeset

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
    # Where to cut: only along the cards this sheet holds (a half-empty last sheet gets no
    # marks for its empty rows).
    cuts_x: tuple[float, ...] = ()
    cuts_y: tuple[float, ...] = ()

    @classmethod
    def of(cls, side: str, placements: tuple[Placement, ...], card: PageSize) -> Sheet:
        xs = {round(p.x_mm + dx, 2) for p in placements for dx in (0, card.width_mm)}
        ys = {round(p.y_mm + dy, 2) for p in placements for dy in (0, card.height_mm)}
        return cls(side, placements, tuple(sorted(xs)), tuple(sorted(ys)))


@dataclass(frozen=True, kw_only=True)
class CardContext(HandoutContext):
    style: str
    card: PageSize
    paper: PageSize
    sheets: tuple[Sheet, ...]
    front: Face
    back: Face | None
    # The faces' contents shrunk to fit the card (see `fit_card`); 1 is the designed size.
    scale: float = 1.0
    # A trial layout: one face, its natural height, nothing cut off (see `fit_card`).
    measuring: bool = False

    def first_sheet(self) -> CardContext:
        """The first sheet of cards alone: every sheet after it is a copy (60 cards were laid
        out whole just to place a fold)."""
        return replace(self, sheets=self.sheets[:1])


def card_context(campaign: Campaign, handout: CardHandout, is_gm: bool) -> CardContext:
    """`campaign` and `handout` are already projected for the audience."""
    card = PageSize(*handout.size)
    paper = PageSize.named(campaign.info.paper)
    grid = SheetGrid.fit(card, paper, SHEET_MARGIN_MM)
    language = handout.language or campaign.info.languages[0]
    sheets: list[Sheet] = []
    for placements in grid.pages(handout.copies):
        sheets.append(Sheet.of("front", placements, card))
        if handout.back is not None:
            mirrored = tuple(grid.mirrored(p) for p in placements)
            sheets.append(Sheet.of("back", mirrored, card))
    return CardContext(
        **context_basics(campaign, handout, is_gm, language),
        style=handout.style,
        card=card,
        paper=paper,
        sheets=tuple(sheets),
        front=_face(campaign, handout.front, language),
        back=_face(campaign, handout.back, language) if handout.back else None,
        mark_place=MarkPlace.slug(grid.cuts_x[0]),
    )


# --- fitting the faces to the card --------------------------------------------------------

# Shrinking stops here: smaller, the printed lines of a card stop reading as print.
FLOOR = 0.7
# The lowest line of a face stands at least this far above the card's bottom edge.
BOTTOM_CLEARANCE_MM = 3.0


def fit_card(context: CardContext, measure: Callable[[CardContext], Measured]) -> CardContext:
    """The designed size when every face fits its card, else the faces shrunk (all the same)
    until they do, down to FLOOR; a card whose text cannot fit raises DoesNotFit."""
    sides = ["front", "back"] if context.back is not None else ["front"]
    scale = 1.0
    while True:
        over = {side: _overflow(context, side, scale, measure) for side in sides}
        worst = max(over, key=lambda side: over[side])
        if over[worst] <= 1.0:
            return replace(context, scale=scale)
        if scale <= FLOOR:
            raise DoesNotFit(
                f"the {worst} of the card holds more than fits, even printed at {FLOOR:.0%} "
                f"of its size: about {over[worst] - 1:.0%} too much",
                hint="shorten its lines or fields, or give the card a larger `size:`",
                field=(worst,),
            )
        scale = max(FLOOR, floor(scale / over[worst] * 100) / 100)


def _overflow(
    context: CardContext, side: str, scale: float, measure: Callable[[CardContext], Measured]
) -> float:
    """How tall a face's contents are at `scale`, as a share of the card (1: just fits)."""
    card = context.card
    trial = replace(
        context,
        scale=scale,
        measuring=True,
        paper=PageSize(card.width_mm, card.height_mm * 4),
        sheets=(Sheet.of(side, (Placement(0, 0),), card),),
    )
    lines = measure(trial).on_page(0)
    if not lines:
        return 0.0
    natural = max(line.bottom_mm for line in lines) * scale + BOTTOM_CLEARANCE_MM
    return natural / card.height_mm


def _face(campaign: Campaign, face: CardFace, language: str) -> Face:
    person = campaign.person(face.photo) if face.photo else None
    portrait = person.portrait if person else None
    return Face(
        heading=typeset(face.heading, language),
        subheading=typeset(face.subheading, language),
        lines=tuple(markdown_inline(line, language=language) for line in face.lines),
        fields=tuple((typeset(f.label, language), typeset(f.text, language)) for f in face.fields),
        photo_url=f"campaign:{portrait}?mono" if portrait else None,
        has_photo=face.photo is not None,
        footer=typeset(face.footer, language),
        emblem=face.emblem,
    )
