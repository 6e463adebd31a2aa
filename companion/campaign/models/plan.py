"""Floor plans as written in a location's file: rooms, walls, openings, furniture, GM marks."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    StringConstraints,
    model_validator,
)

from companion.campaign.models.base import Slug, Strict
from companion.campaign.plan_input import flipped, on_walls

# --- floor plans ------------------------------------------------------------------------------

# Bounds a real building keeps (in metres or feet): they keep absurd numbers from a stranger's
# folder out of the geometry, and each is reported at its line.
MAX_EXTENT = 100_000
MAX_POINTS = 2_000
Coordinate = Annotated[float, Field(ge=-MAX_EXTENT, le=MAX_EXTENT)]
Length = Annotated[float, Field(gt=0, le=MAX_EXTENT)]
Point = tuple[Coordinate, Coordinate]
Extent = tuple[Length, Length]
SCALE_PATTERN = r"^(1:[1-9][0-9]{0,4}|1in=[1-9][0-9]{0,2}(\.[0-9]+)?ft)$"
Scale = Annotated[
    str,
    StringConstraints(pattern=SCALE_PATTERN),
    Field(description="`1:50` (paper : real), or `1in=5ft` (battle-map style)."),
]
FurnitureKind = Literal[
    "round-table", "table", "booth", "bar", "piano", "kitchen-pass", "cloakroom", "stairs",
    "plant", "sofa", "desk", "chair", "counter", "stove", "shelf", "safe", "stage", "lectern",
    "mirror", "toilet", "sink", "cabinet", "bed", "pillar", "telephone", "typewriter",
    "fireplace", "hearth", "spiral-stairs", "bathtub", "wardrobe", "armchair", "bookcase",
]  # fmt: skip
FURNITURE_SIZES: dict[str, Point] = {
    "round-table": (1.0, 1.0), "table": (1.2, 0.8), "booth": (1.8, 1.2), "bar": (4.0, 0.7),
    "piano": (1.5, 1.9), "kitchen-pass": (2.0, 0.5), "cloakroom": (2.5, 0.6), "stairs": (1.2, 3.0),
    "plant": (0.5, 0.5), "sofa": (2.0, 0.9), "desk": (1.5, 0.75), "chair": (0.5, 0.5),
    "counter": (2.0, 0.6), "stove": (1.2, 0.8), "shelf": (1.8, 0.4), "safe": (0.6, 0.6),
    "stage": (4.0, 2.5), "lectern": (0.7, 0.5), "mirror": (2.0, 0.1), "toilet": (0.4, 0.7),
    "sink": (0.6, 0.5), "cabinet": (1.0, 0.5), "bed": (1.4, 2.0), "pillar": (0.5, 0.5),
    "telephone": (0.25, 0.2), "typewriter": (0.45, 0.4),
    "fireplace": (1.6, 0.6), "hearth": (2.0, 1.6), "spiral-stairs": (1.6, 1.6),
    "bathtub": (1.7, 0.75), "wardrobe": (1.2, 0.6), "armchair": (0.8, 0.8),
    "bookcase": (1.8, 0.35),
}  # fmt: skip


class Room(Strict):
    """A room: its outline is a polygon of corner points; walls are drawn along it."""

    name: str | None = None
    outline: list[Point] = Field(
        min_length=3, max_length=MAX_POINTS, description="Corners, e.g. [[0, 0], [8, 0], ...]"
    )
    label_at: Point | None = Field(None, description="Where to write the name (default: middle).")
    floor: Literal["plain", "parquet", "tiles", "carpet", "stone"] = "plain"
    gm: bool = Field(False, description="A room the players do not know about.")


class Wall(Strict):
    """An extra wall inside or between rooms."""

    id: Slug | None = Field(None, description="A name doors and windows can use: `wall: bar`.")
    start: Point
    end: Point
    gm: bool = False


WallRef = int | Slug
WALLS_NAMED = "walls are numbered from 1 in the order of `walls:`, or named by their `id`"


def _points_for_walls(walls: Any) -> bool:
    """Walls written as a path of points, as drawing tools keep them: `[[0, 0], [5, 0]]`."""
    return (
        isinstance(walls, list)
        and bool(walls)
        and all(
            isinstance(item, list) and len(item) == 2 and all(_number(c) for c in item)
            for item in walls
        )
    )


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _placed_on_wall(value: Any, what: str) -> Any:
    """A door or window written as `wall: N, at: DISTANCE` whose wall the plan does not have
    (the plan puts every one it can on its wall before this runs)."""
    if isinstance(value, dict) and value.get("wall") is not None:
        at = value.get("at")
        if isinstance(at, int | float) and not isinstance(at, bool):
            raise ValueError(
                f"the plan has no wall `{value['wall']}` for this {what} ({WALLS_NAMED})"
            )
    return value


class Door(Strict):
    """A door in a wall: `at` is the middle of the opening, or, with `wall`, its distance
    along that wall from the wall's start."""

    at: Point
    wall: WallRef | None = Field(None, description="The wall it is in: its number or `id`.")
    width: float = Field(0.9, gt=0, le=5)
    swing: Literal["left", "right", "double", "sliding", "none"] = Field(
        "left", description="Hinge side, seen from the side the door opens towards."
    )
    opens: Literal["north", "south", "east", "west"] = Field(
        "north", description="The side the leaf swings into (north is up on the plan)."
    )
    label: str | None = None
    gm: bool = Field(False, description="A door the players do not know about.")

    @model_validator(mode="before")
    @classmethod
    def _on_a_known_wall(cls, value: Any) -> Any:
        if isinstance(value, dict) and value.get("swing") in ("in", "out", "inward", "outward"):
            raise ValueError(
                f"`swing: {value['swing']}` reads as which way the door opens, and that is "
                "`opens:` (north, south, east or west: the side the leaf swings into); `swing:` "
                "is its hinge side: left, right, double, sliding or none"
            )
        return _placed_on_wall(value, "door")


