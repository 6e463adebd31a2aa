"""Universal VTT (`.dd2vtt`, format 0.3): a floor plan's walls, doors and windows in grid units
with the plan's picture, the file virtual tabletops' importers read (Foundry's Universal
Battlemap Importer, Owlbear Rodeo's UVTT importer, Fantasy Grounds, Arkenforge).

The fields are those Dungeondraft writes and Arkenforge documents; what each importer makes of
them was read from their code (see docs/exports.md). Coordinates are grid squares from the
picture's top-left corner, `map_origin` is (0, 0): some importers ignore it.
"""

from __future__ import annotations

import base64
import math
from typing import Any

from companion.campaign.models import Campaign, Location
from companion.errors import LocatedError, LocatedErrors
from companion.export.plan_grid import (
    DEFAULT_PIXELS_PER_GRID,
    Opening,
    PlanGrid,
    door_openings,
    plan_grid,
    walls_between,
    window_openings,
)
from companion.export.plan_image import plan_layer_png
from companion.export.request import ExportRequest, Files, json_bytes, unique_stems

UVTT_FORMAT = 0.3
UVTT_SUFFIX = ".dd2vtt"
# No light of its own: the tabletop lights the scene (Dungeondraft's "no baked lighting").
AMBIENT_LIGHT = "ffffffff"


def uvtt_document(
    campaign: Campaign, location: Location, pixels_per_grid: int = DEFAULT_PIXELS_PER_GRID
) -> dict[str, Any]:
    """The UVTT document of a location's plan, from `campaign` as the audience may see it:
    a player's view has no GM-only room, wall, door or mark to give."""
    grid = plan_grid(campaign.root, location, pixels_per_grid)
    document = uvtt_geometry(location, grid)
    document["image"] = base64.b64encode(plan_layer_png(campaign, location, grid)).decode("ascii")
    return document


def uvtt_geometry(location: Location, grid: PlanGrid) -> dict[str, Any]:
    """Everything of the document but its picture."""
    plan = location.floor_plan
    assert plan is not None
    doors, windows = door_openings(plan), window_openings(plan)
    walls = walls_between(plan, [*doors, *windows])
    return {
        "format": UVTT_FORMAT,
        "resolution": {
            "map_origin": {"x": 0, "y": 0},
            "map_size": {"x": grid.columns, "y": grid.rows},
            "pixels_per_grid": grid.pixels_per_grid,
        },
        "line_of_sight": [[_point(grid, start), _point(grid, end)] for start, end in walls],
        "objects_line_of_sight": [],
        # A door shuts out sight when closed; a window never does, and no importer opens it:
        # a portal that is not `closed` is how Dungeondraft writes a window.
        "portals": [_portal(grid, door, closed=True) for door in doors]
        + [_portal(grid, window, closed=False) for window in windows],
        "environment": {"baked_lighting": False, "ambient_light": AMBIENT_LIGHT},
        "lights": [],
    }


def _portal(grid: PlanGrid, opening: Opening, closed: bool) -> dict[str, Any]:
    (sx, sy), (ex, ey) = grid.at(opening.start), grid.at(opening.end)
    return {
        "position": _point(grid, opening.middle),
        "bounds": [{"x": sx, "y": sy}, {"x": ex, "y": ey}],
        "rotation": _rotation(ex - sx, ey - sy),
        "closed": closed,
        "freestanding": False,
    }


def _rotation(dx: float, dy: float) -> float:
    """The opening's direction in radians, clockwise from the x axis (y runs down), folded
    into (-pi/2, pi/2]: a door has no front or back here."""
    angle = math.atan2(dy, dx)
    if angle <= -math.pi / 2:
        angle += math.pi
    elif angle > math.pi / 2:
        angle -= math.pi
    return round(angle, 6) + 0.0


def _point(grid: PlanGrid, point: tuple[float, float]) -> dict[str, float]:
    x, y = grid.at(point)
    return {"x": x, "y": y}


def uvtt_files(campaign: Campaign, request: ExportRequest) -> Files:
    """A `.dd2vtt` file for each location with a floor plan, named after the place as the
    players know it (its id is the GM's). Every plan too large for a picture is reported
    before any is drawn."""
    located = [loc for loc in campaign.locations.values() if loc.floor_plan is not None]
    problems = []
    for location in located:
        try:
            plan_grid(campaign.root, location, request.pixels_per_grid)
        except LocatedError as error:
            problems += error.problems
    if problems:
        raise LocatedErrors(problems)
    names = unique_stems({loc.id: loc.name for loc in located})
    return {
        names[loc.id] + UVTT_SUFFIX: json_bytes(
            uvtt_document(campaign, loc, request.pixels_per_grid)
        )
        for loc in located
    }
