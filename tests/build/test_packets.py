"""Knowledge over time: a player's packet holds exactly what the record says they received."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from companion.campaign.loading import load_campaign
from companion.cli import app
from tests.pdftext import leaks, pdf_text, secret_sentences

LATER_PARAGRAPH = "His brother runs the mill where the ledger is hidden."


def run(runner: CliRunner, mini: Path, *arguments: str) -> str:
    result = runner.invoke(app, list(arguments))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def played(runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two sessions: the letter in session 1, the butler's file in session 2."""
    monkeypatch.chdir(mini.parent)
    c = ["--campaign", "mini"]
    run(runner, mini, "session", "start", "--title", "The mill", "--date", "2026-01-10", *c)
    run(runner, mini, "session", "log", "Sam finds a letter under the door.", *c)
    run(runner, mini, "session", "log", "The cook's brother is watching.", "--gm", *c)
    run(runner, mini, "give", "letter", "--to", "pat", *c)
    run(runner, mini, "session", "end", *c)
    run(runner, mini, "session", "start", "--date", "2026-01-17", *c)
    run(runner, mini, "give", "butler-file", "--to", "all", *c)
    run(runner, mini, "session", "end", *c)
    return mini


def _outline(pdf: Path) -> list[str]:
    return [item.title for item in pypdf.PdfReader(pdf).outline]  # type: ignore[union-attr]


def test_packet_holds_exactly_what_the_player_received(runner: CliRunner, played: Path) -> None:
    output = run(runner, played, "build", "mini", "--player", "pat", "--out", "out")
    folder = played.parent / "out" / "mini" / "players" / "pat"
    assert sorted(p.name for p in folder.iterdir()) == [
        "a-folded-letter.pdf",
        "file-jeeves-hartley.pdf",
        "packet.pdf",
    ]
    # The players' names of the handouts: the GM's titles never reach a player's PDF.
    assert _outline(folder / "packet.pdf") == ["A folded letter", "File: Jeeves Hartley"]
    assert "wrote out/mini/players/pat/packet.pdf" in output
    campaign = load_campaign(played)
    secrets = secret_sentences(campaign, revealed_through=2)
    assert "Bought rat poison at the chemist’s on the morning of the dinner" in secrets
    assert leaks(secrets, pdf_text(folder / "packet.pdf")) == []


def test_packet_as_of_an_earlier_session(runner: CliRunner, played: Path) -> None:
    arguments = ["build", "mini", "--player", "pat", "--out", "out"]
    run(runner, played, *arguments, "--as-of-session", "1")
    folder = played.parent / "out" / "mini" / "players" / "pat"
    assert _outline(folder / "packet.pdf") == ["A folded letter"]


def test_revealed_paragraph_reaches_the_packet_from_its_session(
    runner: CliRunner, played: Path
) -> None:
    run(runner, played, "build", "mini", "--player", "pat", "--out", "out")
    text = pdf_text(played.parent / "out" / "mini" / "players" / "pat" / "file-jeeves-hartley.pdf")
    assert LATER_PARAGRAPH in text  # revealed_in: 2, and two sessions were played
    assert "rat poison" not in text  # still redacted


def test_unknown_player_gets_a_hint(runner: CliRunner, played: Path) -> None:
    result = runner.invoke(app, ["build", "mini", "--player", "pta", "--out", "out"])
    assert result.exit_code == 1
    assert result.output == "unknown player `pta`\n    hint: did you mean `pat`?\n"


def test_packet_without_a_record_is_a_clear_error(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(mini.parent)
    result = runner.invoke(app, ["build", "mini", "--player", "pat"])
    assert result.exit_code == 1
    assert result.output.startswith("no record of play yet (companion.db does not exist)\n")


def test_recap_prints_a_player_safe_telegram(runner: CliRunner, played: Path) -> None:
    result = runner.invoke(
        app, ["recap", "--session", "1", "--pdf", "--out", "out", "--campaign", "mini"]
    )
    assert result.exit_code == 0, result.output
    assert "Sam finds a letter under the door." in result.output
    assert "watching" not in result.output
    telegram = played.parent / "out" / "mini" / "players" / "recap-session-1.pdf"
    text = pdf_text(telegram)
    assert "SAM FINDS A LETTER UNDER THE DOOR STOP" in text
    assert "WATCHING" not in text
    assert len(pypdf.PdfReader(telegram).pages) == 1
