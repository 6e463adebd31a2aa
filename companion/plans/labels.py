"""Where a plan's words go: beside what they name and clear of everything drawn, else further
off on a short leader line, else as a numbered callout whose words go in the key.

Each label has candidate positions in order of preference. Labels are placed one at a time,
the most hemmed-in first, each in its best position that collides with nothing drawn, no
label already placed and no leader line, and stays on the page (on one tile of a tiled
plan, so that no page cuts it). A label stays in its home, the room (or the outside) where
what it names stands, leader and all: "Band" is not written in the pantry behind the
bandstand's wall. A leader is short and crosses nothing drawn. A label with no free
position may move one label already placed out of its way; after that it becomes a
callout."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from shapely import STRtree, box, prepare
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

Box = tuple[float, float, float, float]  # left, top, right, bottom
Spot = tuple[float, float]

# A line of text reaches this far above and below its baseline, in font sizes.
ASCENT = 0.82
DESCENT = 0.26
# Beside, on a leader line, as a callout: each tier costs more than any position of the last.
LEADER_COST = 100.0
CALLOUT_COST = 1000.0
# Directions around an anchor, in order of preference: below, above, right, left, corners.
DIRECTIONS = ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1))


@dataclass(frozen=True)
class LabelSpec:
    """A label to place. Sizes are in plan units."""

    text: str
    css: str
    size: float  # font size
    width: float  # advance width of the text
    anchor: BaseGeometry  # what it names: the label goes beside it
    sites: tuple[Spot, ...] = ()  # baseline centres tried first (where the plan says to write)
    inside: Polygon | None = None  # written within it if it fits (a room's name in its room)
    source: object = None  # the plan item the words belong to, for located warnings
    home: BaseGeometry | None = None  # the region the words and their leader stay within
    least_size: float | None = None  # written smaller, down to this, before as a callout

    @property
    def height(self) -> float:
        return self.size * (ASCENT + DESCENT)

    def box_at(self, x: float, y: float) -> Box:
        """The box of the text written with its baseline centred on (x, y)."""
        return (
            x - self.width / 2,
            y - self.size * ASCENT,
            x + self.width / 2,
            y + self.size * DESCENT,
        )

    def baseline_for(self, centre_x: float, centre_y: float) -> Spot:
        return centre_x, centre_y + self.size * (ASCENT - DESCENT) / 2


@dataclass(frozen=True)
class PlacedLabel:
    spec: LabelSpec
    x: float  # baseline centre of the words, or the centre of a callout's circle
    y: float
    leader: tuple[Spot, Spot] | None = None
    callout: int | None = None  # printed as this number; the words go in the plan's key
    radius: float = 0.0  # a callout's circle
    forced: bool = False  # nowhere was free: drawn at its anchor anyway

    @property
    def box(self) -> Box:
        if self.callout is not None:
            return (
                self.x - self.radius,
                self.y - self.radius,
                self.x + self.radius,
                self.y + self.radius,
            )
        return self.spec.box_at(self.x, self.y)


@dataclass(frozen=True)
class _Candidate:
    cost: float
    x: float
    y: float
    leader: tuple[Spot, Spot] | None = None
    within: Polygon | None = None  # the region the box must stay inside


class _Board:
    """What is on the plan: fixed obstacles, the page, and the labels placed so far."""

    def __init__(
        self,
        obstacles: Sequence[BaseGeometry],
        bounds: Box,
        pages: Sequence[Box],
        gap: float,
        longest_leader: float,
    ):
        self.obstacles = list(obstacles)
        self.tree = STRtree(self.obstacles)
        self.bounds = bounds
        self.pages = pages
        self.gap = gap
        self.longest_leader = longest_leader
        self._around: dict[int, BaseGeometry] = {}
        self.placed: dict[int, PlacedLabel] = {}
        self._shapes: dict[int, list[BaseGeometry]] = {}

    def around(self, anchor: BaseGeometry) -> BaseGeometry:
        """What a label names, and twice the gap round it: as far as its drawn outline (a
        stroke's width, a piece's seats) may reach past its shape."""
        key = id(anchor)
        if key not in self._around:
            self._around[key] = anchor.buffer(2 * self.gap)
        return self._around[key]

    def on_paper(self, area: Box) -> bool:
        if not _within(area, self.bounds):
            return False
        return not self.pages or any(_within(area, page) for page in self.pages)

    def clear_of_drawing(self, shape: BaseGeometry) -> bool:
        return len(self.tree.query(shape, predicate="intersects")) == 0

    def blockers(self, shapes: Sequence[BaseGeometry], ignore: int | None = None) -> set[int]:
        """The placed labels any of `shapes` runs into."""
        return {
            index
            for index, taken in self._shapes.items()
            if index != ignore and any(s.intersects(t) for s in shapes for t in taken)
        }

    def put(self, index: int, label: PlacedLabel) -> None:
        self.placed[index] = label
        shapes: list[BaseGeometry] = [box(*label.box)]
        if label.leader:
            shapes.append(LineString(label.leader))
        self._shapes[index] = shapes

    def lift(self, index: int) -> PlacedLabel:
        del self._shapes[index]
        return self.placed.pop(index)


def place_labels(
    specs: Sequence[LabelSpec],
    obstacles: Sequence[BaseGeometry],
    bounds: Box,
    pages: Sequence[Box] = (),
    *,
    gap: float,
    callout_size: float,
    longest_leader: float = math.inf,
) -> list[PlacedLabel]:
    """A position for every label, in the order of `specs`. `gap` is the clear space kept
    between a label and what it names; `callout_size` a callout's circle across;
    `longest_leader` the longest line that may tie a label to what it names."""
    for spec in specs:
        if spec.home is not None:
            prepare(spec.home)
    board = _Board(obstacles, bounds, pages, gap, longest_leader)
    near = [_fitting(board, spec, _near(spec, gap)) for spec in specs]
    order = sorted(range(len(specs)), key=lambda i: (len(near[i]) > 0, len(near[i]), i))
    # Every label first tries the spots beside what it names, so that none takes another's
    # near spot with a leader line; those left over then go further off.
    waiting = [i for i in order if not _place(board, i, specs, near)]
    further = [
        near[i] + _fitting(board, specs[i], _on_leaders(specs[i], gap, *_rings(specs[i])))
        for i in range(len(specs))
    ]
    unplaced = [i for i in waiting if not _place(board, i, specs, further)]
    unplaced = [i for i in unplaced if not _place_smaller(board, i, specs[i], gap)]
    for number, index in enumerate(sorted(unplaced), start=1):
        board.put(index, _callout(board, specs[index], number, gap, callout_size))
    return [board.placed[index] for index in range(len(specs))]


# How much smaller words are tried, step by step, when they fit nowhere at their size.
SHRINK_STEPS = (0.9, 0.8, 0.7, 0.6)


def _place_smaller(board: _Board, index: int, spec: LabelSpec, gap: float) -> bool:
    """A room's name too long for the room's free floor, written smaller where it fits,
    rather than outside the room or as a number."""
    for factor in SHRINK_STEPS:
        if spec.least_size is None or spec.size * factor < spec.least_size - 1e-9:
            return False
        smaller = replace(spec, size=spec.size * factor, width=spec.width * factor)
        if _place_first_free(board, index, smaller, _fitting(board, smaller, _near(smaller, gap))):
            return True
    return False


# Enough free positions to choose from and to move aside to; the rest are never needed.
MAX_OPTIONS = 48


def _place(
    board: _Board, index: int, specs: Sequence[LabelSpec], options: Sequence[list[_Candidate]]
) -> bool:
    placed = _place_first_free(board, index, specs[index], options[index])
    return placed or _place_by_moving_one(board, index, specs, options)


def _fitting(board: _Board, spec: LabelSpec, candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """The label's cheapest positions that collide with nothing drawn. Positions across a
    room are kept a line's height apart, so that the options spread over the room rather
    than crowd its middle, where one other label could block them all."""
    found: list[_Candidate] = []
    spread = _Spread(spec.height)
    for candidate in candidates:
        if candidate.within is not None and spread.near(candidate.x, candidate.y):
            continue
        if _fits(board, spec, candidate):
            found.append(candidate)
            if candidate.within is not None:
                spread.add(candidate.x, candidate.y)
            if len(found) == MAX_OPTIONS:
                break
    return found


class _Spread:
    """Positions kept so far, found again by the square of side `apart` each stands in: a
    position less than `apart` from one (across and down) is in the same or a neighbouring
    square, so a room's thousands of grid positions are not each compared with all."""

    def __init__(self, apart: float) -> None:
        self.apart = apart
        self._squares: dict[tuple[int, int], list[Spot]] = {}

    def _square(self, x: float, y: float) -> tuple[int, int]:
        return math.floor(x / self.apart), math.floor(y / self.apart)

    def near(self, x: float, y: float) -> bool:
        column, row = self._square(x, y)
        return any(
            abs(x - kept_x) < self.apart and abs(y - kept_y) < self.apart
            for across in (-1, 0, 1)
            for down in (-1, 0, 1)
            for kept_x, kept_y in self._squares.get((column + across, row + down), ())
        )

    def add(self, x: float, y: float) -> None:
        self._squares.setdefault(self._square(x, y), []).append((x, y))


