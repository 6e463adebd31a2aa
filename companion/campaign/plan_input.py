"""Floor plans as people write them, turned into the one form the drawing reads: doors and
windows given by wall and distance get their points, and a plan drawn from the bottom-left
corner (as architects draw) is turned to count from the top-left, as the page does.

This works on the raw data, before validation: anything malformed is left as it is, for
validation to report at its line.
"""

from __future__ import annotations

import math
from typing import Any

Raw = dict[str, Any]


def on_walls(plan: Raw) -> Raw:
    """Each door written `wall: N, at: D` gets the point D along wall N from its start; each
    window written `wall: N, at: D, length: L` gets its start and end."""
    walls = plan.get("walls")
    if not isinstance(walls, list):
        return plan
    plan = dict(plan)
    for field, place in (("doors", _door_on), ("windows", _window_on)):
        items = plan.get(field)
        if isinstance(items, list):
            plan[field] = [place(item, walls) for item in items]
    return plan


def _door_on(door: Any, walls: list[Any]) -> Any:
    wall = _wall(door, walls)
    if wall is None or not _number(door.get("at")):
        return door
    return {**door, "at": _along(wall, float(door["at"]))}


def _window_on(window: Any, walls: list[Any]) -> Any:
    wall = _wall(window, walls)
    if wall is None or "start" in window:
        return window
    if not (_number(window.get("at")) and _number(window.get("length"))):
        return window
    at, length = float(window["at"]), float(window["length"])
    return {**window, "start": _along(wall, at), "end": _along(wall, at + length)}


def _wall(item: Any, walls: list[Any]) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The wall an item names, by number (from 1) or id, if it is well formed."""
    if not isinstance(item, dict) or item.get("wall") is None:
        return None
    ref = item["wall"]
    found: Any = None
    if isinstance(ref, int) and not isinstance(ref, bool) and 1 <= ref <= len(walls):
        found = walls[ref - 1]
    elif isinstance(ref, str):
        found = next((w for w in walls if isinstance(w, dict) and w.get("id") == ref), None)
    if not isinstance(found, dict):
        return None
    start, end = _point(found.get("start")), _point(found.get("end"))
    return (start, end) if start and end else None


def _along(wall: tuple[tuple[float, float], tuple[float, float]], distance: float) -> list[float]:
    (ax, ay), (bx, by) = wall
    length = math.hypot(bx - ax, by - ay) or 1.0
    return [ax + (bx - ax) * distance / length, ay + (by - ay) * distance / length]


def flipped(plan: Raw) -> Raw:
    """The plan with y counted from the top: y becomes depth - y. Directions stay as they
    are on paper: north is up, rotations are clockwise and hinges on the same side."""
    size = plan.get("size")
    if not (isinstance(size, list | tuple) and len(size) == 2 and _number(size[1])):
        return plan
    depth = float(size[1])

    def point(value: Any) -> Any:
        p = _point(value)
        return [p[0], depth - p[1]] if p else value

    def points(value: Any) -> Any:
        return [point(v) for v in value] if isinstance(value, list) else value

    def each(field: str, change: dict[str, Any]) -> None:
        items = plan.get(field)
        if isinstance(items, list):
            plan[field] = [
                {**item, **{k: f(item[k]) for k, f in change.items() if k in item}}
                if isinstance(item, dict)
                else item
                for item in items
            ]

    plan = {**plan, "origin": "top-left"}
    each("rooms", {"outline": points, "label_at": point})
    each("walls", {"start": point, "end": point})
    each("doors", {"at": point})
    each("windows", {"start": point, "end": point})
    each("furniture", {"at": point})
    each("labels", {"at": point})
    each("marks", {"at": point, "path": points})
    return plan


def _point(value: Any) -> tuple[float, float] | None:
    if isinstance(value, list | tuple) and len(value) == 2 and all(_number(v) for v in value):
        return float(value[0]), float(value[1])
    return None


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
