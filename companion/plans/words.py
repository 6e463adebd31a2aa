"""A floor plan in words: rooms, doors and ways out, for a reader who cannot see the drawing.

The map's PDF carries it as the plan's alternative text, and the GM's notes page prints it.
The plan given is already projected for its audience, so a player's words name only what the
player's drawing shows.
"""

from __future__ import annotations

from collections.abc import Sequence

from companion.campaign.models import Door, FloorPlan, Room
from companion.campaign.plan_geometry import DOOR_TOLERANCE, area, inside, on_outline
from companion.plans.drawing import n
from companion.render.typography import ended

SQUARE_UNITS = {"m": "m²", "ft": "sq ft"}
HIDDEN = "the players do not know of it"


def plan_in_words(plan: FloorPlan, location_name: str) -> str:
    """One paragraph: what the plan is, its rooms with their areas, its doors and exits."""
    names = _room_names(plan.rooms)
    sentences = [f"Floor plan of {location_name}, {_count(len(plan.rooms), 'room')}."]
    phrases = (_room_phrase(room, name, plan) for room, name in zip(plan.rooms, names, strict=True))
    sentences.append(ended("Rooms: " + "; ".join(phrases)))
    rooms_at = [_rooms_at(door, plan.rooms) for door in plan.doors]
    doors = [
        _door_phrase(door, touching, plan.rooms, names)
        for door, touching in zip(plan.doors, rooms_at, strict=True)
    ]
    if doors:
        sentences.append(ended("Doors: " + "; ".join(doors)))
    ways_out = sorted({names[touching[0]] for touching in rooms_at if len(touching) == 1})
    if ways_out:
        sentences.append(ended("Ways out from: " + ", ".join(ways_out)))
    numbered = sorted(p.number for p in plan.furniture if p.number is not None)
    if numbered:
        sentences.append(f"Numbered tables: {_runs(numbered)}.")
    marks = [mark.label for mark in plan.marks]
    if marks:
        sentences.append(ended("Marked: " + "; ".join(marks)))
    return " ".join(sentences)


def _count(amount: int, noun: str) -> str:
    return f"{amount} {noun}" + ("" if amount == 1 else "s")


def _runs(numbers: Sequence[int]) -> str:
    """1, 2, 3, 5, 7, 8 -> '1-3, 5, 7-8': a long run of tables reads as one range."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _room_names(rooms: Sequence[Room]) -> list[str]:
    """Unnamed rooms are numbered in the order the plan lists them."""
    return [room.name or f"unnamed room {index}" for index, room in enumerate(rooms, start=1)]


def _room_phrase(room: Room, name: str, plan: FloorPlan) -> str:
    floor_area = f"{n(round(area(room.outline), 1))} {SQUARE_UNITS[plan.units]}"
    windows = sum(
        1
        for window in plan.windows
        if _on_outline(window.start, room) and _on_outline(window.end, room)
    )
    parts = [floor_area] + ([_count(windows, "window")] if windows else [])
    if room.gm:
        parts.append(HIDDEN)
    return f"{name} ({', '.join(parts)})"


def _on_outline(point: tuple[float, float], room: Room) -> bool:
    """On the room's walls, as near as a door or window must be to count as in one."""
    return on_outline(point, room.outline, DOOR_TOLERANCE)


def _rooms_at(door: Door, rooms: Sequence[Room]) -> list[int]:
    """The rooms whose outline the door sits in."""
    return [index for index, room in enumerate(rooms) if _on_outline(door.at, room)]


def _door_phrase(
    door: Door, touching: Sequence[int], rooms: Sequence[Room], names: Sequence[str]
) -> str:
    """`touching`: the rooms whose outline the door sits in."""
    if len(touching) >= 2:
        phrase = " to ".join(names[i] for i in touching)
    elif touching:
        phrase = f"{names[touching[0]]} to the outside"
    else:
        around = [names[i] for i, room in enumerate(rooms) if inside(door.at, room.outline)]
        phrase = f"inside {around[0]}" if around else "in a free-standing wall"
    notes = ([door.label] if door.label else []) + ([HIDDEN] if door.gm else [])
    return phrase + (f" ({'; '.join(notes)})" if notes else "")