def _fits(board: _Board, spec: LabelSpec, candidate: _Candidate, strict: bool = True) -> bool:
    """On the page, clear of everything drawn, inside its region if it has one and inside
    its home; its leader (when `strict`) short, at home too, and across nothing drawn."""
    area = spec.box_at(candidate.x, candidate.y)
    if not board.on_paper(area):
        return False
    shape = box(*area)
    if candidate.within is not None and not candidate.within.contains(shape):
        return False
    if spec.home is not None and not spec.home.contains(shape):
        return False
    if strict and candidate.leader is not None and not _leader_fits(board, spec, candidate.leader):
        return False
    return board.clear_of_drawing(shape)


def _leader_fits(board: _Board, spec: LabelSpec, leader: tuple[Spot, Spot]) -> bool:
    line = LineString(leader)
    if line.length > board.longest_leader:
        return False
    if spec.home is not None and not spec.home.contains(line):
        return False
    crossed = board.tree.query(line, predicate="intersects")
    if len(crossed) == 0:
        return True
    # It starts just off what it names, whose drawn outline may reach that far.
    trimmed = line.difference(board.around(spec.anchor))
    return not any(board.obstacles[index].intersects(trimmed) for index in crossed)


def _shapes(spec: LabelSpec, candidate: _Candidate) -> list[BaseGeometry]:
    shapes: list[BaseGeometry] = [box(*spec.box_at(candidate.x, candidate.y))]
    if candidate.leader:
        shapes.append(LineString(candidate.leader))
    return shapes


