"""The paper's wear: tones, foxing, torn or burnt edges, carbon copies, folds between lines."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.campaign.loading import load_campaign
from companion.campaign.models import HandoutBase
from companion.cli import app
from companion.kinds.base import HandoutContext
from companion.kinds.clipping import NEWSPRINT
from companion.kinds.registry import kind_of
from companion.kinds.wear import toned, wear_of
from companion.render.pdf import pdf_to_pngs
from tests.conftest import OZOLA, SAINT


def _creases_mm(context: HandoutContext) -> list[float]:
    """Where the folds' creases start, in mm from the page area's top, read from the
    painted layers."""
    assert context.wear is not None
    found = []
    for _image, size, place in context.wear.layers:
        if size.endswith(" 1.2mm"):
            found.append(float(place.split()[1].removesuffix("mm")))
    return found


@pytest.mark.parametrize(
    ("root", "handout_id", "folds"),
    [(SAINT, "ivo-letter", 2), (OZOLA, "sokolov-file", 1)],
    ids=["Ivo's letter folded in three", "a carbon file folded in two"],
)
def test_folds_run_between_lines_of_text(root: Path, handout_id: str, folds: int) -> None:
    pipeline = pipeline_for(load_campaign(root))
    context = pipeline.context(handout_id, "player")
    creases = _creases_mm(context)
    assert len(creases) == folds
    measure = pipeline._measure(kind_of(pipeline.campaign.handouts[handout_id]).page)
    laid_out = measure(context)
    for crease in creases:  # positions are from the page area's corner
        at = crease + laid_out.area.top_mm + 0.6  # the crease's middle
        for line in laid_out.on_page(0):
            assert not line.top_mm <= at <= line.bottom_mm, (handout_id, at, line)


def test_the_wear_is_the_same_on_every_build() -> None:
    first = pipeline_for(load_campaign(SAINT)).context("ivo-letter", "player")
    again = pipeline_for(load_campaign(SAINT)).context("ivo-letter", "player")
    assert first.wear == again.wear and first.wear is not None
    images = " ".join(image for image, _, _ in first.wear.layers)
    assert "radial-gradient" in images and "data:image/svg+xml" in images  # foxed and torn


def test_a_carbon_copy_colours_the_prop_not_the_gm_notes() -> None:
    pipeline = pipeline_for(load_campaign(OZOLA))
    html = "".join(d.html for d in pipeline.documents("sokolov-file", "gm"))
    rule = re.search(r"body > :not\(\.gm-page\)[^{]*\{ color: rgb\(112 86 170", html)
    assert rule, "the carbon's violet is painted on the prop only"
    assert 'class="gm-page"' in html


LETTER = "kind: letter\ntitle: A letter\nto: all\ntext: The mill at midnight.\nsignature: J.\n"


def _page_image(runner: CliRunner, campaign: Path, handout_id: str) -> Image.Image:
    out = campaign / f"out-{handout_id}"
    result = runner.invoke(app, ["build", str(campaign), "--only", handout_id, "--out", str(out)])
    assert result.exit_code == 0, result.output
    (pdf,) = (out / campaign.name / "player").glob("*.pdf")
    return Image.open(io.BytesIO(pdf_to_pngs(pdf.read_bytes(), 30)[0])).convert("L")


def test_a_letters_own_paper_no_longer_hides_its_wear(runner: CliRunner, mini: Path) -> None:
    """A letter draws its paper's texture over the whole sheet; it covered the wear painted
    on the page (tone, edges, folds), which then printed on no letter at all."""
    handouts = mini / "handouts"
    (handouts / "clean.yaml").write_text(LETTER)
    (handouts / "worn.yaml").write_text(
        LETTER + "paper: {tone: aged, edge: burnt, folded: in-three}\n"
    )
    clean, worn = (_page_image(runner, mini, name) for name in ("clean", "worn"))
    edge = (0, 0, clean.width, 3)  # the top edge: burnt on the worn one
    assert ImageStat.Stat(worn.crop(edge)).mean[0] < ImageStat.Stat(clean.crop(edge)).mean[0] - 40
    middle = (clean.width // 3, clean.height // 2, 2 * clean.width // 3, clean.height // 2 + 20)
    assert ImageStat.Stat(worn.crop(middle)).mean[0] < ImageStat.Stat(clean.crop(middle)).mean[0]


def _torn_away(image: str) -> list[tuple[int, int]]:
    """The inner outline of a torn frame's SVG (what is left of the sheet)."""
    svg = base64.b64decode(image.removeprefix("url(data:image/svg+xml;base64,").rstrip(")"))
    inner = re.findall(r"M(\d+,\d+(?:L\d+,\d+)*)Z", svg.decode())[-1]
    return [(int(x), int(y)) for x, y in (point.split(",") for point in inner.split("L"))]


def test_each_edge_is_worn_its_own_way() -> None:
    worn = HandoutBase.model_validate(
        {"id": "x", "title": "X", "paper": {"edge": {"bottom": "torn", "left": "burnt"}}}
    )
    wear = wear_of(worn)
    assert wear is not None
    images = [image for image, _, _ in wear.layers]
    assert [i for i in images if i.startswith("linear-gradient(to ")] == [
        next(i for i in images if i.startswith("linear-gradient(to right"))
    ]  # one scorch, darkest at the left edge
    outline = _torn_away(next(i for i in images if i.startswith("url(")))
    ys = {y for _, y in outline}
    assert min(ys) == 0 and any(986 <= y < 1000 for y in ys)  # the top straight, the foot bitten
    assert {x for x, _ in outline} >= {0, 1000}  # the sides straight


def test_a_tiled_poster_is_worn_round_the_poster_not_each_tile() -> None:
    pipeline = pipeline_for(load_campaign(SAINT))
    context = pipeline.context("petrovo-poster", "player")
    assert context.wear is None and context.prop_wear is not None  # no tile page is worn
    html = "".join(d.html for d in pipeline.documents("petrovo-poster", "player"))
    assert ".notice { background-image: linear-gradient(to right" in html


def test_a_clipping_is_yellowed_on_a_plain_sheet() -> None:
    context = pipeline_for(load_campaign(SAINT)).context("novo-doba-clipping", "player")
    assert context.wear is None  # the sheet under it is plain
    newsprint = toned(NEWSPRINT, "aged")
    assert newsprint != NEWSPRINT
    outline = base64.b64decode(context.outlines[0].removeprefix("data:image/svg+xml;base64,"))
    assert f'fill="{newsprint}"'.encode() in outline
