"""The record of play corrected, moved and read back: struck entries stay and leave everything
the players see; export, import, export gives the same bytes; bad files change nothing."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from companion.book.recap import recap_context
from companion.campaign.index import CampaignIndex
from companion.campaign.loading import load_campaign
from companion.cli import app
from companion.errors import CompanionError, UnknownId
from companion.kinds.telegram import telegraphese
from companion.record.ledger import Ledger, open_ledger
from companion.record.store import SessionRecordError
from companion.record.text import recap_markdown
from companion.record.transfer import export_json, import_record

PLAYERS = ["pat", "lee", "kim"]


@pytest.fixture
def book(tmp_path: Path) -> Iterator[Ledger]:
    with open_ledger(tmp_path / "companion.db") as opened:
        yield opened


def test_struck_entries_leave_what_players_hold_and_know(book: Ledger) -> None:
    book.start_session()
    gift = book.give("letter", ["pat"]).given[0]
    clue = book.clue_found("soup-stain", by=["pat"]).entry
    fate = book.npc_status("cook", "dead").entry
    for entry in (gift, clue, fate):
        assert book.strike(entry.number, "mistake").entry.struck
    state = book.state()
    assert (state.held_by("pat"), state.found_clues(), state.npc_statuses) == ([], {}, {})
    assert book.strike(gift.number).already  # striking twice changes nothing
    assert book.give("letter", ["pat"]).given  # a struck gift can be given again
    with pytest.raises(UnknownId, match="there is no entry #99"):
        book.strike(99)


def test_undo_strikes_the_latest_entry_that_stands(book: Ledger) -> None:
    with pytest.raises(SessionRecordError, match="there is nothing to undo"):
        book.undo()
    book.start_session()
    book.log("First.")
    book.log("Second.")
    assert [e.text for e in book.undo().entries] == ["Second."]
    assert [e.text for e in book.undo().entries] == ["First."]
    assert [e.struck_why for e in book.session_detail(1).entries] == ["undone", "undone"]


def test_undo_takes_back_a_command_as_a_whole(book: Ledger) -> None:
    """`give --to all` writes a copy for each player: undo takes them all back; undoing an
    amend brings the line it replaced back."""
    book.start_session()
    book.give("letter", ["pat", "lee", "kim"])
    assert [e.players for e in book.undo().entries] == [("pat",), ("lee",), ("kim",)]
    assert book.state().held_by("lee") == []
    line = book.log("Karl shoots Natalia.")
    book.amend(line.number, "Karl shoots at Natalia.")
    assert [e.text for e in book.undo().entries] == ["Karl shoots at Natalia."]
    assert [e.text for e in book.session_detail(1).live("log")] == ["Karl shoots Natalia."]


def test_undo_right_after_session_start_takes_back_the_start(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 27: it struck the previous session's last entry instead. A session whose lines
    were all taken back is kept, deleted (its struck lines stay in the record)."""
    monkeypatch.chdir(mini)
    for command in (
        "session start --date 2024-05-03",
        "session log First.",
        "session end",
        "session start --title Oops --date 2024-05-10",
    ):
        assert runner.invoke(app, command.split()).exit_code == 0
    undone = runner.invoke(app, ["undo"])
    assert undone.output == "Undone: Session 2: Oops (2024-05-10) started\n"
    assert runner.invoke(app, ["session", "list"]).output == "   1  2024-05-03  -\n"
    assert "#1 log: First.\n" in runner.invoke(app, ["session", "show", "1"]).output
    runner.invoke(app, ["session", "start", "--date", "2024-05-10"])
    runner.invoke(app, ["session", "log", "Second."])
    assert runner.invoke(app, ["undo"]).output.startswith("Undone: #2 log: Second.")
    assert runner.invoke(app, ["undo"]).output == "Undone: Session 2 (2024-05-10) started\n"
    exported = json.loads(runner.invoke(app, ["session", "export", "--all"]).output)
    assert [(s["number"], s.get("deleted", False)) for s in exported["sessions"]] == [
        (1, False),
        (2, True),
    ]
    assert runner.invoke(app, ["undo"]).output.startswith("Undone: #1 log: First.")
    assert runner.invoke(app, ["undo"]).output == "Undone: Session 1 (2024-05-03) started\n"
    assert runner.invoke(app, ["undo"]).output == "there is nothing to undo\n"


