"""Plane geometry for floor plans: footprints, containment, overlap, walls."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

from companion.campaign.models.base import Check
from companion.campaign.models.location import Location
from companion.campaign.models.plan import FloorPlan, Furniture, Point

TOLERANCE = 0.05  # plan units: a line drawn on the wall counts as on it
DOOR_TOLERANCE = 0.3
# Things stand on a stage or a desk and hang on walls: these never count as overlapping.
MAY_OVERLAP = {"stage", "mirror", "telephone", "typewriter"}

Polygon = list[tuple[float, float]]
Segment = tuple[tuple[float, float], tuple[float, float]]


def footprint(piece: Furniture, units: str) -> Polygon:
    """The outline a piece covers: a rotated rectangle, or a 16-sided circle for round tables."""
    width, depth = piece.footprint(units)
    cx, cy = piece.at
    if piece.kind == "round-table":
        radius = width / 2
        return [
            (cx + radius * math.cos(a), cy + radius * math.sin(a))
            for a in (2 * math.pi * k / 16 for k in range(16))
        ]
    angle = math.radians(piece.rotation)
    cos, sin = math.cos(angle), math.sin(angle)
    corners = [(-width / 2, -depth / 2), (width / 2, -depth / 2), (width / 2, depth / 2)]
    corners.append((-width / 2, depth / 2))
    return [(cx + x * cos - y * sin, cy + x * sin + y * cos) for x, y in corners]


def edges(polygon: Sequence[tuple[float, float]]) -> list[Segment]:
    return [(polygon[i], polygon[(i + 1) % len(polygon)]) for i in range(len(polygon))]


def distance_to_segment(point: tuple[float, float], segment: Segment) -> float:
    (ax, ay), (bx, by) = segment
    px, py = point
    dx, dy = bx - ax, by - ay
    length_squared = dx * dx + dy * dy
    t = 0.0 if length_squared == 0 else ((px - ax) * dx + (py - ay) * dy) / length_squared
    t = max(0.0, min(1.0, t))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def on_outline(
    point: tuple[float, float],
    polygon: Sequence[tuple[float, float]],
    tolerance: float = TOLERANCE,
) -> bool:
    return any(distance_to_segment(point, e) <= tolerance for e in edges(polygon))


def area(polygon: Sequence[tuple[float, float]]) -> float:
    """The shoelace formula; the corners may run either way round."""
    return abs(sum(ax * by - bx * ay for (ax, ay), (bx, by) in edges(polygon))) / 2


def inside(point: tuple[float, float], polygon: Sequence[tuple[float, float]]) -> bool:
    """Ray casting; a point on the outline counts as inside."""
    if on_outline(point, polygon):
        return True
    x, y = point
    crossings = 0
    for (ax, ay), (bx, by) in edges(polygon):
        if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
            crossings += 1
    return crossings % 2 == 1


def overlap(first: Polygon, second: Polygon) -> bool:
    """Separating-axis test for convex outlines; touching edges do not count."""
    if _boxes_apart(first, second):  # most pairs in a room: no axis needs trying
        return False
    for polygon in (first, second):
        for (ax, ay), (bx, by) in edges(polygon):
            axis = (ay - by, bx - ax)
            a = [p[0] * axis[0] + p[1] * axis[1] for p in first]
            b = [p[0] * axis[0] + p[1] * axis[1] for p in second]
            scale = math.hypot(*axis) or 1.0
            if min(max(a), max(b)) - max(min(a), min(b)) <= TOLERANCE * scale:
                return False
    return True


def _boxes_apart(first: Polygon, second: Polygon) -> bool:
    """Whether the outlines' bounding boxes have a gap between them (outlines that touch
    or overlap, within any tolerance, are left to the separating-axis test)."""
    for axis in (0, 1):
        low_first, high_first = min(p[axis] for p in first), max(p[axis] for p in first)
        low_second, high_second = min(p[axis] for p in second), max(p[axis] for p in second)
        if high_first < low_second or high_second < low_first:
            return True
    return False


def wall_segments(plan: FloorPlan) -> list[Segment]:
    segments = [e for room in plan.rooms for e in edges(room.outline)]
    return segments + [(wall.start, wall.end) for wall in plan.walls]


def nearest_wall(point: tuple[float, float], plan: FloorPlan) -> tuple[Segment, float]:
    return min(
        ((s, distance_to_segment(point, s)) for s in wall_segments(plan)), key=lambda x: x[1]
    )


def _name(piece: Furniture) -> str:
    number = f" {piece.number}" if piece.number is not None else ""
    return f"{piece.kind}{number}" + (f" ({piece.label})" if piece.label else "")


def _fmt(point: Point) -> str:
    return f"[{point[0]:g}, {point[1]:g}]"


def floor_plan_problems(plan: FloorPlan) -> Iterator[Check]:
    """Everything that would print wrong: pieces outside walls or on top of each other, doors
    and windows off the walls, points outside the drawing area."""
    yield from _outside_drawing_area(plan)
    yield from _furniture_outside_rooms(plan)
    yield from _furniture_overlaps(plan)
    yield from _openings_off_walls(plan)


def _outside_drawing_area(plan: FloorPlan) -> Iterator[Check]:
    width, depth = plan.size
    for r, room in enumerate(plan.rooms):
        for c, (x, y) in enumerate(room.outline):
            if not (-TOLERANCE <= x <= width + TOLERANCE and -TOLERANCE <= y <= depth + TOLERANCE):
                yield (
                    ("rooms", r, "outline", c),
                    f"corner {_fmt((x, y))} lies outside the drawing area",
                    f"`size` is {_fmt(plan.size)}; make it larger or move the corner",
                )


def _furniture_outside_rooms(plan: FloorPlan) -> Iterator[Check]:
    outlines = [room.outline for room in plan.rooms]
    for index, piece in enumerate(plan.furniture):
        corners = footprint(piece, plan.units)
        if not any(all(inside(c, outline) for c in corners) for outline in outlines):
            yield (
                ("furniture", index, "at"),
                f"{_name(piece)} at {_fmt(piece.at)} stands outside the walls",
                "move it, make it smaller, or check the room outlines",
            )


def _furniture_overlaps(plan: FloorPlan) -> Iterator[Check]:
    shapes = [
        (i, p, footprint(p, plan.units))
        for i, p in enumerate(plan.furniture)
        if p.kind not in MAY_OVERLAP
    ]
    for position, (index, piece, shape) in enumerate(shapes):
        for other_index, other, other_shape in shapes[:position]:
            if overlap(shape, other_shape):
                yield (
                    ("furniture", index, "at"),
                    f"{_name(piece)} overlaps {_name(other)} (furniture item {other_index + 1})",
                    "move one of them apart",
                )
                break


def _openings_off_walls(plan: FloorPlan) -> Iterator[Check]:
    for index, door in enumerate(plan.doors):
        segment, distance = nearest_wall(door.at, plan)
        if distance > DOOR_TOLERANCE:
            yield (
                ("doors", index, "at"),
                f"the door at {_fmt(door.at)} is not on a wall",
                f"the nearest wall runs {_fmt(segment[0])} to {_fmt(segment[1])}, "
                f"{distance:.1f} {plan.units} away",
            )
    segments = wall_segments(plan)
    for index, window in enumerate(plan.windows):
        on_one_wall = any(
            distance_to_segment(window.start, s) <= DOOR_TOLERANCE
            and distance_to_segment(window.end, s) <= DOOR_TOLERANCE
            for s in segments
        )
        if not on_one_wall:
            yield (
                ("windows", index, "start"),
                f"the window {_fmt(window.start)} to {_fmt(window.end)} is not along one wall",
                "both ends must lie on the same wall",
            )


def location_problems(location: Location) -> Iterator[Check]:
    """A location's floor plan checked as drawn (tables inside rooms, doors on walls...)."""
    if location.floor_plan is not None:
        for loc, message, hint in floor_plan_problems(location.floor_plan):
            yield ("floor_plan", *loc), message, hint
