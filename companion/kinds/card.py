"""Cards: business cards, reservation cards, and ID booklets that fold in the middle; several
to a sheet with crop marks close to them, backs (a booklet's inside) lined up for duplex."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from itertools import pairwise
from math import floor
from typing import Any

from markupsafe import Markup

from companion.campaign.labels import prop_labels
from companion.campaign.models import Campaign, CardFace, CardHandout
from companion.campaign.models.kinds import BOOKLET_STYLES
from companion.errors import DoesNotFit
from companion.kinds.base import (
    PRINTERS_MARGIN_MM,
    HandoutContext,
    PageSize,
    Placement,
    SheetGrid,
    context_basics,
    fits_inside,
)
from companion.kinds.booklet import SEAL_FAMILIES, Inside, generic_seal, inside_of, seal_words
from companion.kinds.imprint import PRINTABLE_EDGE_MM, MarkPlace
from companion.render.hands import Hand
from companion.render.layout import Measured
from companion.render.markup import markdown_inline
from companion.render.typography import typeset
from companion.seeds import seeded_random

SHEET_MARGIN_MM = PRINTERS_MARGIN_MM  # home printers do not print to the edge
# Flat cards share their cut lines (one cut between two cards); open booklets stand apart,
# each with its own cuts and a fold mark between them.
BOOKLET_GUTTER_MM = 5.0
# A crop mark starts this far off the prop and runs this long, away from it; it stops short
# of another prop, and inside the printable area.
MARK_OFFSET_MM = 1.0
MARK_LENGTH_MM = 3.5
SHORTEST_MARK_MM = 1.5
TOUCHING = 1e-6  # a mark that starts where the space round its own prop ends is clear of it
# The sheet's label (what it is, how to print it) stands in the bottom margin between marks,
# clear of the copy's trace mark at the first cut.
LABEL_BAND_MM = 7.0
SLUG_ROOM_MM = 20.0


@dataclass(frozen=True)
class Palette:
    """A style's colours: the card (a booklet's cover), its printed words and emblem, and a
    booklet's inside pages. The inline pictures (emblems, the seal) take them from here."""

    ground: str
    ink: str
    leaf: str = "#f3efe2"


PALETTES = {
    "business": Palette("#fdfcf8", "#1e2430"),
    "reservation": Palette("#f7f1e1", "#3a2a14"),
    # Red leatherette with gilt words; the inside on pale pink-cream security paper.
    "soviet-id": Palette("#6b1418", "#dcb862", "#f2e9dc"),
    # Dark blue cloth with gilt words: a warrant card, a press card, a pass.
    "booklet": Palette("#1f2836", "#d2b268", "#f1ede1"),
}
SEAL_INK = "#5b3d9c"  # Soviet office stamps were violet, and most others too


@dataclass(frozen=True)
class Writing:
    """A note written by hand across the back of a printed card (see `card_written_on`)."""

    text: Markup
    hand: Hand
    ink: str
    size_pt: float
    tilt_deg: float


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
    monogram: str  # the heading's initials, which a crest carries
    writing: Writing | None = None  # a note written on this side


@dataclass(frozen=True, order=True)
class Mark:
    """A crop mark (or a fold mark) from one point to another, in mm on the sheet."""

    x1: float
    y1: float
    x2: float
    y2: float
    fold: bool = False


@dataclass(frozen=True)
class Sheet:
    side: str  # "front" or "back"; a booklet's outside and inside
    placements: tuple[Placement, ...]
    # Where to cut: only along the props this sheet holds.
    cuts_x: tuple[float, ...] = ()
    cuts_y: tuple[float, ...] = ()
    marks: tuple[Mark, ...] = ()
    # The sheet's label: right-aligned in this span of the bottom margin, between marks.
    label_left_mm: float = 0.0
    label_width_mm: float = 0.0

    @classmethod
    def of(
        cls, side: str, placements: tuple[Placement, ...], item: PageSize, paper: PageSize,
        folds: bool = False,
    ) -> Sheet:  # fmt: skip
        xs = {round(p.x_mm + dx, 2) for p in placements for dx in (0, item.width_mm)}
        ys = {round(p.y_mm + dy, 2) for p in placements for dy in (0, item.height_mm)}
        marks = crop_marks(placements, item, paper, folds)
        left, width = _label_span(marks, sorted(xs), paper)
        return cls(side, placements, tuple(sorted(xs)), tuple(sorted(ys)), marks, left, width)


