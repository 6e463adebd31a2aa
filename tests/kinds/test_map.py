"""Maps: floor plans printed to true scale, tiled when large, with the GM layer removed."""

from __future__ import annotations

import ctypes
import io
from pathlib import Path
from typing import get_args

import pypdf
import pypdfium2
import pypdfium2.raw as pdfium
import pytest
from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.build.request import BuildOptions
from companion.build.targets import build
from companion.campaign.audience import for_audience
from companion.campaign.loading import load_campaign
from companion.campaign.models import FURNITURE_SIZES, FloorPlan, FurnitureKind
from companion.cli import app
from companion.plans.drawing import PlanDrawing
from tests.conftest import ROOT, SAINT, copy_file
from tests.pdftext import pdf_text

POINTS_PER_MM = 72 / 25.4
SCALE_BAR_FILL = (26, 26, 27)  # .scale-dark in templates/plan.css: nothing else uses it


def _filled_widths(pdf: Path, colour: tuple[int, int, int]) -> list[float]:
    """Widths in PDF points of the page-1 objects filled with `colour`."""
    page = pypdfium2.PdfDocument(pdf.read_bytes())[0]
    widths = []
    for item in page.get_objects(max_depth=8):
        rgba = [ctypes.c_uint() for _ in range(4)]
        filled = pdfium.FPDFPageObj_GetFillColor(item.raw, *(ctypes.byref(c) for c in rgba))
        if filled and tuple(c.value for c in rgba[:3]) == colour:
            left, _, right, _ = item.get_bounds()
            widths.append(right - left)
    return widths


def _build_map(mini: Path, out: Path, **options: object) -> Path:
    build(load_campaign(mini), BuildOptions(only=("cafe-map",), out_dir=out, **options))  # type: ignore[arg-type]
    return out / "mini" / "player" / "plan-blue-cup-café.pdf"


def test_a_metre_measures_true_on_paper(mini: Path, tmp_path: Path) -> None:
    pdf = _build_map(mini, tmp_path)
    assert len(pypdf.PdfReader(pdf).pages) == 1
    # The café is 10 m wide: the scale bar has three dark 0.5 m segments; at 1:50 each is
    # 10 mm of paper, 28.35 points.
    widths = _filled_widths(pdf, SCALE_BAR_FILL)
    assert len(widths) == 3
    for width in widths:
        assert width == pytest.approx(10 * POINTS_PER_MM, abs=0.05)


def test_scale_override_changes_the_printed_size(mini: Path, tmp_path: Path) -> None:
    pdf = _build_map(mini, tmp_path, map_scale="1:100")
    widths = _filled_widths(pdf, SCALE_BAR_FILL)
    assert widths and all(w == pytest.approx(5 * POINTS_PER_MM, abs=0.05) for w in widths)


@pytest.mark.slow
def test_tiling_grows_with_scale(mini: Path, tmp_path: Path) -> None:
    counts = []
    for scale in ("1:50", "1:25", "1:10"):
        pdf = _build_map(mini, tmp_path / scale.replace(":", "-"), map_scale=scale)
        counts.append(len(pypdf.PdfReader(pdf).pages))
    assert counts[0] == 1
    assert counts[0] < counts[1] < counts[2]
    text = pdf_text(tmp_path / "1-25" / "mini" / "player" / "plan-blue-cup-café.pdf")
    assert "How the pages go together" in text and "A1" in text
    assert "B1" in pdf_text(tmp_path / "1-10" / "mini" / "player" / "plan-blue-cup-café.pdf")


def test_fit_prints_one_page_with_the_real_scale(mini: Path, tmp_path: Path) -> None:
    handout = mini / "handouts" / "cafe-map.yaml"
    handout.write_text(handout.read_text() + "fit: true\n")
    pdf = _build_map(mini, tmp_path)
    assert len(pypdf.PdfReader(pdf).pages) == 1
    assert "(fitted to the page)" in pdf_text(pdf)