def _place_first_free(
    board: _Board, index: int, spec: LabelSpec, options: Sequence[_Candidate]
) -> bool:
    for candidate in options:
        if not board.blockers(_shapes(spec, candidate)):
            board.put(index, PlacedLabel(spec, candidate.x, candidate.y, candidate.leader))
            return True
    return False


def _place_by_moving_one(
    board: _Board, index: int, specs: Sequence[LabelSpec], options: Sequence[list[_Candidate]]
) -> bool:
    """Take a position held by one other label, if that label has somewhere else to go."""
    spec = specs[index]
    for candidate in options[index]:
        blockers = board.blockers(_shapes(spec, candidate))
        if len(blockers) != 1:
            continue
        (other,) = blockers
        moved = board.lift(other)
        board.put(index, PlacedLabel(spec, candidate.x, candidate.y, candidate.leader))
        if _place_first_free(board, other, specs[other], options[other]):
            return True
        board.lift(index)
        board.put(other, moved)
    return False


def _callout(board: _Board, spec: LabelSpec, number: int, gap: float, size: float) -> PlacedLabel:
    """A small numbered circle beside the anchor, at home if it can be, else wherever it is
    free, on a leader that is short and crosses nothing if it can be, else on any; its words
    go in the key."""
    radius = size / 2
    for home, strict in ((spec.home, True), (None, True), (None, False)):
        disc = LabelSpec(
            str(number), "callout", size / (ASCENT + DESCENT), size, spec.anchor, home=home
        )
        near = _inside(disc, spec.inside) if spec.inside is not None else _beside(disc, gap, 0.0)
        further = _on_leaders(disc, gap, max(spec.height, size * 2), rings=8)
        for candidate in itertools.chain(near, further):
            fits = _fits(board, disc, candidate, strict)
            if fits and not board.blockers(_shapes(disc, candidate)):
                centre_y = candidate.y - disc.size * (ASCENT - DESCENT) / 2
                return PlacedLabel(spec, candidate.x, centre_y, candidate.leader, number, radius)
    x, y = spec.anchor.representative_point().coords[0]
    return PlacedLabel(spec, x, y, None, number, radius, forced=True)


# -- candidate positions ------------------------------------------------------------------


def _near(spec: LabelSpec, gap: float) -> Iterator[_Candidate]:
    """The positions beside what the label names, cheapest first."""
    for order, (x, y) in enumerate(spec.sites):
        yield _Candidate(order * 0.01, x, y)
    if spec.inside is not None:  # in the room, else outside it on a leader
        yield from _inside(spec, spec.inside)
    else:
        yield from _beside(spec, gap, 1.0)


def _rings(spec: LabelSpec) -> tuple[float, int]:
    """How far apart the rings of leader positions are, and how many: close, so that a
    short leader finds the first free spot past what crowds the anchor."""
    return spec.height * 0.75, 12


