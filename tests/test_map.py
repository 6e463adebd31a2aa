"""Maps: floor plans printed to true scale, tiled when large, with the GM layer removed."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdf
import pypdfium2
import pypdfium2.raw as pdfium
import pytest
from typer.testing import CliRunner

from companion.build import build
from companion.campaign import load_campaign
from companion.cli import app
from companion.pipeline import BuildOptions, pipeline_for
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


def test_tiling_grows_with_scale(mini: Path, tmp_path: Path) -> None:
    counts = []
    for scale in ("1:50", "1:25", "1:10"):
        pdf = _build_map(mini, tmp_path / scale.replace(":", "-"), map_scale=scale)
        counts.append(len(pypdf.PdfReader(pdf).pages))
    assert counts[0] == 1
    assert counts[0] < counts[1] < counts[2]
    text = pdf_text(tmp_path / "1-25" / "mini" / "player" / "plan-blue-cup-café.pdf")
    assert "How the pages go together" in text
    assert "A1" in text and "B1" in text


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
    from companion.floorplan import mm_per_unit

    assert mm_per_unit("1in=5ft", "ft") * 5 == pytest.approx(25.4)
    assert mm_per_unit("1:50", "m") == pytest.approx(20)


def test_tiles_overlap_and_share_registration_crosses(mini: Path) -> None:
    """Neighbouring pages overlap by the same strip of plan, and every registration cross
    in that strip prints on both pages: lay the crosses on each other and the plan lines up."""
    import re

    from companion.floorplan import mm_per_unit
    from companion.handouts.maps import OVERLAP_MM, MapContext
    from companion.pipeline import pipeline_for

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
