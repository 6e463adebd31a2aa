"""Print options: paper sizes, PNG and HTML output, parallel builds, failures kept apart."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pypdf
import pytest
from PIL import Image
from typer.testing import CliRunner

from companion.build.request import BuildOptions
from companion.build.targets import build
from companion.campaign.loading import load_campaign
from companion.cli import app
from tests.conftest import copy_file

A4_POINTS = (595.28, 841.89)
LETTER_POINTS = (612.0, 792.0)


def _page_size(pdf: Path, index: int = 0) -> tuple[float, float]:
    box = pypdf.PdfReader(pdf).pages[index].mediabox
    return float(box.width), float(box.height)


@pytest.mark.parametrize(("paper", "points"), [("a4", A4_POINTS), ("letter", LETTER_POINTS)])
def test_page_sized_handouts_follow_the_paper(
    paper: str, points: tuple[float, float], mini: Path, tmp_path: Path
) -> None:
    options = BuildOptions(only=("butler-file",), out_dir=tmp_path, paper=paper)  # type: ignore[arg-type]
    build(load_campaign(mini), options)
    for audience in ("gm", "player"):
        width, height = _page_size(
            tmp_path / "mini" / audience / copy_file(audience, "butler-file")
        )
        assert (width, height) == pytest.approx(points, abs=0.05)


def test_png_pages_match_the_dpi(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    arguments = ["build", str(mini), "--only", "letter", "--format", "png", "--dpi", "100"]
    result = runner.invoke(app, [*arguments, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    player = tmp_path / "mini" / "player" / "a-folded-letter-p1.png"
    # An A6 note: 105 x 148 mm at 100 dpi, give or take the rounding of the last pixel.
    width, height = Image.open(player).size
    assert abs(width - 105 / 25.4 * 100) < 1 and abs(height - 148 / 25.4 * 100) < 1
    gm_pages = sorted((tmp_path / "mini" / "gm").glob("letter-p*.png"))
    assert [p.name for p in gm_pages] == ["letter-p1.png", "letter-p2.png"]


def test_html_output_for_template_work(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    arguments = ["build", str(mini), "--only", "letter", "--format", "html"]
    result = runner.invoke(app, [*arguments, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "mini" / "player" / "a-folded-letter.html").read_text()
    assert "<base href=" in html and "Midnight, by the old mill." in html
    assert "ambush" not in html


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*.pdf"))
    }


@pytest.mark.slow
def test_parallel_build_gives_the_same_bytes(mini: Path, tmp_path: Path) -> None:
    campaign = load_campaign(mini)
    build(campaign, BuildOptions(out_dir=tmp_path / "one"))
    report = build(campaign, BuildOptions(out_dir=tmp_path / "two", jobs=2))
    assert [f.what for f in report.files] == sorted(f.what for f in report.files)
    assert _digests(tmp_path / "one") == _digests(tmp_path / "two")


def test_a_failing_handout_does_not_stop_the_others(
    runner: CliRunner, mini: Path, tmp_path: Path
) -> None:
    (mini / "templates").mkdir()
    (mini / "templates" / "dossier.html.j2").write_text("{{ no_such_value }}\n")
    result = runner.invoke(app, ["build", str(mini), "--out", str(tmp_path)])
    assert result.exit_code == 1
    written = sorted(p.name for p in (tmp_path / "mini" / "player").iterdir())
    assert written == ["a-folded-letter.pdf", "plan-blue-cup-café.pdf"]
    assert "butler-file failed:" in result.output
    assert "no_such_value" in result.output


def test_packet_pages_keep_their_own_sizes(mini: Path, tmp_path: Path) -> None:
    from companion.build.targets import Packet, Packets

    packets = Packets((Packet("pat", ("letter", "butler-file")),))
    build(load_campaign(mini), BuildOptions(out_dir=tmp_path), target=packets)
    packet = tmp_path / "mini" / "players" / "pat" / "packet.pdf"
    assert _page_size(packet, 0) == pytest.approx((297.64, 419.53), abs=0.05)  # A6 note
    assert _page_size(packet, 1) == pytest.approx(A4_POINTS, abs=0.05)
    assert io.BytesIO(packet.read_bytes()).getbuffer().nbytes > 0


def test_bleed_sets_trim_and_bleed_boxes(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    arguments = ["build", str(mini), "--only", "butler-file", "--bleed", "3"]
    result = runner.invoke(app, [*arguments, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    page = pypdf.PdfReader(tmp_path / "mini" / "player" / "file-jeeves-hartley.pdf").pages[0]
    bleed = 3 * 72 / 25.4
    trim, outer = page.trimbox, page.bleedbox
    assert float(trim.width) == pytest.approx(A4_POINTS[0], abs=0.05)
    for inner_edge, outer_edge in zip(
        (trim.left, trim.bottom), (outer.left, outer.bottom), strict=True
    ):
        assert float(inner_edge) - float(outer_edge) == pytest.approx(bleed, abs=0.05)
    assert float(outer.width) - float(trim.width) == pytest.approx(2 * bleed, abs=0.05)


def test_a_copy_with_a_bleed_is_the_same_after_the_gm_copy(
    runner: CliRunner, mini: Path, tmp_path: Path
) -> None:
    """The players' copy reuses the GM copy's pages, already written once: WeasyPrint paints
    a page's crop marks by adding them to it, so they were painted twice, darker."""
    arguments = ["build", str(mini), "--only", "letter", "--bleed", "3"]
    both, alone = tmp_path / "both", tmp_path / "alone"
    assert runner.invoke(app, [*arguments, "--out", str(both)]).exit_code == 0
    player = ["--audience", "player", "--out", str(alone)]
    assert runner.invoke(app, [*arguments, *player]).exit_code == 0
    (copy,) = (alone / "mini" / "player").glob("*.pdf")
    copy = copy.relative_to(alone)
    assert (both / copy).read_bytes() == (alone / copy).read_bytes()


def test_pdfs_are_tagged_for_screen_readers(mini: Path, tmp_path: Path) -> None:
    build(load_campaign(mini), BuildOptions(only=("letter",), out_dir=tmp_path))
    root = pypdf.PdfReader(tmp_path / "mini" / "player" / "a-folded-letter.pdf").trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
