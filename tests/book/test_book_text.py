"""The GM's book's words: everything the GM wrote, and what the book writes around it, is
Markdown rendered, never Markdown printed as typed; a title made from an id reads as people
write it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from companion.book.gm_book import BookFacts, book_context
from companion.book.titles import clue_title
from companion.campaign.loading import load_campaign
from companion.campaign.models import Clue
from companion.record.facts import PlayState
from tests.book.pages import folded
from tests.conftest import OZOLA, SAINT
from tests.pdftext import pdf_text

NOTHING_YET = BookFacts(PlayState.nothing_yet(), 0)


@pytest.mark.parametrize("source", [OZOLA, SAINT], ids=["ozola", "saint"])
def test_no_markdown_prints_as_typed(source: Path, request: pytest.FixtureRequest) -> None:
    book = request.getfixturevalue("ozola_book" if source == OZOLA else "saint_book")
    text = pdf_text(book)
    assert "`" not in text
    assert "**" not in text


def test_a_mark_of_a_plan_is_set_as_code() -> None:
    """ "Table seven vase (mark `vase-mic`)": the mark's name in code, not in backticks."""
    context = book_context(load_campaign(OZOLA), NOTHING_YET)
    restaurant = next(page for page in context.locations if page.anchor.endswith("restaurant"))
    assert "Table seven vase (mark <code>vase-mic</code>)" in restaurant.clues
    vase = next(line for line in context.clues if line.anchor == "clue-table-seven-vase")
    assert "mark <code>vase-mic</code>" in dict(vase.details)["Where"]


def test_a_check_names_its_ids_in_code(mini: Path) -> None:
    path = mini / "clues.yaml"
    data = yaml.safe_load(path.read_text())
    data["scenes"] = [
        {"id": "arrival", "title": "Arrival", "start": True, "leads_to": ["dinner"]},
        {"id": "dinner", "title": "Dinner"},
    ]
    path.write_text(yaml.safe_dump(data))
    checks = book_context(load_campaign(mini), NOTHING_YET).checks
    messages = [check.message.replace("\u00a0", " ") for check in checks]
    assert "scene <code>dinner</code> has 1 lead in" in messages


def test_a_title_made_from_an_id_is_written_as_people_write_it() -> None:
    """A clue has no title but its id: its words take the capitals its own text gives
    them, a month or a name; the first word of a name of several only with the rest."""
    july = Clue(id="questions-since-july", text="Frightened: since July they ask about him.")
    assert clue_title(july) == "Questions since July"
    saint = Clue(id="letter-saint", text='Hidden "in a tin under Saint Peter".')
    assert clue_title(saint) == "Letter saint"
    peter = Clue(id="under-saint-peter", text="Hidden under Saint Peter, in the stone.")
    assert clue_title(peter) == "Under Saint Peter"
    alone = Clue(id="go-alone", text="Alone. He must go alone, she says.")
    assert clue_title(alone) == "Go alone"
    kgb = Clue(id="kgb-knew", text="By then the KGB knew who he was.")
    assert clue_title(kgb) == "KGB knew"


def test_the_book_writes_a_clue_title_as_its_text_does(ozola_book: Path) -> None:
    text = folded(pdf_text(ozola_book))
    assert "Questions since July" in text
    assert "Questions since july" not in text
