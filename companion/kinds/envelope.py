"""The envelope a prop came in (any kind may have one): a net to cut out and fold round the
prop where it fits the paper, else its front and its back; the address in the writer's hand,
a stamp cancelled by the post office's round date-stamp and wavy lines, or the words the
writer put for "by hand". Or, in its place, a paper sleeve open at the top (a registry's, a
photographer's) or the printed paper label round a tin (a cannery's), each with the words
such things had printed on them, in the prop's language."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from random import Random

from companion.campaign.labels import prop_labels
from companion.campaign.models import Campaign, Envelope, HandoutBase
from companion.kinds.sheets import PRINTERS_MARGIN_MM, PageSize
from companion.render.fonts import text_width
from companion.render.hands import Hand, hand_named
from companion.render.typography import typeset_lines
from companion.seeds import seeded_random

ENVELOPE_MM = {"dl": (220.0, 110.0), "c6": (162.0, 114.0), "c5": (229.0, 162.0)}
MM_PER_PT = 25.4 / 72
HOW_TO_FOLD = (
    "Printed flat on the sheet: cut round the solid line, fold the flaps back on the dashed "
    "lines, glue the bottom flap over the side flaps, put the prop in, folded, and tuck in "
    "or glue the pointed flap."
)
HOW_TO_FOLD_SLEEVE = (
    "Printed flat on the sheet: cut round the solid line, fold the side flaps back on the "
    "dashed lines, fold the back up behind the front and glue it over the side flaps (their "
    "shaded faces); the sleeve is open at the top, its thumb cut in the front."
)
HOW_TO_WRAP = (
    "Printed flat on the sheet: cut round the solid line, wrap the label round a tin (a "
    "round one 74 mm across, a tin of fish or tobacco) and glue its plain end under the "
    "other, on the dashed line; put the prop inside the tin, folded small."
)
# What each kind of envelope is printed with, in the prop's language (campaign/labels.yaml).
PRINTED_WORDS = {"envelope": None, "sleeve": "sleeve-words", "tin-label": "tin-words"}
# The label round a tin 74 mm across (232 mm round), with a plain end to glue under it.
TIN_LABEL_MM = (242.0, 76.0)
TIN_OVERLAP_MM = 10.0
# A sleeve's back stops short of its front's top edge, below the thumb cut in the front.
SLEEVE_SHORTER_MM = 4.0
THUMB_MM = (24.0, 8.0)  # the thumb cut's width and depth

# A flap as deep as the envelope is high times this (the pointed flap that closes it, the
# bottom flap glued over the side flaps); side flaps of a fixed depth. A sheet too small for
# them takes shallower ones, down to half: below that the envelope prints front and back.
TOP_FLAP, BOTTOM_FLAP = 0.5, 0.75
SIDE_FLAP_MM = (10.0, 18.0)  # the least and the most
SHALLOWEST = 0.5
# Where a side flap stops short of the corners, so the flaps fold past one another.
CORNER_MM = 2.0


@dataclass(frozen=True)
class Net:
    """The envelope laid flat on a sheet: its front (where the address goes) with the flaps
    round it. Cut along `outline`, fold back along `folds`, glue the bottom flap over the side
    flaps: what is printed on the flaps is then the envelope's back. Paths in mm on the sheet."""

    sheet: PageSize  # the campaign's paper, upright or turned
    left_mm: float  # the front's top left corner on the sheet
    top_mm: float
    top_flap: str  # the pointed flap that closes it
    outline: str  # the line to cut along
    folds: str  # the lines to fold on, round the front
    gum: str  # along the closing flap's edge, inside it
    bottom_flap_mm: float  # the bottom flap's depth, for what is printed on it


def envelope_net(width_mm: float, height_mm: float, paper: PageSize) -> Net | None:
    """The net on the paper, inside the printer's margin: upright if it fits so, else on the
    paper turned; None when it fits neither way (a C5 on A4)."""
    for sheet in (paper, PageSize(paper.height_mm, paper.width_mm)):
        room_x = sheet.width_mm - 2 * PRINTERS_MARGIN_MM - width_mm
        room_y = sheet.height_mm - 2 * PRINTERS_MARGIN_MM - height_mm
        side = min(SIDE_FLAP_MM[1], room_x / 2)
        depth = min(1.0, room_y / ((TOP_FLAP + BOTTOM_FLAP) * height_mm))
        if side >= SIDE_FLAP_MM[0] and depth >= SHALLOWEST:
            return _laid_out(width_mm, height_mm, sheet, side, depth)
    return None


