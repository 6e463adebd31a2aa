"""The hands a prop can be written in: bundled handwriting and typewriter faces, each a chain
of font families from templates/fonts/fonts.css (one family per script) and its own size."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from companion.campaign.models import DEFAULT_HAND

# Every chain ends with Noto Serif, which covers every script the bundled faces know (polytonic
# Greek included): a letter no hand has prints in a bundled face, never in the machine's.
LAST_RESORT = (
    "Noto Serif Latin",
    "Noto Serif Latin Ext",
    "Noto Serif Cyrillic",
    "Noto Serif Cyrillic Ext",
    "Noto Serif Greek",
    "Noto Serif Greek Ext",
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
        families = (*self.families, *LAST_RESORT)
        return Markup(", ".join(f'"{family}"' for family in families))


def _subsets(family: str, *scripts: str) -> tuple[str, ...]:
    return tuple(f"{family} {script}" for script in scripts)


# Where a hand lacks a script, the closest bundled hand writes it (templates/fonts/README.md,
# "Coverage", says which face covers what).
HANDS: dict[str, Hand] = {
    hand.name: hand
    for hand in (
        Hand(
            "caveat",
            "casual and quick: the everyday hand",
            _subsets("Caveat", "Latin", "Latin Ext", "Cyrillic", "Cyrillic Ext")
            + _subsets("Zen Kurenaido", "Greek"),
            size_pt=27,
        ),
        Hand(
            "neat",
            "a careful, even hand: a clerk, a teacher",
            _subsets("Bad Script", "Latin", "Latin Ext", "Cyrillic", "Cyrillic Ext")
            + _subsets("Zen Kurenaido", "Greek"),
            size_pt=22,
            line_height=1.3,
        ),
        Hand(
            "hurried",
            "a marker scrawl, written in a hurry",
            _subsets("Mansalva", "Latin", "Latin Ext", "Greek")
            + _subsets("Caveat", "Cyrillic", "Cyrillic Ext"),
            size_pt=21,
            line_height=1.25,
        ),
        Hand(
            "looping",
            "an older man's letter hand with big looping capitals",
            _subsets("Marck Script", "Latin", "Latin Ext", "Cyrillic")
            + _subsets("Bad Script", "Latin Ext", "Cyrillic Ext")
            + _subsets("Zen Kurenaido", "Greek"),
            size_pt=22,
            line_height=1.3,
        ),
        Hand(
            "copperplate",
            "formal calligraphy: an invitation, a love letter",
            _subsets("Great Vibes", "Latin", "Latin Ext", "Cyrillic", "Cyrillic Ext")
            + _subsets("Bad Script", "Cyrillic Ext")
            + _subsets("Zen Kurenaido", "Greek"),
            size_pt=26,
            line_height=1.3,
        ),
        Hand(
            "child",
            "a child's careful print",
            _subsets("Playpen Sans", "Latin", "Latin Ext", "Cyrillic", "Cyrillic Ext", "Greek")
            + _subsets("Caveat", "Cyrillic Ext"),
            size_pt=17,
            line_height=1.35,
        ),
        Hand(
            "typewriter",
            "an old mechanical typewriter",
            _subsets("Cutive Mono", "Latin", "Latin Ext")
            + _subsets("PT Mono", "Latin Ext", "Cyrillic", "Cyrillic Ext")
            + _subsets("Anonymous Pro", "Greek"),
            size_pt=14,
            line_height=1.45,
            typed=True,
        ),
        Hand(
            "teleprinter",
            "a later office machine, or a teleprinter",
            _subsets("Anonymous Pro", "Latin", "Latin Ext", "Cyrillic", "Greek")
            + _subsets("PT Mono", "Cyrillic Ext"),
            size_pt=13.5,
            line_height=1.4,
            typed=True,
        ),
    )
}


def hand_named(name: str | None) -> Hand:
    return HANDS[name or DEFAULT_HAND]