@dataclass(frozen=True, kw_only=True)
class CardContext(HandoutContext):
    style: str
    booklet: bool
    card: PageSize  # one card, or a booklet closed
    item: PageSize  # what is cut out of the sheet: a card, or a booklet open
    paper: PageSize  # the sheet; turned sideways when the copies take fewer sheets so
    turned: bool
    sheets: tuple[Sheet, ...]
    front: Face
    back: Face | None
    palette: Palette
    inside: Inside | None = None  # a booklet's photograph, seal and signature
    seal_from: tuple[str, ...] = ()  # where the seal's words stand in the handout's file
    # The faces' contents shrunk to fit the card (see `fit_card`); 1 is the designed size.
    scale: float = 1.0
    # A trial layout: one face, its natural height, nothing cut off (see `fit_card`).
    measuring: bool = False
    seal_ink: str = SEAL_INK

    def first_sheet(self) -> CardContext:
        """The first sheet of cards alone: every sheet after it is a copy (60 cards were laid
        out whole just to place a fold)."""
        return replace(self, sheets=self.sheets[:1])

    @property
    def svg_serif(self) -> str:
        """The serif's families as an SVG's `font-family` names them (the seal, a crest)."""
        return ", ".join(SEAL_FAMILIES)

    def face_size(self, side: str) -> PageSize:
        """The box a face's words are set in: the card, a booklet's cover, or the paper of
        its inside's right leaf."""
        if self.booklet and side == "back" and self.inside is not None:
            leaf = self.inside.words_leaf
            return PageSize(leaf.width, leaf.height)
        return self.card


def card_context(campaign: Campaign, handout: CardHandout, is_gm: bool) -> CardContext:
    """`campaign` and `handout` are already projected for the audience."""
    booklet = handout.style in BOOKLET_STYLES
    card = PageSize(*handout.size)
    item = PageSize(2 * card.width_mm, card.height_mm) if booklet else card
    gutter = BOOKLET_GUTTER_MM if booklet else 0.0
    grid = SheetGrid.for_copies(
        item, PageSize.named(campaign.info.paper), SHEET_MARGIN_MM, gutter, handout.copies
    )
    language = handout.language or campaign.info.languages[0]
    front = _face(campaign, handout.front, language)
    back = _face(campaign, handout.back, language) if handout.back else None
    seal = generic_seal(prop_labels(language, campaign.info.labels))
    inside, seal_from = _inside(handout, back, language, seal) if booklet else (None, ())
    sheets = _sheets(grid, handout.copies, has_back=back is not None, folds=booklet)
    return CardContext(
        **context_basics(campaign, handout, is_gm, language),
        style=handout.style,
        booklet=booklet,
        card=card,
        item=item,
        **_printed_on(grid, sheets),
        front=front,
        back=back,
        palette=PALETTES[handout.style],
        inside=inside,
        seal_from=seal_from,
    )


def extra_weight(handout: CardHandout) -> int:
    """A card costs by the faces on its sheets (eight faces weigh one note) and a booklet
    one more for its inside (photo, fields, seal), so that a sheet of twenty business cards
    or an ID booklet is given out before the one-off notes."""
    faces = handout.copies * (2 if handout.back else 1)
    return faces // 8 + (1 if handout.style in BOOKLET_STYLES else 0)


def card_written_on(
    campaign: Campaign,
    card: CardHandout,
    writing: Writing,
    copies: int,
    basics: dict[str, Any],
) -> CardContext:
    """A note written on the back of a printed card: the card's front as the card prints
    it, the writing on its back, lined up for printing both sides. `basics` are the note's
    own (its id, title and GM notes: the handout is the note, the card its paper)."""
    size = PageSize(*card.size)
    grid = SheetGrid.for_copies(
        size, PageSize.named(campaign.info.paper), SHEET_MARGIN_MM, 0.0, copies
    )
    language = card.language or campaign.info.languages[0]
    back = Face(None, None, (), (), None, False, None, "none", "", writing=writing)
    sheets = _sheets(grid, copies, has_back=True, folds=False)
    return CardContext(
        **basics,
        style=card.style,
        booklet=False,
        card=size,
        item=size,
        **_printed_on(grid, sheets),
        front=_face(campaign, card.front, language),
        back=back,
        palette=PALETTES[card.style],
    )


def _printed_on(grid: SheetGrid, sheets: tuple[Sheet, ...]) -> dict[str, Any]:
    """The context's paper, its sheets, and where a copy's mark goes: outside the cuts."""
    return {
        "paper": grid.paper,
        "turned": grid.paper.width_mm > grid.paper.height_mm,
        "sheets": sheets,
        "mark_place": MarkPlace.slug(sheets[0].cuts_x[0]),
    }


