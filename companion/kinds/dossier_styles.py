"""How an organisation's files look, by its `file_style`: the page's margins and running lines,
the paper, the face its entries are typed or written in, how the sheets are fastened, and the
wear each file's own seed gives it (a cup ring or none, where the clip sits), so that files of
one office look alike without any two being the same."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup

from companion.campaign.models.info import FileStyle as FileStyleName
from companion.kinds.base import PageSize
from companion.render.hands import HANDS
from companion.seeds import seeded_random

Fastening = Literal["paper-clip", "stitching", "treasury-tag", "pin", "staple"]
MarginBox = Literal["top-left", "top-center", "top-right", "bottom-center"]
# What a running line prints: the file's title and number, its classification, "Page 1 of 3".
RunningItem = Literal["reference", "classification", "page"]


@dataclass(frozen=True)
class Margins:
    top_mm: float
    right_mm: float
    bottom_mm: float
    left_mm: float


@dataclass(frozen=True)
class Running:
    """A line in a page margin, on every page; `first_page` false where the first page's
    own header prints it already."""

    box: MarginBox
    item: RunningItem
    first_page: bool = True


@dataclass(frozen=True)
class FileStyle:
    """One office's way with its files. `face` is the CSS font families its entries are
    typed (or written) in; the printed parts of a form are in the serif."""

    name: FileStyleName
    papers: tuple[str, ...]  # the sheet's colour: each file's seed picks one
    face: Markup
    size_pt: float
    margins: Margins
    running: tuple[Running, ...]
    fastening: Fastening
    numbered_rows: bool = False  # a printed form numbers its questions
    minutes: bool = False  # a minute sheet numbers each paragraph, on through the file
    corner_stamps: frozenset[str] = frozenset()  # stamped in the header's corner, as on a cover
    ring_chance: float = 0.0  # a cup's ring on the first sheet
    splash_chance: float = 0.0  # drops of tea or coffee
    blot_chance: float = 0.0  # an ink blot in the margin

    @property
    def heads_classification(self) -> bool:
        """Whether the first page's header prints the classification: it does where no
        margin prints it on the first page."""
        return not any(r.item == "classification" and r.first_page for r in self.running)


# Both of a page's heads and feet, as most offices print them.
_CLASSIFIED_TOP_AND_BOTTOM = (
    Running("top-left", "reference"),
    Running("top-center", "classification"),
    Running("top-right", "page"),
    Running("bottom-center", "classification"),
)
# The first page's header prints the reference and the classification; later pages repeat them.
_HEADED_FIRST_PAGE = (
    Running("top-left", "reference", first_page=False),
    Running("top-center", "classification", first_page=False),
    Running("top-right", "page"),
)

STYLES: dict[str, FileStyle] = {
    style.name: style
    for style in (
        FileStyle(
            "plain",
            papers=("#f3eedf", "#f1ecda"),
            face=Markup("var(--mono)"),
            size_pt=10,
            margins=Margins(24, 18, 20, 28),
            running=_CLASSIFIED_TOP_AND_BOTTOM,
            fastening="paper-clip",
            ring_chance=0.5,
            splash_chance=0.25,
        ),
        # A KGB personal file: a printed form on thin paper, typed in, sewn into its folder.
        FileStyle(
            "soviet",
            papers=("#e9e7df", "#eee5c9", "#e6e2d6"),
            face=HANDS["teleprinter"].css_family,
            size_pt=10,
            margins=Margins(20, 16, 20, 34),
            running=(
                Running("top-left", "reference", first_page=False),
                Running("top-center", "page"),
                Running("top-right", "classification", first_page=False),
            ),
            fastening="stitching",
            numbered_rows=True,
            corner_stamps=frozenset({"keep-forever"}),
            ring_chance=0.15,
            splash_chance=0.2,
        ),
        # An SIS or MI5 registry file: buff paper, the classification head and foot of every
        # page, numbered minutes, a treasury tag through the corner.
        FileStyle(
            "british",
            papers=("#f0e2bd", "#eedfb6", "#f2e6c6"),
            face=HANDS["typewriter"].css_family,
            size_pt=10,
            margins=Margins(24, 18, 20, 28),
            running=_CLASSIFIED_TOP_AND_BOTTOM,
            fastening="treasury-tag",
            minutes=True,
            ring_chance=0.55,
            splash_chance=0.35,
        ),
        # A 1920s police record: a printed form on card, filled in by a clerk's pen, pinned.
        FileStyle(
            "police-1920s",
            papers=("#efe3c4", "#ebdcb8"),
            face=HANDS["neat"].css_family,
            size_pt=12.5,
            margins=Margins(22, 18, 20, 28),
            running=_HEADED_FIRST_PAGE,
            fastening="pin",
            numbered_rows=True,
            ring_chance=0.25,
            blot_chance=0.6,
        ),
        # A newspaper's cuttings library: an index sheet, typed, stapled into its folder.
        FileStyle(
            "newspaper-morgue",
            papers=("#e8e6d2", "#ece4c8"),
            face=Markup("var(--mono)"),
            size_pt=10,
            margins=Margins(24, 18, 20, 26),
            running=_HEADED_FIRST_PAGE,
            fastening="staple",
            ring_chance=0.6,
            splash_chance=0.4,
        ),
    )
}


@dataclass(frozen=True)
class Fastened:
    """The fastening as it sits on one file: its anchor (mm from the page area's top left on
    the first page; negative is in the margin), its angle and colour, and the holes it, or
    the office's punch, left in every sheet."""

    kind: Fastening
    x_mm: float
    y_mm: float
    angle_deg: float
    colour: str
    holes: tuple[tuple[float, float], ...]
    length_mm: float = 0.0  # stitching: from its first hole to its last


