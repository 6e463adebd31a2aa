"""The revelation lists: each conclusion with every clue that supports it, where the clue is,
and a box ticked when the record of play says it was found."""

from __future__ import annotations

from pathlib import Path

import yaml

from companion.book.revelations import revelation_lists
from companion.book.titles import clue_title
from companion.campaign.loading import load_campaign
from companion.campaign.models import Clue
from companion.record.facts import PlayState
from tests.book.pages import folded
from tests.conftest import OZOLA, ozola_with_an_unsupported_conclusion
from tests.pdftext import page_texts


def revelation_text(book: Path) -> str:
    """The text of the pages the revelation lists stand on."""
    texts = page_texts(book)
    first = next(i for i, text in enumerate(texts) if "Revelation lists" in text)
    return folded("\n".join(texts[first : first + 2]))


def ozola_clues_yaml() -> dict[str, list[dict[str, object]]]:
    loaded: dict[str, list[dict[str, object]]] = yaml.safe_load(
        (OZOLA / "clues.yaml").read_text(encoding="utf-8")
    )
    return loaded


def test_every_conclusion_lists_every_clue_that_points_to_it(ozola_book: Path) -> None:
    raw = ozola_clues_yaml()
    text = revelation_text(ozola_book)
    lists = {
        r.conclusion: r for r in revelation_lists(load_campaign(OZOLA), PlayState.nothing_yet())
    }
    for conclusion in raw["conclusions"]:
        pointing = [
            clue_title(Clue.model_validate(clue))
            for clue in raw["clues"]
            if conclusion["id"] in clue.get("points_to", [])  # type: ignore[operator]
        ]
        title = str(conclusion["title"])
        assert title in text
        assert [line.clue for line in lists[title].lines] == pointing
        assert all(clue in text for clue in pointing)
    # Before play nothing is found, and each clue says where it is.
    assert "found in session" not in text
    assert "Unsigned note: handout “The note on Karl's desk”" in text


def test_a_conclusion_no_clue_supports_says_so(tmp_path: Path) -> None:
    campaign_dir = ozola_with_an_unsupported_conclusion(tmp_path)
    lists = revelation_lists(load_campaign(campaign_dir), PlayState.nothing_yet())
    assert lists[-1].conclusion == "Nobody knows" and lists[-1].lines == ()


def test_a_found_clue_is_ticked_with_who_found_it_and_when(ozola_clue_found_book: Path) -> None:
    text = revelation_text(ozola_clue_found_book)
    line = "Unsigned note: handout “The note on Karl's desk” found in session 1 by Anna"
    assert line in text
    assert text.count("found in session") == 1
    assert "Nobody knows" in text
    assert "No clue supports this conclusion yet" in text
