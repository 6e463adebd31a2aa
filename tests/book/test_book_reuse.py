"""The GM's book draws its props from the GM copies `companion build` wrote, when the build's
cache finds them up to date, and makes them itself otherwise: the same bytes either way."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from typer.testing import CliRunner

from companion.build import gm_copy
from companion.build.pipeline import Pipeline
from companion.cli import app
from companion.render.folios import FolioPlace
from tests.book.pages import folded
from tests.pdftext import pdf_text


def made_copies(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The GM copies laid out from now on (in this process: the book's `--jobs 1`)."""
    made: list[str] = []
    make = gm_copy.made_gm_copy

    def counted(pipeline: Pipeline, handout_id: str, *rest: Any) -> Any:
        made.append(handout_id)
        return make(pipeline, handout_id, *rest)

    monkeypatch.setattr(gm_copy, "made_gm_copy", counted)
    return made


def book(runner: CliRunner, campaign: Path, out: Path) -> Path:
    result = runner.invoke(app, ["book", str(campaign), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "mini" / "gm" / "book.pdf"


def test_the_book_draws_the_copies_that_are_up_to_date(
    runner: CliRunner, mini_built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`companion book` where `companion build` wrote the copies draws those still up to
    date (here the café's plan) without laying them out again. An edited prop is made
    again (the book shows the edit), and so is a GM copy whose file is no longer what the
    build wrote (here: a player's copy put in its place). That the book is the same bytes
    either way: `test_book.py::test_the_book_is_the_same_bytes_twice`."""
    letter = mini_built / "handouts" / "letter.yaml"
    letter.write_text(letter.read_text().replace("Bring the ledger.", "Bring the silver ledger."))
    out = mini_built / "out"
    player_copy = next((out / "mini" / "player").glob("*.pdf"))
    shutil.copyfile(player_copy, out / "mini" / "gm" / "butler-file.pdf")
    made = made_copies(monkeypatch)
    text = folded(pdf_text(book(runner, mini_built, out)))
    assert sorted(made) == ["butler-file", "letter"]
    assert "Bring the silver ledger." in text


def test_the_book_holds_each_font_program_once(saint_book: Path) -> None:
    """The GM copies' PDFs subset their fonts each for itself; the book keeps each subset
    that several of them share once."""
    with pikepdf.open(saint_book) as pdf:
        programs = {
            found[key].objgen: found[key].read_raw_bytes()
            for found in pdf.objects
            if isinstance(found, pikepdf.Dictionary) and found.get("/Type") == "/FontDescriptor"
            for key in ("/FontFile", "/FontFile2", "/FontFile3")
            if key in found
        }
    assert programs
    assert len(set(programs.values())) == len(programs)


def test_the_book_works_out_no_copy_up_to_date_again(
    runner: CliRunner, mini_built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A GM copy up to date is known by its cache entry's inputs, and the book takes its
    prop and notes pages from its PDF: its context (for a plan, the plan drawn) is not
    built again, nor any page of it laid out."""
    built: list[str] = []
    build_context = Pipeline._build_context

    def counted(pipeline: Pipeline, handout_id: str, audience: str) -> Any:
        built.append(handout_id)
        return build_context(pipeline, handout_id, audience)

    monkeypatch.setattr(Pipeline, "_build_context", counted)
    made = made_copies(monkeypatch)
    text = folded(pdf_text(book(runner, mini_built, mini_built / "out")))
    assert built == [] and made == []
    assert "The mill meeting is an ambush arranged by the cook's brother." in text


def test_copy_facts_are_read_back_only_in_their_own_shape() -> None:
    facts = gm_copy.CopyFacts(2, (FolioPlace(10.0, 6.5), FolioPlace(10.0, 6.5)), True)
    assert gm_copy.CopyFacts.read(facts.recorded()) == facts
    for broken in (
        {"prop_pages": True, "notes": [], "run_on": False},
        {"prop_pages": 1, "notes": [[10.0]], "run_on": False},
        {"prop_pages": 1, "notes": [["10", 6.5]], "run_on": False},
        {"prop_pages": 1, "notes": [], "run_on": "no"},
        {"notes": [], "run_on": False},
    ):
        assert gm_copy.CopyFacts.read(broken) is None


def test_a_forced_build_lays_each_prop_out_once_for_copies_and_book(
    runner: CliRunner, mini_built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`build --book --force` trusts nothing made before it, but what it makes itself: the
    book draws the GM copies the same command has just written."""
    made = made_copies(monkeypatch)
    arguments = ["build", str(mini_built), "--book", "--force", "--out", str(mini_built / "out")]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 0, result.output
    assert sorted(made) == ["butler-file", "cafe-map", "letter"]
