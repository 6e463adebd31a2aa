"""Redaction as the censor drew it: ruled bars, or a felt marker's uneven strokes.

Either way it is true redaction: a bar stands where the words were, and the words never
reach the player's copy (see `Concealable.for_players`); only the bar's look differs.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from random import Random

from companion.campaign.models import Redaction

# A marker stroke is drawn in a box this wide and high, stretched over the bar's width.
STROKE_BOX = (100, 10)


@dataclass(frozen=True)
class Bar:
    """One line's bar: its width, and for a marker the outline of its stroke."""

    width_ch: float
    stroke: str | None = None  # an SVG path in the STROKE_BOX; None: a ruled bar

    @property
    def image(self) -> str | None:
        """The marker's stroke as a picture to stretch over the bar's place (an image with
        its own size, so that it takes a line's height, whatever its width)."""
        if self.stroke is None:
            return None
        width, height = STROKE_BOX
        svg = (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'preserveAspectRatio="none"><path fill="#18181c" fill-opacity="0.94" '
            f'd="{self.stroke}"/></svg>'
        )
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def bars(lengths: tuple[int, ...], redaction: Redaction, variation: Random) -> tuple[Bar, ...]:
    """A bar for each line of the hidden text, `lengths` in characters. A marker's strokes
    run on past the words or stop short of them, and their edges wander."""
    if redaction == "bar":
        return tuple(Bar(length) for length in lengths)
    return tuple(_marker(length, variation) for length in lengths)


def _marker(length: int, variation: Random) -> Bar:
    width = round(max(2.0, length * variation.uniform(0.9, 1.12)), 1)
    return Bar(width, _stroke(variation))


def _stroke(variation: Random) -> str:
    """A felt-tip stroke drawn left to right and back: ragged top and bottom edges, a
    rounded start and a blunt end where the pen lifted."""
    width, height = STROKE_BOX
    steps = 12
    top = [(width * i / steps, round(variation.uniform(0.2, 1.6), 2)) for i in range(steps + 1)]
    bottom = [
        (width * i / steps, round(height - variation.uniform(0.2, 1.8), 2))
        for i in range(steps, -1, -1)
    ]
    start = f"M{top[0][0] + 1.5:g},{top[0][1]:g}"
    upper = "".join(f"L{x:g},{y:g}" for x, y in top[1:])
    end = f"L{width + variation.uniform(0, 1.5):.2f},{height / 2:g}"
    lower = "".join(f"L{x:g},{y:g}" for x, y in bottom[:-1])
    back = f"L{bottom[-1][0] + 1.5:g},{bottom[-1][1]:g}Q0,{height / 2:g} {start[1:]}Z"
    return f"{start}{upper}{end}{lower}{back}"
