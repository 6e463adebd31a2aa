"""Floor plans as SVG, in plan units, drawn the way an architect (or a watcher) would."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup, escape
from shapely import box
from shapely.affinity import rotate, translate
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from companion.campaign.models import Door, FloorPlan, Furniture, Mark, MarkKind
from companion.campaign.models import Point as PlanPoint
from companion.campaign.models.vocabulary import BUILT_IN_WORDS
from companion.campaign.plan_geometry import footprint, nearest_wall
from companion.plans.labels import Box, LabelSpec, PlacedLabel, place_labels
from companion.plans.sketch import sketched
from companion.plans.symbols import SYMBOLS
from companion.render import fonts
from companion.seeds import seeded_random

# A plan drawn outside a campaign (a test's) has the marks of the default genre.
SPY_MARKS = BUILT_IN_WORDS["spy"].marks
UNIT_MM = {"m": 1000.0, "ft": 304.8}
SCALE_BAR_STEPS = (0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200)
TEXT_MM = {
    "room-name": 2.8,
    "table-number": 2.3,
    "piece-label": 1.9,
    "door-label": 1.9,
    "label": 2.3,
    "mark-label": 2.3,
    "callout": 2.2,
}
SKETCH_WAVER = 0.35  # how far a pencil wall wavers, as a share of a wall's thickness
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


def points(path: list[PlanPoint] | list[tuple[float, float]]) -> str:
    return " ".join(f"{n(x)},{n(y)}" for x, y in path)


# Clear paper kept round the plan, for words written outside its walls.
CANVAS_MARGIN_MM = 6.0
# Font chains of plan.css: the SVG's text does not inherit the page's.
SERIF_CHAIN = (
    "PT Serif Latin",
    "PT Serif Latin Ext",
    "PT Serif Cyrillic",
    "PT Serif Cyrillic Ext",
    "Noto Serif Greek",
    "Noto Serif Greek Ext",
)
HAND_CHAIN = (
    "Caveat Latin",
    "Caveat Latin Ext",
    "Caveat Cyrillic",
    "Caveat Cyrillic Ext",
    "Zen Kurenaido Greek",
    "Noto Serif Greek Ext",
)
BOLD_TEXT = frozenset({"table-number", "callout"})
LABEL_GAP_MM = 0.8  # clear paper between a label and what it names
CALLOUT_MM = 3.6  # a callout's circle across
LEADER_MM = 0.2  # a leader line's width on paper
# The longest leader line: further off, a label reads as naming something else; on a plan
# drawn large, as long as it takes to clear a chair round a table.
LONGEST_LEADER_MM = 10.0
LONGEST_LEADER_M = 1.0
# A room's name too long for its free floor is written smaller, down to this share of its
# size (2.8 mm to 1.7 mm, the size of a piece's label), before it becomes a callout.
ROOM_NAME_LEAST = 0.6
# Measured advance widths leave out kerning and the italic's slant: a little more is safe.
WIDTH_ALLOWANCE = 1.04
STROKE = 0.02  # half the widest outline stroke of furniture and doors, in metres


@dataclass(frozen=True)
class Canvas:
    """The drawing area in plan units: the plan and a margin of paper round it."""

    x: float
    y: float
    width: float
    height: float

    @classmethod
    def around(cls, plan: FloorPlan, per_unit: float) -> Canvas:
        width, depth = plan.size
        margin = CANVAS_MARGIN_MM / per_unit
        return cls(-margin, -margin, width + 2 * margin, depth + 2 * margin)

    @property
    def viewbox(self) -> str:
        return f"{n(self.x)} {n(self.y)} {n(self.width)} {n(self.height)}"

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return self.x, self.y, self.x + self.width, self.y + self.height


def fitted_per_unit(plan: FloorPlan, width_mm: float, height_mm: float) -> float:
    """The largest paper size per plan unit at which the plan and its margin fit the box."""
    width, depth = plan.size
    margin = 2 * CANVAS_MARGIN_MM
    return min((width_mm - margin) / width, (height_mm - margin) / depth)


def hand_lettered(css: str, style: str) -> bool:
    return style == "surveillance" or css.startswith("mark-label")


def text_size(css: str, style: str, per_unit: float) -> float:
    """A text's font size in plan units: sized in millimetres of paper, so it stays readable
    whatever the scale; handwriting has a small x-height, so it writes larger to be as legible."""
    hand = 1.35 if hand_lettered(css, style) else 1.0
    return TEXT_MM[css.split()[0]] * hand / per_unit


def text_width(text: str, css: str, style: str, size: float) -> float:
    """The width of a plan's text in plan units, from the bundled fonts' own metrics."""
    chain = HAND_CHAIN if hand_lettered(css, style) else SERIF_CHAIN
    bold = css.split()[0] in BOLD_TEXT and not hand_lettered(css, style)
    return fonts.text_width(text, chain, size, bold=bold) * WIDTH_ALLOWANCE


class PlanDrawing:
    """Builds the SVG elements of one plan (already projected for its audience), with its
    words placed clear of everything drawn and of the page's edges."""

    def __init__(
        self,
        plan: FloorPlan,
        mm_per_unit: float,
        *,
        grid: bool,
        style: str,
        mark_kinds: Mapping[str, MarkKind] = SPY_MARKS,
        pages: Sequence[Box] = (),
        keep_clear: Sequence[Box] = (),
    ) -> None:
        self.plan = plan
        self.mark_kinds = mark_kinds  # the campaign's: how each kind of mark is drawn
        self.mm_per_unit = mm_per_unit
        self.grid = grid
        self.style = style
        # Decorations (chairs, wall thickness) are sized in metres and scaled to the units.
        self.k = UNIT_MM["m"] / UNIT_MM[plan.units]
        self.wall = 0.22 * self.k
        self.canvas = Canvas.around(plan, mm_per_unit)
        self.pages = tuple(pages)  # the printed tiles, in plan units: no label crosses their edges
        self.keep_clear = tuple(keep_clear)  # drawn later on top (registration crosses)
        self.obstacles: list[BaseGeometry] = [box(*area) for area in self.keep_clear]
        self.wanted: list[LabelSpec] = []
        self._numbered: list[Polygon] = []  # table tops with a number written on them
        self._pieces: list[Polygon] = []  # what each piece of furniture and its seats cover
        self._placed: list[PlacedLabel] | None = None
        self._markup: Markup | None = None
        # The same plan is sketched the same way on every build.
        self._pencil = seeded_random("sketch", f"{plan.size}{len(plan.rooms)}{len(plan.walls)}")

    def elements(self) -> Markup:
        if self._markup is None:
            self._markup = self._draw()
        return self._markup

    def _draw(self) -> Markup:
        parts = [
            *self._rooms(),
            *self._grid(),
            *self._walls(),
            *self._windows(),
            *self._doors(),
            *self._furniture(),
            *self._marks(),
        ]
        self._want_room_names()
        self._want_labels()
        parts += self._placed_labels()
        return Markup("\n".join(parts))

    @property
    def placed(self) -> list[PlacedLabel]:
        """Where each label went."""
        self.elements()  # gathers the labels and what they must keep clear of
        return self._place()

    def _place(self) -> list[PlacedLabel]:
        if self._placed is None:
            self._placed = place_labels(
                self.wanted,
                self.obstacles,
                self.canvas.bounds,
                self.pages,
                gap=LABEL_GAP_MM / self.mm_per_unit,
                callout_size=CALLOUT_MM / self.mm_per_unit,
                longest_leader=max(LONGEST_LEADER_MM / self.mm_per_unit, LONGEST_LEADER_M * self.k),
            )
        return self._placed

    @property
    def callouts(self) -> list[tuple[int, str, bool]]:
        """The labels printed as numbers: (number, words, GM's), for the plan's key."""
        found = [(p.callout, p.spec.text, " gm" in p.spec.css) for p in self.placed if p.callout]
        return sorted((number, text, gm) for number, text, gm in found if number is not None)

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

    def _walls(self) -> Iterator[str]:
        w = n(self.wall)
        for room in self.plan.rooms:
            css = "wall gm" if room.gm else "wall"
            if self.style == "surveillance":
                yield from self._sketched(room.outline, css, closed=True)
            else:
                yield f'<polygon class="{css}" stroke-width="{w}" points="{points(room.outline)}"/>'
            ring = LineString([*room.outline, room.outline[0]])
            self.obstacles.append(ring.buffer(self._wall_reach, join_style="mitre"))
        for wall in self.plan.walls:
            css = "wall gm" if wall.gm else "wall"
            (x1, y1), (x2, y2) = wall.start, wall.end
            if self.style == "surveillance":
                yield from self._sketched([wall.start, wall.end], css, closed=False)
            else:
                yield (
                    f'<line class="{css}" stroke-width="{w}" '
                    f'x1="{n(x1)}" y1="{n(y1)}" x2="{n(x2)}" y2="{n(y2)}"/>'
                )
            line = LineString([wall.start, wall.end])
            self.obstacles.append(line.buffer(self._wall_reach, cap_style="flat"))

    @property
    def _wall_reach(self) -> float:
        """How far a wall's ink reaches from its line: a pencil stroke wavers past it."""
        return self.wall / 2 + (SKETCH_WAVER * self.wall * 2 if self.style == "surveillance" else 0)

    def _sketched(self, outline: Sequence[PlanPoint], css: str, *, closed: bool) -> Iterator[str]:
        """A wall as a watcher draws it: two wavering pencil strokes, gone over twice."""
        for _ in range(2):
            path = sketched(outline, closed, self._pencil, self.wall * SKETCH_WAVER)
            yield f'<path class="{css} sketch" stroke-width="{n(self.wall * 0.28)}" d="{path}"/>'

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
            line = LineString([window.start, window.end])
            self.obstacles.append(line.buffer(w * 0.55, cap_style="flat"))

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
        opening = LineString([(x - ux * half, y - uy * half), (x + ux * half, y + uy * half)])
        shapes: list[BaseGeometry] = [opening.buffer(self.wall * 0.55, cap_style="flat")]
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
            shapes.append(_sector((hx, hy), (ex, ey), (fx, fy)).buffer(STROKE * self.k))
        if door.swing == "sliding":
            off = 0.08 * self.k
            start = (x - ux * half + nx * off, y - uy * half + ny * off)
            end = (x + ux * half * 0.2 + nx * off, y + uy * half * 0.2 + ny * off)
            yield (
                f'<line class="{css}" x1="{n(start[0])}" y1="{n(start[1])}" '
                f'x2="{n(end[0])}" y2="{n(end[1])}"/>'
            )
            shapes.append(LineString([start, end]).buffer(0.03 * self.k))
        self.obstacles += shapes
        if door.label:
            # First choice: on the far side from the swing, where the leaf does not cover it.
            reach = half + 0.45 * self.k
            site = (x - nx * reach, y - ny * reach + 0.1 * self.k)
            self._want(door.label, "door-label", unary_union(shapes), door, sites=(site,))

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
        # A watcher draws a piece by eye: never quite square to the walls.
        drawn = rotation + (self._pencil.uniform(-3, 3) if self.style == "surveillance" else 0)
        yield (
            f'<g class="{css}" transform="translate({n(x)},{n(y)}) rotate({n(drawn)})">{shapes}</g>'
        )
        outline = _placed(_reach(piece, width, depth, self.k), x, y, rotation)
        self.obstacles.append(outline.buffer(STROKE * self.k, join_style="mitre"))
        self._pieces.append(outline)
        if piece.number is not None:
            self._numbered.append(Polygon(footprint(piece, self.plan.units)))
            # The number is written on the table top, which is drawn for it.
            yield self.text(str(piece.number), x, y, "table-number")
        if piece.label:
            self._want(piece.label, "piece-label", outline, piece)

    def _marks(self) -> Iterator[str]:
        for mark in self.plan.marks:
            yield from self._mark(mark)

    def _mark(self, mark: Mark) -> Iterator[str]:
        kind = self.mark_kinds.get(mark.kind) or MarkKind(id=mark.kind)
        css = f"mark mark-{mark.kind}" + (" gm" if mark.gm else "")
        label_css = "mark-label gm" if mark.gm else "mark-label"
        if mark.path:
            path = self._clear_of_numbers(mark.path)
            dotted = " dotted" if kind.line == "dotted" else ""
            yield f'<polyline class="{css}{dotted}" points="{points(path)}"/>'
            line = LineString(path) if len(path) > 1 else Point(path[0])
            self.obstacles.append(line.buffer(0.06 * self.k))
            if kind.line == "arrow" and len(path) >= 2:
                head = _arrowhead(path[-2], path[-1], 0.45 * self.k)
                yield f'<polygon class="{css} arrowhead" points="{points(head)}"/>'
                self.obstacles.append(Polygon(head))
            sites = (mark.at,) if mark.at is not None else ()  # where the GM wrote it
            self._want(mark.label, label_css, line, mark, sites=sites)
            return
        if mark.at is None:
            return
        x, y = mark.at
        symbol = SYMBOLS[kind.symbol]
        # Symbols are sized on paper (about 5 mm across) so they read the same at any scale.
        size = MARK_MM / self.mm_per_unit
        yield f'<g class="{css}" transform="translate({n(x)},{n(y)}) scale({n(size)})">{symbol}</g>'
        reach = 0.36 * size
        symbol_box = box(x - reach, y - reach, x + reach, y + reach)
        self.obstacles.append(symbol_box)
        # A mark on a piece (a microphone under a table) is written beside the piece: there
        # is no room on a table among its chairs.
        hosts = [piece for piece in self._pieces if piece.contains(Point(x, y))]
        self._want(mark.label, label_css, unary_union([symbol_box, *hosts]), mark)

    def _clear_of_numbers(self, path: list[PlanPoint]) -> list[tuple[float, float]]:
        """A route or sightline that ends on a numbered table stops at its rim, so that it
        does not strike through the number."""
        trimmed = [(x, y) for x, y in path]
        for top in self._numbered:
            for end, before in ((-1, -2), (0, 1)):
                if len(trimmed) > 1 and top.contains(Point(trimmed[end])):
                    segment = LineString([trimmed[before], trimmed[end]]).difference(top)
                    if isinstance(segment, LineString) and not segment.is_empty:
                        rim = segment.coords[-1] if end == -1 else segment.coords[0]
                        trimmed[end] = (rim[0], rim[1])
        return trimmed

    # -- words ------------------------------------------------------------------------------

    def _want_room_names(self) -> None:
        for room in self.plan.rooms:
            if room.name:
                css = "room-name" + (" gm" if room.gm else "")
                sites = (room.label_at,) if room.label_at else ()
                area = Polygon(room.outline)
                self._want(room.name, css, area, room, sites=sites, inside=area)

    def _want_labels(self) -> None:
        for label in self.plan.labels:
            css = "label" + (" gm" if label.gm else "")
            self._want(label.text, css, Point(label.at), label, sites=(label.at,))

    def _want(
        self,
        text: str,
        css: str,
        anchor: BaseGeometry,
        source: object,
        *,
        sites: tuple[tuple[float, float], ...] = (),
        inside: Polygon | None = None,
    ) -> None:
        size = text_size(css, self.style, self.mm_per_unit)
        width = text_width(text, css, self.style, size)
        home = self._home(anchor)
        # A room's name may be written smaller to stay in its room.
        least = size * ROOM_NAME_LEAST if inside is not None else None
        self.wanted.append(
            LabelSpec(text, css, size, width, anchor, sites, inside, source, home, least)
        )

    @cached_property
    def _regions(self) -> list[BaseGeometry]:
        """The rooms, and the outside: where a label may have its home."""
        rooms = [Polygon(room.outline) for room in self.plan.rooms]
        return [*rooms, box(*self.canvas.bounds).difference(unary_union(rooms))]

    def _home(self, anchor: BaseGeometry) -> BaseGeometry | None:
        """The rooms (or the outside) where what a label names stands: a piece's room, both
        sides of a door, every room a route runs through. Words the GM put at a point by a
        wall ("Window over the river", just outside it) may go on either side of the wall."""
        if anchor.geom_type == "Point":
            anchor = anchor.buffer(self.wall + 0.2 * self.k)
        touched = [region for region in self._regions if _stands_in(anchor, region)]
        return unary_union(touched) if touched else None

    def _placed_labels(self) -> Iterator[str]:
        placed = self._place()
        for label in placed:
            if label.leader:
                (x1, y1), (x2, y2) = label.leader
                css = "leader gm" if " gm" in label.spec.css else "leader"
                yield (
                    f'<line class="{css}" stroke-width="{n(LEADER_MM / self.mm_per_unit)}" '
                    f'x1="{n(x1)}" y1="{n(y1)}" x2="{n(x2)}" y2="{n(y2)}"/>'
                )
        for label in placed:
            if label.callout is None:
                yield self.text(label.spec.text, label.x, label.y, label.spec.css, label.spec.size)
                continue
            gm = " gm" if " gm" in label.spec.css else ""
            yield (
                f'<circle class="callout{gm}" cx="{n(label.x)}" cy="{n(label.y)}" '
                f'r="{n(label.radius)}" stroke-width="{n(LEADER_MM * 1.2 / self.mm_per_unit)}"/>'
            )
            number_y = label.y + text_size("callout", self.style, self.mm_per_unit) * 0.36
            yield self.text(str(label.callout), label.x, number_y, f"callout{gm}")

    def text(self, text: str, x: float, y: float, css: str, size: float | None = None) -> str:
        """Words centred on (x, y), at their size for `css` unless placed at another."""
        size = size or text_size(css, self.style, self.mm_per_unit)
        return (
            f'<text class="{css}" x="{n(x)}" y="{n(y)}" font-size="{n(size)}px" '
            f'text-anchor="middle">{escape(text)}</text>'
        )