def test_player_svg_has_no_gm_layer(mini: Path) -> None:
    renderer = pipeline_for(load_campaign(mini))
    player = renderer.context("cafe-map", "player").drawing  # type: ignore[attr-defined]
    gm = renderer.context("cafe-map", "gm").drawing  # type: ignore[attr-defined]
    for secret in ("Lookout", "Escape", "Printing press", "Back room", 'class="mark'):
        assert secret in gm
        assert secret not in player
    assert " gm" not in player


def test_gm_layer_absent_from_player_pdf_text(mini: Path, tmp_path: Path) -> None:
    build(load_campaign(mini), BuildOptions(only=("cafe-map",), out_dir=tmp_path))
    player = pdf_text(tmp_path / "mini" / "player" / "plan-blue-cup-café.pdf")
    gm = pdf_text(tmp_path / "mini" / "gm" / "cafe-map.pdf")
    assert "Café" in player
    for secret in ("Lookout", "Escape", "Printing press", "Back room"):
        assert secret in gm
        assert secret not in player


PLAN_ERRORS = {
    "furniture outside the walls": (
        "    - kind: piano\n      at: [6.5, 5.9]\n",
        "mini/locations/cafe.yaml:{line}:11: piano at [6.5, 5.9] stands outside the walls",
    ),
    "overlapping pieces": (
        "    - kind: table\n      at: [1.8, 1.6]\n",
        "mini/locations/cafe.yaml:{line}:11: table overlaps round-table 1 (furniture item 1)",
    ),
    "unknown kind": (
        "    - kind: jukebox\n      at: [5, 1]\n",
        "mini/locations/cafe.yaml:{kind_line}:13: `floor_plan.furniture[4].kind`: expected one",
    ),
}


