"""The envelope any prop may come in: a page of its own after the prop (not after the GM's
notes), addressed in the prop's hand, else its author's; what it cannot show is a warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.campaign.loading import load_campaign
from companion.cli import app
from tests.conftest import SAINT

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
