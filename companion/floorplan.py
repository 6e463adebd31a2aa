"""Floor plans as SVG, in plan units, drawn the way an architect (or a watcher) would."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from markupsafe import Markup, escape

from companion.geometry import nearest_wall
from companion.models import Door, FloorPlan, Furniture, Mark, Point

UNIT_MM = {"m": 1000.0, "ft": 304.8}
SCALE_BAR_STEPS = (0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200)
TEXT_MM = {
    "room-name": 2.8,
    "table-number": 2.3,
    "piece-label": 1.9,
    "door-label": 1.9,
    "label": 2.3,
    "mark-label": 2.3,
    "scale-figure": 2.2,
    "scale-title": 2.4,
}
MARK_MM = 5.0  # a mark symbol's size on paper; the symbols are drawn about 1 unit across
COMPASS = {"north": (0.0, -1.0), "south": (0.0, 1.0), "east": (1.0, 0.0), "west": (-1.0, 0.0)}


def mm_per_unit(scale: str, units: str) -> float:
    """Millimetres of paper for one plan unit: `1:50` in metres gives 20 mm per metre."""
    ratio = re.fullmatch(r"1:(\d+)", scale)
    if ratio:
        return UNIT_MM[units] / int(ratio.group(1))
    feet = re.fullmatch(r"1in=([\d.]+)ft", scale)
    assert feet, scale  # the schema's pattern admits nothing else
    mm_per_foot = 25.4 / float(feet.group(1))
    return mm_per_foot * UNIT_MM[units] / UNIT_MM["ft"]


def scale_ratio(mm_per_unit_value: float, units: str) -> int:
    """The 1:N figure for a paper size per unit, for a fitted plan's scale bar."""
    return round(UNIT_MM[units] / mm_per_unit_value)