@dataclass(frozen=True)
class Stain:
    """A mark on the first sheet: a cup's ring, drops of coffee, an ink blot. Its centre in
    mm from the page area's top left."""

    kind: Literal["ring", "splash", "blot"]
    x_mm: float
    y_mm: float
    size_mm: float
    angle_deg: float


@dataclass(frozen=True)
class Fittings:
    paper: str
    fastened: Fastened
    stains: tuple[Stain, ...]
    photo_clip_pct: float  # where along the photograph's top its clip holds it


@dataclass(frozen=True)
class _Sheet:
    """The page area on the paper, to place things in the margins."""

    margins: Margins
    width_mm: float  # of the page area
    height_mm: float

    @classmethod
    def of(cls, style: FileStyle, page: PageSize) -> _Sheet:
        m = style.margins
        return cls(
            m, page.width_mm - m.left_mm - m.right_mm, page.height_mm - m.top_mm - m.bottom_mm
        )

    def from_paper(self, x_mm: float, y_mm: float) -> tuple[float, float]:
        """A point given from the paper's top-left corner, in page-area terms."""
        return round(x_mm - self.margins.left_mm, 1), round(y_mm - self.margins.top_mm, 1)


def fittings(style: FileStyle, page: PageSize, keeper: str, handout_id: str) -> Fittings:
    """The paper, fastening and stains of one file: chosen by its organisation and its own
    seed, so that the same person's files in two offices differ, and each file is the same
    on every build."""
    chance = seeded_random("dossier-fittings", keeper, handout_id)
    sheet = _Sheet.of(style, page)
    return Fittings(
        paper=chance.choice(style.papers),
        fastened=_FASTENERS[style.fastening](sheet, chance),
        stains=tuple(_stains(style, sheet, chance)),
        photo_clip_pct=round(chance.uniform(25, 75), 1),
    )


def _paper_clip(sheet: _Sheet, chance: random.Random) -> Fastened:
    """Over the top edge near the corner, holding the sheets; the office punched two holes
    for its binder."""
    x, y = sheet.from_paper(chance.uniform(9, 18), -4)
    hole_x = round(11 - sheet.margins.left_mm, 1)
    holes = ((hole_x, 70.0), (hole_x, 150.0))
    return Fastened("paper-clip", x, y, round(chance.uniform(-7, 5), 1), "#7b7f86", holes)


def _stitching(sheet: _Sheet, chance: random.Random) -> Fastened:
    """Archival sewing: three holes down the binding margin, a thread from the first to the
    last on the front sheet."""
    x = round(13 - sheet.margins.left_mm + chance.uniform(-1, 1), 1)
    holes = tuple(
        (x, round(sheet.height_mm * share + chance.uniform(-4, 4), 1)) for share in (0.2, 0.5, 0.8)
    )
    thread = chance.choice(("#f4f1e8", "#d8d3c3", "#c9cfd8"))
    length = round(holes[-1][1] - holes[0][1], 1)
    return Fastened("stitching", x, holes[0][1], 0.0, thread, holes, length)


