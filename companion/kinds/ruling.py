"""Ruled paper under handwriting: every line of writing stands on a rule, as a writer keeps
to the lines of a pad, whatever its size or hand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import Field, dataclass, replace
from typing import Any, ClassVar, Protocol, TypeVar

from companion.render.hands import Hand
from companion.render.layout import Measured

C = TypeVar("C", bound="Ruled")

# The rulings of a writing pad, 7.85 mm apart (5/16 in, "wide ruled").
PAD_PITCH_MM = 7.85


@dataclass(frozen=True)
class Ruling:
    """Where the rules of a sheet stand. The writing keeps to their pitch, starts on their
    grid (`pad_mm` lower than it would), and the rules lie where its letters stand
    (`offset_mm`: the first rule's distance from the sheet's top, less whole pitches)."""

    pitch_mm: float
    pad_mm: float = 0.0
    offset_mm: float = 0.0
    rule_mm: float = 0.25  # a rule's width


class Ruled(Protocol):
    """A kind's context (a dataclass) that can be written on ruled paper."""

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    @property
    def hand(self) -> Hand: ...
    @property
    def ruling(self) -> Ruling | None: ...


def on_the_rules(context: C, measure: Callable[[C], Measured], pitch_mm: float) -> C:
    """The context with its rules under its writing: laid out once at `pitch_mm` a line (see
    `ruling_under`); as it was if nothing is written in its hand."""
    laid_out = measure(replace(context, ruling=Ruling(pitch_mm)))
    ruling = ruling_under(laid_out, context.hand.families[0], pitch_mm)
    return replace(context, ruling=ruling) if ruling else context


def ruling_under(laid_out: Measured, family: str, pitch_mm: float) -> Ruling | None:
    """The rules for writing laid out at `pitch_mm` a line, every space in it a whole number
    of lines: moved down onto the grid that starts at the page's top margin (so the sheets
    after the first, which start there, are on it too), the rules under the first line's
    letters. None when no line is written in `family`."""
    first = next((line for line in laid_out.lines if line.font == family), None)
    if first is None:
        return None
    top = laid_out.area.top_mm
    pad = -(first.top_mm - top) % pitch_mm
    # The ink sits on the rule: its top edge at the letters' baseline.
    offset = (top + first.baseline_mm - first.top_mm) % pitch_mm
    return Ruling(pitch_mm, round(pad, 2), round(offset, 2))
