"""Map labels: placed clear of everything drawn and of the page edges, measured from the SVG."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.build.request import BuildOptions
from companion.build.targets import build
from companion.campaign.loading import load_campaign
from companion.campaign.models import FloorPlan, MapHandout
from companion.cli import app
from companion.plans.drawing import PlanDrawing, text_size, text_width
from companion.plans.labels import LabelSpec, place_labels
from tests.conftest import ROOT, SAINT, copy_file
from tests.plan_overlaps import collisions, printed_map

OZOLA = ROOT / "campaigns" / "ozola"
SCALES = ("1:25", "1:50", "1:100", "fitted")


def _maps(root: Path) -> list[tuple[Path, str]]:
    campaign = load_campaign(root)
    return [(root, key) for key, h in campaign.handouts.items() if isinstance(h, MapHandout)]


MAPS = _maps(OZOLA) + _maps(SAINT)


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("audience", ["gm", "player"])
@pytest.mark.parametrize(("root", "handout_id"), MAPS, ids=[f"{r.name}-{h}" for r, h in MAPS])
def test_no_label_collides_with_anything(
    root: Path, handout_id: str, audience: str, scale: str
) -> None:
    _, found = printed_map(load_campaign(root), handout_id, audience, scale)
    assert not found, "\n".join(str(c) for c in found)


def test_the_checker_sees_a_collision() -> None:
    """The measuring stick itself: a label written across a wall is caught."""
    svg = (
        '<polygon class="wall" stroke-width="0.22" points="0,0 4,0 4,4 0,4"/>'
        '<text class="label" x="4" y="2" font-size="0.5px" text-anchor="middle">Across</text>'
        '<text class="label" x="2" y="1" font-size="0.5px" text-anchor="middle">Inside</text>'
        '<text class="label" x="2.1" y="1.1" font-size="0.5px" text-anchor="middle">On top</text>'
    )
    found = {str(c) for c in collisions(svg, "architect", (-1, -1, 5, 5), [])}
    assert "'Across' runs into polygon wall" in found
    assert "'Inside' runs into the words 'On top'" in found
    assert len(found) == 2


def test_a_crowded_label_goes_on_a_leader_then_becomes_a_callout() -> None:
    """Three labels wanting one spot hemmed in by a box: the first is written beside it, the
    others further off on leader lines; with no room at all, a numbered callout."""
    from shapely import box

    obstacle = box(0, 0, 1, 1)
    specs = [LabelSpec(f"Label {i}", "label", 0.3, 1.2, obstacle) for i in range(3)]
    placed = place_labels(specs, [obstacle], (-4, -4, 5, 5), gap=0.05, callout_size=0.3)
    assert placed[0].leader is None and placed[0].callout is None
    boxes = [p.box for p in placed]
    for index, first in enumerate(boxes):
        for second in boxes[index + 1 :]:
            assert not _boxes_overlap(first, second)
    tight = place_labels(specs, [obstacle], (-0.25, -0.25, 1.25, 1.25), gap=0.05, callout_size=0.1)
    assert [p.callout for p in tight] == [1, 2, 3]


def _boxes_overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_callouts_are_listed_in_the_key(tmp_path: Path) -> None:
    """A label with nowhere to go prints as a number, and the sheet's key says what it means."""

    campaign = load_campaign(ROOT / "tests" / "assets" / "mini")
    handout = next(key for key, h in campaign.handouts.items() if isinstance(h, MapHandout))
    plan = campaign.locations[campaign.handouts[handout].location].floor_plan  # type: ignore[union-attr]
    assert plan is not None
    crowded = [
        {"text": f"Crowded note number {i}", "at": plan.labels[0].at if plan.labels else [1, 1]}
        for i in range(12)
    ]
    busy = FloorPlan.model_validate({**plan.model_dump(), "labels": crowded})
    drawing = PlanDrawing(busy, 20.0, grid=False, style="architect")
    drawing.elements()
    assert drawing.callouts, "twelve long labels on one spot: some must become callouts"
    assert not [p for p in drawing.placed if p.forced]


def _printed_width(text_page: pypdfium2.PdfTextPage, words: str) -> float:
    """The width of `words` where the page prints them on one line (a search may also match
    words that run on across lines)."""
    widths = []
    search = text_page.search(words, match_case=True)
    while hit := search.get_next():
        index, count = hit
        boxes = [text_page.get_charbox(i) for i in range(index, index + count)]
        if "\n" not in text_page.get_text_range(index, count):  # one line
            widths.append(max(b[2] for b in boxes) - min(b[0] for b in boxes))
    assert widths, words
    return min(widths)


def test_label_widths_match_the_printed_text(tmp_path: Path) -> None:
    """The placer's idea of a label's width is what the PDF prints (or a little more)."""
    options = BuildOptions(only=("restaurant-map",), out_dir=tmp_path, audience="gm")
    campaign = load_campaign(OZOLA)
    build(campaign, options)
    context = pipeline_for(campaign, options).context("restaurant-map", "gm")
    pdf = tmp_path / "ozola" / "gm" / copy_file("gm", "restaurant-map", "ozola")
    page = pypdfium2.PdfDocument(pdf)[0]
    text_page = page.get_textpage()
    per_unit_pt = (
        context.sheet_plan.width_mm / float(context.sheet_plan.viewbox.split()[2]) * 72 / 25.4
    )
    checked = 0
    kinds = {
        "Manager's office": "room-name",
        "Vestibule": "room-name",
        "Cloakroom counter": "piece-label",
        "Kitchen way out": "mark-label",
    }
    per_unit = context.sheet_plan.width_mm / float(context.sheet_plan.viewbox.split()[2])
    for words, css in kinds.items():
        printed = _printed_width(text_page, words)
        size = text_size(css, "architect", per_unit)
        estimated = text_width(words, css, "architect", size) * per_unit_pt
        assert printed * 0.97 <= estimated <= printed * 1.2, (words, printed, estimated)
        checked += 1
    assert checked == 4


def test_validate_names_a_label_that_became_a_callout(runner: CliRunner, mini: Path) -> None:
    """Twelve long labels on one spot: those that print as numbers are warned about, each at
    its own line of the location file."""
    location = mini / "locations" / "cafe.yaml"
    lines = "".join(
        f"    - text: A long note that wants the same spot, number {i}\n      at: [1, 1]\n"
        for i in range(12)
    )
    location.write_text(location.read_text() + "  labels:\n" + lines)
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "finds no room" in line]
    assert warnings, result.output
    first = warnings[0]
    assert "cafe.yaml:" in first and "prints as callout 1" in first
    number = int(first.split("number ")[1].split("”")[0])
    assert f"cafe.yaml:{_text_line(location, number)}:" in first


def _text_line(path: Path, number: int) -> int:
    """The line holding the words of label `number`."""
    for index, line in enumerate(path.read_text().splitlines(), start=1):
        if line.endswith(f"number {number}"):
            return index
    raise AssertionError(number)