def _laid_out(width: float, height: float, sheet: PageSize, side: float, depth: float) -> Net:
    top, bottom = TOP_FLAP * depth * height, BOTTOM_FLAP * depth * height
    left = (sheet.width_mm - width) / 2
    above = (sheet.height_mm - height - top - bottom) / 2 + top
    return Net(
        sheet=sheet,
        left_mm=round(left, 2),
        top_mm=round(above, 2),
        top_flap=_path([*_top_flap(width, top), (width, 0)], left, above),
        outline=_path(_outline(width, height, top, bottom, side), left, above),
        folds=_path(_folds(width, height), left, above),
        gum=_path(_gum(width, top), left, above, closed=False),
        bottom_flap_mm=round(bottom, 2),
    )


Point = tuple[float, float]


def sleeve_net(width_mm: float, height_mm: float, paper: PageSize) -> Net | None:
    """A sleeve laid flat on the paper, inside the printer's margin: its front, the side
    flaps beside it and its back hanging below the fold at its foot; None when it fits
    neither way up (a DL or a C5 sleeve on A4: printed front and back)."""
    back = height_mm - SLEEVE_SHORTER_MM
    for sheet in (paper, PageSize(paper.height_mm, paper.width_mm)):
        room_x = sheet.width_mm - 2 * PRINTERS_MARGIN_MM - width_mm
        room_y = sheet.height_mm - 2 * PRINTERS_MARGIN_MM - height_mm - back
        side = min(SIDE_FLAP_MM[1], room_x / 2)
        if side >= SIDE_FLAP_MM[0] and room_y >= 0:
            left = (sheet.width_mm - width_mm) / 2
            top = (sheet.height_mm - height_mm - back) / 2
            flaps = _side_flaps(width_mm, height_mm, side)
            return Net(
                sheet=sheet,
                left_mm=round(left, 2),
                top_mm=round(top, 2),
                top_flap="",
                outline=_path(_sleeve_outline(width_mm, height_mm, back, side), left, top),
                folds=_path(_open_sides(width_mm, height_mm), left, top, closed=False),
                gum=" ".join(_path(flap, left, top) for flap in flaps),
                bottom_flap_mm=round(back, 2),
            )
    return None


def _open_sides(width: float, height: float) -> list[Point]:
    """A sleeve's folds: down its front's sides and across its foot (its top is open)."""
    return [(0, 0), (0, height), (width, height), (width, 0)]


def _thumb_cut(width: float) -> list[Point]:
    """The half-round cut in the middle of a sleeve's open edge, for the thumb."""
    across, deep = THUMB_MM
    steps = [math.pi * i / 8 for i in range(9)]
    return [(width / 2 - across / 2 * math.cos(a), deep * math.sin(a)) for a in steps]


def _sleeve_outline(width: float, height: float, back: float, side: float) -> list[Point]:
    """Round the sleeve flat, clockwise from the front's top left corner: the open edge with
    its thumb cut, the right side flap, the back below the fold, the left side flap."""
    right, left = _side_flaps(width, height, side)
    return [(0, 0), *_thumb_cut(width), (width, 0), *right[1:-1], (width, height),
            (width, height + back), (0, height + back), (0, height), *left[1:-1]]  # fmt: skip


def _side_flaps(width: float, height: float, side: float) -> tuple[list[Point], list[Point]]:
    """The flaps beside a sleeve's front, stopping short of its corners (glued under its
    back when it is folded up)."""
    right = [(width, CORNER_MM), (width + side, CORNER_MM + 0.8 * side)]
    right += [(width + side, height - CORNER_MM - 0.5 * side), (width, height - CORNER_MM)]
    left = [(0, height - CORNER_MM), (-side, height - CORNER_MM - 0.5 * side)]
    left += [(-side, CORNER_MM + 0.8 * side), (0, CORNER_MM)]
    return right, left


