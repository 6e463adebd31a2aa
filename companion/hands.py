"""The hands a prop can be written in: bundled handwriting and typewriter faces, each a chain
of font families from templates/fonts/fonts.css (one family per script) and its own size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup

HandName = Literal["caveat", "typewriter"]
DEFAULT_HAND: HandName = "caveat"

# Faces every chain ends with, so that a script the hand lacks still prints in a bundled face
# (an upright serif among handwriting reads wrong, but a machine's font is worse: it differs
# between machines).
FALLBACK_FAMILIES = (
    "PT Serif Latin",
    "PT Serif Latin Ext",
    "PT Serif Cyrillic",
    "PT Serif Cyrillic Ext",
)


@dataclass(frozen=True)
class Hand:
    """One writer's hand, or one typewriter."""

    name: str
    description: str
    families: tuple[str, ...]
    # The size that reads as this hand on an A6 note; smaller and larger notes scale it.
    size_pt: float
    line_height: float = 1.15
    typed: bool = False

    @property
    def css_family(self) -> Markup:
        """The CSS font-family list; Markup, as these are our own names, not a user's text."""
        families = (*self.families, *FALLBACK_FAMILIES)
        return Markup(", ".join(f'"{family}"' for family in families))


def _subsets(family: str, scripts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{family} {script}" for script in scripts)


LATIN_CYRILLIC = ("Latin", "Latin Ext", "Cyrillic", "Cyrillic Ext")

HANDS: dict[str, Hand] = {
    hand.name: hand
    for hand in (
        Hand(
            "caveat",
            "casual and quick, a little untidy: the everyday hand",
            _subsets("Caveat", LATIN_CYRILLIC),
            size_pt=27,
        ),
        Hand(
            "typewriter",
            "an office typewriter",
            _subsets("PT Mono", LATIN_CYRILLIC),
            size_pt=13,
            line_height=1.4,
            typed=True,
        ),
    )
}


def hand_named(name: str | None) -> Hand:
    return HANDS[name or DEFAULT_HAND]
