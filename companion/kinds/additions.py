"""Words added to a prop later by someone else (`additions:`): each in its own hand and ink,
tilted as a hand puts a note on a page that is not its own, at its place on the prop."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

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


# Where an addition goes in a note's or a letter's text: a line of its own in the Markdown,
# a character no one types round its number, made an HTML comment once the Markdown is HTML
# (a typewriter's strikes pass tags by, so its own words never become typed), and the
# addition's own writing once the prop's hand has had its way.
_PLACE = "\ue000{}\ue001"
_PLACED = re.compile(r"(?:<br />\s*)?\ue000(\d+)\ue001(?:<br />\s*)?")
_HELD = re.compile(r"<!--added-(\d+)-->")


def between_the_lines(text: str, added: tuple[AddedWords, ...]) -> str:
    """The text with a place kept after each line an addition follows (`line:` counts the
    lines as written, blank ones not counted; 0 is before the first)."""
    after: dict[int, list[str]] = {}
    for index, words in enumerate(added):
        if words.where == "after-line" and words.line is not None:
            after.setdefault(words.line, []).append(_PLACE.format(index))
    if not after:
        return text
    out = list(after.get(0, []))
    counted = 0
    for line in text.splitlines():
        out.append(line)
        if line.strip():
            counted += 1
            out += after.get(counted, [])
    return "\n".join(out)


def held_places(html: Markup) -> Markup:
    """The places kept in the text, as comments that a typewriter's strikes pass by."""
    return Markup(_PLACED.sub(lambda m: f"<!--added-{m.group(1)}-->", str(html)))


def written_in(html: Markup, added: tuple[AddedWords, ...]) -> Markup:
    """Each kept place filled with its addition: a line of its own, in its hand and ink."""

    def words(match: re.Match[str]) -> str:
        one = added[int(match.group(1))]
        return (  # single quotes round the style: a font family is in double ones
            f'<span class="added-after" style=\'color: rgb({one.colour} / 0.92); '
            f"font-family: {one.hand.css_family}; font-size: {one.size_pt}pt; "
            f"transform: rotate({one.tilt_deg}deg)'>{escape(one.text)}</span>"
        )

    return Markup(_HELD.sub(words, str(html)))
