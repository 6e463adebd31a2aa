"""Words added to a prop later by someone else (`additions:`): each in its own hand and ink,
tilted as a hand puts a note on a page that is not its own, at its place on the prop."""

from __future__ import annotations

from dataclasses import dataclass

from companion.campaign.models import HandoutBase
from companion.render.hands import Hand, hand_named
from companion.render.typography import typeset, typeset_lines
from companion.seeds import seeded_random

# A hand's size is set for an A6 note; words squeezed onto another's page are smaller.
ADDED_SCALE = 0.62
# The inks as templates/base/inks.css has them (not every kind's stylesheet includes it).
INK_RGB = {"blue": "28 53 121", "black": "22 22 22", "red": "138 28 28", "pencil": "77 77 77"}


@dataclass(frozen=True)
class AddedWords:
    """One addition as the template writes it: its words (or a ruled line's cells), hand,
    ink, size and tilt, and where it stands."""

    text: str
    cells: tuple[str, ...]  # on a form's ruled line, one per column
    hand: Hand
    ink: str
    colour: str  # the ink as CSS `r g b`
    size_pt: float
    tilt_deg: float
    where: str
    line: int | None
    field: str | None


def added_words(handout: HandoutBase, language: str) -> tuple[AddedWords, ...]:
    """The handout's additions, each tilted its own way (the same on every build)."""
    variation = seeded_random("additions", handout.id)
    added = []
    for addition in handout.additions:
        hand = hand_named(addition.hand)
        cells = typeset_lines(addition.text, language) if isinstance(addition.text, list) else ()
        text = " ".join(cells) if cells else typeset(str(addition.text), language)
        ink = "black" if hand.typed else addition.ink
        added.append(
            AddedWords(
                text=text,
                cells=cells,
                hand=hand,
                ink=ink,
                colour=INK_RGB[ink],
                size_pt=round(hand.size_pt * (0.8 if hand.typed else ADDED_SCALE), 1),
                tilt_deg=round(variation.uniform(-4, 2), 1),
                where=addition.where,
                line=addition.line,
                field=addition.field,
            )
        )
    return tuple(added)