def test_amend_replaces_a_log_line_only(book: Ledger) -> None:
    book.start_session()
    line = book.log("Natalia shoots Karl dead.", gm=True)
    new = book.amend(line.number, "Natalia shoots at the chandelier.")
    assert (new.amends, new.gm, new.session) == (line.number, True, 1)
    with pytest.raises(SessionRecordError, match="#1 is a struck entry"):
        book.amend(line.number, "again")
    gift = book.give("letter", ["pat"]).given[0]
    with pytest.raises(SessionRecordError, match="is a `give` entry, not a log line"):
        book.amend(gift.number, "text")


def test_deleting_sessions(book: Ledger) -> None:
    book.start_session("Real", "2024-05-03")
    book.end_session()
    book.start_session("Started by mistake", "2024-05-04")
    session, struck = book.delete_session(2)
    assert (session.number, struck, [s.number for s in book.sessions()]) == (2, 0, [1])
    assert book.start_session("Again", "2024-05-05").number == 2  # an empty one leaves no gap
    book.log("Played on the wrong campaign.")
    assert book.delete_session(2)[1] == 1
    assert [s.number for s in book.sessions()] == [1]
    assert book.start_session().number == 3  # the deleted one is kept, with its struck line
    record = book.everything(include_struck=True)
    assert record.deleted_sessions == (2,)
    assert record.sessions[1].entries[0].struck_why == "session 2 deleted"


