"""The ransom note: a message pasted together from letters cut out of print. Each letter gets
a face that can draw it, a size, a tilt, a scrap of paper and an ink, all from the handout's
seed, so the note is the same on every build and unlike any other."""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from companion.campaign.models import Campaign, RansomHandout
from companion.kinds.base import HandoutContext, PageSize, context_basics
from companion.render.fonts import missing_characters
from companion.render.hands import LAST_RESORT as LAST_RESORT_CHAIN
from companion.seeds import seeded_random


@dataclass(frozen=True)
class Face:
    """A printed face a letter may be cut from: its font chain, weight and style."""

    families: tuple[str, ...]
    weight: int = 400
    style: str = "normal"

    @property
    def css(self) -> str:
        return ", ".join(f'"{family}"' for family in self.families)


_PT_SERIF = ("PT Serif Latin", "PT Serif Latin Ext", "PT Serif Cyrillic", "PT Serif Cyrillic Ext")
_NOTO_SERIF = LAST_RESORT_CHAIN  # every script the bundled faces know
FACES = (
    Face(_PT_SERIF),
    Face(_PT_SERIF, 700),
    Face(_PT_SERIF, 400, "italic"),
    Face(_NOTO_SERIF, 700),
    Face(_NOTO_SERIF, 400, "italic"),
    Face(("PT Mono Latin", "PT Mono Latin Ext", "PT Mono Cyrillic", "PT Mono Cyrillic Ext")),
    Face(("Cutive Mono Latin", "Cutive Mono Latin Ext")),
    Face(
        (
            "Anonymous Pro Latin",
            "Anonymous Pro Latin Ext",
            "Anonymous Pro Cyrillic",
            "Anonymous Pro Greek",
        )
    ),
    Face(
        (
            "Playpen Sans Latin",
            "Playpen Sans Latin Ext",
            "Playpen Sans Cyrillic",
            "Playpen Sans Greek",
        )
    ),
)
LAST_RESORT = Face(_NOTO_SERIF)  # draws every script the bundled faces know
SCRAPS = ("#fbfaf4", "#efe9d6", "#f4e7a1", "#f2d4d0", "#d9e4ef", "#1d1d1b")
INKS = ("#161616", "#161616", "#161616", "#8e1b1b", "#1f3b7a")


@dataclass(frozen=True)
class CutLetter:
    character: str
    face: Face
    size_pt: float
    tilt_deg: float
    rise_mm: float  # pasted a little above or below the line
    scrap: str  # the paper it was cut from
    ink: str


@dataclass(frozen=True, kw_only=True)
class RansomContext(HandoutContext):
    page: PageSize
    paper_style: str
    lines: tuple[tuple[tuple[CutLetter, ...], ...], ...]  # lines of words of letters


def ransom_context(campaign: Campaign, handout: RansomHandout, is_gm: bool) -> RansomContext:
    language = handout.language or campaign.info.languages[0]
    variation = seeded_random("ransom", handout.id)
    lines = tuple(
        tuple(tuple(_cut(character, variation) for character in word) for word in line.split())
        for line in handout.text.splitlines()
    )
    return RansomContext(
        **context_basics(campaign, handout, is_gm, language),
        page=PageSize.named(campaign.info.paper if handout.size == "paper" else handout.size),
        paper_style=handout.paper_style,
        lines=lines,
    )


def _cut(character: str, variation: Random) -> CutLetter:
    """One letter, cut from a face that has it."""
    able = [face for face in FACES if not missing_characters(character, face.families)]
    face = variation.choice(able) if able else LAST_RESORT
    scrap = variation.choice(SCRAPS)
    ink = "#f4f1e8" if scrap == "#1d1d1b" else variation.choice(INKS)  # white on a black scrap
    shown = character.upper() if variation.random() < 0.35 else character
    return CutLetter(
        character=shown,
        face=face,
        size_pt=round(variation.uniform(15, 30), 1),
        tilt_deg=round(variation.uniform(-9, 9), 1),
        rise_mm=round(variation.uniform(-1.2, 1.2), 2),
        scrap=scrap,
        ink=ink,
    )
