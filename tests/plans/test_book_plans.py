"""The plans in the GM's book, drawn again at the size the book prints them: their words at
their own size on paper, in the room of what they name, clear of everything drawn, on short
leaders that cross nothing; measured from each plan's SVG as the book prints it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from shapely import box
from shapely.geometry import Point, Polygon

from companion.book.plan_figure import PlanFigure, book_drawing, figure_of
from companion.campaign.loading import load_campaign
from companion.campaign.models import FloorPlan, Furniture, Label, Mark, Room
from companion.kinds.base import PageSize
from companion.plans.drawing import LONGEST_LEADER_MM, ROOM_NAME_LEAST, TEXT_MM, PlanDrawing
from tests.conftest import HOLLOW_LIGHT, OZOLA, SAINT
from tests.plan_overlaps import collisions, leader_crossings

CAMPAIGNS = {"ozola": OZOLA, "saint": SAINT, "hollow-light": HOLLOW_LIGHT}
PLANS = [
    f"{name}-{location_id}"
    for name, root in CAMPAIGNS.items()
    for location_id, location in load_campaign(root).locations.items()
    if location.floor_plan is not None
]
TEXT = re.compile(r'<text class="([^"]+)"[^>]* font-size="([\d.]+)px"')


@dataclass(frozen=True)
class BookPlan:
    """A plan as the book prints it: the figure, and the drawing it was made from."""

    plan: FloorPlan
    figure: PlanFigure
    drawing: PlanDrawing

    @property
    def canvas(self) -> tuple[float, float, float, float]:
        x, y, width, height = (float(v) for v in self.figure.viewbox.split())
        return x, y, x + width, y + height

    @property
    def mm_per_unit(self) -> float:
        """Millimetres of paper per plan unit, as the book prints the plan: the SVG's width
        on the page over its view box's."""
        return self.figure.width_mm / float(self.figure.viewbox.split()[2])


@pytest.fixture(scope="module")
def book_plans() -> dict[str, BookPlan]:
    """Each plan as the book prints it, drawn once for the module."""
    plans = {}
    for name, root in CAMPAIGNS.items():
        campaign = load_campaign(root)
        paper = PageSize.named(campaign.info.paper)
        words = campaign.info.words().marks
        for location_id, location in campaign.locations.items():
            plan = location.floor_plan
            if plan is None:
                continue
            drawing, turned = book_drawing(plan, paper, words)
            figure = figure_of(location.name, plan, drawing, turned)
            plans[f"{name}-{location_id}"] = BookPlan(plan, figure, drawing)
    return plans


@pytest.mark.parametrize("key", PLANS)
def test_the_books_plan_collides_with_nothing(book_plans: dict[str, BookPlan], key: str) -> None:
    printed = book_plans[key]
    elements = str(printed.figure.elements)
    found = collisions(elements, "architect", printed.canvas, [])
    found += leader_crossings(elements, "architect", 1.0 / printed.mm_per_unit)
    assert not found, "\n".join(str(c) for c in found)


@pytest.mark.parametrize("key", PLANS)
def test_the_books_plan_is_lettered_for_its_own_size(
    book_plans: dict[str, BookPlan], key: str
) -> None:
    """Its words print at their size in millimetres (a room's name no smaller than its
    least), which a shrunk copy of a larger plan's words would not."""
    printed = book_plans[key]
    texts = TEXT.findall(str(printed.figure.elements))
    assert texts
    for css, size in texts:
        on_paper = float(size) * printed.mm_per_unit
        wanted = TEXT_MM[css.split()[0]] * (1.35 if css.startswith("mark-label") else 1.0)
        least = wanted * ROOM_NAME_LEAST if css.startswith("room-name") else wanted
        assert least - 0.01 <= on_paper <= wanted + 0.01, (css, on_paper)


def _home(plan: FloorPlan, source: object) -> list[Polygon] | None:
    """Where words about `source` belong, read from the plan itself: a room's name in the
    room; a piece's, a mark's or a label's in the room that holds its point (none: outside).
    None for what spans rooms (doors, routes, sightlines) and for a label the GM wrote by a
    wall, which may stand on either side of it."""
    if isinstance(source, Room):
        return [Polygon(source.outline)]
    point = None
    if isinstance(source, Furniture | Label) or (
        isinstance(source, Mark) and not source.path and source.at is not None
    ):
        point = Point(source.at)
    if point is None:
        return None
    rooms = [Polygon(room.outline) for room in plan.rooms]
    if isinstance(source, Label) and any(room.exterior.distance(point) < 0.5 for room in rooms):
        return None
    return [room for room in rooms if room.contains(point)]


@pytest.mark.parametrize("key", PLANS)
def test_the_books_labels_stay_in_their_rooms_on_short_leaders(
    book_plans: dict[str, BookPlan], key: str
) -> None:
    printed = book_plans[key]
    plan, scale = printed.plan, printed.drawing.mm_per_unit
    assert str(printed.drawing.elements()) == str(printed.figure.elements)  # what is printed
    buildings = [Polygon(room.outline) for room in plan.rooms]
    for label in printed.drawing.placed:
        if label.leader is not None:
            (x1, y1), (x2, y2) = label.leader
            length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5 * scale
            assert length <= LONGEST_LEADER_MM + 0.01, (label.spec.text, length)
        home = _home(plan, label.spec.source)
        if label.callout is not None or home is None:
            continue
        words = box(*label.box)
        if home:
            assert any(room.contains(words) for room in home), label.spec.text
        else:
            assert not any(room.intersects(words) for room in buildings), label.spec.text


def test_the_restaurants_words_are_where_the_issue_found_them_wrong(
    book_plans: dict[str, BookPlan],
) -> None:
    """ "Band" was written in the pantry behind the bandstand's wall, "Up to the gallery" by
    table 9 in the hall, the names of the private room and the cloakroom outside them."""
    printed = book_plans["ozola-restaurant"]
    rooms = {room.name: Polygon(room.outline) for room in printed.plan.rooms}
    placed = printed.drawing.placed
    where = {label.spec.text: box(*label.box) for label in placed if label.callout is None}
    assert rooms["Great hall"].contains(where["Band"])
    assert rooms["Corridor"].contains(where["Up to the gallery"])
    assert rooms["Private room"].contains(where["Private room"])
    assert rooms["Cloakroom"].contains(where["Cloakroom"])


def test_a_wide_plan_whose_words_fit_better_turned_is_printed_turned(
    book_plans: dict[str, BookPlan],
) -> None:
    """The restaurant, 28 m by 22 m, across an A4 page upright has a word as a callout;
    turned, it prints larger with every word beside what it names. Karl's office reads well
    upright, across the page, and stays upright."""
    restaurant = book_plans["ozola-restaurant"].figure
    assert restaurant.turned and not restaurant.callouts
    office = book_plans["ozola-karls-office"].figure
    assert not office.turned
    assert office.width_mm == pytest.approx(PageSize.named("a4").width_mm - 36)
