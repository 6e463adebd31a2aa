"""Print profiles: PDF/X-4 for print shops with a preflight read back from the PDF, PDF/UA for
screens; both as deterministic as the plain PDF."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from companion.build.request import BuildOptions
from companion.build.targets import build as build_campaign
from companion.campaign.loading import load_campaign
from companion.cli import app
from companion.render.layout import TextLine
from companion.render.preflight import _near_trim
from tests.conftest import OZOLA, SAINT


def build(runner: CliRunner, mini: Path, out: str, *options: str) -> str:
    result = runner.invoke(
        app, ["build", str(mini), "--only", "butler-file", "--out", out, *options]
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_shop_profile_writes_pdf_x4_and_a_preflight(
    runner: CliRunner, mini: Path, tmp_path: Path
) -> None:
    output = build(runner, mini, str(tmp_path / "one"), "--profile", "shop", "--bleed", "3")
    pdf = tmp_path / "one" / "mini" / "player" / "file-jeeves-hartley.pdf"
    raw = pdf.read_bytes()
    assert b"<pdfx:GTS_PDFXConformance>PDF/X-4</pdfx:GTS_PDFXConformance>" in raw
    reader = pypdf.PdfReader(pdf)
    assert "/OutputIntents" in reader.trailer["/Root"]
    assert "/StructTreeRoot" not in reader.trailer["/Root"]  # PDF/X-4 keeps no tags
    line = next(
        x for x in output.splitlines() if x.startswith("preflight: player/file-jeeves-hartley")
    )
    assert line.startswith("preflight: player/file-jeeves-hartley.pdf: PDF/X-4; ")
    assert "fonts embedded; TrimBox and BleedBox (with bleed); pictures at " in line
    ppi = int(line.split("pictures at ")[1].split(" ppi")[0])
    assert ppi >= 300
    build(runner, mini, str(tmp_path / "two"), "--profile", "shop", "--bleed", "3")
    assert (tmp_path / "two" / "mini" / "player" / "file-jeeves-hartley.pdf").read_bytes() == raw


def test_screen_profile_writes_tagged_pdf_ua(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    output = build(runner, mini, str(tmp_path), "--profile", "screen")
    pdf = tmp_path / "mini" / "player" / "file-jeeves-hartley.pdf"
    root = pypdf.PdfReader(pdf).trailer["/Root"]
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()
    assert "/StructTreeRoot" in root
    assert "preflight" not in output  # the shop's report is for the shop profile


def test_the_book_claims_pdf_ua_only_with_a_structure_tree(
    runner: CliRunner, mini: Path, tmp_path: Path
) -> None:
    """The book is joined from parts whose structure trees are not merged: untagged, it must
    not say it is PDF/UA (its first part says so for the screen profile)."""
    result = runner.invoke(app, ["book", str(mini), "--profile", "screen", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    root = pypdf.PdfReader(tmp_path / "mini" / "gm" / "book.pdf").trailer["/Root"]
    claims = b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    assert claims == ("/StructTreeRoot" in root)


@pytest.mark.parametrize(
    ("line", "warned"),
    [
        (TextLine(0, 20.0, 25.0, 20.0, 100.0), False),
        (TextLine(0, 1.5, 6.0, 20.0, 100.0), True),
        (TextLine(0, 20.0, 25.0, 20.0, 208.5), True),
        (TextLine(1, 20.0, 295.0, 20.0, 100.0), True),
    ],
)
def test_safe_zone_warns_about_text_near_the_trim(line: TextLine, warned: bool) -> None:
    found = list(_near_trim([line], [(210.0, 297.0), (210.0, 297.0)]))
    assert bool(found) == warned
    if warned:
        assert found[0].startswith(f"page {line.page + 1}: text ")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("folder", "handouts"),
    [
        (OZOLA, ("restaurant-map", "eklund-cards", "tarasov-id", "karl-kgb-file", "meet-me-ru")),
        (SAINT, ("galeb-map", "vidovic-card", "agia-eleni-manifest", "night-fishing-ban")),
    ],
    ids=["ozola", "saint"],
)
def test_screen_profile_passes_the_pdf_ua_checks(
    folder: Path, handouts: tuple[str, ...], tmp_path: Path
) -> None:
    """Every figure has its alternative text (plans in words, photographs, emblems, the paper
    clip), translucent ink stays in tagged content, and no PDF/UA-1 rule the checker
    implements reports an error."""
    from pdfua import Severity, validate

    campaign = load_campaign(folder)
    build_campaign(campaign, BuildOptions(out_dir=tmp_path, only=handouts, profile="screen"))
    pdfs = sorted((tmp_path / campaign.name).rglob("*.pdf"))
    assert len(pdfs) == 2 * len(handouts)
    errors = {
        pdf.name: [f"{f.rule_id}: {f.message}" for f in findings]
        for pdf in pdfs
        if (findings := [f for f in validate(str(pdf)).findings if f.severity == Severity.ERROR])
    }
    assert errors == {}
