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

import functools
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely import STRtree, box, prepare
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

Box = tuple[float, float, float, float]  # left, top, right, bottom
Spot = tuple[float, float]
Floats = NDArray[np.float64]
Indices = NDArray[np.intp]
Mask = NDArray[np.bool_]
Shapes = NDArray[np.object_]  # shapely geometries

# A line of text reaches this far above and below its baseline, in font sizes.
ASCENT = 0.82
DESCENT = 0.26
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
    x: float  # baseline centre of the words
    y: float
    leader: tuple[Spot, Spot] | None = None


@dataclass(frozen=True)
class _Batch:
    """Candidate positions in order of preference, as columns, so that they are tested many
    at a time: one shapely call over an array costs little more than one over a single box.
    Whatever passes is then taken in this order, so the choice is the same as testing them
    one by one."""

    x: Floats  # baseline centres of the words
    y: Floats
    leaders: Floats | None = None  # a row each: start x, start y, end x, end y
    within: Polygon | None = None  # the region every box must stay inside

    @classmethod
    def of(cls, spots: Iterable[Spot]) -> _Batch:
        xy = np.array(list(spots), dtype=np.float64).reshape(-1, 2)
        return cls(xy[:, 0], xy[:, 1])

    def __len__(self) -> int:
        return len(self.x)

    def candidate(self, index: int) -> _Candidate:
        leader = None
        if self.leaders is not None:
            start_x, start_y, end_x, end_y = self.leaders[index].tolist()
            leader = ((start_x, start_y), (end_x, end_y))
        return _Candidate(float(self.x[index]), float(self.y[index]), leader)


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
        self.tree = STRtree(list(obstacles))
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

    def on_paper(self, left: Floats, top: Floats, right: Floats, bottom: Floats) -> Mask:
        """Which boxes lie within the bounds and, on a tiled plan, within one page."""
        found = _within(left, top, right, bottom, self.bounds)
        if self.pages:
            on_a_page = [_within(left, top, right, bottom, page) for page in self.pages]
            found &= np.logical_or.reduce(on_a_page)
        return found

    def clear_of_drawing(self, shapes: Shapes) -> Mask:
        """Which of `shapes` touch nothing drawn."""
        touching = self.tree.query(shapes, predicate="intersects")[0]
        clear = np.ones(len(shapes), dtype=np.bool_)
        clear[touching] = False
        return clear

    def obstacles(self, indices: Indices) -> Shapes:
        return np.asarray(self.tree.geometries)[indices]

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


# A label's free positions, looked up by its index.
Options = Callable[[int], Sequence[_Candidate]]


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
        for region in (spec.home, spec.inside):
            if region is not None:
                prepare(region)  # tested against thousands of boxes
    board = _Board(obstacles, bounds, pages, gap, longest_leader)
    near = [_fitting(board, spec, _near(spec, gap)) for spec in specs]
    order = sorted(range(len(specs)), key=lambda i: (len(near[i]) > 0, len(near[i]), i))
    # Every label first tries the spots beside what it names, so that none takes another's
    # near spot with a leader line; those left over then go further off.
    waiting = [i for i in order if not _place(board, i, specs, near.__getitem__)]

    # Found only for the labels that ask: on most plans every label fits beside its anchor.
    @functools.cache
    def further(index: int) -> list[_Candidate]:
        spec = specs[index]
        return near[index] + _fitting(board, spec, [_on_leaders(spec, gap, *_rings(spec))])

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


def _place(board: _Board, index: int, specs: Sequence[LabelSpec], options: Options) -> bool:
    placed = _place_first_free(board, index, specs[index], options(index))
    return placed or _place_by_moving_one(board, index, specs, options)


def _fitting(board: _Board, spec: LabelSpec, batches: Iterable[_Batch]) -> list[_Candidate]:
    """The label's cheapest positions that collide with nothing drawn. Positions across a
    room are kept a line's height apart, so that the options spread over the room rather
    than crowd its middle, where one other label could block them all."""
    found: list[_Candidate] = []
    spread = _Spread(spec.height)
    for batch in batches:
        for index, x, y in _fitting_positions(board, spec, batch):
            if batch.within is not None:
                if spread.near(x, y):
                    continue
                spread.add(x, y)
            found.append(batch.candidate(index))
            if len(found) == MAX_OPTIONS:
                return found
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


# Positions tested at a time: the first few hundred usually give all the options wanted.
CHUNK = 256