def sleeve_back_drawing(width: float, height: float) -> tuple[str, str, str]:
    """A sleeve's back as a drawing (when it prints front and back): its top edge below the
    front's, and the glued side flaps' edges showing through along its sides."""
    top = SLEEVE_SHORTER_MM
    edge = f"M 0 {top:.2f} L {width:.2f} {top:.2f}"
    inset = SIDE_FLAP_MM[1]
    seams = (
        f"M {inset:.2f} {top + CORNER_MM + 8:.2f} L {inset:.2f} {height - CORNER_MM - 6:.2f} "
        f"M {width - inset:.2f} {top + CORNER_MM + 8:.2f} "
        f"L {width - inset:.2f} {height - CORNER_MM - 6:.2f}"
    )
    return "", edge, seams


@dataclass(frozen=True)
class TinLabel:
    """The paper label round a tin, laid flat on the paper turned sideways: cut round it,
    wrap it round the tin, glue its plain end (`overlap_mm` at its left) under the other."""

    sheet: PageSize
    left_mm: float
    top_mm: float
    width_mm: float
    height_mm: float
    overlap_mm: float


def tin_label_on(paper: PageSize) -> TinLabel:
    """The label in the middle of the paper, the way up it fits (sideways on A4 and letter)."""
    width, height = TIN_LABEL_MM
    turned = PageSize(paper.height_mm, paper.width_mm)
    sheet = paper if paper.width_mm - 2 * PRINTERS_MARGIN_MM >= width else turned
    return TinLabel(
        sheet=sheet,
        left_mm=round((sheet.width_mm - width) / 2, 2),
        top_mm=round((sheet.height_mm - height) / 2, 2),
        width_mm=width,
        height_mm=height,
        overlap_mm=TIN_OVERLAP_MM,
    )


def _top_flap(width: float, depth: float) -> list[Point]:
    """The closing flap's edge from the front's top left corner to its top right one:
    pointed, its tip a little rounded."""
    tip = [(width / 2 + 7 * math.sin(a), -depth + 2.2 * (1 - math.cos(a))) for a in (-0.9, 0.9)]
    return [(0, 0), (2.5, -2.0), tip[0], (width / 2, -depth), tip[1], (width - 2.5, -2.0)]


def _outline(width: float, height: float, top: float, bottom: float, side: float) -> list[Point]:
    """Round the net clockwise from the front's top left corner: the closing flap, the right
    side flap, the bottom flap (its shoulders sloping, as on the envelopes of the time), the
    left side flap."""
    slope = min(0.3 * width, 0.9 * bottom)
    right = [(width, 0), (width, CORNER_MM), (width + side, CORNER_MM + 0.8 * side)]
    right += [(width + side, height - CORNER_MM - 0.5 * side), (width, height - CORNER_MM)]
    foot = [(width, height), (width - slope, height + bottom), (slope, height + bottom)]
    foot += [(0, height)]
    left = [(0, height - CORNER_MM), (-side, height - CORNER_MM - 0.5 * side)]
    left += [(-side, CORNER_MM + 0.8 * side), (0, CORNER_MM)]
    return _top_flap(width, top) + right + foot + left


def _folds(width: float, height: float) -> list[Point]:
    return [(0, 0), (width, 0), (width, height), (0, height), (0, 0)]


def _gum(width: float, depth: float) -> list[Point]:
    """The closing flap's edge without its fold: stroked wide and clipped to the flap, it is
    the gummed band along the edge, inside."""
    return _top_flap(width, depth)[1:]


def _path(points: list[Point], dx: float, dy: float, closed: bool = True) -> str:
    drawn = "M " + " L ".join(f"{x + dx:.2f} {y + dy:.2f}" for x, y in points)
    return drawn + " Z" if closed else drawn