def test_session_delete_asks_first(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(mini)
    runner.invoke(app, ["session", "start", "--date", "2024-05-03"])
    runner.invoke(app, ["session", "log", "A line."])
    refused = runner.invoke(app, ["session", "delete", "1"], input="n\n")
    assert refused.exit_code == 1
    assert "holds 1 entry; delete it and strike them?" in refused.output
    assert runner.invoke(app, ["session", "list"]).output.startswith("   1  2024-05-03")
    done = runner.invoke(app, ["session", "delete", "1", "--yes"])
    assert done.output == "Session 1 (2024-05-03) deleted; 1 entry struck.\n"


def test_give_outside_the_to_list_needs_force(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (mini / "handouts" / "letter.yaml").write_text(
        (mini / "handouts" / "letter.yaml").read_text().replace("to: [pat]", "to: []")
    )
    monkeypatch.chdir(mini)
    runner.invoke(app, ["session", "start"])
    refused = runner.invoke(app, ["give", "letter", "--to", "pat"])
    assert refused.exit_code == 1
    assert refused.output.startswith("`letter` is meant for , not pat")
    forced = runner.invoke(app, ["give", "letter", "--to", "pat", "--force"])
    assert forced.exit_code == 0 and "Gave `letter` to pat" in forced.output


def test_repeats_say_so_with_the_same_exit_code(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(mini)
    runner.invoke(app, ["session", "start"])
    for command in (
        ["give", "letter", "--to", "pat"],
        ["clue", "found", "soup-stain"],
        ["clue", "reached", "butler-guilty"],
        ["npc", "status", "cook", "dead"],
    ):
        first, again = runner.invoke(app, command), runner.invoke(app, command)
        assert (first.exit_code, again.exit_code) == (0, 0), again.output
        assert "already" in again.output


# --- the story so far, in the story's time ---------------------------------------------------


def test_recap_of_the_story_so_far_in_story_time(book: Ledger, mini: Path) -> None:
    book.start_session("One", "2024-05-03", story_date="1926-06-26")
    book.log("Dr. Perić finds the boat.")
    book.end_session()
    book.start_session("Two", "2024-05-10")  # the story date carries on
    book.log("Nobody talks.")
    book.end_session()
    recap = book.player_recap(first=1)
    markdown = recap_markdown(recap)
    assert "## Session 1: One (1926-06-26)" in markdown
    assert "## Session 2: Two (1926-06-26)" in markdown
    assert markdown.index("Dr. Perić") < markdown.index("Nobody talks.")
    context = recap_context(load_campaign(mini), recap)
    assert (context.id, dict(context.fields)["Handed in"]) == ("recap-sessions-1-2", "1926-06-26")
    assert "DR PERIĆ FINDS THE BOAT STOP" in context.strips


@pytest.mark.parametrize(
    ("text", "telegram"),
    [
        ("Dr. Belov met Mr. Eklund.", "DR BELOV MET MR EKLUND STOP"),
        ("V. V. Sokolov wrote it. Come alone!", "V V SOKOLOV WROTE IT STOP COME ALONE STOP"),
        ("Жду на ул. Герцена, д. 31.", "ЖДУ НА УЛ ГЕРЦЕНА, Д 31 STOP"),
    ],
)
def test_abbreviations_survive_telegraphese(text: str, telegram: str) -> None:
    assert telegraphese(text) == telegram


def test_status_of_one_player(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(mini)
    runner.invoke(app, ["session", "start"])
    runner.invoke(app, ["give", "letter", "--to", "pat"])
    runner.invoke(app, ["clue", "found", "soup-stain", "--by", "pat"])
    result = runner.invoke(app, ["status", "--player", "pat"])
    assert result.output == (
        "pat:\n"
        "  Holds:                           letter\n"
        "  Found:                           soup-stain\n"
        "  Found by others:                 (none)\n"
        "  Still to find in what they hold: ledger-page\n"
    )


# --- a long evening, moved and read back ------------------------------------------------------


# The ids the random evenings use, as a campaign's index would list them.
INDEX = CampaignIndex(
    players=tuple(PLAYERS),
    npcs=("butler", "cook"),
    handouts={"letter": "all", "cafe-map": "all", "note": ["pat"]},
    clues=("arsenic-tin", "soup-stain"),
    conclusions=(),
    genre="spy",
    statuses=("active", "missing", "burned", "turned", "defected", "dead"),
    start_statuses={"butler": "active", "cook": "active"},
)


def random_evening(book: Ledger, seed: int, commands: int = 200) -> set[str]:
    """Random commands as a GM types them, mistakes and corrections included; returns the
    texts that must never reach the players (GM lines and struck lines)."""
    generator = random.Random(seed)
    hidden: set[str] = set()
    book.start_session("Long evening", "2024-05-03", story_date="1926-06-26")
    for step in range(commands):
        choice = generator.choice(["log", "gm", "give", "clue", "npc", "strike", "undo", "amend"])
        if choice in ("log", "gm"):
            text = f"Line {step}."
            book.log(text, gm=choice == "gm")
            if choice == "gm":
                hidden.add(text)
        elif choice == "give":
            book.give(generator.choice(["letter", "cafe-map"]), generator.sample(PLAYERS, 2))
        elif choice == "clue":
            book.clue_found(generator.choice(["soup-stain", "arsenic-tin"]), PLAYERS[:2])
        elif choice == "npc":
            book.npc_status(
                generator.choice(["cook", "butler"]), generator.choice(["dead", "missing"])
            )
        elif choice == "amend":
            lines = book.session_detail(1).live("log")
            if lines:
                old = generator.choice(lines)
                hidden.add(old.text or "")
                book.amend(old.number, f"Amended {step}.")
        else:
            entries = book.session_detail(1).live()
            if not entries:
                continue
            undone = list(book.undo().entries) if choice == "undo" else [generator.choice(entries)]
            for entry in undone:
                if choice == "strike":
                    book.strike(entry.number, "random")
                if entry.kind == "log":
                    hidden.add(entry.text or "")
                if choice == "undo" and entry.amends is not None:  # the line stands again
                    restored = next(
                        e for e in book.session_detail(1).entries if e.number == entry.amends
                    )
                    if not restored.gm:
                        hidden.discard(restored.text or "")
    book.end_session()
    return hidden


@pytest.mark.parametrize("seed", [1, 2])
def test_history_round_trips_and_recaps_show_nothing_struck(tmp_path: Path, seed: int) -> None:
    with open_ledger(tmp_path / "first.db") as book:
        hidden = random_evening(book, seed)
        exported = export_json(book.everything(include_struck=True))
        recap = recap_markdown(book.player_recap())
        live = export_json(book.everything())
    assert [text for text in hidden if f"- {text}\n" in recap] == []
    (tmp_path / "record.json").write_text(exported)
    with open_ledger(tmp_path / "second.db") as copy:
        assert import_record(copy, tmp_path / "record.json", INDEX)[0] == 1
        assert export_json(copy.everything(include_struck=True)) == exported
        assert export_json(copy.everything()) == live
        assert recap_markdown(copy.player_recap()) == recap
        # Nothing is doubled.
        assert import_record(copy, tmp_path / "record.json", INDEX, merge=True) == (0, 0)
        with pytest.raises(SessionRecordError, match="this record of play is not empty"):
            import_record(copy, tmp_path / "record.json", INDEX)


def test_merge_adds_only_what_is_missing(tmp_path: Path) -> None:
    with open_ledger(tmp_path / "one.db") as one:
        one.start_session("One", "2024-05-03")
        one.log("Shared line.")
        (tmp_path / "one.json").write_text(export_json(one.everything(include_struck=True)))
    with open_ledger(tmp_path / "two.db") as two:
        two.start_session("One", "2024-05-03")
        two.log("Shared line.")
        two.log("Only here.")
        assert import_record(two, tmp_path / "one.json", INDEX, merge=True) == (0, 0)
        two.end_session()
        two.start_session("Two", "2024-05-10")
        two.log("Later.")
        (tmp_path / "two.json").write_text(export_json(two.everything(include_struck=True)))
    with open_ledger(tmp_path / "one.db") as one:
        assert import_record(one, tmp_path / "two.json", INDEX, merge=True) == (1, 2)
        texts = [e.text for d in one.everything().sessions for e in d.entries]
        assert texts == ["Shared line.", "Only here.", "Later."]


def test_merge_matches_an_entry_of_the_file_only_with_one_held_before(tmp_path: Path) -> None:
    """A handout given, undone and given again elsewhere: both gifts are merged in. (The
    struck copy, once added, was taken for the standing one, which was lost.)"""
    with open_ledger(tmp_path / "one.db") as one:
        one.start_session("One", "2024-05-03")
        one.log("Shared line.")
        (tmp_path / "one.json").write_text(export_json(one.everything(include_struck=True)))
    with open_ledger(tmp_path / "two.db") as two:
        import_record(two, tmp_path / "one.json", INDEX)
        two.give("letter", ["pat"])
        two.undo()
        two.give("letter", ["pat"])
        (tmp_path / "two.json").write_text(export_json(two.everything(include_struck=True)))
    with open_ledger(tmp_path / "one.db") as one:
        assert import_record(one, tmp_path / "two.json", INDEX, merge=True) == (0, 2)
        assert one.state().held_by("pat") == ["letter"]
        assert (
            export_json(one.everything(include_struck=True)) == (tmp_path / "two.json").read_text()
        )


def test_merging_the_whole_history_into_a_restored_record_doubles_nothing(
    tmp_path: Path,
) -> None:
    """A record restored from a default export (struck entries left out), then the export
    with `--all` of the same record merged in: each entry is matched with the entry of the
    same number first, so the struck gift is not taken for the standing one, which was then
    added again (the player held the handout twice)."""
    with open_ledger(tmp_path / "one.db") as one:
        one.start_session("One", "2024-05-03")
        one.give("letter", ["pat"])
        one.undo()
        one.give("letter", ["pat"])
        (tmp_path / "all.json").write_text(export_json(one.everything(include_struck=True)))
        (tmp_path / "default.json").write_text(export_json(one.everything()))
    with open_ledger(tmp_path / "two.db") as two:
        assert import_record(two, tmp_path / "default.json", INDEX) == (1, 1)
        assert import_record(two, tmp_path / "all.json", INDEX, merge=True) == (0, 1)
        assert two.state().held_by("pat") == ["letter"]
        assert [(e.number, e.struck) for e in two.session_detail(1).entries] == [
            (2, False),
            (3, True),
        ]


def _one_entry(entry: str) -> str:
    """An export of one session holding one entry, the entry on the second line."""
    return (
        '{"file": "companion record of play", "schema_version": 3, "sessions": [\n'
        f'  {{"number": 1, "date": "2024-05-03", "entries": [{entry}]}}]}}\n'
    )


BAD_FILES = {
    "not json": ('{\n  "file": "companion record of play",\n  oops\n', "record.json:4:1"),
    "wrong kind": (
        '{"file": "companion record of play", "schema_version": 3, "sessions": [\n'
        '  {"number": 1, "date": "2024-05-03", "entries": [{"number": 1, "kind": "poem"}]}]}\n',
        "record.json:2:73: `sessions[0].entries[0].kind`: expected one of `log`, `give`",
    ),
    "twice the same number": (
        '{"file": "companion record of play", "schema_version": 3, "sessions": [\n'
        '  {"number": 1, "date": "2024-05-03", "entries": [\n'
        '    {"number": 1, "kind": "log", "text": "a"},\n'
        '    {"number": 1, "kind": "log", "text": "b"}]}]}\n',
        "record.json:4:16: entry #1 is in the file twice",
    ),
    "unknown handout": (
        _one_entry('{"number": 1, "kind": "give", "subject": "leter", "players": ["pat"]}'),
        "record.json:2:92: unknown handout `leter`",
    ),
    "unknown player": (
        _one_entry('{"number": 1, "kind": "give", "subject": "letter", "players": ["ben"]}'),
        "record.json:2:113: unknown player `ben`",
    ),
    "outside to:": (
        _one_entry('{"number": 1, "kind": "give", "subject": "note", "players": ["kim"]}'),
        "`note` is meant for pat, not kim",
    ),
    "unknown npc": (
        _one_entry('{"number": 1, "kind": "npc", "subject": "jeeves", "status": "dead"}'),
        "unknown npc `jeeves`",
    ),
    "unknown status": (
        _one_entry('{"number": 1, "kind": "npc", "subject": "cook", "status": "pwned"}'),
        "unknown NPC status `pwned`",
    ),
    "unknown clue": (
        _one_entry('{"number": 1, "kind": "clue", "subject": "soup", "players": ["pat"]}'),
        "unknown clue `soup`",
    ),
    "a session beyond any campaign": (
        '{"file": "companion record of play", "schema_version": 3, "sessions": [\n'
        '  {"number": 9000000000000000000, "date": "2024-05-03", "entries": []}]}\n',
        "record.json:2:14: `sessions[0].number`: expected a number of at most 10000",
    ),
    "an amend of a later line": (  # the record could not hold it
        '{"file": "companion record of play", "schema_version": 3, "sessions": [\n'
        '  {"number": 1, "date": "2024-05-03", "entries": [\n'
        '    {"number": 1, "kind": "log", "text": "a", "amends": 2},\n'
        '    {"number": 2, "kind": "log", "text": "b", "struck": true}]}]}\n',
        "record.json:3:57: entry #1 amends #2, which comes after it",
    ),
    "another schema": (
        '{"file": "companion record of play", "schema_version": 2, "sessions": []}\n',
        "record.json:1:56: this export is of schema 2; this companion reads 3",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_is_located_and_changes_nothing(tmp_path: Path, case: str) -> None:
    content, expected = BAD_FILES[case]
    path = tmp_path / "record.json"
    path.write_text(content)
    database = tmp_path / "companion.db"
    with open_ledger(database) as book:
        book.start_session("Kept", "2024-05-03")
    before = database.read_bytes()
    with open_ledger(database) as book, pytest.raises(CompanionError) as raised:
        import_record(book, path, INDEX, merge=True)
    rendered = "\n".join(p.render(relative_to=tmp_path) for p in raised.value.problems)
    assert expected in rendered
    assert database.read_bytes() == before


def test_export_and_import_through_the_command_line(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(mini)
    runner.invoke(app, ["session", "start", "--date", "2024-05-03"])
    runner.invoke(app, ["session", "log", "A line."])
    runner.invoke(app, ["undo"])
    exported = runner.invoke(app, ["session", "export", "--all", "--out", "record.json"])
    assert exported.output == "wrote record.json\n"
    assert json.loads((mini / "record.json").read_text())["sessions"][0]["entries"][0]["struck"]
    imported = runner.invoke(app, ["session", "import", "record.json", "--db", "copy.db"])
    assert imported.output == "Imported 1 session and 1 entry.\n"
    again = runner.invoke(app, ["session", "export", "--all", "--db", "copy.db"])
    assert again.output == (mini / "record.json").read_text()


def test_recap_prints_as_a_newspaper_column(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.pdftext import pdf_text

    monkeypatch.chdir(mini)
    runner.invoke(app, ["session", "start", "--story-date", "Friday 26 June 1926"])
    runner.invoke(app, ["session", "log", "Dr. Perić finds the boat. Nobody talks."])
    runner.invoke(app, ["session", "log", "The cook hides the ledger.", "--gm"])
    runner.invoke(app, ["session", "end"])
    result = runner.invoke(app, ["recap", "--all", "--pdf", "--as", "newspaper", "--out", "out"])
    assert result.exit_code == 0, result.output
    text = pdf_text(mini / "out" / "mini" / "players" / "recap-session-1-newspaper.pdf")
    assert "Friday 26 June 1926" in text and "Dr. Perić finds the boat" in text
    assert "ledger" not in text


def test_the_default_export_restores_after_an_amend(tmp_path: Path) -> None:
    """The backup a GM keeps in git: `session export` after an amend, imported into a new
    record, gives the same record back (the amended line travels with its amendment)."""
    with open_ledger(tmp_path / "first.db") as book:
        book.start_session("One", "2024-05-03")
        line = book.log("Karl shoots Natalia.")
        first = book.amend(line.number, "Karl shoots at Natalia.")
        book.amend(first.number, "Karl draws on Natalia.")  # an amend of an amend
        exported = export_json(book.everything())
        recap = recap_markdown(book.player_recap())
    (tmp_path / "backup.json").write_text(exported)
    with open_ledger(tmp_path / "second.db") as copy:
        assert import_record(copy, tmp_path / "backup.json", INDEX) == (1, 3)
        assert export_json(copy.everything()) == exported
        assert recap_markdown(copy.player_recap()) == recap
    assert "Karl draws on Natalia." in recap and "shoots" not in recap


def test_an_export_never_replaces_the_record_or_a_file_that_is_not_an_export(
    runner: CliRunner, mini: Path
) -> None:
    named = ["-c", str(mini)]
    assert runner.invoke(app, ["session", "start", *named]).exit_code == 0
    record = (mini / "companion.db").read_bytes()
    result = runner.invoke(app, ["session", "export", "--out", str(mini / "companion.db"), *named])
    assert result.exit_code == 1 and "the record of play itself" in result.output
    assert (mini / "companion.db").read_bytes()[:16] == record[:16]
    notes = mini / "notes.txt"
    notes.write_text("My notes for next week.\n")
    result = runner.invoke(app, ["session", "export", "--out", str(notes), *named])
    assert result.exit_code == 1 and "not an export" in result.output
    assert notes.read_text() == "My notes for next week.\n"
    backup = mini / "record.json"
    for _ in range(2):  # an earlier export is replaced without a word
        result = runner.invoke(app, ["session", "export", "--out", str(backup), *named])
        assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["session", "export", "--out", str(notes), "--force", *named])
    assert "companion record of play" in notes.read_text()
    (mini / "a-file").write_text("x")
    result = runner.invoke(
        app, ["session", "export", "--out", str(mini / "a-file" / "r.json"), *named]
    )
    assert result.exit_code == 1 and "cannot write" in result.output


def test_the_story_so_far_leaves_out_a_deleted_first_session(runner: CliRunner, mini: Path) -> None:
    named = ["-c", str(mini)]
    for title in ("Started by mistake", "The real first evening"):
        assert runner.invoke(app, ["session", "start", "--title", title, *named]).exit_code == 0
        assert runner.invoke(app, ["session", "log", f"In {title}.", *named]).exit_code == 0
        assert runner.invoke(app, ["session", "end", *named]).exit_code == 0
    assert runner.invoke(app, ["session", "delete", "1", "--yes", *named]).exit_code == 0
    result = runner.invoke(app, ["recap", "--all", *named])
    assert result.exit_code == 0, result.output
    assert "In The real first evening." in result.output
    assert "Started by mistake" not in result.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("caf\udce9", "holds a byte \\xe9 that is not UTF-8"),  # how Python keeps a stray byte
        ("bell\x07", "holds the control character U+0007"),
    ],
    ids=["not utf-8", "control character"],
)
def test_text_a_record_cannot_carry_back_is_refused_plainly(
    mini: Path, text: str, expected: str
) -> None:
    """What `session log`, `amend`, `strike --why`, `--note`, `--title` and `--story-date`
    write goes through one check: no internal error, and nothing an import would refuse."""
    with open_ledger(mini / "companion.db") as book:
        book.start_session("One", "2024-05-03")
        for write in (
            lambda: book.log(text),
            lambda: book.npc_status("cook", "dead", note=text),
        ):
            with pytest.raises(SessionRecordError, match=re.escape(expected)):
                write()
        book.end_session()
        with pytest.raises(SessionRecordError, match=re.escape(expected)):
            book.start_session(text, "2024-05-04")
        book.start_session("Two", "2024-05-04")
        assert book.log("Two lines\nand a\ttab are text.").text


def test_a_refused_import_leaves_no_record_behind(runner: CliRunner, mini: Path) -> None:
    (mini / "record.json").write_text(
        '{"file": "companion record of play", "schema_version": 3, "sessions": [\n'
        '  {"number": 1, "date": "2024-05-03", "entries": [\n'
        '    {"number": 1, "kind": "give", "subject": "nothing-like-it", "players": ["pat"]}]}]}\n'
    )
    result = runner.invoke(app, ["session", "import", str(mini / "record.json"), "-c", str(mini)])
    assert result.exit_code == 1 and "unknown handout `nothing-like-it`" in result.output
    assert not (mini / "companion.db").exists()


def test_merging_an_older_export_never_brings_corrections_back(tmp_path: Path) -> None:
    """An entry keeps the state it has here: one struck or amended since the export stays
    so, and a session deleted since stays deleted, with nothing added to it."""
    with open_ledger(tmp_path / "companion.db") as book:
        book.start_session("One", "2024-05-03")
        gift = book.give("letter", ["pat"]).given[0]
        line = book.log("Karl shoots Natalia.")
        book.end_session()
        book.start_session("Two", "2024-05-10")
        book.log("A line of session two.")
        (tmp_path / "old.json").write_text(export_json(book.everything(include_struck=True)))
        book.strike(gift.number, "a slip")
        book.amend(line.number, "Karl shoots at Natalia.")
        book.end_session()
        book.delete_session(2)
        recap, held = recap_markdown(book.player_recap(1, first=0)), book.state().held_by("pat")
        assert import_record(book, tmp_path / "old.json", INDEX, merge=True) == (0, 0)
        assert recap_markdown(book.player_recap(1, first=0)) == recap
        assert book.state().held_by("pat") == held == []
        assert "Karl shoots at Natalia." in recap and "shoots Natalia" not in recap


def test_a_gm_only_fate_can_be_made_public(book: Ledger) -> None:
    book.start_session()
    assert not book.npc_status("cook", "dead", gm=True).already
    public = book.npc_status("cook", "dead")
    assert not public.already and not public.entry.gm
    assert book.npc_status("cook", "dead").already  # public once is enough
    assert book.npc_status("cook", "dead", gm=True).already  # and the GM knew it already
