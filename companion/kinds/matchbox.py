"""The matchbox: a printed label for a real box's face, the brown striking strips for its
sides, and the strip of cigarette paper folded inside with a message written in a hand. All
on one small sheet, at true size, to cut out along the grey lines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from math import sqrt

from markupsafe import Markup, escape

from companion.campaign.models import Campaign, MatchboxHandout
from companion.errors import DoesNotFit
from companion.kinds.base import HandoutContext, PageSize, context_basics, written_by
from companion.render.hands import Hand, hand_named
from companion.render.layout import Measured
from companion.render.typography import typeset, typeset_lines
from companion.seeds import seeded_random

SHEET = PageSize(148.0, 105.0)  # A6 across: the label, its strips and the paper side by side
# The face of a Soviet or European household box (about 50 x 36 mm) and a cigarette paper
# (about 70 x 36 mm, longer when the message is).
LABEL_MM = (50.0, 36.0)
PAPER_MM = (70.0, 36.0)
# The words printed on a label, in a colour that reads on its ground.
LABEL_INKS = {
    "red": ("#a3241c", "#f6ecd4"),
    "blue": ("#1f3f7a", "#f2ead2"),
    "green": ("#1f5a3a", "#f3ecd3"),
    "black": ("#1c1c1c", "#e9d9a8"),
    "yellow": ("#e4b93a", "#2a1d10"),
}
WRITING_SCALE = 0.42  # of the hand's A6-note size: a cigarette paper is written small
MIN_SIZE_PT = 5.5  # below this, pencil on cigarette paper cannot be read
SHRINK = 0.9


@dataclass(frozen=True)
class LabelContext:
    heading: str
    lines: tuple[str, ...]
    small_print: str | None
    ground: str  # CSS colours
    ink: str
    emblem: str


@dataclass(frozen=True, kw_only=True)
class MatchboxContext(HandoutContext):
    page: PageSize
    label: LabelContext
    label_mm: tuple[float, float]
    paper_mm: tuple[float, float]
    text: Markup
    signature: str | None
    hand: Hand
    font_size_pt: float
    ink: str
    ink_fade: float
    tilt_deg: float  # the label is never glued quite straight
    # The paper's fold over the matches' heads, as a share of its width; written after it.
    fold_at: float


def matchbox_context(campaign: Campaign, handout: MatchboxHandout, is_gm: bool) -> MatchboxContext:
    """`campaign` and `handout` are already projected for the audience."""
    language = handout.language or campaign.info.languages[0]
    variation = seeded_random("matchbox", handout.id)
    hand = hand_named(handout.hand)
    ground, ink = LABEL_INKS[handout.label.colour]
    return MatchboxContext(
        **context_basics(campaign, handout, is_gm, language, [written_by(campaign, handout)]),
        page=SHEET,
        label=LabelContext(
            typeset(handout.label.heading, language),
            typeset_lines(handout.label.lines, language),
            typeset(handout.label.small_print, language),
            ground,
            ink,
            handout.label.emblem,
        ),
        label_mm=LABEL_MM,
        paper_mm=PAPER_MM,
        text=Markup("<br>").join(
            escape(line) for line in typeset_lines(handout.text.strip().splitlines(), language)
        ),
        signature=typeset(handout.signature, language),
        hand=hand,
        font_size_pt=_starting_size(hand, handout.text),
        ink=handout.ink,
        ink_fade=round(variation.uniform(0.8, 0.95), 2),
        tilt_deg=round(variation.uniform(-1.5, 1.5), 2),
        fold_at=round(variation.uniform(0.12, 0.18), 3),
    )


def _starting_size(hand: Hand, text: str) -> float:
    """The hand's size on a cigarette paper, smaller for a longer message (so that it rarely
    needs more than the first trial to fit the sheet)."""
    size = hand.size_pt * WRITING_SCALE
    return round(max(MIN_SIZE_PT, min(size, size * sqrt(160 / max(len(text), 1)))), 1)


def fit_matchbox(
    context: MatchboxContext, measure: Callable[[MatchboxContext], Measured]
) -> MatchboxContext:
    """The writing, smaller step by step, until the paper it is on fits the sheet; a message
    too long even at the smallest size is refused at its line, never cut."""
    laid_out = measure(context)
    while laid_out.pages > 1 and context.font_size_pt > MIN_SIZE_PT:
        smaller = max(MIN_SIZE_PT, round(context.font_size_pt * SHRINK, 1))
        context = replace(context, font_size_pt=smaller)
        laid_out = measure(context)
    if laid_out.pages > 1:
        raise DoesNotFit(
            "the message is too long for a cigarette paper inside a matchbox, even written "
            f"as small as {MIN_SIZE_PT:g} pt",
            hint="shorten it, or make it a `kind: note`",
            field=("text",),
        )
    return context
