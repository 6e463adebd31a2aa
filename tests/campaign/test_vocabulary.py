"""The campaign's own words: statuses, mark kinds and kinds of place, from a genre and from
campaign.yaml; a word outside the set is an error at its line with the set in the hint."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest
from typer.testing import CliRunner

from companion.campaign.genres import GENRES, GenreName, Symbol
from companion.campaign.loading import load_campaign
from companion.cli import app
from companion.plans.drawing import PlanDrawing
from companion.plans.symbols import SYMBOLS

GOTHIC_WORDS = """genre: gothic-horror
statuses:
  - {id: drowned, gone: true, recap: was taken by the sea}
marks:
  - {id: ghost-light, symbol: candle}
location_kinds: [boathouse]
"""


def _gothic(mini: Path) -> Path:
    """The mini campaign told as a gothic tale: its cook starts in hiding."""
    info = mini / "campaign.yaml"
    info.write_text(info.read_text() + GOTHIC_WORDS)
    cook = mini / "npcs" / "cook.yaml"
    cook.write_text(cook.read_text() + "status: in-hiding\n")
    butler = mini / "npcs" / "butler.yaml"
    butler.write_text(butler.read_text().replace("status: active", "status: alive"))
    cafe = mini / "locations" / "cafe.yaml"
    text = cafe.read_text().replace("kind: person", "kind: ghost-light")
    cafe.write_text(text.replace("name: Blue Cup Café\n", "name: Blue Cup Café\nkind: boathouse\n"))
    return mini


def test_every_genre_and_symbol_is_known_to_campaign_yaml() -> None:
    assert list(GENRES) == list(get_args(GenreName))
    assert set(SYMBOLS) == set(get_args(Symbol))
    for words in GENRES.values():
        assert {m["symbol"] for m in words["marks"]} <= set(SYMBOLS)


def test_words_outside_the_set_are_located_with_the_set_in_the_hint(
    runner: CliRunner, mini: Path
) -> None:
    cook = mini / "npcs" / "cook.yaml"
    cook.write_text(cook.read_text() + "status: in-hiding\n")
    cafe = mini / "locations" / "cafe.yaml"
    text = cafe.read_text().replace("kind: person", "kind: persn")
    cafe.write_text(text.replace("name: Blue Cup Café\n", "name: Blue Cup Café\nkind: boathouse\n"))
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1
    lines = [line.split("/mini/", 1)[-1] for line in result.output.splitlines()]
    assert lines == [
        "locations/cafe.yaml:2:7: unknown location kind `boathouse`",
        "    hint: the campaign's kinds of place (genre `spy`, and its own): `office`, "
        "`restaurant`, `embassy`, `flat`, `safe-house`, `hotel`, `station`, `street`, `dacha`, "
        "`airport`, `bar`; add yours under `location_kinds:` in campaign.yaml",
        "locations/cafe.yaml:49:13: unknown mark kind `persn`",
        "    hint: did you mean `person`? the campaign's mark kinds (genre `spy`, and its own): "
        "`person`, `microphone`, `camera`, `exit`, `route`, `sightline`, `note`; add yours "
        "under `marks:` in campaign.yaml",
        "npcs/cook.yaml:4:9: unknown status `in-hiding`",
        "    hint: the campaign's statuses (genre `spy`, and its own): `active`, `missing`, "
        "`burned`, `turned`, `defected`, `dead`; add yours under `statuses:` in campaign.yaml, "
        "or choose a genre that has it: `gothic-horror`",
        "3 problems found.",
    ]


def test_a_genre_and_the_campaigns_own_words(runner: CliRunner, mini: Path) -> None:
    campaign = load_campaign(_gothic(mini))
    words = campaign.info.words()
    assert campaign.status_of(campaign.npcs["cook"]) == "in-hiding"
    assert words.first_status == "alive"
    assert words.statuses["drowned"].gone
    assert words.status("in-hiding").printed == "in hiding"
    assert words.location_kinds["boathouse"].printed == "boathouse"
    plan = campaign.locations["cafe"].floor_plan
    assert plan is not None
    drawn = PlanDrawing(plan, 20.0, grid=False, style="architect", mark_kinds=words.marks)
    assert SYMBOLS["candle"] in drawn.elements()
    assert SYMBOLS["circle"] not in drawn.elements()  # the person mark is a ghost light now


def _say(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_the_recap_speaks_the_campaigns_words_and_announces_only_news(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_gothic(mini))
    _say(runner, "session", "start", "--title", "Fog")
    assert _say(runner, "npc", "status", "cook", "in-hiding") == (
        "`cook` is already in-hiding: the campaign starts them so. Nothing recorded.\n"
    )
    _say(runner, "npc", "status", "butler", "drowned", "--gm")  # the players do not know yet
    _say(runner, "npc", "status", "cook", "mad")
    _say(runner, "session", "end")
    _say(runner, "session", "start", "--title", "Tide")
    _say(runner, "npc", "status", "cook", "in-hiding", "--gm")
    _say(runner, "npc", "status", "cook", "mad")  # the players knew: no news for them
    _say(runner, "npc", "status", "butler", "drowned")  # now they learn it
    _say(runner, "session", "end")
    recap = _say(runner, "recap", "--all")
    fates = [line for line in recap.splitlines() if line.startswith("- ")]
    assert fates == ["- Martha Cole has lost their mind", "- Jeeves Hartley was taken by the sea"]
    assert recap.index("Jeeves Hartley") > recap.index("## Session 2: Tide")
