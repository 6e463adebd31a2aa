"""Whose copy is this: each player's copy differs by a small mark that `companion trace`
reads back; the marks carry nothing of the GM's."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from companion.build.copy_marks import MARK_PATTERN, copy_mark
from companion.campaign.loading import load_campaign
from companion.cli import app
from companion.record.ledger import open_ledger
from tests.conftest import OZOLA, copy_file
from tests.pdftext import pdf_text


@pytest.fixture
def ozola_played(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Ozola after one session in which both players received the same three handouts."""
    campaign = tmp_path / "ozola"
    shutil.copytree(OZOLA, campaign)
    with open_ledger(campaign / "companion.db") as book:
        book.start_session("Come Alone", "2024-10-18")
        for handout in ("karl-kgb-file", "restaurant-map", "eklund-cards"):
            book.give(handout, ["anna", "ben"])
        book.end_session()
    monkeypatch.chdir(campaign)
    return campaign


def test_every_players_copy_differs_and_is_traced(runner: CliRunner, ozola_played: Path) -> None:
    built = runner.invoke(app, ["build", "--player", "all", "--out", "out"])
    assert built.exit_code == 0, built.output
    folders = {p: ozola_played / "out" / "ozola" / "players" / p for p in ("anna", "ben")}
    for handout in ("karl-kgb-file", "restaurant-map", "eklund-cards"):
        anna, ben = (folders[p] / copy_file(p, handout, "ozola") for p in ("anna", "ben"))
        assert anna.read_bytes() != ben.read_bytes(), handout
        for player, pdf in (("anna", anna), ("ben", ben)):
            result = runner.invoke(app, ["trace", str(pdf)])
            assert result.output == (
                f"{player}'s copy of `{handout}`, made after session 1 "
                f"(mark {MARK_PATTERN.search(pdf_text(pdf)).group()}).\n"  # type: ignore[union-attr]
            )
    # The KGB file numbers its copies: Anna's is copy 1, Ben's copy 2.
    assert "Экз. № 1" in pdf_text(folders["anna"] / "file-karl-ozola.pdf")
    assert "Экз. № 2" in pdf_text(folders["ben"] / "file-karl-ozola.pdf")


def test_trace_reads_extracted_text_and_refuses_unmarked_copies(
    runner: CliRunner, ozola_played: Path
) -> None:
    runner.invoke(app, ["build", "--player", "ben", "--out", "out", "--only", "eklund-cards"])
    pdf = (
        ozola_played
        / "out"
        / "ozola"
        / "players"
        / "ben"
        / copy_file("ben", "eklund-cards", "ozola")
    )
    (ozola_played / "copy.txt").write_text(pdf_text(pdf))
    assert runner.invoke(app, ["trace", "copy.txt"]).output.startswith("ben's copy of")
    runner.invoke(app, ["build", "--only", "eklund-cards", "--out", "out"])
    unmarked = runner.invoke(app, ["trace", "out/ozola/player/carl-eklunds-business-cards.pdf"])
    assert unmarked.exit_code == 1
    assert "No copy mark of this campaign's players" in unmarked.output


def test_the_book_lists_every_copy_with_its_mark(runner: CliRunner, ozola_played: Path) -> None:
    """The GM's book has the register: each mark a packet prints stands in the binder's row
    for that player, handout and copy number."""
    built = runner.invoke(app, ["build", "--player", "all", "--book", "--out", "out"])
    assert built.exit_code == 0, built.output
    out = ozola_played / "out" / "ozola"
    binder = pdf_text(out / "gm" / "book.pdf")
    assert "Register of copies" in binder and "as built after session 1" in binder
    campaign = load_campaign(ozola_played)
    for number, player in enumerate(campaign.info.players, start=1):
        for handout in ("karl-kgb-file", "restaurant-map", "eklund-cards"):
            copy = pdf_text(out / "players" / player.id / copy_file(player.id, handout, "ozola"))
            mark = MARK_PATTERN.search(copy).group()  # type: ignore[union-attr]
            title = campaign.handouts[handout].title
            assert f"{player.name} {title} {number} {mark}" in binder


def test_a_book_without_packets_given_has_no_register(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    campaign = tmp_path / "ozola"
    shutil.copytree(OZOLA, campaign)
    monkeypatch.chdir(campaign)
    assert runner.invoke(app, ["session", "init"]).exit_code == 0
    built = runner.invoke(app, ["build", "--book", "--audience", "gm", "--only", "meet-me"])
    assert built.exit_code == 0, built.output
    binder = pdf_text(campaign / "output" / "ozola" / "gm" / "book.pdf")
    assert "Non-player characters" in binder and "Register of copies" not in binder


def _secret(campaign: Path) -> str:
    with sqlite3.connect(campaign / "companion.db") as connection:
        return str(connection.execute("SELECT secret FROM mark_key").fetchone()[0])


def test_a_mark_made_without_the_records_secret_is_not_a_copy(
    runner: CliRunner, ozola_played: Path
) -> None:
    """Everyone at the table knows the campaign's, the players' and the handouts' names: a
    mark made from them alone (as marks once were) is refused once the record has its key."""
    forged = copy_mark("ozola", "ben", "karl-kgb-file", 1, None)
    (ozola_played / "forged.txt").write_text(f"Экз. № 2  {forged}\n")
    result = runner.invoke(app, ["trace", "forged.txt"])
    assert result.exit_code == 1
    assert "No copy mark" in result.output
    keyed = copy_mark("ozola", "ben", "karl-kgb-file", 1, _secret(ozola_played))
    (ozola_played / "real.txt").write_text(f"Экз. № 2  {keyed}\n")
    assert runner.invoke(app, ["trace", "real.txt"]).output.startswith("ben's copy")


def test_marks_made_before_the_record_had_a_key_still_trace(
    runner: CliRunner, ozola_played: Path
) -> None:
    """A record from before keyed marks (schema 3) gets its key when it is next opened; the
    copies it had marked, up to its latest session, still trace, said to be unkeyed."""
    with sqlite3.connect(ozola_played / "companion.db") as connection:
        connection.execute("DROP TABLE mark_key")  # as schema 3 was, before schemas 4 and 5
        connection.execute("ALTER TABLE entries DROP COLUMN command")
        connection.execute("PRAGMA user_version = 3")
    old = copy_mark("ozola", "anna", "restaurant-map", 1, None)
    (ozola_played / "old.txt").write_text(old)
    result = runner.invoke(app, ["trace", "old.txt"])
    assert result.exit_code == 0, result.output
    assert "anna's copy of `restaurant-map`, made after session 1" in result.output
    assert "unkeyed" in result.output
    with open_ledger(ozola_played / "companion.db") as book:
        book.start_session("Later", "2024-10-25")
    later = copy_mark("ozola", "anna", "restaurant-map", 2, None)
    (ozola_played / "later.txt").write_text(later)
    assert runner.invoke(app, ["trace", "later.txt"]).exit_code == 1  # made after the key


def test_the_secret_is_in_no_copy_and_no_export(runner: CliRunner, ozola_played: Path) -> None:
    assert runner.invoke(app, ["build", "--player", "all", "--out", "out"]).exit_code == 0
    secret = _secret(ozola_played)
    for pdf in (ozola_played / "out").rglob("*.pdf"):
        assert secret.encode() not in pdf.read_bytes()
        assert secret not in pdf_text(pdf)
    exported = runner.invoke(app, ["session", "export", "--all"]).output
    assert "players" in exported and secret not in exported