def _inside(
    handout: CardHandout, back: Face | None, language: str, generic_seal: str
) -> tuple[Inside | None, tuple[str, ...]]:
    """A booklet's inside, when it has one; and where its seal's words stand in its file."""
    if handout.back is None or back is None:
        return None, ()
    words, seal_from = seal_words(handout.back.seal, handout.front.heading, generic_seal)
    inside = inside_of(
        handout.size,
        words,
        handout.front.emblem,
        typeset(handout.back.signature, language),
        photo_lifted=back.has_photo and back.photo_url is None,
        variation=seeded_random("card", handout.id),
    )
    return inside, seal_from


# --- the sheets: props n-up, their marks, the backs behind the fronts -----------------------


def _sheets(grid: SheetGrid, copies: int, has_back: bool, folds: bool) -> tuple[Sheet, ...]:
    sheets: list[Sheet] = []
    for cells in grid.pages(copies):
        placements = _centred(cells, grid.item, grid.paper)
        sheets.append(Sheet.of("front", placements, grid.item, grid.paper, folds))
        if has_back:
            mirrored = tuple(grid.mirrored(place) for place in placements)
            sheets.append(Sheet.of("back", mirrored, grid.item, grid.paper, folds))
    return tuple(sheets)


def _centred(
    cells: tuple[Placement, ...], item: PageSize, paper: PageSize
) -> tuple[Placement, ...]:
    """The sheet's props moved together to the middle of the paper: a sheet they do not fill
    holds them in its middle with their marks, not along its top with the marks far away."""
    left = min(p.x_mm for p in cells)
    top = min(p.y_mm for p in cells)
    width = max(p.x_mm for p in cells) + item.width_mm - left
    height = max(p.y_mm for p in cells) + item.height_mm - top
    dx = (paper.width_mm - width) / 2 - left
    dy = (paper.height_mm - height) / 2 - top
    return tuple(Placement(round(p.x_mm + dx, 2), round(p.y_mm + dy, 2)) for p in cells)


Rectangle = tuple[float, float, float, float]  # left, top, right, bottom


def crop_marks(
    placements: tuple[Placement, ...], item: PageSize, paper: PageSize, folds: bool
) -> tuple[Mark, ...]:
    """Short lines continuing each prop's edges away from its corners (and, on a booklet,
    its fold away from the middle of its top and bottom edges), each stopped short of any
    other prop and of the paper's unprintable edge: never drawn across a prop."""
    props = [(p.x_mm, p.y_mm, p.x_mm + item.width_mm, p.y_mm + item.height_mm) for p in placements]
    found = set()
    for prop in props:
        for x, y, dx, dy, fold in _mark_starts(prop, folds):
            mark = _stopped(x, y, dx, dy, props, paper)
            if mark is not None:
                found.add(replace(mark, fold=fold))
    return tuple(sorted(found))


def _mark_starts(prop: Rectangle, folds: bool) -> Iterator[tuple[float, float, int, int, bool]]:
    """Where marks start from a prop and which way they run: (x, y, dx, dy, is a fold)."""
    left, top, right, bottom = prop
    for x, dx in ((left, -1), (right, 1)):
        for y, dy in ((top, -1), (bottom, 1)):
            yield x, y, 0, dy, False  # the side edge, on up or down
            yield x, y, dx, 0, False  # the top or bottom edge, on sideways
    if folds:
        middle = (left + right) / 2
        yield middle, top, 0, -1, True
        yield middle, bottom, 0, 1, True


def _stopped(
    x: float, y: float, dx: int, dy: int, props: list[Rectangle], paper: PageSize
) -> Mark | None:
    """The mark from (x, y) running (dx, dy), as far as it may go; None if too short."""
    start, end = MARK_OFFSET_MM, MARK_OFFSET_MM + MARK_LENGTH_MM
    across, along = (x, y) if dy else (y, x)
    room = (paper.height_mm if dy else paper.width_mm) - PRINTABLE_EDGE_MM
    direction = dy or dx
    end = min(end, (room - along) if direction > 0 else (along - PRINTABLE_EDGE_MM))
    for left, top, right, bottom in props:
        low, high = (left, right) if dy else (top, bottom)
        near, far = (top, bottom) if dy else (left, right)
        if not low - MARK_OFFSET_MM < across < high + MARK_OFFSET_MM:
            continue
        # Where, along the mark, this prop (and the space kept round it) begins and ends.
        enter, leave = sorted(
            (
                direction * (near - MARK_OFFSET_MM - along),
                direction * (far + MARK_OFFSET_MM - along),
            )
        )
        if leave > start + TOUCHING and enter < end:
            end = min(end, enter)
    if end - start < SHORTEST_MARK_MM:
        return None
    points = [along + direction * start, along + direction * end]
    a, b = sorted(round(point, 2) for point in points)
    across = round(across, 2)
    return Mark(across, a, across, b) if dy else Mark(a, across, b, across)


