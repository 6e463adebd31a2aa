"""A prop's text keeps a line that starts with a number and a full stop as written (a date in
the German or Croatian way, a year, a numbered point): no numbered list is made of it."""

from __future__ import annotations

import pytest

from companion.build.pipeline import pipeline_for
from companion.campaign.loading import load_campaign
from companion.render.markup import markdown_html, prop_html
from tests.conftest import HOLLOW_LIGHT


@pytest.mark.parametrize(
    ("language", "text", "lines"),
    [
        ("de", "17. Nov. 1893. Wind SW 3, klar.", ["17. Nov. 1893. Wind SW 3, klar."]),
        ("hr", "29. lipnja 1926.\n\n1927. godine", ["29. lipnja 1926.", "1927. godine"]),
        ("ru", "Приходи один.\n1) без оружия\n2) без друзей", ["Приходи один.", "1) без оружия"]),
        ("pl", "  3. maja 1791 r.", ["3. maja 1791 r."]),
    ],
)
def test_numbered_lines_stay_as_written(language: str, text: str, lines: list[str]) -> None:
    html = str(prop_html(text, keep_line_breaks=True, language=language))
    assert "<ol" not in html and "<li" not in html
    for line in lines:  # the typography's no-break spaces read as spaces
        assert f">{line}" in html.replace("\u00a0", " ").replace("<br />\n", ">"), line


def test_only_props_keep_them_lists_elsewhere_and_escapes_stay() -> None:
    assert "<ol" in str(markdown_html("1. Ask the keeper\n2. Ring the bell"))
    assert "<ul>" in str(prop_html("- salt\n- a bell"))  # a list with dashes is a list
    assert str(prop_html("17\\. Nov.")) == "<p>17. Nov.</p>\n"  # written the old way


def test_the_keepers_log_prints_its_dates_at_the_start_of_its_lines() -> None:
    (document,) = pipeline_for(load_campaign(HOLLOW_LIGHT)).documents("keepers-log", "player")
    html = document.html.replace("\u00a0", " ")
    assert "<ol" not in html
    assert "<p>17. Nov. Wind SW 3" in html and "<p>18. Nov. Wind SW 2" in html
