"""The symbols a plan's marks are drawn with, one SVG fragment each, about one unit across
round the mark's point (drawing.py scales them to a few millimetres of paper).

Filled shapes take the mark's ink; a part of class `line` is only stroked, one of class `cut`
is a pale line cut through a filled shape (a book's spine)."""

from __future__ import annotations

import math


def _star(points: int, outer: float, inner: float) -> str:
    """A star's outline, its first point straight up."""
    corners = []
    for step in range(points * 2):
        radius = outer if step % 2 == 0 else inner
        angle = math.pi * step / points - math.pi / 2
        corners.append(f"{radius * math.cos(angle):.3f},{radius * math.sin(angle):.3f}")
    return "M" + "L".join(corners) + "Z"


def _pentagram(radius: float) -> str:
    """A five-pointed star drawn in one stroke, as it is chalked."""
    tips = [
        (
            radius * math.cos(2 * math.pi * k / 5 - math.pi / 2),
            radius * math.sin(2 * math.pi * k / 5 - math.pi / 2),
        )
        for k in (0, 2, 4, 1, 3)
    ]
    return "M" + "L".join(f"{x:.3f},{y:.3f}" for x, y in tips) + "Z"


SYMBOLS: dict[str, str] = {
    # The symbols Ozola's marks have always been drawn with, unchanged.
    "circle": '<circle r="0.32"/>',
    "dot": '<circle r="0.12"/>',
    "point": '<circle r="0.2"/>',
    "triangle": '<path d="M0,-0.35L0.3,0.25H-0.3Z"/>',
    "square": '<rect x="-0.3" y="-0.2" width="0.6" height="0.4"/>',
    "arrow": '<path class="line" d="M-0.35,0H0.35M0.1,-0.25L0.35,0L0.1,0.25"/>',
    # Shapes.
    "diamond": '<path d="M0,-0.35L0.3,0L0,0.35L-0.3,0Z"/>',
    "star": f'<path d="{_star(5, 0.36, 0.15)}"/>',
    "cross": '<path class="line" d="M-0.27,-0.27L0.27,0.27M0.27,-0.27L-0.27,0.27"/>',
    "plus": '<path class="line" d="M0,-0.36V0.36M-0.22,-0.12H0.22"/>',
    "question": (
        '<path class="line" d="M-0.15,-0.14C-0.15,-0.36 0.17,-0.36 0.17,-0.15'
        'C0.17,0 0,0.02 0,0.14"/><circle cy="0.29" r="0.055"/>'
    ),
    "exclamation": '<path class="line" d="M0,-0.35V0.13"/><circle cy="0.29" r="0.055"/>',
    # Senses, locks and keys.
    "eye": '<path class="line" d="M-0.36,0Q0,-0.32 0.36,0Q0,0.32 -0.36,0Z"/><circle r="0.1"/>',
    "ear": (
        '<path class="line" d="M-0.16,-0.05C-0.16,-0.36 0.22,-0.36 0.22,-0.08C0.22,0.1 0.05,0.12'
        ' 0.05,0.25C0.05,0.36 -0.13,0.36 -0.16,0.25M-0.05,-0.05C-0.05,-0.19 0.1,-0.19 0.1,-0.06"/>'
    ),
    "key": (
        '<circle class="line" cx="-0.21" r="0.12"/>'
        '<path class="line" d="M-0.09,0H0.36M0.22,0V0.13M0.33,0V0.1"/>'
    ),
    "lock": (
        '<rect x="-0.22" y="-0.03" width="0.44" height="0.33"/>'
        '<path class="line" d="M-0.13,-0.03V-0.16A0.13,0.13 0 0 1 0.13,-0.16V-0.03"/>'
    ),
    # Death and the dark.
    "skull": (
        '<path d="M-0.26,0.03A0.26,0.26 0 1 1 0.26,0.03V0.16H0.13V0.32H-0.13V0.16H-0.26Z"/>'
        '<circle class="hole" cx="-0.1" cy="-0.02" r="0.07"/>'
        '<circle class="hole" cx="0.1" cy="-0.02" r="0.07"/>'
    ),
    "coffin": '<path d="M-0.12,-0.36H0.12L0.21,-0.14L0.12,0.36H-0.12L-0.21,-0.14Z"/>',
    "candle": (
        '<rect x="-0.09" y="-0.05" width="0.18" height="0.39"/>'
        '<path d="M0,-0.36C0.08,-0.23 0.07,-0.13 0,-0.1C-0.07,-0.13 -0.08,-0.23 0,-0.36Z"/>'
    ),
    "flame": (
        '<path d="M0,-0.36C0.22,-0.13 0.26,0.05 0.2,0.18C0.14,0.34 -0.14,0.34 -0.2,0.18'
        "C-0.26,0.05 -0.13,-0.05 -0.06,-0.15C-0.03,-0.05 0.05,0 0.05,0C0.08,-0.13 0.03,-0.25"
        ' 0,-0.36Z"/>'
    ),
    "drop": '<path d="M0,-0.36C0.1,-0.15 0.22,0 0.22,0.12A0.22,0.22 0 0 1 -0.22,0.12'
    'C-0.22,0 -0.1,-0.15 0,-0.36Z"/>',
    "footprints": (
        '<ellipse cx="-0.13" cy="0.1" rx="0.08" ry="0.15"/>'
        '<ellipse cx="0.13" cy="-0.12" rx="0.08" ry="0.15"/>'
    ),
    "moon": '<path d="M0.1,-0.34A0.34,0.34 0 1 0 0.1,0.34A0.26,0.26 0 1 1 0.1,-0.34Z"/>',
    "pentacle": f'<circle class="line" r="0.34"/><path class="line" d="{_pentagram(0.34)}"/>',
    "spiral": (
        '<path class="line" d="M0,0A0.06,0.06 0 0 1 0.12,0A0.12,0.12 0 0 1 -0.12,0'
        'A0.18,0.18 0 0 1 0.24,0A0.24,0.24 0 0 1 -0.24,0A0.3,0.3 0 0 1 0.36,0"/>'
    ),
    # Arms, rank and riches.
    "sword": '<path class="line" d="M0,-0.36V0.2M-0.16,0.12H0.16M0,0.2V0.36"/>',
    "shield": (
        '<path d="M-0.25,-0.3H0.25V0C0.25,0.18 0.1,0.28 0,0.35C-0.1,0.28 -0.25,0.18 -0.25,0Z"/>'
    ),
    "crown": '<path d="M-0.3,0.2V-0.2L-0.15,0L0,-0.26L0.15,0L0.3,-0.2V0.2Z"/>',
    "chest": (
        '<rect x="-0.3" y="-0.08" width="0.6" height="0.34"/>'
        '<path d="M-0.3,-0.12A0.3,0.16 0 0 1 0.3,-0.12Z"/>'
        '<path class="cut" d="M-0.3,-0.08H0.3"/>'
    ),
    "book": (
        '<path d="M0,-0.2C-0.1,-0.28 -0.25,-0.28 -0.33,-0.22V0.28C-0.25,0.22 -0.1,0.22 0,0.3'
        'C0.1,0.22 0.25,0.22 0.33,0.28V-0.22C0.25,-0.28 0.1,-0.28 0,-0.2Z"/>'
        '<path class="cut" d="M0,-0.2V0.3"/>'
    ),
    "bell": (
        '<path d="M-0.25,0.2C-0.2,0.1 -0.2,-0.1 -0.15,-0.2A0.15,0.15 0 0 1 0.15,-0.2'
        'C0.2,-0.1 0.2,0.1 0.25,0.2Z"/><circle cy="0.27" r="0.06"/>'
    ),
    "trap": '<path d="M-0.36,0.25L-0.24,-0.2L-0.12,0.25L0,-0.2L0.12,0.25L0.24,-0.2L0.36,0.25Z"/>',
    "anchor": (
        '<circle class="line" cy="-0.26" r="0.07"/>'
        '<path class="line" d="M0,-0.19V0.32M-0.15,-0.08H0.15M-0.28,0.1C-0.25,0.32 0.25,0.32'
        ' 0.28,0.1"/>'
    ),
}
