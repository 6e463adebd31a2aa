"""The envelope any prop may come in: a page of its own after the prop (not after the GM's
notes), addressed in the prop's hand, else its author's; what it cannot show is a warning."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.build.request import Audience, BuildOptions
from companion.build.targets import build
from companion.campaign.loading import load_campaign
from companion.cli import app
from tests.conftest import HOLLOW_LIGHT, SAINT

CLIPPING = (
    "kind: clipping\ntitle: Cutting\nto: all\nauthor: butler\nheadline: Found\n"
    "text: A body on the pier.\nenvelope:\n  to: [Inspector Dew]\n"
)


def test_a_ransom_note_comes_in_its_envelope_after_it_not_after_the_gms_notes() -> None:
    pipeline = pipeline_for(load_campaign(SAINT))
    context = pipeline.context("threat-ransom", "player")
    assert context.envelope is not None
    assert context.envelope.hand.name == "child" and context.envelope.ink == "pencil"
    prop, notes = pipeline.documents("threat-ransom", "gm")
    assert prop.html.count('<section class="envelope net">') == 1
    assert 'class="envelope' not in notes.html
    assert "Printed flat on the sheet: cut round" in notes.html  # how to make it up


def test_an_envelope_is_addressed_in_the_authors_hand_in_the_players_copy_too(
    mini: Path,
) -> None:
    """The author is GM only: the hand is settled before the players' view leaves it out."""
    butler = mini / "npcs" / "butler.yaml"
    butler.write_text(butler.read_text() + "hand: looping\n")
    (mini / "handouts" / "cutting.yaml").write_text(CLIPPING)
    context = pipeline_for(load_campaign(mini)).context("cutting", "player")
    assert context.envelope is not None and context.envelope.hand.name == "looping"
    assert context.envelope.ink == "blue" and context.envelope.postmark is None


@pytest.mark.parametrize(
    ("envelope", "warned"),
    [("  hand: typewriter\n  ink: red\n", True), ("  hand: neat\n  ink: red\n", False)],
    ids=["typed", "written"],
)
def test_an_ink_on_a_typed_address_is_a_located_warning(
    runner: CliRunner, mini: Path, envelope: str, warned: bool
) -> None:
    (mini / "handouts" / "cutting.yaml").write_text(CLIPPING + envelope)
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 0, result.output
    warning = "cutting.yaml:10:8: `ink: red` is for an address written by hand"
    assert (warning in result.output) == warned, result.output


def test_a_note_in_the_margin_of_any_prop_and_a_place_it_lacks_is_located(
    runner: CliRunner, mini: Path
) -> None:
    clipping = mini / "handouts" / "cutting.yaml"
    clipping.write_text(CLIPPING + "additions:\n  - {text: Who found him?, ink: red}\n")
    pipeline = pipeline_for(load_campaign(mini))
    prop, notes = pipeline.documents("cutting", "gm")
    assert ">Who found him?</p>" in prop.html and "Who found him?" not in notes.html
    clipping.write_text(CLIPPING + "additions:\n  - {text: X, where: over-field, field: A}\n")
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1
    assert "cutting.yaml:10:22: a clipping has no `over-field` to add words at" in result.output
    assert "hint: this kind takes additions at `margin`" in result.output


def test_a_certificate_in_a_registry_sleeve_and_a_worksheet_in_a_tin_label(
    tmp_path: Path,
) -> None:
    """A sleeve (the Hollow Light's, in German) and a tin's label (the Saint's, in Italian):
    laid flat after the prop, each with its own printed words in the prop's language."""
    options = BuildOptions(out_dir=tmp_path, audience=Audience.PLAYER)
    for root, handout_id in ((HOLLOW_LIGHT, "sterbeurkunde"), (SAINT, "gherardini-tally")):
        report = build(load_campaign(root), replace(options, only=(handout_id,)))
        (built,) = report.files
        reader = PdfReader(built.path)
        last = " ".join(reader.pages[-1].extract_text().split())
        size = [round(float(v) * 25.4 / 72) for v in reader.pages[-1].mediabox[2:]]
        if handout_id == "sterbeurkunde":
            assert size == [210, 297]  # a C6 sleeve's net fits A4 upright
            for words in ("Bitte nicht knicken", "Herrn Marlowe", "Königl. Standesamt Swartoog"):
                assert words in last, words
            assert "bend" not in last
        else:
            assert size == [279, 216]  # a tin label lies along the (letter) paper turned
            assert last.count("SARDINE") == 2  # round the tin, front and back
            assert "CONSERVARE IN LUOGO FRESCO E ASCIUTTO" in last and "dry" not in last
    context = pipeline_for(load_campaign(HOLLOW_LIGHT)).context("sterbeurkunde", "gm")
    assert context.envelope is not None and context.envelope.net is not None
    notes = " ".join(str(note.body) for note in context.gm_notes)
    assert "fold the back up behind the front" in notes


@pytest.mark.parametrize(
    ("envelope", "expected"),
    [
        (
            "  style: sleeve\n  to: [X]\n  stamp: 5 DIN\n",
            "a sleeve is not posted: `stamp` is for `style: envelope`; remove it",
        ),
        (
            "  style: tin-label\n  to: [Sardines]\n  hand: child\n",
            "a tin label is printed, at the size of the tin it goes round: `hand` is for an "
            "envelope or a sleeve; remove it",
        ),
    ],
)
def test_what_a_sleeve_or_a_tin_label_cannot_have_is_located(
    runner: CliRunner, mini: Path, envelope: str, expected: str
) -> None:
    (mini / "handouts" / "cutting.yaml").write_text(
        CLIPPING.split("envelope:")[0] + "envelope:\n" + envelope
    )
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1, result.output
    assert f"handouts/cutting.yaml:8:3: `envelope`: {expected}" in result.output


def test_a_sleeve_in_a_language_without_its_words_is_warned_about(
    runner: CliRunner, mini: Path
) -> None:
    (mini / "handouts" / "cutting.yaml").write_text(
        CLIPPING.replace("to: all\n", "to: all\nlanguage: pt\n").replace(
            "envelope:\n", "envelope:\n  style: sleeve\n"
        )
    )
    result = runner.invoke(app, ["validate", str(mini)])
    assert "no `pt` word for its label `sleeve-words`: it prints the English, `Please do not " in (
        result.output
    )
