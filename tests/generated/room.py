"""The room a generated prop has for its words: how many words each prop of a bounded size
holds, as measured, and a prop's texts cut to it, so that every prop of a covering campaign
prints whole (and one overflows on purpose: see `OVERFLOWING`).

Measured by laying props out with the build's own fitting (`Pipeline.context`) and searching
for the most generated words (all three scripts, in lines of four) that fit: the product
knows a prop's room only by laying it out. The generator keeps to a share of that, since a
face of many short parts takes a row for each. Props not named here hold whatever the
generator draws: a poster took 1,500 words on A4, a matchbox the most its `text:` allows
(1,000 characters) in every hand, a single note goes on over more sheets, and so does every
other kind with pages.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from companion.campaign.models import CardHandout, NoteHandout
from companion.campaign.models.kinds import BOOKLET_STYLES

# The share of the measured room the generator fills at most.
SHARE = 0.6

# Notes on a sheet, in the hand that writes largest (copperplate), signed: words by size.
NOTE_ON_SHEET = {"a7": 84, "a6": 82, "a5": 99}
# A note on the back of the campaign's table card (a reservation card, 85 x 55 mm).
NOTE_ON_CARD = 23
# One face of a card, by style and size (width, height in mm), the fewer of a front and of a
# back with a photograph (and a booklet's seal and signature). An open booklet of 148 mm is
# wider than the paper: not a size a booklet is given.
CARD_FACE: dict[str, dict[tuple[int, int], int]] = {
    "business": {(85, 55): 71, (54, 86): 123, (100, 70): 95, (148, 105): 155},
    "soviet-id": {(85, 55): 59, (54, 86): 95, (100, 70): 75},
    "booklet": {(85, 55): 59, (54, 86): 95, (100, 70): 75},
    "reservation": {(85, 55): 39, (54, 86): 39, (100, 70): 55, (148, 105): 87},
}
assert set(BOOKLET_STYLES) <= set(CARD_FACE)

# A face's parts that are not its text rows: a photograph's person, an emblem, and a
# booklet's seal and signature, which have rooms of their own (round the seal, beside it).
NOT_ROWS = frozenset({"photo", "emblem", "seal", "signature"})

# The one handout of a covering set made too long on purpose: a note on a sheet of A7 notes
# with three times the words an A7 note holds. Its build is refused at its text, located,
# and every other handout still builds.
OVERFLOWING = "overflowing-note"
OVERFLOW_REFUSED = "the text does not fit on its A7 note"


def card_sizes(style: str) -> list[tuple[int, int]]:
    """The sizes a card of this style is given (every size measured for it)."""
    return list(CARD_FACE[style])


def overflowing_words() -> int:
    return 3 * NOTE_ON_SHEET["a7"]


def keep_to_room(model: type[BaseModel], data: dict[str, Any]) -> None:
    """Cut the texts of a generated prop to its room, in place: its longest texts, to the
    same length, so that short ones stay as drawn."""
    if model is CardHandout:
        sizes = CARD_FACE[data["style"]]
        for side in ("front", "back"):
            if isinstance(data.get(side), dict):
                cut_to(texts_in(data[side]), round(SHARE * sizes[tuple(data["size"])]))
    elif model is NoteHandout:
        room = note_room(data)
        if room is not None:
            written = [(data, name) for name in ("text", "signature") if name in data]
            after = [a for a in data.get("additions", []) if a["where"] == "after-line"]
            cut_to(written + [(addition, "text") for addition in after], round(SHARE * room))


def note_room(data: dict[str, Any]) -> int | None:
    """The words a note holds: on a card, on a sheet of notes; None for a single note."""
    if data.get("written_on"):
        return NOTE_ON_CARD
    fields = NoteHandout.model_fields
    if data.get("layout", fields["layout"].default) != "sheet":
        return None
    return NOTE_ON_SHEET[data.get("size", fields["size"].default)]


Slot = tuple[Any, Any]  # a mapping or list, and the key or index of a text in it


def texts_in(part: dict[str, Any] | list[Any]) -> list[Slot]:
    """Where a face's texts are, at any depth: its rows."""
    slots: list[Slot] = []
    items = part.items() if isinstance(part, dict) else enumerate(part)
    for key, value in items:
        if key in NOT_ROWS:
            continue
        if isinstance(value, str):
            slots.append((part, key))
        elif isinstance(value, dict | list):
            slots += texts_in(value)
    return slots


def cut_to(slots: list[Slot], room: int) -> None:
    """Each text at most as many words as lets them all together keep within `room`
    (one word at least each)."""
    lengths = [len(str(part[key]).split()) for part, key in slots]
    if sum(lengths) <= room:
        return
    most = max(
        [1] + [cap for cap in range(1, max(lengths)) if sum(min(n, cap) for n in lengths) <= room]
    )
    for (part, key), length in zip(slots, lengths, strict=True):
        if length > most:
            part[key] = " ".join(str(part[key]).split()[:most])
