"""A handout's stylesheet is parsed once per process: the pages laid out with a kept parse are
the pages a fresh parse gives, byte for byte, and so are those laid out with a parse put
together from the pieces of other texts."""

from __future__ import annotations

from typing import Any

import pytest
import tinycss2.ast
import weasyprint.css

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


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A dossier, a letter and a map of the small campaign, each as the GM's HTML."""
    campaign = load_campaign(ASSETS / "mini")
    pipeline = pipeline_for(campaign, BuildOptions(out_dir=tmp_path_factory.mktemp("out")))
    return {h: pipeline.html(h, "gm") for h in ("butler-file", "letter", "cafe-map")}


def _style(html: str) -> str:
    return html.split("<style>", 1)[1].split("</style>", 1)[0]


def test_a_kept_parse_lays_out_the_same_pages_as_a_fresh_one(
    pages: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    html = pages["butler-file"]
    stylesheets._parsed.clear()
    stylesheets._pieces.clear()
    kept_first = _pdf(html)
    assert len(stylesheets._parsed) == 1  # the page's one <style>, now kept
    assert _pdf(html) == kept_first
    assert len(stylesheets._parsed) == 1
    monkeypatch.setattr(weasyprint.css, "CSS", stylesheets._SharedCSS.original)
    assert _pdf(html) == kept_first  # WeasyPrint's own parse, every time


def test_a_text_seen_first_is_parsed_as_weasyprint_parses_it(pages: dict[str, str]) -> None:
    """Put together from pieces (some kept from the other pages' texts), the parse has the
    same selectors in the same order, with the same declarations from the same lines and
    columns, and the same `@page` rules."""
    stylesheets._parsed.clear()
    stylesheets._pieces.clear()
    one_line = "a { color: red } b { colour: blue } @page { margin: 1mm } i { color: red }"
    for name, text in [*((n, _style(html)) for n, html in pages.items()), ("", one_line)]:
        options = {"string": text, "base_url": "file:///t/", "media_type": "print"}
        fresh = stylesheets._SharedCSS.original(**options)
        pieced = stylesheets._parse(stylesheets._SharedCSS.original, options)
        assert _described(pieced.matcher, pieced.page_rules) == _described(
            fresh.matcher, fresh.page_rules
        ), name
    assert stylesheets._pieces  # the pages' rules were cut and kept


def _described(matcher: Any, page_rules: Any) -> object:
    """A matcher and `@page` rules as plain values, to compare two parses."""
    groups = ("id_selectors", "class_selectors", "lower_local_name_selectors")
    keyed = {g: _plain(getattr(matcher, g)) for g in groups}
    listed = {g: _plain(getattr(matcher, g)) for g in ("lang_attr_selectors", "other_selectors")}
    return keyed, listed, matcher.order, _plain(list(page_rules))


def _plain(value: Any, depth: int = 0) -> Any:
    if callable(value) and not hasattr(value, "__dict__"):
        return "a test"  # a compiled selector's test: its selector is the key beside it
    if isinstance(value, tinycss2.ast.Node):
        return (value.serialize(), value.source_line, value.source_column)
    if isinstance(value, list | tuple):
        return [_plain(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return sorted((str(k), _plain(v, depth + 1)) for k, v in value.items())
    if depth > 12 or isinstance(value, str | int | float | bool | type(None)):
        return value
    if hasattr(value, "__dict__"):
        return type(value).__name__, _plain(vars(value), depth + 1)
    return repr(value)


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("a { color: red }\n@page { @top-left { content: 'x' } }\nb{}", 3),
        # Braces in comments, strings, escapes and plain urls cut nothing.
        ('/* } */ a { content: "}" } b\\{ { c: url(x}.png) } d { e: f }', 3),
        ("@media print { a { b: c } d { e: f } }", 1),
        ("a { b: c", None),  # never closed: left to a parse of the whole
        ("} a { b: c }", None),
    ],
)
def test_a_text_is_cut_after_its_top_level_rules(text: str, pieces: int | None) -> None:
    found = stylesheets.top_level_pieces(text)
    if pieces is None:
        assert found is None
        return
    assert found is not None
    assert len(found) == pieces
    assert "".join(piece for _, _, piece in found) == text
    for line, column, piece in found:
        before = text[: text.index(piece)].split("\n")
        assert (line, column) == (len(before), len(before[-1]) + 1)


def test_a_piece_weasyprint_warns_about_is_heard_by_every_handout() -> None:
    html = (
        "<html><head><style>p { colour: red }\nb { color: blue }</style></head>"
        "<body><p>Hello</p></body></html>"
    )
    stylesheets._parsed.clear()
    stylesheets._pieces.clear()
    for _ in range(2):
        rendered = render_htmls([html], builtin_templates_dir(), ASSETS / "mini")
        assert any("colour" in warning for warning in rendered.warnings)


def test_a_stylesheet_that_registers_fonts_is_parsed_every_time() -> None:
    """`@font-face` reaches the document's fonts, which a kept parse could not replay."""
    html = (
        "<html><head><style>@font-face { font-family: X; src: url(fonts/none.woff2) }"
        "p { color: red }</style></head><body><p>Hello</p></body></html>"
    )
    stylesheets._parsed.clear()
    _pdf(html)
    assert stylesheets._parsed == {}
