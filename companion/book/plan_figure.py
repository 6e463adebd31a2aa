"""A location's floor plan as the GM's book prints it: drawn again, its words placed again, at
the size it has on the book's page, not a shrunk copy of the handout's.

Words are sized in millimetres of paper, so a plan printed smaller has less floor for the
same words. The plan takes the width of the page; when some of its words would print there
as numbered callouts, it is tried on the paper turned, where a wide plan prints larger, and
the page that leaves fewer callouts is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from companion.campaign.models import FloorPlan, Location, MarkKind
from companion.kinds.base import PageSize
from companion.plans.drawing import PlanDrawing, fitted_per_unit, scale_ratio
from companion.plans.words import plan_in_words

# The book's own pages keep 18 mm of margin at the sides and head, 20 mm at the foot
# (book.css); under a plan, its caption and key take up to this much.
SIDE_MARGINS_MM = 36.0
HEAD_AND_FOOT_MM = 38.0
CAPTION_MM = 22.0


@dataclass(frozen=True)
class PlanFigure:
    viewbox: str
    width_mm: float
    height_mm: float
    elements: Markup
    title: str
    scale: str  # "1:157", as printed
    callouts: tuple[tuple[int, str, bool], ...]  # labels printed as numbers: their words
    turned: bool  # printed on a page of its own, the paper turned


@dataclass(frozen=True)
class PlanToDraw:
    """A location's plan as the book will print it, not drawn yet: all that drawing it takes.
    Placing a plan's words is the slowest thing the book's own pages ask for, so the book's
    context carries this, and each part of the book draws the plans it prints, in whichever
    process lays that part out; the book's cache key reads these inputs, not the drawing."""

    location: Location
    paper: PageSize
    mark_kinds: Mapping[str, MarkKind]

    def drawn(self) -> PlanFigure | None:
        return plan_figure(self.location, self.paper, self.mark_kinds)


def plan_figure(
    location: Location, paper: PageSize, mark_kinds: Mapping[str, MarkKind]
) -> PlanFigure | None:
    """The GM copy of the location's plan at the largest size the book's page gives it,
    upright or, when its words fit better there, on the paper turned."""
    plan = location.floor_plan
    if plan is None:
        return None
    drawing, turned = book_drawing(plan, paper, mark_kinds)
    return figure_of(location.name, plan, drawing, turned)


def figure_of(name: str, plan: FloorPlan, drawing: PlanDrawing, turned: bool) -> PlanFigure:
    """The figure that prints a drawing of the plan of the place called `name`."""
    canvas = drawing.canvas
    per_unit = drawing.mm_per_unit
    return PlanFigure(
        viewbox=canvas.viewbox,
        width_mm=round(canvas.width * per_unit, 2),
        height_mm=round(canvas.height * per_unit, 2),
        elements=drawing.elements(),
        callouts=tuple(drawing.callouts),
        scale=f"1:{scale_ratio(per_unit, plan.units)}",
        turned=turned,
        title=f"Plan of {name}, game master's copy. {plan_in_words(plan, name)}",
    )


def book_drawing(
    plan: FloorPlan, paper: PageSize, mark_kinds: Mapping[str, MarkKind]
) -> tuple[PlanDrawing, bool]:
    """The plan drawn, its words placed, for the book's page upright; or for the paper turned
    (True) when fewer of its words become callouts there. A short leader line is no reason
    to give a plan a page of its own."""
    upright = _drawn(plan, paper.width_mm, paper.height_mm, mark_kinds)
    if not _callouts(upright):
        return upright, False
    turned = _drawn(plan, paper.height_mm, paper.width_mm, mark_kinds)
    if _callouts(turned) < _callouts(upright):
        return turned, True
    return upright, False


def _drawn(
    plan: FloorPlan, width_mm: float, height_mm: float, mark_kinds: Mapping[str, MarkKind]
) -> PlanDrawing:
    per_unit = fitted_per_unit(
        plan, width_mm - SIDE_MARGINS_MM, height_mm - HEAD_AND_FOOT_MM - CAPTION_MM
    )
    return PlanDrawing(plan, per_unit, grid=False, style="architect", mark_kinds=mark_kinds)


def _callouts(drawing: PlanDrawing) -> int:
    """How many of the plan's words print as numbered callouts, not beside what they name."""
    return len(drawing.callouts)