def _fitting_positions(
    board: _Board, spec: LabelSpec, batch: _Batch, strict: bool = True
) -> Iterator[tuple[int, float, float]]:
    """The positions in `batch` that fit, in order, as (index, x, y), tested a chunk at a
    time so that a caller who has enough stops the testing."""
    for start in range(0, len(batch), CHUNK):
        fitting = _fits(
            board, spec, batch, np.arange(start, min(start + CHUNK, len(batch))), strict
        )
        yield from zip(
            fitting.tolist(), batch.x[fitting].tolist(), batch.y[fitting].tolist(), strict=True
        )


def _fits(board: _Board, spec: LabelSpec, batch: _Batch, chunk: Indices, strict: bool) -> Indices:
    """Those of `chunk` on the page, clear of everything drawn, inside the batch's region if
    it has one and inside the label's home; their leaders (when `strict`) short, at home too,
    and across nothing drawn. The cheap tests go first, so that the costly ones see only the
    positions still in the running."""
    x, y = batch.x[chunk], batch.y[chunk]
    # The same arithmetic as LabelSpec.box_at, so the same boxes to the last bit.
    left, top = x - spec.width / 2, y - spec.size * ASCENT
    right, bottom = x + spec.width / 2, y + spec.size * DESCENT
    keep = board.on_paper(left, top, right, bottom)
    regions = [region for region in (batch.within, spec.home) if region is not None]
    for region in regions:  # a box outside a region's bounds is outside the region
        keep &= _within(left, top, right, bottom, region.bounds)
    chunk = chunk[keep]
    shapes = shapely.box(left[keep], top[keep], right[keep], bottom[keep])
    for region in regions:
        inside = shapely.contains(region, shapes)
        chunk, shapes = chunk[inside], shapes[inside]
    if strict and batch.leaders is not None:
        fine = _leaders_fit(board, spec, batch.leaders[chunk])
        chunk, shapes = chunk[fine], shapes[fine]
    return chunk[board.clear_of_drawing(shapes)]


def _leaders_fit(board: _Board, spec: LabelSpec, leaders: Floats) -> Mask:
    """Which leaders are short, at home and across nothing drawn."""
    lines: Shapes = np.asarray(shapely.linestrings(leaders.reshape(-1, 2, 2)))
    fine: Mask = np.asarray(shapely.length(lines)) <= board.longest_leader
    if spec.home is not None:
        fine &= shapely.contains(spec.home, lines)
    candidates = np.flatnonzero(fine)
    line_index, obstacle_index = board.tree.query(lines[candidates], predicate="intersects")
    if len(line_index) == 0:
        return fine
    # A leader starts just off what it names, whose drawn outline may reach that far: what
    # counts is only the part of it past that outline.
    crossing, position = np.unique(line_index, return_inverse=True)
    trimmed = np.asarray(shapely.difference(lines[candidates[crossing]], board.around(spec.anchor)))
    crossed = shapely.intersects(board.obstacles(obstacle_index), trimmed[position])
    fine[candidates[line_index[crossed]]] = False
    return fine


def _within(left: Floats, top: Floats, right: Floats, bottom: Floats, outer: Box) -> Mask:
    return (left >= outer[0]) & (top >= outer[1]) & (right <= outer[2]) & (bottom <= outer[3])


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
    board: _Board, index: int, specs: Sequence[LabelSpec], options: Options
) -> bool:
    """Take a position held by one other label, if that label has somewhere else to go."""
    spec = specs[index]
    for candidate in options(index):
        blockers = board.blockers(_shapes(spec, candidate))
        if len(blockers) != 1:
            continue
        (other,) = blockers
        moved = board.lift(other)
        board.put(index, PlacedLabel(spec, candidate.x, candidate.y, candidate.leader))
        if _place_first_free(board, other, specs[other], options(other)):
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
        near = _inside(disc, spec.inside) if spec.inside is not None else _beside(disc, gap)
        further = _on_leaders(disc, gap, max(spec.height, size * 2), rings=8)
        for batch in (near, further):
            for index, _, _ in _fitting_positions(board, disc, batch, strict):
                candidate = batch.candidate(index)
                if not board.blockers(_shapes(disc, candidate)):
                    centre_y = candidate.y - disc.size * (ASCENT - DESCENT) / 2
                    return PlacedLabel(
                        spec, candidate.x, centre_y, candidate.leader, number, radius
                    )
    x, y = spec.anchor.representative_point().coords[0]
    return PlacedLabel(spec, x, y, None, number, radius, forced=True)


# -- candidate positions ------------------------------------------------------------------


def _near(spec: LabelSpec, gap: float) -> list[_Batch]:
    """The positions beside what the label names, in order of preference."""
    sites = _Batch.of(spec.sites)
    if spec.inside is not None:  # in the room, else outside it on a leader
        return [sites, _inside(spec, spec.inside)]
    return [sites, _beside(spec, gap)]


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


