"""Universal VTT exports: valid against the format's schema, walls and doors where the plan has
them (a door placed by its distance along a wall lands on the right grid square), and nothing of
a GM-only room or secret door in the players' file."""

from __future__ import annotations

import base64
import io
import json
import math
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from PIL import Image
from typer.testing import CliRunner

from companion.campaign.audience import for_audience
from companion.campaign.loading import load_campaign
from companion.campaign.models import Campaign
from companion.cli import app
from companion.cli.export import FORMAT_NAMES
from companion.errors import LocatedError
from companion.export.exporting import exported_files
from companion.export.plan_grid import plan_grid
from companion.export.request import FORMATS, ExportRequest
from companion.export.uvtt import uvtt_geometry
from tests.conftest import ASSETS, OZOLA
from tests.export.conftest import TEST_PIXELS_PER_GRID, Exported, files_in

SCHEMA = json.loads((Path(__file__).parent / "uvtt-0.3.schema.json").read_text(encoding="utf-8"))

SHED = """\
name: Garden shed
floor_plan:
  origin: {origin}
  units: m
  size: [6, 4]
  grid: 1
  rooms:
    - outline: [[0, 0], [6, 0], [6, 4], [0, 4]]
  walls:
    - start: [3, 0]
      end: [3, 4]
  doors:
    - wall: 1
      at: 1.2
      width: 0.8
  windows:
    - start: [0.5, 4]
      end: [2, 4]
"""


def _document(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def _picture(document: dict[str, Any]) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(document["image"]))).convert("RGB")


def _segments(document: dict[str, Any]) -> set[tuple[float, float, float, float]]:
    return {
        (line[0]["x"], line[0]["y"], line[-1]["x"], line[-1]["y"])
        for line in document["line_of_sight"]
    }


def _portal_at(document: dict[str, Any], x: float, y: float) -> dict[str, Any] | None:
    return next(
        (
            p
            for p in document["portals"]
            if math.isclose(p["position"]["x"], x) and math.isclose(p["position"]["y"], y)
        ),
        None,
    )


@pytest.mark.parametrize("campaign", ["ozola", "saint-of-the-nets"])
@pytest.mark.parametrize("audience", ["player", "gm"])
def test_every_plan_is_a_valid_uvtt_file(exported: Exported, campaign: str, audience: str) -> None:
    files = files_in(exported(campaign, "uvtt", audience))
    assert files and all(path.suffix == ".dd2vtt" for path in files)
    for path in files:
        document = _document(path)
        jsonschema.validate(document, SCHEMA)
        picture = _picture(document)
        size = document["resolution"]["map_size"]
        assert picture.size == (size["x"] * TEST_PIXELS_PER_GRID, size["y"] * TEST_PIXELS_PER_GRID)


def test_the_schema_refuses_what_the_format_does_not_allow() -> None:
    """The schema can fail: a portal with one end, a colour that is not ARGB."""
    document = {
        "format": 0.3,
        "resolution": {"map_origin": {"x": 0, "y": 0}, "map_size": {"x": 2, "y": 2}},
        "line_of_sight": [],
        "portals": [],
        "lights": [],
        "image": "iVBORw0KGgo=",
    }
    with pytest.raises(jsonschema.ValidationError, match="pixels_per_grid"):
        jsonschema.validate(document, SCHEMA)
    document["resolution"]["pixels_per_grid"] = 100  # type: ignore[index]
    jsonschema.validate(document, SCHEMA)
    document["portals"] = [
        {
            "position": {"x": 1, "y": 1},
            "bounds": [{"x": 1, "y": 1}],
            "rotation": 0,
            "closed": True,
            "freestanding": False,
        }
    ]
    with pytest.raises(jsonschema.ValidationError, match="too short"):
        jsonschema.validate(document, SCHEMA)


@pytest.fixture(scope="module")
def sheds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Campaign]:
    """The tiny campaign with a shed whose door is placed by its distance along wall 1, drawn
    from the top-left and from the bottom-left."""
    loaded = {}
    for origin in ("top-left", "bottom-left"):
        root = tmp_path_factory.mktemp(origin) / "mini"
        shutil.copytree(ASSETS / "mini", root)
        (root / "locations" / "shed.yaml").write_text(SHED.format(origin=origin))
        loaded[origin] = load_campaign(root)
    return loaded


@pytest.mark.parametrize(
    ("origin", "door_y"),
    [("top-left", 1.2), ("bottom-left", 4 - 1.2)],
)
def test_a_door_by_its_distance_along_a_wall_is_a_portal_on_its_grid_square(
    sheds: dict[str, Campaign], origin: str, door_y: float
) -> None:
    """Wall 1 runs from (3, 0) to (3, 4) as written; the door is 1.2 m along it, 0.8 m wide.
    The picture has one square of margin, so plan (x, y) is grid (x + 1, y + 1)."""
    campaign = sheds[origin]
    shed = campaign.locations["shed"]
    document = uvtt_geometry(shed, plan_grid(campaign.root, shed, TEST_PIXELS_PER_GRID))
    jsonschema.validate({**document, "image": "iVBORw0KGgo="}, SCHEMA)
    middle = 1 + door_y
    door = _portal_at(document, 4, middle)
    assert door == {
        "position": {"x": 4.0, "y": middle},
        "bounds": [
            {"x": 4.0, "y": round(middle - 0.4, 6)},
            {"x": 4.0, "y": round(middle + 0.4, 6)},
        ],
        "rotation": round(math.pi / 2, 6),
        "closed": True,
        "freestanding": False,
    } or door == {
        "position": {"x": 4.0, "y": middle},
        "bounds": [
            {"x": 4.0, "y": round(middle + 0.4, 6)},
            {"x": 4.0, "y": round(middle - 0.4, 6)},
        ],
        "rotation": round(math.pi / 2, 6),
        "closed": True,
        "freestanding": False,
    }
    # The wall the door stands in is open where the door is, and only there.
    wall_1 = sorted(
        (min(y1, y2), max(y1, y2)) for x1, y1, x2, y2 in _segments(document) if x1 == x2 == 4
    )
    assert wall_1 == [(1.0, round(middle - 0.4, 6)), (round(middle + 0.4, 6), 5.0)]


