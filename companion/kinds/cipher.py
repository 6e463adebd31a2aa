"""The cipher: the enciphered message as a prop (typed groups of five, the groups as a listener
copied them down in pencil on a pad, or a pencilled worksheet grid), its key as a prop of its
own if the GM prints one; the GM's copy adds the plaintext, the method and the key. The cipher
text was computed when the campaign loaded."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from random import Random

from companion.campaign.ciphers import (
    CYRILLIC_BASE,
    DIGIT_BASE,
    END_CODE,
    LATIN,
    SPACE_CODE,
    STOP_CODE,
)
from companion.campaign.labels import PropLabels, prop_labels
from companion.campaign.models import Campaign, CipherHandout
from companion.campaign.models.kinds import CIPHER_KEY_TITLES
from companion.kinds.base import HandoutContext, PageSize, context_basics
from companion.kinds.imprint import MarkPlace
from companion.kinds.ruling import PAD_PITCH_MM
from companion.render.fonts import faces, text_width
from companion.render.hands import Hand, hand_named
from companion.render.typography import typeset
from companion.seeds import seeded_random

GRID_COLUMNS = 10
SHEET = PageSize.named("a5")
MM_PER_PT = 25.4 / 72
# A copied figure stands about as tall as a square of the pad; its letters are spaced at
# most this much apart (more, and a PDF reader takes each figure for a word of its own).
FIGURE_MM = 4.6
MOST_SPACING_MM = 0.45


@dataclass(frozen=True)
class Pad:
    """The lines of a writing pad: squares or rules this far apart, the writing kept off the
    sheet's top and bottom by whole lines, so that every line of writing stands on one."""

    style: str  # squared, lined or plain
    line_mm: float
    top_lines: int
    bottom_lines: int
    left_mm: float  # where the first column starts (squared: on a square's edge)
    # A row of groups every so many lines: as far apart as the sheet allows, as a listener
    # spreads out what he copies when he can.
    lines_between: int


# Squares of a Soviet school pad, the rulings of a writing pad, or blank paper (its writer's
# lines, unseen, as far apart as squares): their pitch, margins and the room a row may take.
PADS: dict[str, tuple[float, int, int, tuple[int, int]]] = {
    # style: (line, top lines, bottom lines, (fewest, most) lines from a row to the next)
    "squared": (5.0, 3, 2, (2, 3)),
    "lined": (PAD_PITCH_MM, 3, 1, (2, 2)),
    "plain": (6.0, 3, 2, (2, 3)),
}
# The heading is written a little smaller than the groups.
HEADING_SIZE = 0.8


@dataclass(frozen=True)
class CopiedGroup:
    """One group as a listener wrote it down: a little off its column, its line and the
    upright, pressed harder or lighter, never two alike. `erased` is the place of a figure
    rubbed out and written again (a correction), or None."""

    text: str
    nudge_mm: float
    lift_mm: float
    tilt_deg: float
    spacing_mm: float
    shade: float
    erased: int | None = None


Row = tuple[CopiedGroup, ...]


@dataclass(frozen=True)
class PencilCopy:
    """The groups copied down by hand on a pad: in rows of `columns`, spread over the sheet,
    going on over more sheets when they must (each sheet's rows, the first under the
    heading)."""

    pad: Pad
    columns: int
    column_mm: float
    font_size_pt: float
    sheets: tuple[tuple[Row, ...], ...]


@dataclass(frozen=True, kw_only=True)
class CipherContext(HandoutContext):
    page: PageSize
    style: str
    heading: str | None
    groups: tuple[str, ...]  # as typed: groups of five, or book references
    grid: tuple[tuple[str, ...], ...]  # the pencilled worksheet: letters in rows
    hand: Hand | None  # who wrote it out; None: typed
    paper_style: str
    pencil_copy: PencilCopy | None  # the groups written out by hand on a pad
    ink: str | None  # what the hand writes in (pencil, a pen's blue, black or red); None: typed
    typed_line_mm: float  # typed groups: the typist's line spacing, to use the sheet
    key_title: str
    key_lines: tuple[str, ...]  # the key sheet, when printed