def _beside(spec: LabelSpec, gap: float) -> _Batch:
    """Touching the anchor's box (less `gap`) on each side, slid along it a little."""
    return _Batch.of(_beside_spots(spec, gap))


def _beside_spots(spec: LabelSpec, gap: float) -> Iterator[Spot]:
    half_w, half_h = spec.width / 2, spec.height / 2
    for spot in _spots(spec.anchor):
        left, top, right, bottom = spot.bounds
        middle_x, middle_y = (left + right) / 2, (top + bottom) / 2
        for dx, dy in DIRECTIONS:
            x = middle_x if dx == 0 else (right + gap + half_w if dx > 0 else left - gap - half_w)
            y = middle_y if dy == 0 else (bottom + gap + half_h if dy > 0 else top - gap - half_h)
            for slide in (0.0, 0.5, -0.5, 1.0, -1.0):
                if dx == 0:  # above or below: slide sideways
                    yield spec.baseline_for(x + slide * half_w, y)
                elif dy == 0:  # left or right: slide up and down
                    yield spec.baseline_for(x, y + slide * half_h * 2)
                elif not slide:  # a corner: no sliding
                    yield spec.baseline_for(x, y)


def _on_leaders(spec: LabelSpec, gap: float, step: float, rings: int) -> _Batch:
    """Further off, in sixteen directions and a few rings `step` apart, tied to the anchor
    by a line."""
    left, top, right, bottom = spec.anchor.bounds
    middle_x, middle_y = (left + right) / 2, (top + bottom) / 2
    reach_x, reach_y = (right - left) / 2, (bottom - top) / 2
    centres: list[Spot] = []
    for ring in range(1, rings + 1):
        distance = gap + ring * step
        for turn in range(16):
            angle = turn * math.pi / 8 + math.pi / 2  # from straight below, round
            ux, uy = math.cos(angle), math.sin(angle)
            x = middle_x + ux * (reach_x + distance + spec.width / 2)
            y = middle_y + uy * (reach_y + distance + spec.height / 2)
            centres.append((x, y))
    at = _Batch.of(centres)
    leaders, has_leader = _leaders(spec, at.x, at.y, gap)
    baseline_y = at.y[has_leader] + spec.size * (ASCENT - DESCENT) / 2
    return _Batch(at.x[has_leader], baseline_y, leaders)


def _leaders(spec: LabelSpec, x: Floats, y: Floats, gap: float) -> tuple[Floats, Mask]:
    """From the anchor's edge to each label's box centred on (x, y), stopping short of both;
    and which boxes have one: none that stand too close to the anchor for a line."""
    half_w, half_h = spec.width / 2, spec.height / 2
    areas = shapely.box(x - half_w, y - half_h, x + half_w, y + half_h)
    ends = shapely.get_coordinates(shapely.shortest_line(spec.anchor, areas)).reshape(-1, 4)
    length = np.asarray(shapely.distance(shapely.points(ends[:, :2]), shapely.points(ends[:, 2:])))
    has_leader: Mask = length > 2 * gap
    start_x, start_y, end_x, end_y = ends[has_leader].T
    length = length[has_leader]
    ux, uy = (end_x - start_x) / length, (end_y - start_y) / length
    leaders: Floats = np.column_stack(
        (start_x + ux * gap * 0.5, start_y + uy * gap * 0.5, end_x - ux * gap, end_y - uy * gap)
    )
    return leaders, has_leader


MAX_SPOTS = 6000  # a grid this fine over a hall is more than enough


def _inside(spec: LabelSpec, region: Polygon) -> _Batch:
    """Positions across the whole region on a grid of a third of the label's height (or
    coarser, in a hall drawn large), nearest its middle first."""
    left, top, right, bottom = region.bounds
    centre = region.centroid if region.contains(region.centroid) else region.representative_point()
    step = max(spec.height / 3, math.sqrt((right - left) * (bottom - top) / MAX_SPOTS))
    across = np.arange(max(1, int((right - left - spec.width) / step) + 1))
    down = np.arange(max(1, int((bottom - top - spec.height) / step) + 1))
    # Column by column, as a pair of loops over across then down would list them.
    x = np.repeat(left + spec.width / 2 + across * step, len(down))
    y = np.tile(top + spec.height / 2 + down * step, len(across))
    # math.hypot, not numpy's: it may round differently, and the order must not change.
    distance = np.fromiter(
        map(math.hypot, (x - centre.x).tolist(), (y - centre.y).tolist()), np.float64, len(x)
    )
    nearest = np.lexsort((y, x, distance))[:MAX_SPOTS]  # by distance, then x, then y
    baseline_y = y[nearest] + spec.size * (ASCENT - DESCENT) / 2
    return _Batch(x[nearest], baseline_y, within=region)