def n(value: float) -> str:
    """A number for SVG: fixed precision so the same plan gives the same bytes."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def points(path: list[Point] | list[tuple[float, float]]) -> str:
    return " ".join(f"{n(x)},{n(y)}" for x, y in path)


@dataclass(frozen=True)
class Canvas:
    """The drawing area in plan units: the plan with a margin, and a band below for the key."""

    x: float
    y: float
    width: float
    height: float
    band_top: float

    @classmethod
    def around(cls, plan: FloorPlan) -> Canvas:
        width, depth = plan.size
        margin = max(width, depth) * 0.04
        band = max(width, depth) * 0.08
        return cls(-margin, -margin, width + 2 * margin, depth + 2 * margin + band, depth + margin)


class PlanDrawing:
    """Builds the SVG elements of one plan (already projected for its audience)."""

    def __init__(
        self, plan: FloorPlan, scale_text: str, mm_per_unit: float, *, grid: bool, style: str
    ) -> None:
        self.plan = plan
        self.mm_per_unit = mm_per_unit
        self.scale_text = scale_text
        self.grid = grid
        self.style = style
        # Decorations (chairs, wall thickness, text) are sized in metres and scaled to the units.
        self.k = UNIT_MM["m"] / UNIT_MM[plan.units]
        self.wall = 0.22 * self.k
        self.canvas = Canvas.around(plan)

    def elements(self) -> Markup:
        parts = [
            *self._rooms(),
            *self._grid(),
            *self._walls(),
            *self._windows(),
            *self._doors(),
            *self._furniture(),
            *self._room_names(),
            *self._labels(),
            *self._marks(),
            *self._key_band(),
        ]
        return Markup("\n".join(parts))

    # -- building ---------------------------------------------------------------------------

    def _grid(self) -> Iterator[str]:
        spacing = self.plan.grid
        if not (self.grid and spacing):
            return
        width, depth = self.plan.size
        lines = [f"M{n(x)},0V{n(depth)}" for x in _steps(0, width, spacing)]
        lines += [f"M0,{n(y)}H{n(width)}" for y in _steps(0, depth, spacing)]
        yield f'<path class="grid" d="{"".join(lines)}"/>'

    def _rooms(self) -> Iterator[str]:
        for room in self.plan.rooms:
            css = f"room floor-{room.floor}" + (" gm" if room.gm else "")
            yield f'<polygon class="{css}" points="{points(room.outline)}"/>'

    def _room_names(self) -> Iterator[str]:
        for room in self.plan.rooms:
            if room.name:
                x, y = room.label_at or _centroid(room.outline)
                yield self.text(room.name, x, y, "room-name" + (" gm" if room.gm else ""))

    def _walls(self) -> Iterator[str]:
        w = n(self.wall)
        for room in self.plan.rooms:
            css = "wall gm" if room.gm else "wall"
            yield f'<polygon class="{css}" stroke-width="{w}" points="{points(room.outline)}"/>'
        for wall in self.plan.walls:
            css = "wall gm" if wall.gm else "wall"
            (x1, y1), (x2, y2) = wall.start, wall.end
            yield (
                f'<line class="{css}" stroke-width="{w}" '
                f'x1="{n(x1)}" y1="{n(y1)}" x2="{n(x2)}" y2="{n(y2)}"/>'
            )

    def _windows(self) -> Iterator[str]:
        w = self.wall
        for window in self.plan.windows:
            (x1, y1), (x2, y2) = window.start, window.end
            ux, uy = _unit(x2 - x1, y2 - y1)
            off = w * 0.28
            yield (
                f'<line class="opening" stroke-width="{n(w * 1.05)}" '
                f'x1="{n(x1)}" y1="{n(y1)}" x2="{n(x2)}" y2="{n(y2)}"/>'
            )
            for side in (-1, 1):
                dx, dy = -uy * off * side, ux * off * side
                yield (
                    f'<line class="window" x1="{n(x1 + dx)}" y1="{n(y1 + dy)}" '
                    f'x2="{n(x2 + dx)}" y2="{n(y2 + dy)}"/>'
                )

    def _doors(self) -> Iterator[str]:
        for door in self.plan.doors:
            yield from self._door(door)

    def _door(self, door: Door) -> Iterator[str]:
        (ax, ay), (bx, by) = nearest_wall(door.at, self.plan)[0]
        ux, uy = _unit(bx - ax, by - ay)
        cx, cy = COMPASS[door.opens]
        nx, ny = (-uy, ux) if (-uy * cx + ux * cy) >= 0 else (uy, -ux)  # towards `opens`
        lx, ly = ny, -nx  # the hand on the left when facing `opens`
        x, y = door.at
        half = door.width / 2
        css = "door gm" if door.gm else "door"
        yield (
            f'<line class="opening" stroke-width="{n(self.wall * 1.1)}" '
            f'x1="{n(x - ux * half)}" y1="{n(y - uy * half)}" '
            f'x2="{n(x + ux * half)}" y2="{n(y + uy * half)}"/>'
        )
        leaves: list[tuple[float, float]] = []  # (hinge side, leaf length)
        if door.swing in ("left", "right"):
            leaves = [(1.0 if door.swing == "left" else -1.0, door.width)]
        elif door.swing == "double":
            leaves = [(1.0, half), (-1.0, half)]
        for side, length in leaves:
            hx, hy = x + lx * half * side, y + ly * half * side
            ex, ey = hx + nx * length, hy + ny * length
            fx, fy = hx - lx * length * side, hy - ly * length * side
            sweep = 1 if nx * (fy - hy) - ny * (fx - hx) > 0 else 0
            yield (
                f'<path class="{css}" d="M{n(hx)},{n(hy)}L{n(ex)},{n(ey)}'
                f'A{n(length)},{n(length)} 0 0 {sweep} {n(fx)},{n(fy)}"/>'
            )
        if door.swing == "sliding":
            off = 0.08 * self.k
            yield (
                f'<line class="{css}" x1="{n(x - ux * half + nx * off)}" '
                f'y1="{n(y - uy * half + ny * off)}" x2="{n(x + ux * half * 0.2 + nx * off)}" '
                f'y2="{n(y + uy * half * 0.2 + ny * off)}"/>'
            )
        if door.label:
            # Written on the far side from the swing, where the leaf does not cover it.
            reach = half + 0.45 * self.k
            yield self.text(door.label, x - nx * reach, y - ny * reach + 0.1 * self.k, "door-label")

    def _furniture(self) -> Iterator[str]:
        for piece in self.plan.furniture:
            yield from self._piece(piece)

    def _piece(self, piece: Furniture) -> Iterator[str]:
        width, depth = piece.footprint(self.plan.units)
        rotation = piece.rotation
        if piece.kind in SEATED_ALONG_LENGTH and depth > width:
            # `size: [0.8, 5]` is a long piece stood on end: drawn as `[5, 0.8]` turned a
            # quarter, so that its seats follow the long side however the size is written.
            width, depth, rotation = depth, width, rotation + 90
        x, y = piece.at
        css = f"piece kind-{piece.kind}" + (" gm" if piece.gm else "")
        shapes = _PIECE_SHAPES.get(piece.kind, _box)(piece, width, depth, self.k)
        yield (
            f'<g class="{css}" transform="translate({n(x)},{n(y)}) rotate({n(rotation)})">'
            f"{shapes}</g>"
        )
        if piece.number is not None:
            yield self.text(str(piece.number), x, y, "table-number")
        if piece.label:
            at = self._piece_label_at(piece, width, depth, rotation)
            yield self.text(piece.label, *at, "piece-label")

    def _piece_label_at(
        self, piece: Furniture, width: float, depth: float, rotation: float
    ) -> tuple[float, float]:
        """Inside a long piece (a bar, a counter) when the words fit; else below it, clear of
        its chairs."""
        x, y = piece.at
        label_width = len(piece.label or "") * TEXT_MM["piece-label"] * 0.5 / self.mm_per_unit
        if rotation % 180 == 0 and label_width < width * 0.8 and piece.number is None:
            return x, y + TEXT_MM["piece-label"] * 0.35 / self.mm_per_unit
        clearance = 0.5 * self.k if piece.seats else 0.0
        turn = math.radians(rotation)
        half_height = abs(width / 2 * math.sin(turn)) + abs(depth / 2 * math.cos(turn))
        return x, y + half_height + clearance + 0.45 * self.k

    def _labels(self) -> Iterator[str]:
        for label in self.plan.labels:
            yield self.text(label.text, *label.at, "label" + (" gm" if label.gm else ""))

    def _marks(self) -> Iterator[str]:
        for mark in self.plan.marks:
            yield from _mark(mark, self)

    def _key_band(self) -> Iterator[str]:
        """Scale bar and north arrow, drawn at the plan's own scale so they measure true."""
        top = self.canvas.band_top + self.canvas.height * 0.015
        width = self.plan.size[0]
        step = scale_bar_step(width)
        height = self.canvas.height * 0.012
        for index in range(5):
            fill = "scale-dark" if index % 2 == 0 else "scale-light"
            yield (
                f'<rect class="{fill}" x="{n(index * step)}" y="{n(top)}" '
                f'width="{n(step)}" height="{n(height)}"/>'
            )
        for index in (0, 5):
            yield self.text(f"{n(index * step)}", index * step, top + height * 3.4, "scale-figure")
        units = "metres" if self.plan.units == "m" else "feet"
        yield self.text(
            f"{self.scale_text} · {units}", 0, top - height * 1.2, "scale-title", anchor="start"
        )
        yield from self._north_arrow(width - self.canvas.height * 0.04, top + height)

    def _north_arrow(self, x: float, y: float) -> Iterator[str]:
        size = self.canvas.height * 0.035
        yield (
            f'<g class="north" transform="translate({n(x)},{n(y)}) rotate({n(self.plan.north)})">'
            f'<path d="M0,{n(-size)}L{n(size * 0.38)},{n(size * 0.55)}L0,{n(size * 0.28)}Z"/>'
            f'<path class="north-light" d="M0,{n(-size)}L{n(-size * 0.38)},{n(size * 0.55)}'
            f'L0,{n(size * 0.28)}Z"/>'
            f'<text x="0" y="{n(-size * 1.15)}" text-anchor="middle" '
            f'font-size="{n(size * 0.55)}">N</text></g>'
        )

    def text(self, text: str, x: float, y: float, css: str, *, anchor: str = "middle") -> str:
        """Text is sized in millimetres of paper, whatever the scale, so it stays readable."""
        # Handwriting has a small x-height: the sketch writes larger to be as legible.
        hand = 1.35 if self.style == "surveillance" or css.startswith("mark-label") else 1.0
        size = TEXT_MM[css.split()[0]] * hand / self.mm_per_unit
        return (
            f'<text class="{css}" x="{n(x)}" y="{n(y)}" font-size="{n(size)}px" '
            f'text-anchor="{anchor}">{escape(text)}</text>'
        )


