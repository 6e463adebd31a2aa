"""A note written on another prop: `written_on:` names a card, and the note prints as that
card, its printed face on the front and the writing on the back, lined up for duplex."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.campaign.models import Campaign
from companion.cli import app
from companion.kinds.card import CardContext
from tests.conftest import ASSETS, copy_file
from tests.pdftext import pdf_text

CAFE_CARD = """kind: card
title: The cafe's table card
to: all
style: reservation
size: [90, 55]
front:
  heading: Café de la Gare
  lines: [Table 4]
"""


@pytest.fixture
def mini_with_card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini campaign with a table card, its letter written on the card's back."""
    folder = tmp_path / "mini"
    shutil.copytree(ASSETS / "mini", folder)
    (folder / "handouts" / "table-card.yaml").write_text(CAFE_CARD)
    letter = folder / "handouts" / "letter.yaml"
    letter.write_text(letter.read_text() + "written_on: table-card\n")
    monkeypatch.chdir(tmp_path)
    return folder


def test_ozolas_note_is_written_on_the_back_of_the_reservation_card(
    ozola: Campaign, ozola_build: Path
) -> None:
    """The GM notes say so: Sokolov wrote on the back of a White Nights reservation card."""
    pdf = ozola_build / "player" / copy_file("player", "meet-me", "ozola")
    pages = pypdf.PdfReader(pdf).pages
    front, back = (" ".join((page.extract_text() or "").split()) for page in pages)
    assert "БЕЛЫЕ НОЧИ" in front and "Столик № 7" in front and "Meet me" not in front
    assert back.startswith("Meet me at 8 pm. Come alone.") and "НОЧИ" not in back
    context = pipeline_for(ozola).context("meet-me", "player")
    assert isinstance(context, CardContext)
    assert context.card.width_mm == 90 and context.card.height_mm == 55
    face, writing = context.sheets
    # Printed on both sides (flipped on the long edge), the writing lands behind the print.
    for place, behind in zip(face.placements, writing.placements, strict=True):
        assert behind.x_mm == pytest.approx(context.paper.width_mm - place.x_mm - 90)
        assert behind.y_mm == place.y_mm


def test_a_note_on_a_sheet_prints_as_many_cards(ozola: Campaign) -> None:
    context = pipeline_for(ozola).context("meet-me-ru", "player")
    assert isinstance(context, CardContext)
    assert sum(len(s.placements) for s in context.sheets if s.side == "back") == 4


def test_the_note_and_its_card_print_through_the_cli(
    runner: CliRunner, mini_with_card: Path
) -> None:
    result = runner.invoke(app, ["build", "mini", "--only", "letter", "--out", "out"])
    assert result.exit_code == 0, result.output
    player = Path("out") / "mini" / "player" / copy_file("player", "letter")
    text = pdf_text(player)
    assert "café de la gare" in text.casefold() and "Midnight, by the old mill." in text
    assert "ambush" not in text  # the GM's notes stay in the GM's copy
    gm = pdf_text(Path("out") / "mini" / "gm" / "letter.pdf")
    assert "Written on the back of The cafe’s table card" in gm


@pytest.mark.parametrize(
    ("change", "line_of", "message"),
    [
        ("written_on: butler-file", "written_on:", "`butler-file` is a dossier"),
        ("written_on: table-crad", "written_on:", "hint: did you mean `table-card`?"),
        ("size: a6", "size:", "a note written on a card has the card's size"),
    ],
)
def test_what_a_note_cannot_be_written_on_is_refused_at_its_line(
    runner: CliRunner, mini_with_card: Path, change: str, line_of: str, message: str
) -> None:
    letter = mini_with_card / "handouts" / "letter.yaml"
    source = letter.read_text().replace("written_on: table-card\n", "")
    if change.startswith("written_on"):
        source += change + "\n"
    else:
        source += "written_on: table-card\n" + change + "\n"
    letter.write_text(source)
    result = runner.invoke(app, ["validate", "mini"])
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(source.splitlines(), 1) if text.startswith(line_of))
    assert f"handouts/letter.yaml:{line}:" in result.output
    assert message in result.output


def test_a_note_too_long_for_its_card_is_refused_at_its_text(
    runner: CliRunner, mini_with_card: Path
) -> None:
    letter = mini_with_card / "handouts" / "letter.yaml"
    long_text = "\n".join(f"  Line {n} of a note far too long for a card." for n in range(40))
    head, _, tail = letter.read_text().partition("text: |\n")
    _, _, rest = tail.partition("signature:")
    letter.write_text(f"{head}text: |\n{long_text}\nsignature:{rest}")
    result = runner.invoke(app, ["build", "mini", "--only", "letter", "--out", "out"])
    assert result.exit_code == 1
    line = head.count("\n") + 1
    assert f"handouts/letter.yaml:{line}:" in result.output
    assert "does not fit on the back of its card" in result.output