def _treasury_tag(sheet: _Sheet, chance: random.Random) -> Fastened:
    """A cord through a hole punched in the top left corner, its metal end lying on the
    margin; the angle keeps it clear of the paper's edge and of the text."""
    x, y = sheet.from_paper(chance.uniform(11, 13), chance.uniform(11, 13))
    cord = chance.choice(("#3d7048", "#f3f0e6", "#3d7048"))
    return Fastened("treasury-tag", x, y, round(chance.uniform(-6, 7), 1), cord, ((x, y),))


def _pin(sheet: _Sheet, chance: random.Random) -> Fastened:
    """A steel pin through the top left corner, in and out of the paper."""
    x, y = sheet.from_paper(chance.uniform(6, 8), chance.uniform(7, 10))
    return Fastened("pin", x, y, round(chance.uniform(35, 58), 1), "#8d9096", ())


def _staple(sheet: _Sheet, chance: random.Random) -> Fastened:
    """A staple across the top left corner; an old one has left rust round it."""
    x, y = sheet.from_paper(chance.uniform(12, 15), chance.uniform(12, 15))
    colour = chance.choice(("#9a9ea5", "#9a9ea5", "#8a6a4a"))
    return Fastened("staple", x, y, round(chance.uniform(-55, -35), 1), colour, ())


_FASTENERS = {
    "paper-clip": _paper_clip,
    "stitching": _stitching,
    "treasury-tag": _treasury_tag,
    "pin": _pin,
    "staple": _staple,
}


def _stains(style: FileStyle, sheet: _Sheet, chance: random.Random) -> list[Stain]:
    """Rings and drops anywhere on the first sheet (faint: the words read through them); an
    ink blot only in the right margin, where it hides no word."""
    stains = []
    if chance.random() < style.ring_chance:
        size = round(chance.uniform(33, 40), 1)
        stains.append(Stain("ring", *_anywhere(sheet, chance), size, _turn(chance)))
    if chance.random() < style.splash_chance:
        size = round(chance.uniform(9, 20), 1)
        stains.append(Stain("splash", *_anywhere(sheet, chance), size, _turn(chance)))
    if chance.random() < style.blot_chance:
        size = min(sheet.margins.right_mm - 6, chance.uniform(5, 8))
        x = sheet.width_mm + sheet.margins.right_mm / 2
        y = sheet.height_mm * chance.uniform(0.3, 0.75)
        stains.append(Stain("blot", round(x, 1), round(y, 1), round(size, 1), _turn(chance)))
    return stains


def _anywhere(sheet: _Sheet, chance: random.Random) -> tuple[float, float]:
    x = sheet.width_mm * chance.uniform(0.3, 0.9)
    y = chance.uniform(60, max(61, sheet.height_mm - 30))
    return round(x, 1), round(y, 1)


def _turn(chance: random.Random) -> float:
    return round(chance.uniform(0, 360), 1)


# A stamp's letters: bold serif capitals, about this wide each with their spacing (wide
# Cyrillic letters included), and its border and padding; used to keep a turned stamp's
# corners inside the room left for it.
STAMP_LETTER_MM = 5.2
STAMP_FRAME_MM = 12.0
STAMP_RISE_MM = 5.0  # how far a turned stamp's corner may rise above its box


def stamp_turn(text: str, column_mm: float, chance: random.Random) -> tuple[float, float]:
    """A stamp's angle, and the room (mm, above and below) its turned corners need: the
    longer the stamp, the straighter it was set down, so no corner reaches the words."""
    half_width = min(column_mm, len(text) * STAMP_LETTER_MM + STAMP_FRAME_MM) / 2
    steepest = min(6.0, math.degrees(math.asin(min(1.0, STAMP_RISE_MM / half_width))))
    angle = chance.uniform(-steepest, steepest)
    rise = half_width * math.sin(math.radians(abs(angle)))
    return round(angle, 1), round(rise + 1.5, 1)
