"""Foundry VTT journals: the shape of the JournalEntry documents Foundry itself exports (a
fixture written from its API documentation for core version 13), a journal per handout whose
pages are the copy's pages and its PDF, shared with the players it is given to; for the GM,
journals for NPCs and places too."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from companion.campaign.models import Campaign
from companion.campaign.player_names import player_facing_title
from tests.export.conftest import (
    TEST_DPI,
    Exported,
    made_again_and_on_disk,
)

FIXTURE = json.loads(
    (Path(__file__).parent / "foundry-v13-journal-entry.json").read_text(encoding="utf-8")
)
FOUNDRY_ID = re.compile(r"[A-Za-z0-9]{16}")


def shape_mismatches(ours: Any, theirs: Any, where: str = "") -> list[str]:
    """Where `ours` differs in shape from `theirs`, a document Foundry exports: a key it never
    writes, or a value of another type (null stands for any type, as Foundry's nullable
    fields allow). Pages are compared with the fixture's page of the same type."""
    if ours is None or theirs is None or where.endswith(".flags"):
        return []
    if isinstance(theirs, dict):
        if not isinstance(ours, dict):
            return [f"{where}: expected an object"]
        found = [f"{where}.{key}: Foundry writes no such key" for key in ours if key not in theirs]
        for key in ours:
            if key in theirs:
                found += shape_mismatches(ours[key], theirs[key], f"{where}.{key}")
        return found
    if isinstance(theirs, list):
        if not isinstance(ours, list):
            return [f"{where}: expected a list"]
        found = []
        for index, item in enumerate(ours):
            model = next(
                (t for t in theirs if isinstance(t, dict) and t.get("type") == item.get("type")),
                None,
            )
            if model is None:
                found.append(f"{where}[{index}]: no such item in a Foundry export")
            else:
                found += shape_mismatches(item, model, f"{where}[{index}]")
        return found
    if type(ours) is not type(theirs) and not (
        isinstance(ours, int | float) and isinstance(theirs, int | float)
    ):
        return [f"{where}: {type(ours).__name__}, Foundry writes {type(theirs).__name__}"]
    return []


def _journals(folder: Path) -> dict[str, dict[str, Any]]:
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((folder / "journals").glob("*.json"))
    }


def test_the_shape_check_sees_what_foundry_would_not_read() -> None:
    page = dict(FIXTURE["pages"][0], sort="first", colour="red")
    entry = dict(FIXTURE, pages=[page])
    assert shape_mismatches(entry, FIXTURE) == [
        ".pages[0].colour: Foundry writes no such key",
        ".pages[0].sort: str, Foundry writes int",
    ]


@pytest.mark.parametrize(
    ("campaign", "audience"),
    [("ozola", "player"), ("ozola", "gm"), ("saint-of-the-nets", "player")],
)
def test_every_journal_has_the_shape_foundry_exports(
    exported: Exported, campaign: str, audience: str
) -> None:
    journals = _journals(exported(campaign, "foundry", audience))
    assert journals
    for name, entry in journals.items():
        assert shape_mismatches(entry, FIXTURE) == [], name
        assert entry["_stats"]["coreVersion"] == "13.350"
        ids = [page["_id"] for page in entry["pages"]]
        assert all(FOUNDRY_ID.fullmatch(i) for i in ids) and len(set(ids)) == len(ids), name


def test_a_handout_is_a_journal_of_its_pages_and_its_pdf(
    exported: Exported, campaigns: dict[str, Campaign]
) -> None:
    """One journal per handout, named as the players may read it; an image page per page of
    the copy, then the PDF; every file a page shows is in the data folder."""
    ozola = campaigns["ozola"]
    folder = exported("ozola", "foundry", "player")
    journals = _journals(folder)
    handout_journals = [
        e for n, e in journals.items() if n.startswith("fvtt-JournalEntry-handout-")
    ]
    assert sorted(e["name"] for e in handout_journals) == sorted(
        player_facing_title(ozola, h) for h in ozola.handouts.values()
    )
    for entry in handout_journals:
        *pictures, pdf = entry["pages"]
        assert pictures and {p["type"] for p in pictures} == {"image"} and pdf["type"] == "pdf"
        for page in entry["pages"]:
            assert (folder / "data" / page["src"]).is_file(), page["src"]
        first = Image.open(folder / "data" / pictures[0]["src"])
        assert (
            first.info.get("dpi", (TEST_DPI,))[0] == pytest.approx(TEST_DPI, abs=1)
            or first.width > 0
        )
    assert not [
        n
        for n in journals
        if n.startswith(("fvtt-JournalEntry-npc-", "fvtt-JournalEntry-location-"))
    ]


def test_each_handout_is_shared_with_the_players_it_is_given_to(
    exported: Exported, campaigns: dict[str, Campaign]
) -> None:
    ozola = campaigns["ozola"]
    names = {player.id: player.name for player in ozola.info.players}
    journals = _journals(exported("ozola", "foundry", "player"))
    expected = sorted(
        ("all" if h.to == "all" else sorted(names[p] for p in h.to)).__repr__()
        for h in ozola.handouts.values()
    )
    found = sorted(
        (lambda players: "all" if players == "all" else sorted(players))(
            e["flags"]["companion"]["players"]
        ).__repr__()
        for n, e in journals.items()
        if n.startswith("fvtt-JournalEntry-handout-")
    )
    assert found == expected
    assert (exported("ozola", "foundry", "player") / "companion-ownership.js").is_file()


def test_the_gm_has_a_journal_per_npc_and_place_with_its_secrets(
    exported: Exported, campaigns: dict[str, Campaign]
) -> None:
    ozola = campaigns["ozola"]
    journals = _journals(exported("ozola", "foundry", "gm"))
    npcs = {e["name"]: e for n, e in journals.items() if n.startswith("fvtt-JournalEntry-npc-")}
    places = [e for n, e in journals.items() if n.startswith("fvtt-JournalEntry-location-")]
    assert sorted(npcs) == sorted(npc.name for npc in ozola.npcs.values())
    assert len(places) == len(ozola.locations)
    natalia = ozola.npcs["natalia"]
    assert natalia.secret
    content = npcs[natalia.name]["pages"][0]["text"]["content"]
    assert "<h2>The truth</h2>" in content


def test_the_journals_are_the_same_bytes_twice(
    exported: Exported, campaigns: dict[str, Campaign]
) -> None:
    """Made again from the same campaign and copies, the export is the one on disk, byte for
    byte."""
    again, on_disk = made_again_and_on_disk(exported, campaigns["saint-of-the-nets"], "foundry")
    assert again == on_disk
    assert any(name.endswith(".pdf") for name in again)
