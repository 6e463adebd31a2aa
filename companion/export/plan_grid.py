"""A floor plan on a virtual tabletop's square grid: the cell, the picture's size in cells and
pixels, and the plan's walls cut where its doors and windows open."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from companion.campaign.files import entity_file
from companion.campaign.marked_yaml import problem_in_file
from companion.campaign.models import FloorPlan, Location
from companion.campaign.plan_geometry import TOLERANCE, Segment, nearest_wall, wall_segments
from companion.errors import LocatedError

# A cell of a tabletop's grid when the plan has no `grid:` of its own: a metre, or five feet
# (the battle map's square).
DEFAULT_CELL = {"m": 1.0, "ft": 5.0}
# Clear floor round the plan, in whole cells: walls on the plan's edge keep their thickness
# inside the picture, and every importer (those that ignore `map_origin` too) puts the plan
# in the same place.
MARGIN_CELLS = 1
DEFAULT_PIXELS_PER_GRID = 100
# The longest side a tabletop can show as one picture: 16384 pixels is the largest texture
# common graphics cards take (Foundry warns above it; many laptops stop at 8192).
MAX_IMAGE_SIDE = 16384
DECIMALS = 6  # grid coordinates: exact to a micrometre on a metre grid, the same bytes each run

Point = tuple[float, float]


@dataclass(frozen=True)
class PlanGrid:
    """The picture of a plan laid on its grid: `cell` plan units a square, `columns` by
    `rows` squares (the plan and its margin), `pixels_per_grid` pixels a square."""

    cell: float
    columns: int
    rows: int
    pixels_per_grid: int
    margin: int = MARGIN_CELLS

    @property
    def width_px(self) -> int:
        return self.columns * self.pixels_per_grid

    @property
    def height_px(self) -> int:
        return self.rows * self.pixels_per_grid

    def at(self, point: Point) -> Point:
        """A plan point in grid units, counted from the picture's top-left corner."""
        x, y = point
        return (
            round(x / self.cell + self.margin, DECIMALS) + 0.0,
            round(y / self.cell + self.margin, DECIMALS) + 0.0,
        )

    def viewbox(self) -> tuple[float, float, float, float]:
        """The picture's area in plan units: left, top, width, height."""
        return (
            -self.margin * self.cell,
            -self.margin * self.cell,
            self.columns * self.cell,
            self.rows * self.cell,
        )


def plan_grid(
    root: Path, location: Location, pixels_per_grid: int = DEFAULT_PIXELS_PER_GRID
) -> PlanGrid:
    """The grid of a location's plan; a plan whose picture no tabletop could show is refused,
    at the plan's `size` in the location's file."""
    plan = location.floor_plan
    assert plan is not None
    cell = plan.grid or DEFAULT_CELL[plan.units]
    width, depth = plan.size
    columns = math.ceil(width / cell - 1e-9) + 2 * MARGIN_CELLS
    rows = math.ceil(depth / cell - 1e-9) + 2 * MARGIN_CELLS
    grid = PlanGrid(cell, columns, rows, pixels_per_grid)
    longest = max(grid.width_px, grid.height_px)
    if longest > MAX_IMAGE_SIDE:
        fitting = MAX_IMAGE_SIDE // max(columns, rows)
        hint = (
            f"export with `--pixels-per-grid {fitting}` or less"
            if fitting >= 1
            else f"give the plan a larger `grid:` (now {cell:g} {plan.units} a square)"
        )
        path = entity_file(root, "locations", location.id)
        raise LocatedError(
            problem_in_file(
                path,
                ("floor_plan", "size"),
                f"the plan of `{location.id}` is {columns} x {rows} squares: at "
                f"{pixels_per_grid} pixels a square its picture would be {longest} pixels "
                f"long, and a virtual tabletop shows at most {MAX_IMAGE_SIDE}",
                hint,
                "export",
            )
        )
    return grid


@dataclass(frozen=True)
class Opening:
    """A door or window as the tabletop sees it: the gap it leaves in its wall, in plan units."""

    start: Point
    end: Point

    @property
    def middle(self) -> Point:
        return (self.start[0] + self.end[0]) / 2, (self.start[1] + self.end[1]) / 2


def door_openings(plan: FloorPlan) -> list[Opening]:
    """Each door's opening: its width along the wall it stands in, centred on the door's
    place on that wall (a door a little off its wall's line is put on it, as it is drawn)."""
    openings = []
    for door in plan.doors:
        (ax, ay), (bx, by) = nearest_wall(door.at, plan)[0]
        length = math.hypot(bx - ax, by - ay) or 1.0
        ux, uy = (bx - ax) / length, (by - ay) / length
        along = (door.at[0] - ax) * ux + (door.at[1] - ay) * uy
        cx, cy = ax + ux * along, ay + uy * along
        half = door.width / 2
        openings.append(Opening((cx - ux * half, cy - uy * half), (cx + ux * half, cy + uy * half)))
    return openings


def window_openings(plan: FloorPlan) -> list[Opening]:
    return [Opening(window.start, window.end) for window in plan.windows]


def walls_between(plan: FloorPlan, openings: Sequence[Opening]) -> list[Segment]:
    """The plan's walls (every room's outline and the walls between), each once, with a gap
    wherever an opening stands in it: a tabletop's wall would shut the door it crosses."""
    pieces: list[Segment] = []
    seen: set[tuple[Point, Point]] = set()
    for segment in wall_segments(plan):
        start, end = segment
        key = (start, end) if start <= end else (end, start)
        if key in seen or start == end:
            continue
        seen.add(key)
        pieces += _cut(segment, openings)
    return pieces


def _cut(segment: Segment, openings: Sequence[Opening]) -> list[Segment]:
    """`segment` less the stretches that openings on its line cover."""
    (ax, ay), (bx, by) = segment
    length = math.hypot(bx - ax, by - ay)
    ux, uy = (bx - ax) / length, (by - ay) / length
    gaps = []
    for opening in openings:
        ends = (opening.start, opening.end)
        if all(abs((px - ax) * uy - (py - ay) * ux) <= TOLERANCE for px, py in ends):
            along = sorted((px - ax) * ux + (py - ay) * uy for px, py in ends)
            low, high = max(along[0], 0.0), min(along[1], length)
            if high - low > TOLERANCE:
                gaps.append((low, high))
    kept, position = [], 0.0
    for low, high in sorted(gaps):
        if low - position > TOLERANCE:
            kept.append((position, low))
        position = max(position, high)
    if length - position > TOLERANCE:
        kept.append((position, length))
    return [((ax + ux * s, ay + uy * s), (ax + ux * e, ay + uy * e)) for s, e in kept]
