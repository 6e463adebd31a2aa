"""The official form: printed labels, boxes and ruled rows in the form's language, filled in
by hand or on a typewriter, with rubber stamps and a signature on top."""

from __future__ import annotations

import random
from dataclasses import dataclass

from companion.campaign.labels import prop_labels
from companion.campaign.models import Campaign, FormField, FormHandout, Redaction
from companion.kinds.additions import AddedWords
from companion.kinds.base import HandoutContext, PageSize, context_basics, heading_of
from companion.kinds.imprint import IN_MARGIN, MarkPlace
from companion.kinds.redaction import Bar, bars
from companion.render.hands import Hand, hand_named
from companion.render.inks import ink_colour
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
    added: tuple[AddedWords, ...] = ()  # written over it later, in other hands


@dataclass(frozen=True)
class RuledLine:
    """A ruled line of the form's table: filled in by the form's writer, left blank, or
    written in later by another hand (`added`); `squeezed`: written in between two lines
    already filled."""

    cells: tuple[str, ...]
    added: AddedWords | None = None
    squeezed: bool = False


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
    rows: tuple[RuledLine, ...]  # filled rows, padded with blanks to the printed rows
    stamps: tuple[InkedStamp, ...]
    signature: str | None
    signature_label: str
    hand: Hand
    font_size_pt: float
    ink: str
    printed_in: str | None  # the form's own ink as CSS `r g b`; None: the printer's black


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
    basics = context_basics(campaign, handout, is_gm, language)
    added = basics["additions"]
    return FormContext(
        **basics,
        page=page or PageSize.named(campaign.info.paper),
        issuer=typeset_lines(heading.lines, language),
        issuer_ink=heading.ink,
        form_title=typeset(handout.form_title, language),
        form_number=handout.form_number,
        boxes=tuple(
            _box(field, handout.redaction, pen, language, added) for field in handout.fields
        ),
        columns=typeset_lines(columns, language),
        rows=_ruled_lines(rows, len(table.rows) if table else 0, added),
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
        printed_in=None if handout.printed_in == "black" else ink_colour(handout.printed_in),
        # A printed form's number line is where its printer's code belongs.
        mark_place=MarkPlace(where="furniture") if handout.form_number else IN_MARGIN,
    )


def _box(
    field: FormField,
    redaction: Redaction,
    pen: random.Random,
    language: str,
    added: tuple[AddedWords, ...],
) -> Box:
    (bar,) = bars((len(field.text or ""),), redaction, pen) if field.redacted else (None,)
    label, text = typeset(field.label, language), typeset(field.text, language)
    over = tuple(words for words in added if words.field == field.label)
    return Box(label, text, SPANS[field.width], field.lines, bar, over)


def _ruled_lines(
    rows: tuple[tuple[str, ...], ...], filled: int, added: tuple[AddedWords, ...]
) -> tuple[RuledLine, ...]:
    """The table's lines with the additions written in after theirs: on the next line when
    it is blank, else squeezed in between (a line added after the last printed one is
    squeezed in under it, as a hand writes below a full form)."""
    lines = [RuledLine(row) for row in rows]
    after = [words for words in added if words.where == "after-line" and words.line is not None]
    # from the last place up, so that earlier places keep their index
    for words in sorted(after, key=lambda w: w.line or 0, reverse=True):
        at = words.line or 0
        width = len(rows[0]) if rows else 1
        cells = words.cells or (words.text,)
        cells = cells + ("",) * max(0, width - len(cells))
        if (
            at >= filled
            and at < len(lines)
            and lines[at].added is None
            and not any(lines[at].cells)
        ):
            lines[at] = RuledLine(cells, words)
        else:
            lines.insert(at, RuledLine(cells, words, squeezed=True))
    return tuple(lines)