def cipher_context(campaign: Campaign, handout: CipherHandout, is_gm: bool) -> CipherContext:
    """`campaign` and `handout` are already projected for the audience: the players' has no
    plaintext and no key, only the cipher text computed from them."""
    language = handout.language or campaign.info.languages[0]
    labels = prop_labels(language, campaign.info.labels)
    letters = handout.cipher_text.replace(" ", "")
    grid = tuple(tuple(letters[i : i + GRID_COLUMNS]) for i in range(0, len(letters), GRID_COLUMNS))
    groups = tuple(handout.cipher_text.split())
    hand = hand_named(handout.hand) if handout.hand else None
    copied = hand is not None and not hand.typed and handout.style == "typed-groups"
    paper_style = handout.paper_style or ("squared" if copied else "plain")
    key_lines = tuple(handout.key_sheet_lines)
    if handout.method == "one-time-pad" and key_lines:
        key_lines += ("", *_pad_code_table(labels))
    return CipherContext(
        **context_basics(campaign, handout, is_gm, language, _gm_notes(handout) if is_gm else []),
        page=SHEET,
        style=handout.style,
        heading=typeset(handout.heading, language),
        groups=groups,
        grid=grid,
        hand=hand,
        paper_style=paper_style,
        pencil_copy=(
            _pencil_copy(groups, hand, paper_style, handout.heading, handout.id, handout.ink)
            if hand and copied
            else None
        ),
        ink=handout.ink if handout.handwritten() else None,
        typed_line_mm=_typed_line(len(groups), has_heading=bool(handout.heading)),
        key_title=labels.word(CIPHER_KEY_TITLES[handout.method]),
        key_lines=key_lines,
        mark_place=MarkPlace(edge_pages=("pad",)),  # a pad's page has no side margins
    )


