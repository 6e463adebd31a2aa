"""Words added after a line of a note's or a letter's text (`where: after-line`): written in
between the writer's lines, in their own hand and ink; a line the text has not got is an
error at its line, with the text's count of lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.campaign.loading import load_campaign
from companion.cli import app
from tests.conftest import HOLLOW_LIGHT

LETTER = """kind: letter
title: A letter
to: all
hand: typewriter
text: |
  Dear Sir,

  The ledger is in the mill.
  Come alone.
additions:
  - {text: "He lies. -- M.", where: after-line, line: 2, hand: hurried, ink: red}
  - {text: Burn this, where: after-line, line: 0, ink: pencil}
"""


def _between(html: str, first: str, second: str) -> str:
    return html.split(first, 1)[1].split(second, 1)[0]


def test_a_typed_letter_takes_words_after_its_lines_in_their_own_hand(mini: Path) -> None:
    (mini / "handouts" / "typed.yaml").write_text(LETTER)
    (document,) = pipeline_for(load_campaign(mini)).documents("typed", "player")
    body = document.html.split('<div class="body">', 1)[1].split("</div>", 1)[0]
    words = " ".join(re.sub(r"<[^>]+>", "", body).split())  # typed letter by letter
    assert words == "Burn this Dear Sir, The ledger is in the mill. He lies. -- M. Come alone."
    pencil, red = re.findall(r'<span class="added-after" style=\'([^\']*)\'>([^<]*)<', body)
    assert pencil[1] == "Burn this" and "rgb(77 77 77" in pencil[0]
    assert red[1] == "He lies. -- M." and "rgb(138 28 28" in red[0]
    assert "Mansalva" in red[0]  # the hurried hand, not the typewriter's face


def test_the_keepers_log_has_the_pastors_pencil_under_its_midnight_line() -> None:
    (document,) = pipeline_for(load_campaign(HOLLOW_LIGHT)).documents("keepers-log", "player")
    html = document.html.replace("\u00a0", " ")
    written_in = _between(html, "auf den Dünen.", "18. Nov.")
    assert 'class="added-after"' in written_in and "Herr, gib ihr Ruhe." in written_in


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("note", "after line 4, and the text has 3 lines"),
        ("letter", "after line 4, and the text has 3 lines"),
    ],
)
def test_a_line_the_text_has_not_got_is_located(
    runner: CliRunner, mini: Path, kind: str, expected: str
) -> None:
    (mini / "handouts" / "added.yaml").write_text(
        f"kind: {kind}\ntitle: Added\nto: all\ntext: |\n  One\n\n  Two\n  Three\n"
        "additions:\n  - text: X\n    where: after-line\n    line: 4\n"
    )
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1, result.output
    assert f"handouts/added.yaml:12:11: {expected}" in result.output
    assert "hint: give a line from 0 to 3 (blank lines are not counted)" in result.output


def test_a_clipping_still_takes_no_after_line(runner: CliRunner, mini: Path) -> None:
    (mini / "handouts" / "cut.yaml").write_text(
        "kind: clipping\ntitle: Cut\nto: all\nmasthead: The Times\nheadline: News\n"
        "text: Words.\nadditions:\n  - {text: X, where: after-line, line: 1}\n"
    )
    result = runner.invoke(app, ["validate", str(mini)])
    assert "a clipping has no `after-line` to add words at" in result.output