def scale_bar_step(width: float) -> float:
    """One of the scale bar's five segments, in plan units: a round length near a twelfth of
    the plan's width."""
    return max(s for s in SCALE_BAR_STEPS if s * 5 <= max(width * 0.4, SCALE_BAR_STEPS[0] * 5))


def _steps(start: float, stop: float, step: float) -> Iterator[float]:
    count = math.floor((stop - start) / step + 1e-9)
    return (start + i * step for i in range(count + 1))


def _unit(dx: float, dy: float) -> tuple[float, float]:
    length = math.hypot(dx, dy) or 1.0
    return dx / length, dy / length


def _centroid(outline: list[Point]) -> tuple[float, float]:
    xs = [p[0] for p in outline]
    ys = [p[1] for p in outline]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def _rect(x: float, y: float, w: float, h: float, css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return f'<rect{klass} x="{n(x)}" y="{n(y)}" width="{n(w)}" height="{n(h)}"/>'


def _box(piece: Furniture, w: float, d: float, unit: float = 1.0) -> str:
    return _rect(-w / 2, -d / 2, w, d)


def _round_table(piece: Furniture, w: float, d: float, unit: float) -> str:
    radius = w / 2
    chairs = "".join(
        f'<circle class="chair" cx="{n((radius + 0.22 * unit) * math.cos(a))}" '
        f'cy="{n((radius + 0.22 * unit) * math.sin(a))}" r="{n(0.2 * unit)}"/>'
        for a in (2 * math.pi * k / piece.seats - math.pi / 2 for k in range(piece.seats))
    )
    return chairs + f'<circle cx="0" cy="0" r="{n(radius)}"/>'


def _table(piece: Furniture, w: float, d: float, unit: float) -> str:
    per_side = (piece.seats + 1) // 2
    chairs = []
    for side, count in ((-1, per_side), (1, piece.seats - per_side)):
        for k in range(count):
            cx = -w / 2 + w * (k + 0.5) / count
            top = side * (d / 2 + 0.06 * unit) - (0.4 * unit if side < 0 else 0)
            chairs.append(_rect(cx - 0.2 * unit, top, 0.4 * unit, 0.4 * unit, "chair"))
    return "".join(chairs) + _box(piece, w, d)


def _booth(piece: Furniture, w: float, d: float, unit: float) -> str:
    bench, gap = 0.45 * unit, 0.05 * unit
    return (
        _rect(-w / 2, -d / 2, w, bench, "bench")
        + _rect(-w / 2, d / 2 - bench, w, bench, "bench")
        + _rect(-w / 2 + 0.15 * unit, -d / 2 + bench + gap, w - 0.3 * unit, d - 2 * (bench + gap))
    )


def _bar(piece: Furniture, w: float, d: float, unit: float) -> str:
    stools = "".join(
        f'<circle class="chair" cx="{n(-w / 2 + w * (k + 0.5) / piece.seats)}" '
        f'cy="{n(d / 2 + 0.35 * unit)}" r="{n(0.18 * unit)}"/>'
        for k in range(piece.seats)
    )
    return _rect(-w / 2, -d / 2, w, d, "counter") + stools


def _piano(piece: Furniture, w: float, d: float, unit: float) -> str:
    return (
        f'<path d="M{n(-w / 2)},{n(-d / 2)}H{n(w / 2)}V{n(d * 0.1)}'
        f'C{n(w / 2)},{n(d / 2)} {n(-w * 0.1)},{n(d / 2)} {n(-w / 2)},{n(d / 2)}Z"/>'
        + _rect(-w / 2, -d / 2, w, d * 0.18, "keys")
    )


def _stairs(piece: Furniture, w: float, d: float, unit: float) -> str:
    treads = "".join(
        f'<line x1="{n(-w / 2)}" y1="{n(y)}" x2="{n(w / 2)}" y2="{n(y)}"/>'
        for y in _steps(-d / 2, d / 2, 0.28 * unit)
    )
    arrow = f'<path class="arrow" d="M0,{n(d / 2 - 0.2 * unit)}V{n(-d / 2 + 0.3 * unit)}"/>'
    return _box(piece, w, d) + treads + arrow


def _hatched(piece: Furniture, w: float, d: float, unit: float) -> str:
    hatch = "".join(
        f'<line x1="{n(x)}" y1="{n(-d / 2)}" x2="{n(x + d)}" y2="{n(d / 2)}"/>'
        for x in _steps(-w / 2, w / 2 - d, 0.25 * unit)
    )
    return _box(piece, w, d) + hatch


def _plant(piece: Furniture, w: float, d: float, unit: float) -> str:
    radius = w / 2
    leaves = "".join(
        f'<line x1="0" y1="0" x2="{n(radius * math.cos(a))}" y2="{n(radius * math.sin(a))}"/>'
        for a in (math.pi * k / 4 for k in range(8))
    )
    return f'<circle cx="0" cy="0" r="{n(radius)}"/>' + leaves


def _fireplace(piece: Furniture, w: float, d: float, unit: float) -> str:
    """A chimney breast with its firebox open to the room (the lower long side)."""
    firebox = _rect(-w * 0.3, d / 2 - d * 0.55, w * 0.6, d * 0.55, "firebox")
    return _box(piece, w, d) + firebox


def _spiral_stairs(piece: Furniture, w: float, d: float, unit: float) -> str:
    radius = min(w, d) / 2
    treads = "".join(
        f'<line x1="0" y1="0" x2="{n(radius * math.cos(a))}" y2="{n(radius * math.sin(a))}"/>'
        for a in (2 * math.pi * k / 12 for k in range(12))
    )
    post = f'<circle cx="0" cy="0" r="{n(radius * 0.12)}"/>'
    return f'<circle cx="0" cy="0" r="{n(radius)}"/>' + treads + post


def _bathtub(piece: Furniture, w: float, d: float, unit: float) -> str:
    inner = min(w, d) * 0.12
    return (
        f'<rect x="{n(-w / 2)}" y="{n(-d / 2)}" width="{n(w)}" height="{n(d)}" rx="{n(inner)}"/>'
        f'<rect x="{n(-w / 2 + inner)}" y="{n(-d / 2 + inner)}" width="{n(w - 2 * inner)}" '
        f'height="{n(d - 2 * inner)}" rx="{n(d / 2 - inner)}"/>'
    )


def _armchair(piece: Furniture, w: float, d: float, unit: float) -> str:
    back, arm = d * 0.25, w * 0.18
    return (
        _box(piece, w, d)
        + _rect(-w / 2, -d / 2, w, back, "bench")
        + _rect(-w / 2, -d / 2, arm, d, "bench")
        + _rect(w / 2 - arm, -d / 2, arm, d, "bench")
    )


def _shelves(piece: Furniture, w: float, d: float, unit: float) -> str:
    """A bookcase seen from above: its shelves' front edge, and the books as short strokes."""
    books = "".join(
        f'<line x1="{n(x)}" y1="{n(-d / 2)}" x2="{n(x)}" y2="{n(d * 0.2)}"/>'
        for x in _steps(-w / 2 + 0.06 * unit, w / 2, 0.12 * unit)
    )
    return _box(piece, w, d) + books


def _wardrobe(piece: Furniture, w: float, d: float, unit: float) -> str:
    return (
        _box(piece, w, d)
        + f'<line x1="{n(-w / 2)}" y1="{n(-d / 2)}" x2="{n(w / 2)}" y2="{n(d / 2)}"/>'
        + f'<line x1="{n(-w / 2)}" y1="{n(d / 2)}" x2="{n(w / 2)}" y2="{n(-d / 2)}"/>'
    )


# Pieces whose seats (or benches) run along their long sides.
SEATED_ALONG_LENGTH = frozenset({"table", "bar", "booth"})

_PIECE_SHAPES = {
    "round-table": _round_table,
    "table": _table,
    "booth": _booth,
    "bar": _bar,
    "piano": _piano,
    "stairs": _stairs,
    "kitchen-pass": _hatched,
    "cloakroom": _hatched,
    "plant": _plant,
    "fireplace": _fireplace,
    "hearth": _hatched,
    "spiral-stairs": _spiral_stairs,
    "bathtub": _bathtub,
    "armchair": _armchair,
    "bookcase": _shelves,
    "wardrobe": _wardrobe,
}


def _arrowhead(start: Point, end: Point, size: float, css: str) -> str:
    """A filled arrowhead at `end`, pointing along the last segment of a route."""
    ux, uy = _unit(end[0] - start[0], end[1] - start[1])
    back_x, back_y = end[0] - ux * size, end[1] - uy * size
    left = (back_x - uy * size * 0.45, back_y + ux * size * 0.45)
    right = (back_x + uy * size * 0.45, back_y - ux * size * 0.45)
    return f'<polygon class="{css} arrowhead" points="{points([end, left, right])}"/>'


def _mark(mark: Mark, drawing: PlanDrawing) -> Iterator[str]:
    css = f"mark mark-{mark.kind}" + (" gm" if mark.gm else "")
    if mark.path:
        yield f'<polyline class="{css}" points="{points(mark.path)}"/>'
        if mark.kind in ("route", "exit") and len(mark.path) >= 2:
            yield _arrowhead(mark.path[-2], mark.path[-1], 0.45 * drawing.k, css)
        if mark.at is not None:  # the GM placed the label
            x, y = mark.at
        else:  # the middle of the middle segment
            middle = len(mark.path) // 2
            (x1, y1), (x2, y2) = mark.path[max(middle - 1, 0)], mark.path[middle]
            x, y = (x1 + x2) / 2, (y1 + y2) / 2
        yield drawing.text(
            mark.label, x, y - 0.35 * drawing.k, f"mark-label{' gm' if mark.gm else ''}"
        )
        return
    if mark.at is None:
        return
    x, y = mark.at
    symbol = {
        "person": '<circle r="0.32"/>',
        "microphone": '<path d="M0,-0.35L0.3,0.25H-0.3Z"/>',
        "camera": '<rect x="-0.3" y="-0.2" width="0.6" height="0.4"/>',
        "exit": '<path d="M-0.35,0H0.35M0.1,-0.25L0.35,0L0.1,0.25"/>',
        "note": '<circle r="0.12"/>',
    }.get(mark.kind, '<circle r="0.2"/>')
    # Symbols are sized on paper (about 5 mm across) so they read the same at any scale.
    size = MARK_MM / drawing.mm_per_unit
    yield f'<g class="{css}" transform="translate({n(x)},{n(y)}) scale({n(size)})">{symbol}</g>'
    label_css = "mark-label gm" if mark.gm else "mark-label"
    yield drawing.text(mark.label, x, y - 0.55 * size, label_css)