def _pencil_copy(
    groups: tuple[str, ...], hand: Hand, style: str, heading: str | None, seed: str, ink: str
) -> PencilCopy:
    """The groups in neat columns, as many as their length allows across the sheet, the rows
    as far apart as the sheet has room for; a long message goes on over more sheets."""
    line_mm, top_lines, bottom_lines, (fewest, most) = PADS[style]
    longest = max((len(group) for group in groups), default=5)
    columns = 4 if longest <= 5 else 3 if longest <= 8 else 2
    margin = 12.0 if style == "lined" else 10.0
    column_mm = (SHEET.width_mm - 2 * margin) / columns
    if style == "squared":  # each column starts on a square's edge
        column_mm = line_mm * math.floor(column_mm / line_mm)
    left_mm = (SHEET.width_mm - columns * column_mm) / 2 + (4.0 if style == "lined" else 0)
    size = _figure_size(groups, hand, column_mm)
    # the lines inside the margins; a sheet filled to the last hundredth of a millimetre
    # would, rounded, put its last row over onto a sheet of its own
    lines = int((SHEET.height_mm - (top_lines + bottom_lines) * line_mm) / line_mm - 0.01)
    heading_width = SHEET.width_mm - 2 * left_mm
    first = lines - _heading_lines(heading, hand, size * HEADING_SIZE, heading_width)
    rows = max(1, math.ceil(len(groups) / columns))
    between = max(fewest, min(most, first // rows))
    written = _written(groups, seeded_random("cipher-copy", seed), erasable=ink == "pencil")
    all_rows = [written[i : i + columns] for i in range(0, len(written), columns)]
    return PencilCopy(
        pad=Pad(style, line_mm, top_lines, bottom_lines, round(left_mm, 2), between),
        columns=columns,
        column_mm=column_mm,
        font_size_pt=size,
        sheets=_sheets(all_rows, first // between, lines // between),
    )


def _figure_size(groups: tuple[str, ...], hand: Hand, column_mm: float) -> float:
    """The size at which the hand's figures stand as tall as a square of the pad (whatever
    the hand: some write small figures in a large em, some old-style ones), never so large
    that a group, letters spaced as written, leaves its column."""
    written = "".join(groups) or "0"
    tall = FIGURE_MM / (figure_height_em(hand.families[0], written) * MM_PER_PT)
    widest = max(groups, key=lambda group: text_width(group, hand.families, 1.0), default="0")
    spacing_mm = len(widest) * MOST_SPACING_MM
    fitting = (0.8 * column_mm - spacing_mm) / (text_width(widest, hand.families, 1.0) * MM_PER_PT)
    return round(min(tall, fitting), 1)


@cache
def figure_height_em(family: str, characters: str) -> float:
    """How far the family's glyphs for `characters` (the digits, when it draws none of them)
    rise above the baseline on average, in ems."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    face = next(f for f in faces() if f.family == family and f.weight == 400)
    with TTFont(face.path, lazy=True) as font:
        glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
        drawn = [cmap[ord(c)] for c in set(characters) if ord(c) in cmap]
        tops = []
        for name in drawn or [cmap[ord(digit)] for digit in "0123456789" if ord(digit) in cmap]:
            pen = BoundsPen(glyphs)
            glyphs[name].draw(pen)
            tops.append(pen.bounds[3] if pen.bounds else 0)
        # the mean, not the tallest: old-style figures rise and fall, and mostly sit low
        return float(sum(tops) / len(tops) if tops else 700) / int(font["head"].unitsPerEm)


def _heading_lines(heading: str | None, hand: Hand, size_pt: float, width_mm: float) -> int:
    """The lines the heading takes on the first sheet, the one left empty under it counted:
    a line more than its width needs, as lines break between words."""
    if not heading:
        return 0
    width_mm_written = text_width(heading, hand.families, size_pt) * MM_PER_PT
    return math.ceil(width_mm_written / width_mm) + 2


def _sheets(rows: list[Row], on_first: int, on_others: int) -> tuple[tuple[Row, ...], ...]:
    """The rows sheet by sheet: each sheet starts with a row of its own (it draws the sheet's
    lines), and is never fuller than it has room for."""
    sheets = [tuple(rows[: max(1, on_first)])]
    rest = rows[max(1, on_first) :]
    step = max(1, on_others)
    sheets += [tuple(rest[i : i + step]) for i in range(0, len(rest), step)]
    return tuple(sheets)


def _written(
    groups: tuple[str, ...], variation: Random, erasable: bool = True
) -> tuple[CopiedGroup, ...]:
    """Each group as the hand put it down. In pencil, a few figures were rubbed out and
    written again (one group in fifteen or so, the first one at least): a correction by ear,
    still the right figure, so every group reads as sent. Ink does not rub out."""
    corrected = min(3, max(1, len(groups) // 15)) if len(groups) >= 5 and erasable else 0
    erased = set(variation.sample(range(len(groups)), corrected))
    return tuple(
        CopiedGroup(
            text=group,
            nudge_mm=round(variation.uniform(0, 1.8), 2),
            lift_mm=round(variation.uniform(-0.5, 0.5), 2),
            tilt_deg=round(variation.uniform(-1.8, 1.8), 1),
            spacing_mm=round(variation.uniform(0.15, MOST_SPACING_MM), 2),
            shade=round(variation.uniform(0.78, 0.95), 2),
            erased=variation.randrange(len(group)) if index in erased and group else None,
        )
        for index, group in enumerate(groups)
    )


def _typed_line(groups: int, has_heading: bool) -> float:
    """Typed groups triple-spaced when the sheet has room for them so, else double: a
    typist's line is a sixth of an inch."""
    line = 25.4 / 6
    room = SHEET.height_mm - 32 - (12 if has_heading else 0)
    rows = max(1, math.ceil(groups / 4))
    return round(line * (3 if rows * line * 3 <= room else 2), 2)


def _gm_notes(handout: CipherHandout) -> list[tuple[str, str | None]]:
    """What only the GM reads: the message in clear, and how it was enciphered."""
    return [("Plaintext", handout.plaintext or None), ("How it was enciphered", _method(handout))]


def _method(handout: CipherHandout) -> str:
    if handout.method == "shift":
        places = int(handout.key or 0)
        return (
            f"Shift: each letter {places} places on (A becomes {LATIN[places % len(LATIN)]}); "
            "shift back to read it."
        )
    if handout.method == "vigenere":
        return (
            f"Vigenère with the keyword **{handout.key}**: each letter shifted by the next "
            "letter of the keyword (A = 0)."
        )
    if handout.method == "one-time-pad":
        pad = f" The pad: `{handout.key}`." if handout.key else " The pad is on the key sheet."
        return (
            "One-time pad: the message as two-digit codes (A = 01 ... Z = 26, space 00, full "
            f"stop 90, {END_CODE} the end, filling out the last group), the pad's digits added "
            "without carrying. Take the pad away, digit by digit, to read it." + pad
        )
    return (
        "Book cipher: each pair is a line and a word of the book's text (blank lines not counted)."
    )


def _pad_code_table(labels: PropLabels) -> tuple[str, ...]:
    """The code the pad's users learned by heart, printed under the pad in its language."""
    letters = [f"{LATIN[i]}={i + 1:02d}" for i in range(len(LATIN))]
    rows = [" ".join(letters[i : i + 9]) for i in range(0, len(letters), 9)]
    extra = (
        f"{labels.word('cipher-space')}={SPACE_CODE} .={STOP_CODE} "
        f"0-9={DIGIT_BASE}-{DIGIT_BASE + 9} {labels.word('cipher-end')}={END_CODE}"
    )
    cyrillic = f"А-Я={CYRILLIC_BASE + 1}-{CYRILLIC_BASE + 32}"
    return (*rows, extra, cyrillic)