def back_drawing(width: float, height: float) -> tuple[str, str, str]:
    """An envelope's back as a drawing (when it prints front and back): the closing flap's V
    reaching past the middle, the gummed band inside its edge, and the side seams rising from
    the bottom corners to meet under it."""
    hanging = [(x, -y) for x, y in _top_flap(width, 0.58 * height)]  # down from the top
    flap = _path([*hanging, (width, 0)], 0, 0)
    gum = _path(hanging[1:], 0, 0, closed=False)
    seams = (
        f"M 0 {height:.2f} L {0.4 * width:.2f} {0.5 * height:.2f} "
        f"M {width:.2f} {height:.2f} L {0.6 * width:.2f} {0.5 * height:.2f}"
    )
    return flap, gum, seams


# --- the postmark --------------------------------------------------------------------------

# The date-stamp: a ring this wide (mm), the town round its top, the date in a band across.
RING_MM = 24.0
TOWN_PT = 6.6
DATE_PT = 6.6
ARC = math.radians(140)  # the most of the ring the town's name goes round
# The date-stamp's letters: the typed face's (as base.css's --mono).
STAMP_FAMILIES = (
    "PT Mono Latin",
    "PT Mono Latin Ext",
    "PT Mono Cyrillic",
    "PT Mono Cyrillic Ext",
    "Anonymous Pro Greek",
)


@dataclass(frozen=True)
class ArcText:
    """Letters set round a circle, each at its own place and angle (SVG's per-letter x, y
    and rotate)."""

    text: str
    xs: str
    ys: str
    angles: str
    size: float  # in the drawing's units (mm)


@dataclass(frozen=True)
class DateStamp:
    """The round date-stamp as struck: the town round the top, the date across the middle;
    the ink uneven round the ring (`ring_dashes`), and the wavy lines beside it."""

    town: ArcText
    date: str
    date_size: float  # mm
    ring_dashes: str
    waves: tuple[str, ...]


def date_stamp(town: str, date: str, variation: Random) -> DateStamp:
    centre = RING_MM / 2
    return DateStamp(
        town=_round_the_top(town.upper(), centre, centre - 4.4, TOWN_PT * MM_PER_PT),
        date=date,
        date_size=round(_fitted(date, DATE_PT, 0.56 * RING_MM) * MM_PER_PT, 2),
        ring_dashes=_uneven_ink(variation),
        waves=_waves(variation),
    )


def _round_the_top(text: str, centre: float, radius: float, size: float) -> ArcText:
    """`text` centred on the top of a circle of `radius` (its letters' baseline), each
    letter upright to the circle; smaller if it would reach down to the date's band."""
    widths = [text_width(letter, STAMP_FAMILIES, size / MM_PER_PT) * MM_PER_PT for letter in text]
    most = ARC * radius
    if sum(widths) > most:
        scale = most / sum(widths)
        size, widths = size * scale, [width * scale for width in widths]
    angle = -sum(widths) / radius / 2
    xs, ys, angles = [], [], []
    for width in widths:
        middle = angle + width / radius / 2
        x = centre + radius * math.sin(middle) - width / 2 * math.cos(middle)
        y = centre - radius * math.cos(middle) - width / 2 * math.sin(middle)
        xs.append(f"{x:.2f}")
        ys.append(f"{y:.2f}")
        angles.append(f"{math.degrees(middle):.1f}")
        angle += width / radius
    return ArcText(text, " ".join(xs), " ".join(ys), " ".join(angles), round(size, 2))


def _fitted(text: str, size_pt: float, width_mm: float) -> float:
    """The size at which `text` is no wider than `width_mm`, at most `size_pt`."""
    wide = text_width(text, STAMP_FAMILIES, size_pt) * MM_PER_PT
    return size_pt if wide <= width_mm else size_pt * width_mm / wide


def _uneven_ink(variation: Random) -> str:
    """The ring's dashes: long strokes with the odd gap where the stamp took little ink."""
    parts = []
    for _ in range(6):
        parts += [f"{variation.uniform(6, 14):.1f}", f"{variation.uniform(0.2, 1.2):.1f}"]
    return " ".join(parts)


