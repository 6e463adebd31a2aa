"""What maintainers see change: every page of every handout of both test campaigns, rendered
small and grey, compared with reference images kept in tests/pixels/.

A failing page writes `<name>-expected.png`, `-actual.png` and `-diff.png` into
output/pixel-failures/ (see the README). After reviewing a change, `make snapshots` writes the
new references (`pytest --update-pixels tests/visual/test_pixels.py`).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from companion.render.pdf import pdf_to_pngs
from tests.conftest import ROOT

# Every page of both campaigns, rendered: left out of `make test-fast`.
pytestmark = pytest.mark.slow

REFERENCES = ROOT / "tests" / "pixels"
FAILURES = ROOT / "output" / "pixel-failures"
DPI = 24
# A pixel counts as changed when its grey differs by more than this (of 255). Renders of the
# same PDF differ between FreeType and pdfium builds by a few levels at glyph edges; a word,
# a line or a stamp that moves changes pixels by far more.
PIXEL_TOLERANCE = 48
# A page fails when more than this share of its pixels changed: one moved word on an A4 page
# at 24 dpi is about 0.2 %, anti-aliasing noise stays below 0.05 %.
PAGE_TOLERANCE = 0.001


def grey_pages(pdf: Path) -> list[Image.Image]:
    return [Image.open(io.BytesIO(png)).convert("L") for png in pdf_to_pngs(pdf.read_bytes(), DPI)]


def changed_share(expected: Image.Image, actual: Image.Image) -> tuple[float, Image.Image]:
    if expected.size != actual.size:
        return 1.0, actual
    difference = ImageChops.difference(expected, actual)
    changed = sum(difference.point(lambda v: 255 if v > PIXEL_TOLERANCE else 0).histogram()[255:])
    return changed / (actual.width * actual.height), difference


def pages_of(built: Path) -> list[tuple[str, Path]]:
    return [
        (f"{pdf.parent.name}-{pdf.stem}", pdf)
        for pdf in sorted(built.glob("*/*.pdf"))
        if pdf.parent.name in ("gm", "player")
    ]


@pytest.mark.parametrize("built", ["ozola_build", "saint_build"])
def test_pages_look_as_they_did(built: str, request: pytest.FixtureRequest) -> None:
    campaign_dir = request.getfixturevalue(built)
    folder = REFERENCES / campaign_dir.name
    update = bool(request.config.getoption("--update-pixels"))
    failures = []
    seen = set()
    for name, pdf in pages_of(campaign_dir):
        for number, page in enumerate(grey_pages(pdf), start=1):
            reference = folder / f"{name}-p{number}.png"
            seen.add(reference)
            if update:
                reference.parent.mkdir(parents=True, exist_ok=True)
                page.save(reference, optimize=True)
                continue
            if not reference.exists():
                failures.append(f"{reference.name}: no reference image")
                continue
            share, difference = changed_share(Image.open(reference).convert("L"), page)
            if share > PAGE_TOLERANCE:
                failures.append(f"{reference.name}: {share:.2%} of pixels changed")
                _keep_failure(campaign_dir.name, reference, page, difference)
    stale = sorted(p.name for p in folder.glob("*.png") if p not in seen)
    if update:
        for name in stale:
            (folder / name).unlink()
        return
    assert stale == [], "reference images of pages that no longer exist"
    assert failures == [], f"see {FAILURES.relative_to(ROOT)}/"


def _keep_failure(campaign: str, reference: Path, actual: Image.Image, diff: Image.Image) -> None:
    FAILURES.mkdir(parents=True, exist_ok=True)
    stem = f"{campaign}-{reference.stem}"
    Image.open(reference).save(FAILURES / f"{stem}-expected.png")
    actual.save(FAILURES / f"{stem}-actual.png")
    diff.point(lambda v: 255 - min(255, v * 4)).save(FAILURES / f"{stem}-diff.png")


def test_a_moved_word_is_seen() -> None:
    """The tolerances let noise through, not a change a maintainer would want to see."""
    from PIL import ImageDraw

    page = Image.new("L", (199, 281), 255)  # A4 at 24 dpi
    draw = ImageDraw.Draw(page)
    draw.text((40, 60), "Meet me at 8 pm.", fill=0)
    moved = Image.new("L", page.size, 255)
    ImageDraw.Draw(moved).text((40, 64), "Meet me at 8 pm.", fill=0)
    assert changed_share(page, moved)[0] > PAGE_TOLERANCE
    noisy = page.point(lambda v: max(0, v - 20))  # every pixel 20 levels darker
    assert changed_share(page, noisy)[0] == 0
