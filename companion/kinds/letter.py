"""The letter: headed paper or plain, the place and date, salutation, body and closing,
handwritten or typed, signed in the author's own hand. Its envelope, as any prop's, is drawn
by `kinds.envelope`, its postmark from the letter's place and date.

The body flows over as many sheets as it needs (the writer numbers the sheets after the
first), so no word is ever lost to the paper's size."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from random import Random

from markupsafe import Markup

from companion.campaign.models import Campaign, LetterHandout
from companion.kinds.base import (
    HandoutContext,
    PageSize,
    context_basics,
    heading_of,
    written_by,
    written_text,
)
from companion.kinds.ruling import PAD_PITCH_MM, Ruling, on_the_rules
from companion.render.hands import Hand, hand_named
from companion.render.layout import Measured
from companion.render.typography import typeset, typeset_lines
from companion.seeds import seeded_random

# A hand's size is set for an A6 note; a letter is written smaller on its larger sheet.
HAND_SCALE = {"a5": 0.66, "paper": 0.72}
TYPE_SCALE = {"a5": 0.76, "paper": 0.84}


@dataclass(frozen=True)
class Flourish:
    """The stroke a writer pulls under a signature, never twice the same."""

    width_mm: float
    tilt_deg: float


@dataclass(frozen=True, kw_only=True)
class LetterContext(HandoutContext):
    page: PageSize
    letterhead_name: str | None
    letterhead: tuple[str, ...]
    letterhead_ink: str  # CSS `r g b`: headed paper is printed in the organisation's colour
    place_date: str | None
    recipient: tuple[str, ...]
    salutation: str | None
    text: Markup
    closing: str | None
    signature: str | None
    signed_name: str | None
    hand: Hand
    signature_hand: Hand
    font_size_pt: float
    signature_size_pt: float
    ink: str
    ink_fade: float
    paper_style: str
    signature_tilt_deg: float
    flourish: Flourish
    # On ruled paper: where the rules stand, once the letter is laid out (see `fit_letter`).
    ruling: Ruling | None = None


def letter_context(campaign: Campaign, handout: LetterHandout, is_gm: bool) -> LetterContext:
    """`campaign` and `handout` are already projected for the audience."""
    language = handout.language or campaign.info.languages[0]
    variation = seeded_random("letter", handout.id)
    hand = hand_named(handout.hand)
    signature_hand = hand_named(handout.signature_hand or (None if hand.typed else hand.name))
    # A letter's lines are the paper's, not the YAML's: paragraphs reflow.
    basics = context_basics(campaign, handout, is_gm, language, _gm_notes(campaign, handout, is_gm))
    text = written_text(
        handout,
        handout.text,
        basics["additions"],
        hand,
        variation,
        handout.typewriter,
        language=language,
        keep_line_breaks=False,
    )
    heading = heading_of(campaign, handout.organisation, handout.letterhead)
    scale = (TYPE_SCALE if hand.typed else HAND_SCALE)[handout.size]
    place_date = ", ".join(p for p in (handout.place, handout.date) if p)
    return LetterContext(
        **basics,
        typewriter_faults=handout.typewriter is not None,
        page=PageSize.named(campaign.info.paper if handout.size == "paper" else handout.size),
        letterhead_name=typeset(next(iter(heading.lines), None), language),
        letterhead=typeset_lines(heading.lines[1:], language),
        letterhead_ink=heading.ink,
        place_date=typeset(place_date, language) or None,
        recipient=typeset_lines(handout.recipient, language),
        salutation=typeset(handout.salutation, language),
        text=text,
        closing=typeset(handout.closing, language),
        signature=typeset(handout.signature, language),
        signed_name=typeset(handout.signed_name, language),
        hand=hand,
        signature_hand=signature_hand,
        font_size_pt=round(hand.size_pt * scale, 1),
        signature_size_pt=round(signature_hand.size_pt * 0.95, 1),
        ink=handout.ink,
        ink_fade=round(variation.uniform(0.84, 0.96), 2),
        paper_style=handout.paper_style,
        signature_tilt_deg=round(variation.uniform(-6, -1), 1),
        flourish=_flourish(variation),
    )


def _flourish(variation: Random) -> Flourish:
    return Flourish(round(variation.uniform(28, 46), 1), round(variation.uniform(-7, -2), 1))


def _gm_notes(
    campaign: Campaign, handout: LetterHandout, is_gm: bool
) -> list[tuple[str, str | None]]:
    """Who wrote it."""
    return [written_by(campaign, handout)]


def fit_letter(
    context: LetterContext, measure: Callable[[LetterContext], Measured]
) -> LetterContext:
    """On ruled paper, the rules laid where the writing stands (see `on_the_rules`)."""
    if context.paper_style != "lined" or context.hand.typed:
        return context
    return on_the_rules(context, measure, PAD_PITCH_MM)