def _spots(anchor: BaseGeometry) -> list[BaseGeometry]:
    """What a label may stand beside: the whole anchor, or points along a line from its
    middle outwards."""
    if isinstance(anchor, LineString):
        fractions = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9)
        return [anchor.interpolate(f, normalized=True) for f in fractions]
    return [anchor]


def _beside(spec: LabelSpec, gap: float, base: float) -> Iterator[_Candidate]:
    """Touching the anchor's box (less `gap`) on each side, slid along it a little."""
    half_w, half_h = spec.width / 2, spec.height / 2
    for rank, spot in enumerate(_spots(spec.anchor)):
        left, top, right, bottom = spot.bounds
        middle_x, middle_y = (left + right) / 2, (top + bottom) / 2
        for turn, (dx, dy) in enumerate(DIRECTIONS):
            x = middle_x if dx == 0 else (right + gap + half_w if dx > 0 else left - gap - half_w)
            y = middle_y if dy == 0 else (bottom + gap + half_h if dy > 0 else top - gap - half_h)
            cost = base + rank + turn * 0.05
            slides = (0.0, 0.5, -0.5, 1.0, -1.0)
            for shift, slide in enumerate(slides):
                if dx == 0:  # above or below: slide sideways
                    sx, sy = x + slide * half_w, y
                elif dy == 0:  # left or right: slide up and down
                    sx, sy = x, y + slide * half_h * 2
                elif slide:
                    continue
                else:
                    sx, sy = x, y
                yield _Candidate(cost + shift * 0.01, *spec.baseline_for(sx, sy))


def _on_leaders(spec: LabelSpec, gap: float, step: float, rings: int) -> Iterator[_Candidate]:
    """Further off, in sixteen directions and a few rings `step` apart, tied to the anchor
    by a line."""
    left, top, right, bottom = spec.anchor.bounds
    middle_x, middle_y = (left + right) / 2, (top + bottom) / 2
    reach_x, reach_y = (right - left) / 2, (bottom - top) / 2
    for ring in range(1, rings + 1):
        distance = gap + ring * step
        for turn in range(16):
            angle = turn * math.pi / 8 + math.pi / 2  # from straight below, round
            ux, uy = math.cos(angle), math.sin(angle)
            x = middle_x + ux * (reach_x + distance + spec.width / 2)
            y = middle_y + uy * (reach_y + distance + spec.height / 2)
            baseline = spec.baseline_for(x, y)
            leader = _leader(spec, x, y, gap)
            if leader is not None:
                yield _Candidate(LEADER_COST + ring * 10 + turn * 0.1, *baseline, leader)


def _leader(spec: LabelSpec, x: float, y: float, gap: float) -> tuple[Spot, Spot] | None:
    """From the anchor's edge to the label's box, stopping short of both."""
    area = box(x - spec.width / 2, y - spec.height / 2, x + spec.width / 2, y + spec.height / 2)
    start, end = nearest_points(spec.anchor, area)
    length = start.distance(end)
    if length <= 2 * gap:
        return None
    ux, uy = (end.x - start.x) / length, (end.y - start.y) / length
    return (
        (start.x + ux * gap * 0.5, start.y + uy * gap * 0.5),
        (end.x - ux * gap, end.y - uy * gap),
    )


MAX_SPOTS = 6000  # a grid this fine over a hall is more than enough


def _inside(spec: LabelSpec, region: Polygon) -> Iterator[_Candidate]:
    """Positions across the whole region on a grid of a third of the label's height (or
    coarser, in a hall drawn large), nearest its middle first."""
    left, top, right, bottom = region.bounds
    centre = region.centroid if region.contains(region.centroid) else region.representative_point()
    step = max(spec.height / 3, math.sqrt((right - left) * (bottom - top) / MAX_SPOTS))
    spots = [
        (left + spec.width / 2 + i * step, top + spec.height / 2 + j * step)
        for i in range(max(1, int((right - left - spec.width) / step) + 1))
        for j in range(max(1, int((bottom - top - spec.height) / step) + 1))
    ]
    spots.sort(key=lambda s: (math.hypot(s[0] - centre.x, s[1] - centre.y), s))
    for distance_rank, (x, y) in enumerate(spots[:MAX_SPOTS]):
        yield _Candidate(0.5 + distance_rank * 0.001, *spec.baseline_for(x, y), within=region)


def _within(inner: Box, outer: Box) -> bool:
    return (
        inner[0] >= outer[0]
        and inner[1] >= outer[1]
        and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )
