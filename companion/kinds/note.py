"""The handwritten (or typed) note: one note per page, or several per sheet with cut marks.

Its text is fitted to the paper from the laid-out lines (see `fit_note`): the writing shrinks
down to a floor, then a single note goes on over a second sheet; notes on a sheet cannot, so
there the build stops with an error saying by how much the text is too long.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import pairwise
from math import floor as floor_to_int
from math import sqrt
from random import Random

from markupsafe import Markup

from companion.campaign.models import Campaign, CardHandout, NoteHandout
from companion.errors import DoesNotFit
from companion.kinds.additions import between_the_lines, held_places, written_in
from companion.kinds.base import (
    PRINTERS_MARGIN_MM,
    HandoutContext,
    PageSize,
    Placement,
    SheetGrid,
    context_basics,
    written,
    written_by,
    written_text,
)
from companion.kinds.card import CardContext, Writing, card_written_on, fit_card
from companion.kinds.imprint import IN_MARGIN, MarkPlace
from companion.kinds.ruling import Ruling, on_the_rules
from companion.render.hands import Hand, hand_named
from companion.render.layout import Measured, TextLine
from companion.render.markup import prop_html
from companion.render.typography import typeset
from companion.seeds import seeded_random

# A hand's size is set for an A6 note; the writing on other notes is scaled with the paper.
SIZE_FACTOR = {"a7": 0.7, "a6": 1.0, "a5": 1.33}
# Shrinking stops here (of the hand's size): smaller handwriting stops reading as a note.
FLOOR = 0.6
STEP = 0.9
# Notes on a sheet stand apart by a gutter: a cut a little off the line takes no sliver of
# the next note's paper.
NOTE_GUTTER_MM = 6.0
# The cup ring's diameter, as note.css draws it.
STAIN_MM = {"a7": 30.0, "a6": 34.0, "a5": 34.0}


@dataclass(frozen=True)
class Margins:
    """The writing area's distance from the note's edges, in mm."""

    top: float
    right: float
    bottom: float
    left: float


@dataclass(frozen=True, kw_only=True)
class NoteContext(HandoutContext):
    text: Markup
    signature: str | None
    ink: str
    paper_style: str
    size: str
    layout: str  # single: the page is the note; sheet: copies on a sheet, with cut lines
    note: PageSize
    sheet: PageSize
    margins: Margins
    hand: Hand
    font_size_pt: float
    # One tuple of placements per printed sheet (layout `sheet`).
    pages: tuple[tuple[Placement, ...], ...]
    cut_lines_x_mm: tuple[float, ...]
    cut_lines_y_mm: tuple[float, ...]
    tilt_deg: float
    ink_fade: float
    # Where the note was folded, from its top (mm); laid between two lines of writing.
    fold_mm: float | None
    # A faint water or coffee ring's centre (mm from the note's top left), clear of the text.
    stain: Placement | None
    continued: bool  # the writing goes on over more sheets, numbered from the second
    # On ruled paper (a single note): the rules where the writing stands (see `_ruled`).
    ruling: Ruling | None = None
    seed: int  # picks among equally good places, so no two notes look stamped out alike

    def first_sheet(self) -> NoteContext:
        """The first sheet of notes alone (layout `sheet`: the others are copies of it)."""
        return replace(self, pages=self.pages[:1])

    def single(self) -> NoteContext:
        """This note alone on its own page, the text flowing: what fitting lays out."""
        return replace(
            self, layout="single", sheet=self.note, pages=((Placement(0, 0),),),
            cut_lines_x_mm=(), cut_lines_y_mm=(),
        )  # fmt: skip


def note_context(
    campaign: Campaign, handout: NoteHandout, is_gm: bool
) -> NoteContext | CardContext:
    """`campaign` and `handout` are already projected for the audience. A note written on
    a card prints as that card (see `on_a_card`)."""
    if handout.written_on is not None:
        return on_a_card(campaign, handout, is_gm)
    note = PageSize.named(handout.size)
    paper = PageSize.named(campaign.info.paper)
    variation = seeded_random("note", handout.id)
    pages: tuple[tuple[Placement, ...], ...]
    cuts_x: tuple[float, ...]
    cuts_y: tuple[float, ...]
    if handout.layout == "single":
        sheet, pages, cuts_x, cuts_y = note, ((Placement(0, 0),),), (), ()
    else:
        grid = SheetGrid.for_copies(note, paper, PRINTERS_MARGIN_MM, NOTE_GUTTER_MM, handout.copies)
        sheet, pages = grid.paper, grid.pages(handout.copies)
        cuts_x, cuts_y = grid.cuts_x, grid.cuts_y
    language = handout.language or campaign.info.languages[0]
    hand = hand_named(handout.hand)
    basics = context_basics(campaign, handout, is_gm, language, [written_by(campaign, handout)])
    text = written_text(
        handout,
        handout.text,
        basics["additions"],
        hand,
        variation,
        handout.typewriter,
        language=language,
        keep_line_breaks=True,
    )
    return NoteContext(
        **basics,
        typewriter_faults=handout.typewriter is not None,
        text=text,
        signature=typeset(handout.signature, language),
        ink=handout.ink,
        paper_style=handout.paper_style,
        size=handout.size,
        layout=handout.layout,
        note=note,
        sheet=sheet,
        margins=_margins(note),
        hand=hand,
        font_size_pt=round(hand.size_pt * SIZE_FACTOR[handout.size], 1),
        pages=pages,
        cut_lines_x_mm=cuts_x,
        cut_lines_y_mm=cuts_y,
        tilt_deg=round(variation.uniform(-2.2, 2.2), 2),
        ink_fade=round(variation.uniform(0.82, 0.95), 2),
        fold_mm=None,
        stain=None,
        continued=False,
        seed=variation.randrange(2**32),
        mark_place=MarkPlace.slug(cuts_x[0]) if cuts_x else IN_MARGIN,
    )


# A note on a card starts at the hand's A6 size; fitting shrinks a long one (with the card).
ON_A_CARD = 1.0


def on_a_card(campaign: Campaign, handout: NoteHandout, is_gm: bool) -> CardContext:
    """The note written across the back of the card it names, the card's printed front
    behind it; as many cards as the note's `copies` when laid out as a sheet."""
    card = campaign.handouts[handout.written_on or ""]
    assert isinstance(card, CardHandout)  # the campaign's checks refuse anything else
    language = handout.language or campaign.info.languages[0]
    variation = seeded_random("note", handout.id)
    hand = hand_named(handout.hand)
    notes = [written_by(campaign, handout), ("Written on the back of", card.title)]
    basics = context_basics(campaign, handout, is_gm, language, notes)
    text = held_places(
        prop_html(
            between_the_lines(handout.text, basics["additions"]),
            keep_line_breaks=True,
            language=language,
        )
    )
    signature = typeset(handout.signature, language)
    if signature:
        text = Markup(f'{text}<p class="signature">{signature}</p>')
    writing = Writing(
        text=written_in(
            written(text, hand, handout, variation, handout.typewriter), basics["additions"]
        ),
        hand=hand,
        ink=handout.ink,
        size_pt=round(hand.size_pt * ON_A_CARD, 1),
        tilt_deg=round(variation.uniform(-2.2, 2.2), 2),
    )
    copies = handout.copies if handout.layout == "sheet" else 1
    basics["typewriter_faults"] = handout.typewriter is not None
    return card_written_on(campaign, card, writing, copies, basics)


