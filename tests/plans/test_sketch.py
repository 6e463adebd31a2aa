"""A watcher's sketch of a plan is drawn by hand: wavering pencil walls, pieces set by eye."""

from __future__ import annotations

import re

from companion.build.pipeline import pipeline_for
from companion.campaign.loading import load_campaign
from tests.conftest import OZOLA


def _svg(handout_id: str) -> str:
    return pipeline_for(load_campaign(OZOLA)).html(handout_id, "player")


def test_a_surveillance_sketch_draws_its_walls_by_hand() -> None:
    html = _svg("office-map")  # style: surveillance
    strokes = re.findall(r'<path class="wall sketch"[^>]* d="([^"]+)"', html)
    assert len(strokes) >= 4 and len(set(strokes)) == len(strokes)  # each stroke its own
    assert '<polygon class="wall"' not in html
    # A stroke wavers: the points of one straight wall are not all on one line.
    coordinates = [tuple(map(float, p.split(","))) for p in re.findall(r"[ML]([^ML]+)", strokes[0])]
    xs, ys = {round(x, 2) for x, _ in coordinates}, {round(y, 2) for _, y in coordinates}
    assert len(xs) > 2 and len(ys) > 2
    assert html == _svg("office-map")  # the same sketch on every build


def test_an_architects_plan_keeps_its_ruled_walls() -> None:
    html = _svg("restaurant-map")
    assert '<polygon class="wall"' in html and 'class="wall sketch"' not in html