def _stands_in(anchor: BaseGeometry, region: BaseGeometry) -> bool:
    """Whether some of `anchor` is in `region`, not just touching its edge: a piece against
    a wall stands in its room, not in the one behind the wall."""
    shared = region.intersection(anchor)
    if anchor.area > 0:
        return bool(shared.area > 0.05 * anchor.area)
    return bool(shared.length > 0)


def north_arrow(north: float) -> Markup:
    """A north arrow to print beside the plan, turned as the plan's `north` says."""
    return Markup(
        '<svg class="north-arrow" xmlns="http://www.w3.org/2000/svg" viewBox="-5 -5 10 10" '
        'width="8mm" height="8mm" role="img"><title>North</title>'
        f'<g transform="rotate({n(north)})">'
        '<path d="M0,-2.6L1.6,3.6L0,2.4Z" fill="#1a1a1a"/>'
        '<path d="M0,-2.6L-1.6,3.6L0,2.4Z" fill="#fff" stroke="#1a1a1a" stroke-width="0.25"/>'
        '<text x="0" y="-3.1" text-anchor="middle" font-size="2.6" '
        'font-family="PT Serif Latin">N</text></g></svg>'
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


def _arrowhead(start: PlanPoint, end: PlanPoint, size: float) -> list[tuple[float, float]]:
    """The corners of a filled arrowhead at `end`, pointing along a route's last segment."""
    ux, uy = _unit(end[0] - start[0], end[1] - start[1])
    back_x, back_y = end[0] - ux * size, end[1] - uy * size
    left = (back_x - uy * size * 0.45, back_y + ux * size * 0.45)
    right = (back_x + uy * size * 0.45, back_y - ux * size * 0.45)
    return [end, left, right]


def _sector(hinge: PlanPoint, leaf_end: PlanPoint, arc_end: PlanPoint) -> Polygon:
    """The quarter circle a door leaf sweeps, from its hinge."""
    hx, hy = hinge
    radius = math.hypot(leaf_end[0] - hx, leaf_end[1] - hy)
    start = math.atan2(leaf_end[1] - hy, leaf_end[0] - hx)
    turn = math.atan2(arc_end[1] - hy, arc_end[0] - hx) - start
    turn = (turn + math.pi) % (2 * math.pi) - math.pi  # the short way round
    steps = 8
    outer = radius / math.cos(abs(turn) / steps / 2)  # the polygon round the arc, not inside it
    arc = [
        (
            hx + outer * math.cos(start + turn * k / steps),
            hy + outer * math.sin(start + turn * k / steps),
        )
        for k in range(steps + 1)
    ]
    return Polygon([hinge, *arc])


def _reach(piece: Furniture, w: float, d: float, unit: float) -> tuple[float, float, float, float]:
    """The box a piece and its seats cover, about its centre before turning: left, top,
    right, bottom."""
    if piece.kind == "round-table":
        radius = w / 2 + (0.42 * unit if piece.seats else 0.0)
        return -radius, -radius, radius, radius
    top, bottom = -d / 2, d / 2
    if piece.kind == "table" and piece.seats:
        top -= 0.46 * unit
        bottom += 0.46 * unit if piece.seats > 1 else 0.0
    if piece.kind == "bar" and piece.seats:
        bottom += 0.53 * unit
    return -w / 2, top, w / 2, bottom


def _placed(reach: tuple[float, float, float, float], x: float, y: float, turn: float) -> Polygon:
    """A piece's box on the plan: turned by `turn` degrees clockwise and moved to (x, y)."""
    return translate(rotate(box(*reach), turn, origin=(0, 0)), x, y)
