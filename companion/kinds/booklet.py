"""The inside of an ID booklet: where its photograph, the round seal across the photograph's
corner and the signature beside the seal stand, and the seal's words set round its ring."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from companion.campaign.labels import PropLabels
from companion.render.fonts import text_width
from companion.render.hands import LAST_RESORT, Hand, hand_named

# The cover's leather turned in round the inside pages, and the strip of it left bare at the
# fold between them: the inside is glued into its cover.
TURN_IN_MM = 2.5
SPINE_MM = 2.0
# Printed words keep this far inside a leaf's paper (so 6 mm from the fold).
LEAF_PADDING_MM = 4.0

SERIF = ("PT Serif Latin", "PT Serif Latin Ext", "PT Serif Cyrillic", "PT Serif Cyrillic Ext")
SEAL_FAMILIES = (*SERIF, *LAST_RESORT)
PT_PER_MM = 72 / 25.4
# The seal's words: as large as the ring holds them, and no smaller than a seal engraver cuts.
SEAL_LETTER_MM = (0.24, 1.25)  # (share of the radius at most, millimetres at least)
# The space between two letters on the ring, in ems: at least (for long words), at most (short
# words stand over the top of the ring, their ends apart at the bottom, not spread thin).
SEAL_TRACKING = (0.08, 0.5)
SEAL_SEPARATOR_EMS = 2.4  # the gap round the star where the words end and begin

SIGNATURE_HAND = "looping"  # big looping capitals: a signature, not a note
SIGNATURE_PT = (15.0, 8.0)  # (as signed, the smallest a cramped signature shrinks to)
SIGNATURE_ROOM_MM = 22.0  # beside the seal when there is this much room, else under it


@dataclass(frozen=True)
class Box:
    """A rectangle in millimetres from the top left of the open booklet's inside."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def rounded(self) -> Box:
        return Box(*(round(value, 2) for value in (self.left, self.top, self.width, self.height)))


@dataclass(frozen=True)
class RingLetter:
    """One letter of a seal's words: its top outwards, turned `angle_deg` clockwise from the
    top of the ring."""

    letter: str
    angle_deg: float


@dataclass(frozen=True)
class Seal:
    """A round ink seal; in its own drawing, millimetres from its centre."""

    box: Box  # its square on the inside
    words: tuple[RingLetter, ...]
    letter_mm: float  # 0 when its words do not fit the ring (the build refuses it)
    baseline_mm: float  # the radius the letters stand on
    separator_deg: float  # where the words end and begin: a small star
    emblem: str
    # The photograph's place, in the seal's drawing, when the photograph is gone: the part of
    # the seal that was inked on it went with it.
    lifted: Box | None

    @property
    def radius_mm(self) -> float:
        return self.box.width / 2

    @property
    def inner_mm(self) -> float:
        return round(self.radius_mm * 0.64, 2)


@dataclass(frozen=True)
class Signature:
    text: str
    box: Box  # the line it is signed on, as wide as it may run
    size_pt: float
    hand: Hand
    tilt_deg: float
    fits: bool


@dataclass(frozen=True)
class Inside:
    """The open booklet's inside: the left leaf (inside the front cover) holds the
    photograph, the seal across its lower corner and the signature; the right leaf the words."""

    photo_leaf: Box  # the left leaf's paper
    photo: Box
    seal: Seal
    signature: Signature | None
    words_leaf: Box  # the right leaf's paper, where its words stand


def leaves(leaf_width: float, leaf_height: float) -> tuple[Box, Box]:
    """The paper of the left and the right leaf, inside the turned-in cover."""
    width = leaf_width - TURN_IN_MM - SPINE_MM
    height = leaf_height - 2 * TURN_IN_MM
    left = Box(TURN_IN_MM, TURN_IN_MM, width, height)
    right = Box(leaf_width + SPINE_MM, TURN_IN_MM, width, height)
    return left, right


def inside_of(
    leaf: tuple[float, float],
    seal_words: str,
    emblem: str,
    signature: str | None,
    photo_lifted: bool,
    variation: random.Random,
) -> Inside:
    """The inside of a booklet whose leaves are `leaf` (width, height) mm: the photograph
    high on the left leaf, the seal's centre below and right of its lower right corner (so
    its ring crosses the photograph's edges there), the signature beside the seal."""
    paper, words_paper = leaves(*leaf)
    photo = _photo(paper)
    radius = min(max(photo.height * 0.36, 7.0), 0.3 * min(paper.width, paper.height))
    centre_x = photo.right + radius * variation.uniform(0.14, 0.24)
    centre_y = photo.bottom + radius * variation.uniform(0.12, 0.2)
    seal_box = Box(centre_x - radius, centre_y - radius, 2 * radius, 2 * radius).rounded()
    lifted = (
        Box(photo.left - centre_x, photo.top - centre_y, photo.width, photo.height).rounded()
        if photo_lifted
        else None
    )
    seal = ring(seal_words, seal_box, emblem, lifted, turn_deg=variation.uniform(-30, 30))
    return Inside(
        photo_leaf=paper,
        photo=photo,
        seal=seal,
        signature=_signature(signature, paper, seal_box, variation) if signature else None,
        words_leaf=words_paper,
    )