def _margins(note: PageSize) -> Margins:
    width = note.width_mm
    return Margins(round(width * 0.13, 1), round(width * 0.1, 1), round(width * 0.1, 1),
                   round(width * 0.11, 1))  # fmt: skip


# --- fitting the text to the paper ----------------------------------------------------------

MM_PER_PT = 25.4 / 72

Measure = Callable[[HandoutContext], Measured]


def fit_note(context: NoteContext | CardContext, measure: Measure) -> NoteContext | CardContext:
    """The largest writing, down to the floor, at which the text fits one note; the fold and
    the cup ring then placed clear of the lines. A single note whose text does not fit even at
    the floor goes on over more sheets; notes on a sheet cannot, and raise DoesNotFit. A note
    on a card is fitted as the card's faces are."""
    if isinstance(context, CardContext):
        return _fit_on_card(context, measure)
    floor = round(context.font_size_pt * FLOOR, 1)
    size, laid_out = context.font_size_pt, measure(context.single())
    while laid_out.pages > 1 and size > floor:
        # Text takes area as the square of its size: aim where it should just fit, always a
        # step down at least, never below the floor; then look again.
        aim = size / sqrt(laid_out.fill())
        size = max(floor, floor_to_tenth(min(aim, size * STEP)))
        laid_out = measure(replace(context, font_size_pt=size).single())
    if laid_out.pages > 1 and context.layout == "sheet":
        raise _too_long(context, size, laid_out)
    context = replace(context, font_size_pt=size)
    ruled = _ruled(context, measure)
    if ruled is not context:
        context, laid_out = ruled, measure(ruled)
    first_page = laid_out.on_page(0)
    return replace(
        context,
        font_size_pt=size,
        fold_mm=_fold(context, first_page) if context.paper_style in ("cream", "white") else None,
        stain=_stain(context, first_page),
        continued=laid_out.pages > 1,
    )