def _waves(variation: Random) -> tuple[str, ...]:
    """Five wavy lines struck beside the ring, as a cancelling machine did."""
    length, period = 34.0, 8.5
    lines = []
    for index in range(5):
        y = RING_MM / 2 - 10 + index * 3.5 + variation.uniform(-0.15, 0.15)
        start = RING_MM - 1.5
        steps = [f"M {start:.2f} {y:.2f}", f"q {period / 4:.2f} -1.3 {period / 2:.2f} 0"]
        steps += [f"t {period / 2:.2f} 0"] * int(2 * length / period)
        lines.append(" ".join(steps))
    return tuple(lines)


# --- the postmark's date, from the letter's --------------------------------------------------

# Month names as letters are dated in the languages here, by how they begin once accents are
# off and capitals down (October: oct, ott, okt, lis, окт, οκτ...).
MONTHS: tuple[tuple[str, ...], ...] = (
    ("jan", "gen", "sij", "янв", "ιαν"),
    ("feb", "fév", "fev", "velj", "фев", "φεβ"),
    ("mar", "mär", "ozu", "мар", "μαρ"),
    ("apr", "avr", "tra", "апр", "απρ"),
    ("may", "mag", "mai", "maj", "svi", "мая", "май", "μαι"),
    ("jun", "giu", "juin", "lip", "июн", "ιουν"),
    ("jul", "lug", "juil", "srp", "июл", "ιουλ"),
    ("aug", "ago", "aoû", "aou", "avg", "kol", "авг", "αυγ"),
    ("sep", "set", "ruj", "сен", "σεπ"),
    ("oct", "ott", "okt", "lis", "окт", "οκτ"),
    ("nov", "stu", "ноя", "νοε"),
    ("dec", "dic", "dez", "déc", "pro", "дек", "δεκ"),
)
# Days of the week that begin as a month does (martedì, mardi: not March).
NOT_MONTHS = ("marted", "mardi")
# Post offices that wrote the month in Roman figures (14.VI.26), as the Habsburg ones had.
ROMAN_MONTHS = ("hr", "sl", "sr", "bs", "cs", "sk", "pl", "hu", "de-at")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def postmark_date(written: str, language: str) -> str:
    """A letter's date as a date-stamp strikes it: day, month and year in figures, the year
    in two (`2.10.88`, or `14.VI.26` where months were Roman); the date as written when it
    does not read as one (`Tuesday`)."""
    day_month_year = _numeric_date(written) or _worded_date(written)
    if day_month_year is None:
        return written
    day, month, year = day_month_year
    roman = language.lower() in ROMAN_MONTHS or language.split("-")[0].lower() in ROMAN_MONTHS
    shown = ROMAN[month - 1] if roman else str(month)
    return f"{day}.{shown}.{year % 100:02d}" if year else f"{day}.{shown}."


def _numeric_date(written: str) -> tuple[int, int, int] | None:
    found = re.search(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})\b", written)
    if not found:
        return None
    day, month, year = (int(part) for part in found.groups())
    return (day, month, year) if 1 <= day <= 31 and 1 <= month <= 12 else None


def _worded_date(written: str) -> tuple[int, int, int] | None:
    """A date with its month in words, in any order (`14 giugno 1926`, `October 14, 1988`,
    `1988. gada 2. oktobrī`, `2 Οκτωβρίου 1988`)."""
    words = re.findall(r"\w+", written)
    month = next((m for word in words if (m := _month(word)) is not None), None)
    numbers = [int(word) for word in words if word.isdigit()]
    years = [n for n in numbers if n >= 100]
    days = [n for n in numbers if 1 <= n <= 31]
    if month is None or not days:
        return None
    return days[0], month, years[0] if years else 0


def _month(word: str) -> int | None:
    bare = "".join(
        c for c in unicodedata.normalize("NFD", word.casefold()) if unicodedata.category(c) != "Mn"
    )
    if len(bare) < 3 or bare.isdigit() or bare.startswith(NOT_MONTHS):
        return None
    for number, beginnings in enumerate(MONTHS, start=1):
        if any(bare.startswith(_bare(beginning)) for beginning in beginnings):
            return number
    return None


