"""The official form: printed labels, boxes and ruled rows in the form's language, filled in
by hand or on a typewriter, with rubber stamps and a signature on top."""

from __future__ import annotations

import random
from dataclasses import dataclass

from companion.campaign.models import Campaign, FormField, FormHandout, Redaction
from companion.kinds.base import HandoutContext, PageSize, context_basics, heading_of
from companion.kinds.imprint import IN_MARGIN, MarkPlace
from companion.kinds.redaction import Bar, bars
from companion.render.hands import Hand, hand_named
from companion.render.inks import ink_colour
from companion.render.labels import prop_labels
from companion.render.typography import typeset, typeset_lines
from companion.seeds import seeded_random

# Of a twelve-column grid.
SPANS = {"full": 12, "half": 6, "third": 4}
PAGES = {"a5": (148.0, 210.0), "a5-landscape": (210.0, 148.0)}


@dataclass(frozen=True)
class Box:
    label: str
    text: str | None
    span: int
    lines: int
    bar: Bar | None  # a redacted box: the bar drawn where it was filled in


@dataclass(frozen=True)
class InkedStamp:
    text: str
    colour: str  # CSS `r g b`
    tilt_deg: float


@dataclass(frozen=True, kw_only=True)
class FormContext(HandoutContext):
    page: PageSize
    issuer: tuple[str, ...]
    issuer_ink: str
    form_title: str
    form_number: str | None
    boxes: tuple[Box, ...]
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # filled rows, padded with blanks to the printed rows
    stamps: tuple[InkedStamp, ...]
    signature: str | None
    signature_label: str
    hand: Hand
    font_size_pt: float
    ink: str


def form_context(campaign: Campaign, handout: FormHandout, is_gm: bool) -> FormContext:
    """`campaign` and `handout` are already projected for the audience."""
    language = handout.language or campaign.info.languages[0]
    heading = heading_of(campaign, handout.organisation, handout.issuer)
    hand = hand_named(handout.hand)
    variation = seeded_random("form", handout.id)
    pen = seeded_random("redaction", handout.id)
    table = handout.table
    columns = tuple(table.columns) if table else ()
    rows: tuple[tuple[str, ...], ...] = ()
    if table:
        filled = [
            typeset_lines(row, language) + ("",) * (len(columns) - len(row)) for row in table.rows
        ]
        blank = ("",) * len(columns)
        rows = tuple(filled) + (blank,) * max(0, table.printed_rows - len(filled))
    page = PageSize(*PAGES[handout.size]) if handout.size in PAGES else None
    return FormContext(
        **context_basics(campaign, handout, is_gm, language),
        page=page or PageSize.named(campaign.info.paper),
        issuer=typeset_lines(heading.lines, language),
        issuer_ink=heading.ink,
        form_title=typeset(handout.form_title, language),
        form_number=handout.form_number,
        boxes=tuple(_box(field, handout.redaction, pen, language) for field in handout.fields),
        columns=typeset_lines(columns, language),
        rows=rows,
        stamps=tuple(
            InkedStamp(
                stamp.text,
                ink_colour(stamp.colour),
                round(variation.uniform(-9, 7), 1),
            )
            for stamp in handout.stamps
        ),
        signature=typeset(handout.signature, language),
        signature_label=typeset(
            handout.signature_label
            or prop_labels(language, campaign.info.labels).word("signature"),
            language,
        ),
        hand=hand,
        font_size_pt=round(hand.size_pt * (0.62 if not hand.typed else 0.72), 1),
        ink=handout.ink,
        # A printed form's number line is where its printer's code belongs.
        mark_place=MarkPlace(where="furniture") if handout.form_number else IN_MARGIN,
    )


def _box(field: FormField, redaction: Redaction, pen: random.Random, language: str) -> Box:
    (bar,) = bars((len(field.text or ""),), redaction, pen) if field.redacted else (None,)
    label, text = typeset(field.label, language), typeset(field.text, language)
    return Box(label, text, SPANS[field.width], field.lines, bar)