def _photo(paper: Box) -> Box:
    """A 3:4 photograph, high on the leaf and left of its middle, leaving room below it for
    the seal and beside it for the signature."""
    height = min(0.6 * paper.height, 0.5 * paper.width / 0.75)
    width = 0.75 * height
    if paper.width >= paper.height:
        left = paper.left + 0.12 * paper.width
    else:
        left = paper.left + (paper.width - width) / 2 - 0.1 * paper.width
    top = paper.top + 0.08 * paper.height
    return Box(left, top, width, height).rounded()


def ring(words: str, box: Box, emblem: str, lifted: Box | None, turn_deg: float) -> Seal:
    """The seal's words round its ring, as large as the ring holds them, spread evenly from
    a star at the bottom, clockwise; `letter_mm` is 0 when they do not fit even at the
    smallest size."""
    radius = box.width / 2
    baseline = radius * 0.73
    text = " ".join(words.upper().split())
    ems = [text_width(letter, SEAL_FAMILIES, 1.0) for letter in text]
    largest, smallest = SEAL_LETTER_MM[0] * radius, SEAL_LETTER_MM[1]
    letter_mm = min(largest, _largest_letter(ems, baseline))
    if not text:
        letter_mm = largest
    separator = 180.0 + turn_deg
    if letter_mm < smallest:
        return Seal(box, (), 0.0, round(baseline, 2), round(separator, 2), emblem, lifted)
    arc_radius = baseline + 0.35 * letter_mm  # the letters' middle: their spacing is there
    gap = SEAL_SEPARATOR_EMS * letter_mm
    used = sum(ems) * letter_mm
    ring_mm = 2 * math.pi * arc_radius
    spare = max(0.0, ring_mm - gap - used) / max(len(ems), 1)
    spare = min(spare, SEAL_TRACKING[1] * letter_mm)
    # The words centred on the top of the ring: as far from the star at its foot each way.
    letters, along = [], (ring_mm - used - spare * len(ems)) / 2
    for letter, em in zip(text, ems, strict=True):
        width = em * letter_mm + spare
        angle = separator + math.degrees((along + width / 2) / arc_radius)
        along += width
        if not letter.isspace():
            letters.append(RingLetter(letter, round(angle % 360, 2)))
    return Seal(
        box, tuple(letters), round(letter_mm, 2), round(baseline, 2), round(separator, 2), emblem,
        lifted,
    )  # fmt: skip


def _largest_letter(ems: list[float], baseline: float) -> float:
    """The largest letter size (mm) at which the words, the least spacing and the star's gap
    go once round the ring (the ring's radius grows a little with the letters; the middle
    of a letter size's range is close enough)."""
    per_mm = sum(ems) + SEAL_TRACKING[0] * len(ems) + SEAL_SEPARATOR_EMS
    return 2 * math.pi * baseline / per_mm if per_mm else math.inf


def _signature(text: str, paper: Box, seal: Box, variation: random.Random) -> Signature:
    """Beside the seal when there is room, else under it; as large as signed, smaller when
    cramped, down to the smallest size (`fits` says whether it got there)."""
    hand = hand_named(SIGNATURE_HAND)
    right = paper.right - LEAF_PADDING_MM
    if right - seal.right - 2.5 >= SIGNATURE_ROOM_MM:
        left, top = seal.right + 2.5, seal.top + seal.height * 0.45
    else:
        left, top = paper.left + LEAF_PADDING_MM, seal.bottom + 0.5
    room = right - left
    size, smallest = SIGNATURE_PT
    written = text_width(text, hand.families, size) / PT_PER_MM
    if written > room:
        size = max(smallest, round(size * room / written - 0.05, 1))
    fits = text_width(text, hand.families, size) / PT_PER_MM <= room
    box = Box(left, top, room, size / PT_PER_MM * 1.3).rounded()
    return Signature(text, box, size, hand, round(variation.uniform(-5, -1), 1), fits)


def generic_seal(labels: PropLabels) -> str:
    """A seal's words when the card names no issuing body: `official-seal` in the card's
    language, or none (a ring without words, never a word in another language)."""
    return labels.word("official-seal") if labels.has("official-seal") else ""


def seal_words(own: str | None, heading: str | None, generic: str) -> tuple[str, tuple[str, ...]]:
    """The words round a seal: its own, else the cover's heading (the issuing body's name),
    else `generic`, the label `official-seal` in the card's language (or none); and where they
    come from, for a message about them."""
    if own:
        return own, ("back", "seal")
    if heading:
        return heading, ("front", "heading")
    return generic, ("back", "seal")