def _label_span(
    marks: tuple[Mark, ...], cuts_x: list[float], paper: PageSize
) -> tuple[float, float]:
    """The widest stretch of the bottom margin, between the first and the last cut, that no
    mark crosses and the trace mark (just right of the first cut) leaves free."""
    band = paper.height_mm - PRINTABLE_EDGE_MM - LABEL_BAND_MM
    blocked = sorted(
        {m.x1 for m in marks if m.x1 == m.x2 and m.y2 > band} | {cuts_x[0] + SLUG_ROOM_MM}
    )
    edges = [cuts_x[0], *(x for x in blocked if cuts_x[0] < x < cuts_x[-1]), cuts_x[-1]]
    spans = [(a, b) for a, b in pairwise(edges) if a >= cuts_x[0] + SLUG_ROOM_MM]
    left, right = max(spans, key=lambda span: span[1] - span[0], default=(cuts_x[0], cuts_x[-1]))
    return round(left + 2, 2), round(max(0.0, right - left - 4), 2)


# --- the faces ------------------------------------------------------------------------------


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
        monogram=monogram(face.heading),
    )


# Short lower-case words of a name that a monogram leaves out: `van`, `de`, `of`.
PARTICLE_LENGTH = 3


def monogram(heading: str | None) -> str:
    """The initials a crest carries: of each word of the heading (`Carl Eklund`: `CE`),
    without the small lower-case words of a name (`Ludwig van Beethoven`: `LB`); of a longer
    name, the first and the last (`Nordkap Trading AB Stockholm`: `NS`)."""
    words = [word for word in (heading or "").split() if any(c.isalpha() for c in word)]
    initials = [
        next(c for c in word if c.isalpha())
        for word in words
        if not (word.islower() and len(word) <= PARTICLE_LENGTH)
    ] or [next(c for c in word if c.isalpha()) for word in words]
    if len(initials) > 3:
        initials = [initials[0], initials[-1]]
    return "".join(initials).upper()


# --- fitting the faces to the card --------------------------------------------------------

# Shrinking stops here: smaller, the printed lines of a card stop reading as print.
FLOOR = 0.7
# The lowest line of a face stands at least this far above the card's bottom edge.
BOTTOM_CLEARANCE_MM = 3.0


def fit_card(context: CardContext, measure: Callable[[CardContext], Measured]) -> CardContext:
    """The designed size when every face fits its card, else the faces shrunk (all the same)
    until they do, down to FLOOR; a card whose text cannot fit raises DoesNotFit, and so
    does a card too large for its paper, or a seal or signature too long for the booklet."""
    _refuse_what_cannot_print(context)
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


def _refuse_what_cannot_print(context: CardContext) -> None:
    if not fits_inside(context.item, context.paper, SHEET_MARGIN_MM):
        what = "booklet, open," if context.booklet else "card"
        raise DoesNotFit(
            f"a {what} of {context.item.width_mm:g} x {context.item.height_mm:g} mm does not "
            f"fit on the paper inside its {SHEET_MARGIN_MM:g} mm margin, even turned",
            hint="give it a smaller `size:`",
            field=("size",),
        )
    inside = context.inside
    if inside is not None and inside.seal.letter_mm == 0:
        raise DoesNotFit(
            "the seal's words do not fit round its ring, even in the smallest letters",
            hint="give the inside a shorter `seal:` (the issuing body's name or its initials), "
            "or the booklet a larger `size:`",
            field=context.seal_from,
        )
    if inside is not None and inside.signature is not None and not inside.signature.fits:
        raise DoesNotFit(
            "the signature is too long for the room beside the seal",
            hint="a signature is a name or initials: shorten it",
            field=("back", "signature"),
        )


def _overflow(
    context: CardContext, side: str, scale: float, measure: Callable[[CardContext], Measured]
) -> float:
    """How tall a face's contents are at `scale`, as a share of its box (1: just fits)."""
    box = context.face_size(side)
    trial = replace(
        context,
        scale=scale,
        measuring=True,
        paper=PageSize(box.width_mm, box.height_mm * 4),
        sheets=(Sheet(side, (Placement(0, 0),)),),
    )
    lines = measure(trial).on_page(0)
    if not lines:
        return 0.0
    natural = max(line.bottom_mm for line in lines) * scale + BOTTOM_CLEARANCE_MM
    return natural / box.height_mm
