"""The Obsidian vault read back: every note's front matter parses as YAML, every wiki link
(in a note or its properties) finds its note or attachment, and the GM's vault links each clue
to the conclusions it points to, so that Obsidian's graph draws the clue web."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from companion.campaign.models import Campaign
from tests.export.conftest import (
    Exported,
    made_again_and_on_disk,
)

WIKI_LINK = re.compile(r"!?\[\[([^\]|#]+)(?:\|[^\]]*)?\]\]")


def read_note(path: Path) -> tuple[dict[str, Any], str]:
    """A note's properties (its YAML front matter) and its body."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    front, body = text[4:].split("\n---\n", 1)
    properties = yaml.safe_load(front)
    assert isinstance(properties, dict), path
    return properties, body


def notes(vault: Path) -> dict[str, tuple[dict[str, Any], str]]:
    return {
        p.relative_to(vault).with_suffix("").as_posix(): read_note(p) for p in vault.rglob("*.md")
    }


def links(properties: dict[str, Any], body: str) -> list[str]:
    """The notes and attachments a note links to, from its properties and its body."""
    values = [
        v for value in properties.values() for v in (value if isinstance(value, list) else [value])
    ]
    return WIKI_LINK.findall(" ".join([*(str(v) for v in values), body]))


@pytest.mark.parametrize(
    ("campaign", "audience"),
    [
        ("ozola", "player"),
        ("ozola", "gm"),
        ("saint-of-the-nets", "player"),
        ("saint-of-the-nets", "gm"),
    ],
)
def test_every_link_of_the_vault_finds_its_note(
    exported: Exported, campaign: str, audience: str
) -> None:
    vault = exported(campaign, "obsidian", audience)
    read = notes(vault)
    assert read
    unresolved = {
        (name, target)
        for name, (properties, body) in read.items()
        for target in links(properties, body)
        if target not in read and not (vault / target).is_file()
    }
    assert unresolved == set()


def test_the_gm_vault_draws_the_clue_web(
    exported: Exported, campaigns: dict[str, Campaign]
) -> None:
    """Each clue links to the conclusions it points to and the scenes it leads to; each
    conclusion to the clues that support it."""
    ozola = campaigns["ozola"]
    read = notes(exported("ozola", "obsidian", "gm"))
    kinds = {properties["type"] for properties, _ in read.values()}
    assert kinds == {
        "campaign",
        "player",
        "npc",
        "location",
        "handout",
        "scene",
        "clue",
        "conclusion",
    }

    def linked(name: str, kind: str) -> set[str]:
        """The titles of the notes of one type that a note links to."""
        targets = [read[t][0] for t in links(*read[name]) if t in read]
        return {p["title"] for p in targets if p["type"] == kind}

    conclusions = {c.id: c.title for c in ozola.clue_book.conclusions}
    scenes = {s.id: s.title for s in ozola.clue_book.scenes}
    supporting: dict[str, set[str]] = {}
    for clue in ozola.clue_book.clues:
        assert linked(f"Clues/{clue.id}", "conclusion") == {conclusions[c] for c in clue.points_to}
        assert linked(f"Clues/{clue.id}", "scene") >= {scenes[s] for s in clue.leads_to}
        for conclusion in clue.points_to:
            supporting.setdefault(conclusions[conclusion], set()).add(clue.id)
    for name, (properties, _) in read.items():
        if properties["type"] == "conclusion":
            assert linked(name, "clue") == supporting.get(properties["title"], set())


def test_the_players_vault_has_no_note_of_the_gms(
    exported: Exported, campaigns: dict[str, Campaign]
) -> None:
    """No scene, clue or conclusion (the clue book is the GM's); a handout is its player copy,
    embedded, under the name the players may read."""
    read = notes(exported("ozola", "obsidian", "player"))
    kinds = {properties["type"] for properties, _ in read.values()}
    assert kinds == {"campaign", "player", "npc", "location", "handout"}
    handouts = [(p, b) for p, b in read.values() if p["type"] == "handout"]
    assert len(handouts) == len(campaigns["ozola"].handouts)
    assert all(
        re.search(r"!\[\[attachments/handouts/[^\]]+\.pdf\]\]", body) for _, body in handouts
    )
    assert not any("reveal" in p or "author" in p for p, _ in handouts)


def test_the_vault_is_the_same_bytes_twice(
    exported: Exported, campaigns: dict[str, Campaign]
) -> None:
    """Made again from the same campaign and copies, the export is the one on disk, byte for
    byte."""
    again, on_disk = made_again_and_on_disk(exported, campaigns["saint-of-the-nets"], "obsidian")
    assert again == on_disk
    assert any(name.endswith(".pdf") for name in again)