def _fit_on_card(context: CardContext, measure: Measure) -> CardContext:
    try:
        return fit_card(context, measure)
    except DoesNotFit as error:
        if error.field != ("back",):
            raise DoesNotFit(str(error), hint=error.hint, field=("written_on",)) from None
        raise DoesNotFit(
            "the note does not fit on the back of its card, even written small",
            hint="shorten the text, or write it on a larger card",
            field=("text",),
        ) from None


def _ruled(context: NoteContext, measure: Measure) -> NoteContext:
    """A single note on ruled paper with its rules under the writing, a line of writing
    apart (a pad's ruling for the hand at its size; see `on_the_rules`). Notes on a sheet
    keep the pad's printed rules."""
    if context.paper_style != "lined" or context.layout != "single" or context.hand.typed:
        return context
    pitch = round(context.font_size_pt * context.hand.line_height * MM_PER_PT, 2)
    return on_the_rules(context, measure, pitch)


def floor_to_tenth(size: float) -> float:
    return floor_to_int(size * 10) / 10


def _too_long(context: NoteContext, size: float, laid_out: Measured) -> DoesNotFit:
    over = laid_out.fill() - 1
    return DoesNotFit(
        f"the text does not fit on its {context.size.upper()} note, even written as small as "
        f"{size:g} pt: it is about {over:.0%} too long for one note",
        hint="shorten the text, choose a larger `size:`, or `layout: single` (a single note "
        "goes on over a second sheet)",
        field=("text",),
    )


def _fold(context: NoteContext, lines: list[TextLine]) -> float:
    """The fold across the middle, moved to the nearest gap between two lines of writing."""
    middle = context.note.height_mm / 2
    gaps = [(a.bottom_mm + b.top_mm) / 2 for a, b in pairwise(lines)]
    clear = [g for g in gaps if abs(g - middle) < context.note.height_mm * 0.2]
    if clear and any(line.top_mm < middle < line.bottom_mm for line in lines):
        middle = min(clear, key=lambda gap: abs(gap - middle))
    return round(middle, 1)


def _stain(context: NoteContext, lines: list[TextLine]) -> Placement | None:
    """Where a cup was set down: a spot where the ring crosses no writing, chosen by the
    note's seed; no ring at all on a note too full for one."""
    # A little clearance: the writing is tilted after layout, and ink needs room around it.
    note, radius = context.note, STAIN_MM[context.size] / 2 + 3
    spots = [
        Placement(round(note.width_mm * fx, 1), round(note.height_mm * fy, 1))
        for fy in (0.15, 0.5, 0.78, 0.9)
        for fx in (0.22, 0.5, 0.78)
    ]
    clear = [spot for spot in spots if _ring_overlap(spot, radius, lines) == 0]
    return Random(context.seed).choice(clear) if clear else None


def _ring_overlap(centre: Placement, radius: float, lines: list[TextLine]) -> float:
    """How much writing (mm² of line boxes) lies under the ring's square."""
    left, right = centre.x_mm - radius, centre.x_mm + radius
    top, bottom = centre.y_mm - radius, centre.y_mm + radius
    return sum(
        max(0.0, min(right, line.right_mm) - max(left, line.left_mm))
        * max(0.0, min(bottom, line.bottom_mm) - max(top, line.top_mm))
        for line in lines
    )