def _bare(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


# --- the envelope as the template draws it --------------------------------------------------


@dataclass(frozen=True)
class EnvelopeContext:
    """The envelope: its size, laid flat on the paper as a net (or, too big for it, printed
    front and back), and what is written and struck on its front."""

    style: str  # envelope, sleeve or tin-label
    page: PageSize  # the envelope itself
    net: Net | None  # flat on the paper to cut and fold; None: front and back pages
    back: tuple[str, str, str]  # printed back: the flap, its gummed band, the side seams
    to: tuple[str, ...]
    sender: tuple[str, ...]
    sender_ink: str | None  # on a firm's envelope, printed in its ink (`r g b`); None: written
    stamp: str | None
    postmark: DateStamp | None
    by_hand: str
    hand: Hand  # the address's
    ink: str
    stamp_tilt_deg: float
    postmark_tilt_deg: float
    address_tilt_deg: float
    printed_words: str = ""  # a sleeve's or a tin label's own words, in the prop's language
    tin: TinLabel | None = None  # a tin label, laid flat

    @property
    def how_to(self) -> str | None:
        """The GM's note on making it up, when it prints flat."""
        if self.tin is not None:
            return HOW_TO_WRAP
        if self.net is None:
            return None
        return HOW_TO_FOLD_SLEEVE if self.style == "sleeve" else HOW_TO_FOLD


def envelope_net_on(campaign: Campaign, envelope: Envelope) -> Net | None:
    width, height = ENVELOPE_MM[envelope.size]
    paper = PageSize.named(campaign.info.paper)
    if envelope.style == "tin-label":
        return None
    if envelope.style == "sleeve":
        return sleeve_net(width, height, paper)
    return envelope_net(width, height, paper)


def envelope_context(
    campaign: Campaign,
    handout: HandoutBase,
    language: str,
    printed_sender: tuple[tuple[str, ...], str],
) -> EnvelopeContext | None:
    """The prop's envelope, if it has one. `printed_sender`: the lines of the stationery it
    is on and their ink (no lines: the sender is written by hand)."""
    envelope = handout.envelope
    if envelope is None:
        return None
    variation = seeded_random("envelope", handout.id)
    width, height = ENVELOPE_MM[envelope.size]
    posted = handout.posted()
    lines, ink = printed_sender
    words = PRINTED_WORDS[envelope.style]
    labels = prop_labels(language, campaign.info.labels)
    tin = tin_label_on(PageSize.named(campaign.info.paper))
    return EnvelopeContext(
        style=envelope.style,
        printed_words=labels.word(words) if words else "",
        tin=tin if envelope.style == "tin-label" else None,
        page=PageSize(tin.width_mm, tin.height_mm)
        if envelope.style == "tin-label"
        else PageSize(width, height),
        net=envelope_net_on(campaign, envelope),
        back=sleeve_back_drawing(width, height)
        if envelope.style == "sleeve"
        else back_drawing(width, height),
        to=typeset_lines(envelope.to, language),
        sender=typeset_lines(envelope.sender, language),
        # A sleeve's maker is printed on it, in black unless the stationery has its own ink.
        sender_ink=ink if lines else ("40 40 40" if envelope.style == "sleeve" else None),
        stamp=envelope.stamp,
        postmark=_postmark(handout, envelope, language),
        by_hand=envelope.by_hand,
        hand=hand_named(envelope.hand),
        ink=envelope.ink or posted.ink or "blue",
        stamp_tilt_deg=round(variation.uniform(-3, 3), 1),
        postmark_tilt_deg=round(variation.uniform(-18, 12), 1),
        address_tilt_deg=round(variation.uniform(-1.5, 1), 2),
    )


def _postmark(handout: HandoutBase, envelope: Envelope, language: str) -> DateStamp | None:
    """The stamp's cancellation: the town and the day the GM gives, else the place and the
    date the prop was written (a letter's), the date in figures, as the post office's
    date-stamp strikes them."""
    if envelope.stamp is None or envelope.postmark is False:
        return None
    given = envelope.postmark
    posted = handout.posted()
    town = (given.town if given else None) or posted.place or ""
    day = given.date if given and given.date else None
    if day is None:
        day = postmark_date(posted.date, language) if posted.date else ""
    return date_stamp(town, day, seeded_random("postmark", handout.id))