class Window(Strict):
    """A window from `start` to `end`, or `wall`, `at` (from the wall's start) and `length`."""

    start: Point
    end: Point
    wall: WallRef | None = None
    at: float | None = Field(None, ge=0, description="With `wall`: where the window starts.")
    length: float | None = Field(None, gt=0, description="With `wall`: how long it is.")

    @model_validator(mode="before")
    @classmethod
    def _on_a_known_wall(cls, value: Any) -> Any:
        if isinstance(value, dict) and value.get("wall") is not None and "start" not in value:
            raise ValueError(
                f"the plan has no wall `{value['wall']}` for this window ({WALLS_NAMED}), "
                "or `at` and `length` are missing"
            )
        return value


class Furniture(Strict):
    """A piece of furniture, centred on `at`."""

    kind: FurnitureKind
    at: Point
    size: Extent | None = Field(None, description="Width and depth; round tables: diameter.")
    rotation: float = Field(0, description="Degrees clockwise.")
    seats: int = Field(0, ge=0, le=24)
    number: int | None = Field(None, ge=0, description="Table number, printed on the plan.")
    label: str | None = None
    gm: bool = False

    def footprint(self, units: str) -> Point:
        """Width and depth in the plan's units; default sizes are given in metres."""
        if self.size is not None:
            return self.size
        width, depth = FURNITURE_SIZES[self.kind]
        factor = 1.0 if units == "m" else 1 / 0.3048
        return width * factor, depth * factor


class Label(Strict):
    text: str
    at: Point
    gm: bool = False


class Mark(Strict):
    """Something only the GM should see on the plan: a person, a bug, a ghost, a route."""

    id: Slug | None = Field(None, description="A name a clue's `where` can point at.")
    kind: Slug = Field(
        description="One of the campaign's mark kinds (`marks:` in campaign.yaml): for spies "
        "`person`, `microphone`, `camera`, `exit`, `route`, `sightline`, `note`."
    )
    label: str
    at: Point | None = Field(None, description="Where it is; for a route, where its label goes.")
    path: list[Point] = Field(
        default_factory=list, max_length=MAX_POINTS, description="For routes and sightlines."
    )
    gm: bool = Field(True, description="Marks are GM-only unless you say `gm: false`.")


class FloorPlan(Strict):
    """A floor plan drawn to scale; coordinates in `units` from the top-left corner (or from
    the bottom-left, as architects draw, with `origin: bottom-left`)."""

    origin: Literal["top-left", "bottom-left"] = Field(
        "top-left", description="Where x and y count from; y grows away from it."
    )
    units: Literal["m", "ft"] = "m"
    size: Extent = Field(description="Width and depth of the drawing area, in units.")
    scale: Scale = "1:50"
    grid: float | None = Field(
        None, gt=0, le=MAX_EXTENT, description="Square grid spacing, in units."
    )
    north: float = Field(0, description="Direction of north, degrees clockwise from up.")
    rooms: list[Room] = Field(min_length=1, max_length=MAX_POINTS)
    walls: list[Wall] = Field(default_factory=list)
    doors: list[Door] = Field(default_factory=list)
    windows: list[Window] = Field(default_factory=list)
    furniture: list[Furniture] = Field(default_factory=list)
    labels: list[Label] = Field(default_factory=list)
    marks: list[Mark] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _placed(cls, value: Any) -> Any:
        """Doors and windows given by wall and distance get their points, then a plan drawn
        from the bottom-left is turned the way the page runs."""
        if not isinstance(value, dict):
            return value
        if _points_for_walls(value.get("walls")):
            raise ValueError(
                "`walls:` lists walls, each `- {start: [x, y], end: [x, y]}`, not points; a "
                "room's own walls come from its `outline:`, so list here only the walls "
                "inside or between rooms"
            )
        value = on_walls(value)
        return flipped(value) if value.get("origin") == "bottom-left" else value
