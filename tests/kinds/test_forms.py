"""Official forms: printed labels in the form's language, filled in by hand, stamped."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.build.request import BuildOptions
from companion.build.targets import build
from companion.campaign.loading import load_campaign
from companion.cli import app
from companion.kinds.form import FormContext
from tests.conftest import SAINT, copy_file
from tests.pdftext import pdf_text


def _form(root: Path, handout_id: str, audience: str = "player") -> FormContext:
    context = pipeline_for(load_campaign(root)).context(handout_id, audience)
    assert isinstance(context, FormContext)
    return context


def test_a_greek_manifest_filled_in_by_the_captain_and_stamped(tmp_path: Path) -> None:
    build(load_campaign(SAINT), BuildOptions(only=("agia-eleni-manifest",), out_dir=tmp_path))
    name = copy_file("player", "agia-eleni-manifest", "saint-of-the-nets")
    text = pdf_text(tmp_path / "saint-of-the-nets" / "player" / name)
    for words in ("ΔΗΛΩΤΙΚΟΝ ΦΟΡΤΙΟΥ", "Αγία Ελένη", "160 κιβ.", "9.600", "Γ. Καραγιάννης"):
        assert words in text, words
    assert "BR. 47/1926" in text.upper()
    assert "What it proves" not in text
    # Gherardini's additions in black pencil: a line written in, a note at the foot
    for words in ("60 casse", "sbarcate a S. Pietro", "Rimangono 100 casse"):
        assert words in text, words
    context = _form(SAINT, "agia-eleni-manifest")
    assert context.hand.name == "hurried"  # the captain's own hand
    assert context.printed_in == "79 58 134"  # the form printed in violet
    added = context.rows[4]  # the first blank ruled line, after line 4
    assert added.added is not None and not added.squeezed
    assert added.added.ink == "pencil" and added.cells[0] == "60\u00a0casse"  # kept together
    assert len(context.rows) == 6 and context.rows[5].cells == ("", "", "")  # still blank
    assert context.stamps[0].colour == "79 58 134"  # violet


def test_an_addition_over_a_box_and_one_squeezed_between_filled_lines(mini: Path) -> None:
    (mini / "handouts" / "report.yaml").write_text(
        "kind: form\ntitle: Report\nform_title: Report\n"
        "fields:\n  - {label: Name, text: J. Smith}\n"
        "table:\n  columns: [Item, Kg]\n  rows: [[Rope, 5], [Oil, 9]]\n"
        "additions:\n"
        "  - {text: alias Smit, where: over-field, field: Name, ink: red, hand: neat}\n"
        "  - {text: [Nets, 2], where: after-line, line: 1}\n"
    )
    pipeline = pipeline_for(load_campaign(mini))
    context = pipeline.context("report", "player")
    assert isinstance(context, FormContext)
    (box,) = context.boxes
    assert [words.text for words in box.added] == ["alias Smit"]
    lines = [(line.cells, line.squeezed) for line in context.rows[:3]]
    assert lines == [(("Rope", "5"), False), (("Nets", "2"), True), (("Oil", "9"), False)]
    html = "".join(d.html for d in pipeline.documents("report", "player"))
    assert ">alias Smit</span>" in html and 'class="added-line squeezed"' in html


def test_an_organisations_form_with_a_field_hidden_from_players(mini: Path) -> None:
    (mini / "handouts" / "report.yaml").write_text(
        "kind: form\ntitle: Report\nto: all\norganisation: met-police-1920s\n"
        "form_title: Report of a sudden death\nhand: typewriter\nfields:\n"
        "  - {label: Name of deceased, text: Lord Ashby}\n"
        "  - {label: Informant, text: The butler, redacted: true, width: half}\n"
        "  - {label: Remarks, lines: 3}\n"
    )
    player = _form(mini, "report")
    assert player.issuer[0] == "Metropolitan Police"
    assert [box.bar is not None for box in player.boxes] == [False, True, False]
    assert "butler" not in str(player).lower()
    assert _form(mini, "report", "gm").boxes[1].text == "The butler"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "table:\n  columns: [A, B]\n  rows:\n    - [1, 2, 3]\n",
            ("report.yaml:5:", "row 1 has 3 entries for 2 columns"),
        ),
        ("stamps:\n  - text: ''\n", ("report.yaml:5:", "hint: write the words")),
        ("fields:\n  - {label: X, redacted: true}\n", ("report.yaml:5:", "give `text:`")),
        ("organisation: yard\n", ("report.yaml:3:", "unknown organisation `yard`")),
        (
            "fields:\n  - {label: Name}\n"
            "additions:\n  - {text: X, where: over-field, field: Nmae}\n",
            ("report.yaml:7:", "no box labelled `Nmae`", "did you mean `Name`?"),
        ),
        (
            "additions:\n  - {text: X, where: after-line, line: 3}\n",
            ("report.yaml:5:", "after line 3, and the form has no ruled lines", "add a `table:`"),
        ),
        (
            "additions:\n  - {text: X, where: after-line}\n",
            ("report.yaml:5:", "`where: after-line` says after which line: give `line:`"),
        ),
    ],
    ids=[
        "row too long",
        "stamp without words",
        "hidden blank",
        "unknown organisation",
        "addition over an unknown box",
        "addition after a line the form lacks",
        "addition after no line",
    ],
)
def test_bad_forms_are_located(
    runner: CliRunner, mini: Path, body: str, expected: tuple[str, ...]
) -> None:
    (mini / "handouts" / "report.yaml").write_text(
        "kind: form\ntitle: Report\n" + body + "form_title: Report\n"
        if body.startswith("organisation")
        else "kind: form\ntitle: Report\nform_title: Report\n" + body
    )
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1, result.output
    for words in expected:
        assert words in result.output, result.output


def test_a_form_redacted_with_a_marker_draws_a_stroke(mini: Path) -> None:

    form = (
        "kind: form\ntitle: Report\nform_title: Report\nredaction: marker\n"
        "fields:\n  - {label: Informant, text: The butler, redacted: true}\n"
    )
    (mini / "handouts" / "report.yaml").write_text(form)
    context = pipeline_for(load_campaign(mini)).context("report", "player")
    assert isinstance(context, FormContext)
    (box,) = context.boxes
    assert box.bar is not None and box.bar.stroke and box.text != "The butler"