def test_a_window_blocks_movement_but_not_sight(sheds: dict[str, Campaign]) -> None:
    """Its wall is open (no line of sight across it) and a portal that is not `closed` stands
    there: importers make it a wall that sight and light pass through."""
    campaign = sheds["top-left"]
    shed = campaign.locations["shed"]
    document = uvtt_geometry(shed, plan_grid(campaign.root, shed, TEST_PIXELS_PER_GRID))
    window = _portal_at(document, 2.25, 5)
    assert window is not None and window["closed"] is False and window["rotation"] == 0
    south = sorted(
        (min(x1, x2), max(x1, x2)) for x1, y1, x2, y2 in _segments(document) if y1 == y2 == 5
    )
    assert south == [(1.0, 1.5), (3.0, 7.0)]


def test_the_players_file_has_no_gm_room_and_no_secret_door(campaigns: dict[str, Campaign]) -> None:
    """The café's back room (x 7 to 10) and its door (at x 7, y 3) are the GM's: the players'
    walls run unbroken where the door is, and none of the room's own walls is there."""
    mini = campaigns["mini"]
    documents = {}
    for audience in ("player", "gm"):
        view = for_audience(mini, audience)
        cafe = view.locations["cafe"]
        documents[audience] = uvtt_geometry(cafe, plan_grid(mini.root, cafe, 20))
    player, gm = documents["player"], documents["gm"]
    assert _portal_at(gm, 8, 4) is not None and _portal_at(gm, 8, 4)["closed"] is True  # type: ignore[index]
    assert _portal_at(player, 8, 4) is None
    assert (8.0, 1.0, 8.0, 7.0) in _segments(player)  # the shared wall, whole
    assert not [s for s in _segments(player) if max(s[0], s[2]) > 8]
    assert [s for s in _segments(gm) if s[0] == s[2] == 11]  # the back room's far wall


def test_the_players_picture_shows_nothing_of_a_gm_room(exported: Exported) -> None:
    """Inside the café's back room (grid x 8 to 11, y 1 to 7) the players' picture is bare
    paper; the GM's shows the room's floor and what stands in it."""
    inside = (8.5 * TEST_PIXELS_PER_GRID, 1.5 * TEST_PIXELS_PER_GRID)
    inside_box = (*inside, 10.5 * TEST_PIXELS_PER_GRID, 6.5 * TEST_PIXELS_PER_GRID)
    colours = {}
    for audience in ("player", "gm"):
        (path,) = files_in(exported("mini", "uvtt", audience))
        region = _picture(_document(path)).crop(tuple(int(v) for v in inside_box))
        colours[audience] = {colour for _, colour in region.getcolors(maxcolors=100_000) or []}
    assert colours["player"] == {(255, 255, 255)}
    assert len(colours["gm"]) > 1


def test_the_export_is_the_same_bytes_twice(campaigns: dict[str, Campaign]) -> None:
    request = ExportRequest("uvtt", "gm", pixels_per_grid=TEST_PIXELS_PER_GRID)
    assert exported_files(campaigns["mini"], request) == exported_files(campaigns["mini"], request)


def test_a_plan_too_large_for_a_picture_is_refused_at_its_size(
    campaigns: dict[str, Campaign],
) -> None:
    ozola = campaigns["ozola"]
    with pytest.raises(LocatedError) as raised:
        plan_grid(ozola.root, ozola.locations["restaurant"], 1000)
    (problem,) = raised.value.problems
    assert problem.file == OZOLA / "locations" / "restaurant.yaml"
    assert problem.line is not None and problem.column is not None
    assert problem.message == (
        "the plan of `restaurant` is 30 x 24 squares: at 1000 pixels a square its picture "
        "would be 30000 pixels long, and a virtual tabletop shows at most 16384"
    )
    assert problem.hint == "export with `--pixels-per-grid 546` or less"


def test_the_command_line_names_the_nearest_format(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["export", "uvt", str(ASSETS / "mini"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "companion does not export `uvt`; did you mean `uvtt`?" in result.output


def test_the_command_line_writes_the_players_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["export", "uvtt", str(ASSETS / "mini"), "--out", str(tmp_path), "--pixels-per-grid", "10"],
    )
    assert result.exit_code == 0, result.output
    written = tmp_path / "mini" / "export" / "uvtt" / "player" / "blue-cup-café.dd2vtt"
    assert f"1 file written to {written.parent}." in result.output
    assert written.is_file()


def test_the_command_line_knows_every_format() -> None:
    assert FORMAT_NAMES == FORMATS