@pytest.mark.parametrize("case", PLAN_ERRORS, ids=list(PLAN_ERRORS))
def test_floor_plan_errors_are_located(
    case: str, runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    piece, expected = PLAN_ERRORS[case]
    location = mini / "locations" / "cafe.yaml"
    text = location.read_text()
    anchor = "  marks:\n"
    line = text[: text.index(anchor)].count("\n") + 2
    location.write_text(text.replace(anchor, piece + anchor))
    monkeypatch.chdir(mini.parent)
    result = runner.invoke(app, ["validate", "mini"])
    assert result.exit_code == 1
    assert expected.format(line=line, kind_line=line - 1) in result.output


def test_door_off_the_wall_is_located(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    location = mini / "locations" / "cafe.yaml"
    location.write_text(location.read_text().replace("- at: [3.5, 6]", "- at: [3.5, 5]"))
    monkeypatch.chdir(mini.parent)
    result = runner.invoke(app, ["validate", "mini"])
    assert result.exit_code == 1
    assert "the door at [3.5, 5] is not on a wall" in result.output
    assert "hint: the nearest wall runs" in result.output


def test_bad_map_scale_is_a_clear_error(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(mini), "--map-scale", "50", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == "`50` is not a map scale\n    hint: write it like `1:50` or `1in=5ft`\n"


def test_feet_plan_at_battle_map_scale(mini: Path, tmp_path: Path) -> None:
    """1 inch = 5 feet: five feet of plan is 72 points of paper."""
    from companion.plans.drawing import mm_per_unit

    assert mm_per_unit("1in=5ft", "ft") * 5 == pytest.approx(25.4)
    assert mm_per_unit("1:50", "m") == pytest.approx(20)


def test_tiles_overlap_and_share_registration_crosses(mini: Path) -> None:
    """Neighbouring pages overlap by the same strip of plan, and every registration cross
    in that strip prints on both pages: lay the crosses on each other and the plan lines up."""
    import re

    from companion.build.pipeline import pipeline_for
    from companion.kinds.map import OVERLAP_MM, MapContext
    from companion.plans.drawing import mm_per_unit

    context = pipeline_for(load_campaign(mini), BuildOptions(map_scale="1:25")).context(
        "cafe-map", "gm"
    )
    assert isinstance(context, MapContext)
    boxes = {t.label: [float(v) for v in t.viewbox.split()] for t in context.tiles}
    overlap = OVERLAP_MM / mm_per_unit("1:25", "m")
    a1, a2 = boxes["A1"], boxes["A2"]
    assert a1[0] + a1[2] - a2[0] == pytest.approx(overlap, abs=1e-3)
    crosses = [
        (float(x), float(y))
        for x, y in re.findall(
            r'class="registration" transform="translate\(([-\d.]+),([-\d.]+)\)', context.drawing
        )
    ]
    shared = [
        (x, y) for x, y in crosses if a2[0] <= x <= a1[0] + a1[2] and a1[1] <= y <= a1[1] + a1[3]
    ]
    assert shared, "no cross in the A1/A2 overlap"


# --- what a plan holds ------------------------------------------------------------------------


def _plan_with(furniture: list[dict[str, object]]) -> FloorPlan:
    return FloorPlan.model_validate(
        {
            "size": [10, 6],
            "rooms": [{"name": "Hall", "outline": [[0, 0], [10, 0], [10, 6], [0, 6]]}],
            "furniture": furniture,
        }
    )


def _piece_svg(plan: FloorPlan) -> str:
    drawing = PlanDrawing(plan, 20.0, grid=False, style="architect")
    return "".join(line for line in drawing.elements().split("\n") if 'class="piece' in line)


@pytest.mark.parametrize("kind", ["table", "bar", "booth"])
def test_seats_follow_the_long_side_however_the_size_is_written(kind: str) -> None:
    stood = _plan_with([{"kind": kind, "at": [5, 3], "size": [0.8, 4], "seats": 6}])
    turned = _plan_with(
        [{"kind": kind, "at": [5, 3], "size": [4, 0.8], "seats": 6, "rotation": 90}]
    )
    assert _piece_svg(stood) == _piece_svg(turned)
    assert "rotate(90)" in _piece_svg(stood)


def test_every_furniture_kind_has_a_size_and_a_drawing() -> None:
    kinds = get_args(FurnitureKind)
    assert set(kinds) == set(FURNITURE_SIZES)
    for kind in (
        "fireplace",
        "hearth",
        "spiral-stairs",
        "bathtub",
        "wardrobe",
        "armchair",
        "bookcase",
    ):
        assert kind in kinds
        svg = _piece_svg(_plan_with([{"kind": kind, "at": [5, 3]}]))
        assert f"kind-{kind}" in svg and ("<rect" in svg or "<circle" in svg)


def test_what_stands_in_a_gm_only_room_leaves_the_players_plan() -> None:
    """The Saint campaign's landing on the rocks is the GM's: its cases go with it."""
    campaign = load_campaign(SAINT)
    gm_plan = campaign.locations["konoba-galeb"].floor_plan
    player_plan = for_audience(campaign, "player").locations["konoba-galeb"].floor_plan
    assert gm_plan is not None and player_plan is not None
    pieces = [piece.label for piece in player_plan.furniture]
    assert "Cases of currants" in [piece.label for piece in gm_plan.furniture]
    assert "Cases of currants" not in pieces and "Bar (šank)" in pieces
    assert "Barrels" in [label.text for label in player_plan.labels]  # beside it, not in it
    assert all(not room.gm for room in player_plan.rooms)
    assert not any(door.gm for door in player_plan.doors)


def test_the_players_map_does_not_show_what_a_gm_room_holds(saint_build: Path) -> None:
    player = saint_build / "player" / copy_file("player", "galeb-map", "saint-of-the-nets")
    gm = saint_build / "gm" / "galeb-map.pdf"
    assert "Cases of currants" in pdf_text(gm)
    assert "Cases of currants" not in pdf_text(player)


def _squares_mm(pdf: Path, page: int, side_mm: float) -> list[tuple[float, float]]:
    """Objects of `side_mm` by `side_mm` on a page (to a tenth of a millimetre: a piece of
    furniture drawn askew on a sketch can come within a quarter of it), in millimetres."""
    found = []
    for item in pypdfium2.PdfDocument(pdf.read_bytes())[page].get_objects(max_depth=8):
        left, bottom, right, top = item.get_bounds()
        width, height = (right - left) / POINTS_PER_MM, (top - bottom) / POINTS_PER_MM
        if abs(width - side_mm) < 0.1 and abs(height - side_mm) < 0.1:
            found.append((round(width, 2), round(height, 2)))
    return found


@pytest.mark.parametrize("built", ["ozola_build", "saint_build"])
def test_every_map_sheet_carries_a_10_mm_calibration_square(
    built: str, request: pytest.FixtureRequest
) -> None:
    folder = request.getfixturevalue(built)
    maps = [p for p in (folder / "gm").glob("*-map.pdf")]
    assert maps
    for pdf in maps:
        assert _squares_mm(pdf, 0, 10.0) == [(10.0, 10.0)], pdf.name
        assert "This square is 10 mm" in pdf_text(pdf)


def test_a_true_scale_sheet_says_what_the_square_measures(mini: Path, tmp_path: Path) -> None:
    pdf = _build_map(mini, tmp_path)
    assert "This square is 10 mm, 0.5 m at 1:50." in pdf_text(pdf)


HALL = {
    "size": [10, 6],
    "rooms": [{"name": "Hall", "outline": [[0, 0], [10, 0], [10, 6], [0, 6]]}],
    "walls": [
        {"start": [4, 0], "end": [4, 6]},
        {"id": "bar-wall", "start": [0, 6], "end": [10, 6]},
    ],
}


def test_doors_and_windows_by_wall_and_distance() -> None:
    plan = FloorPlan.model_validate(
        {
            **HALL,
            "doors": [{"wall": 1, "at": 1.5}, {"wall": "bar-wall", "at": 2}],
            "windows": [{"wall": "bar-wall", "at": 6, "length": 1.5}],
        }
    )
    assert [door.at for door in plan.doors] == [(4.0, 1.5), (2.0, 6.0)]
    assert (plan.windows[0].start, plan.windows[0].end) == ((6.0, 6.0), (7.5, 6.0))


def test_a_door_on_a_wall_the_plan_lacks_is_located(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cafe = mini / "locations" / "cafe.yaml"
    text = cafe.read_text()
    cafe.write_text(text.replace("  doors:\n", "  doors:\n    - {wall: 9, at: 1}\n", 1))
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1
    assert (
        "cafe.yaml:" in result.output and "the plan has no wall `9` for this door" in result.output
    )


def test_a_plan_drawn_from_the_bottom_left() -> None:
    """The same hall written both ways is the same plan: y counts up from the bottom, and
    directions (rotations, hinges, north) stay as they are on paper."""
    from_top = FloorPlan.model_validate(
        {
            "size": [10, 6],
            "rooms": [{"name": "Hall", "outline": [[0, 6], [10, 6], [10, 0], [0, 0]]}],
            "walls": [{"start": [4, 6], "end": [4, 0]}],
            "doors": [{"at": [4, 4.5]}],
            "furniture": [{"kind": "desk", "at": [2, 5], "rotation": 30}],
            "labels": [{"text": "Office", "at": [7, 1]}],
        }
    )
    from_bottom = FloorPlan.model_validate(
        {
            "origin": "bottom-left",
            "size": [10, 6],
            "rooms": [{"name": "Hall", "outline": [[0, 0], [10, 0], [10, 6], [0, 6]]}],
            "walls": [{"start": [4, 0], "end": [4, 6]}],
            "doors": [{"wall": 1, "at": 1.5}],
            "furniture": [{"kind": "desk", "at": [2, 1], "rotation": 30}],
            "labels": [{"text": "Office", "at": [7, 5]}],
        }
    )
    drawn = [
        PlanDrawing(plan, 20.0, grid=False, style="architect").elements()
        for plan in (from_top, from_bottom)
    ]
    assert drawn[0] == drawn[1]


def _objects_mm_wide(pdf: Path, page: int, width_mm: float) -> int:
    count = 0
    for item in pypdfium2.PdfDocument(pdf.read_bytes())[page].get_objects(max_depth=8):
        left, _, right, _ = item.get_bounds()
        if abs((right - left) / POINTS_PER_MM - width_mm) < 0.15:
            count += 1
    return count


def test_tiles_with_nothing_on_them_are_left_out(mini: Path, tmp_path: Path) -> None:
    """A café drawn on a plot three times its depth: at 1:50 the tiles below it would hold
    nothing. They are not printed; the sheet says so and carries a whole scale bar, and
    every tile a short one."""
    location = mini / "locations" / "cafe.yaml"
    location.write_text(location.read_text().replace("size: [10, 6]", "size: [10, 20]", 1))
    pdf = _build_map(mini, tmp_path, map_scale="1:50")
    text = pdf_text(pdf)
    assert "are left out: nothing of the plan falls on them." in text
    context = pipeline_for(load_campaign(mini), BuildOptions(map_scale="1:50"))
    tiles = context.context("cafe-map", "player").tiles  # type: ignore[attr-defined]
    left_out = context.context("cafe-map", "player").left_out  # type: ignore[attr-defined]
    assert left_out and len(pypdf.PdfReader(pdf).pages) == 1 + len(tiles)
    # Five segments of 0.5 m at 1:50 on the sheet (10 mm each; the three dark ones are
    # measured); on each tile one of 1 m, the longest round length within 30 mm.
    widths = _filled_widths(pdf, SCALE_BAR_FILL)
    assert widths == pytest.approx([10 * POINTS_PER_MM] * 3, abs=0.05)
    assert all(_objects_mm_wide(pdf, page, 20.0) == 1 for page in range(1, 1 + len(tiles)))


def test_rows_of_tiles_turn_when_that_saves_pages() -> None:
    """The restaurant at 1:25 on A4: three rows upright and a last, shallow row turned; all
    upright would take a fourth row of seven pages."""
    campaign = load_campaign(ROOT / "campaigns" / "ozola")
    pipeline = pipeline_for(campaign, BuildOptions(map_scale="1:25"))
    tiles = pipeline.context("restaurant-map", "player").tiles  # type: ignore[attr-defined]
    rows: dict[str, set[bool]] = {}
    for tile in tiles:
        rows.setdefault(tile.label[0], set()).add(tile.turned)
    assert all(len(turns) == 1 for turns in rows.values())
    assert {row: turns.pop() for row, turns in rows.items()} == {
        "A": False,
        "B": False,
        "C": False,
        "D": True,
    }
    assert len(tiles) == 26


@pytest.mark.slow
@pytest.mark.parametrize("scale", ["1:25", "1:50", "1:100"])
def test_each_tile_fills_exactly_one_page(scale: str, tmp_path: Path) -> None:
    """A tile's footer (its scale bar, the calibration bar, its name) never runs onto a page
    of its own. The players' copy is made as a build makes it, by the pipeline that worked
    out its tiles (drawing a map again, to learn them, cost as much as the copy)."""
    campaign = load_campaign(ROOT / "campaigns" / "ozola")
    options = BuildOptions(out_dir=tmp_path, map_scale=scale, audience="player")
    pipeline = pipeline_for(campaign, options)
    for handout_id in ("restaurant-map", "office-map"):
        tiles = pipeline.context(handout_id, "player").tiles  # type: ignore[attr-defined]
        pdf = io.BytesIO(pipeline.pdf([handout_id], "player"))
        pages = pypdf.PdfReader(pdf).pages
        assert len(pages) == max(1, 1 + len(tiles)), handout_id
        # Each tile prints on the paper the way its row chose: turned means landscape on A4.
        for tile, page in zip(tiles, pages[1:], strict=True):
            landscape = page.mediabox.width > page.mediabox.height
            assert landscape == tile.turned, (handout_id, tile.label)
