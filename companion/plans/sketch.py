"""A watcher's pencil sketch of a plan: each wall drawn as a hand draws a line with a
ruler it does not have, a little wavering, running on past the corners, gone over twice."""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise
from random import Random

Coordinates = tuple[float, float]


def sketched(points: Sequence[Coordinates], closed: bool, rng: Random, size: float) -> str:
    """An SVG path through `points`, a stroke per side: each wavers by about `size` across
    its length and runs on past its corners (plan units)."""
    ends = [*points, points[0]] if closed else list(points)
    return "".join(_stroke(a, b, rng, size) for a, b in pairwise(ends))


def _stroke(a: Coordinates, b: Coordinates, rng: Random, size: float) -> str:
    (ax, ay), (bx, by) = a, b
    length = math.hypot(bx - ax, by - ay)
    if length == 0:
        return ""
    ux, uy = (bx - ax) / length, (by - ay) / length
    start = -rng.uniform(0.4, 1.8) * size  # runs on past the corner, or stops short of it
    end = length + rng.uniform(-0.3, 1.8) * size
    steps = max(2, min(12, round(length / (size * 12))))
    drift = rng.uniform(-1, 1) * size  # a line drawn by hand bows a little one way
    parts = []
    for step in range(steps + 1):
        t = step / steps
        along = start + (end - start) * t
        across = drift * math.sin(math.pi * t) + rng.uniform(-0.25, 0.25) * size
        x, y = ax + ux * along - uy * across, ay + uy * along + ux * across
        parts.append(f"{'M' if step == 0 else 'L'}{x:.3f},{y:.3f}")
    return "".join(parts)
