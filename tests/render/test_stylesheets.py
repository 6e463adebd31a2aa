"""A handout's stylesheet is parsed once per process: the pages laid out with a kept parse are
the pages a fresh parse gives, byte for byte."""

from __future__ import annotations

from pathlib import Path

from companion.build.pipeline import pipeline_for
from companion.build.request import BuildOptions
from companion.campaign.loading import load_campaign
from companion.render import stylesheets
from companion.render.pdf import render_htmls, write_rendered
from companion.resources import builtin_templates_dir
from tests.conftest import ASSETS


def _pdf(html: str) -> bytes:
    rendered = render_htmls([html], builtin_templates_dir(), ASSETS / "mini")
    return write_rendered([rendered])[0]


def test_a_kept_parse_lays_out_the_same_pages_as_a_fresh_one(tmp_path: Path) -> None:
    campaign = load_campaign(ASSETS / "mini")
    pipeline = pipeline_for(campaign, BuildOptions(out_dir=tmp_path))
    html = pipeline.html("butler-file", "gm")
    stylesheets._parsed.clear()
    fresh = _pdf(html)
    assert len(stylesheets._parsed) == 1  # the page's one <style>, now kept
    assert _pdf(html) == fresh
    assert len(stylesheets._parsed) == 1


def test_a_stylesheet_that_registers_fonts_is_parsed_every_time() -> None:
    """`@font-face` reaches the document's fonts, which a kept parse could not replay."""
    html = (
        "<html><head><style>@font-face { font-family: X; src: url(fonts/none.woff2) }"
        "p { color: red }</style></head><body><p>Hello</p></body></html>"
    )
    stylesheets._parsed.clear()
    _pdf(html)
    assert stylesheets._parsed == {}
