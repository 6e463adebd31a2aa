"""The record of play: sessions, gifts, clues and NPC fates; the database survives crashes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from companion.campaign.index import campaign_index
from companion.campaign.loading import load_campaign
from companion.campaign.models import Campaign
from companion.cli import app
from companion.errors import CompanionError, UnknownId
from companion.record.ledger import Ledger, open_ledger
from companion.record.recording import record_clue_found, record_give, record_npc_status
from companion.record.schema import SCHEMA_VERSION
from companion.record.standing import overview
from companion.record.store import APPLICATION_ID, PAUSE_ENV, SessionDbError, SessionRecordError
from companion.record.text import overview_warnings, recap_markdown, record_markdown
from companion.record.transfer import EXPORT_VERSION, export_json

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def book(tmp_path: Path) -> Iterator[Ledger]:
    with open_ledger(tmp_path / "companion.db") as opened:
        yield opened


@pytest.fixture
def campaign(mini: Path) -> Campaign:
    return load_campaign(mini)


def run(runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    """Run a command on the mini campaign from its parent folder; return what it printed."""
    monkeypatch.chdir(mini.parent)
    result = runner.invoke(app, [*args, "-c", "mini"])
    assert result.exit_code == 0, result.output
    return result.output


def fail(runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    monkeypatch.chdir(mini.parent)
    result = runner.invoke(app, [*args, "-c", "mini"])
    assert result.exit_code == 1, result.output
    return result.output


# --- the library ----------------------------------------------------------------------------


def test_a_session_from_start_to_end(book: Ledger) -> None:
    started = book.start_session("The dinner", "2024-05-03")
    book.log("Sam tastes the soup.")
    book.log("Jeeves spiked it.", gm=True)
    ended = book.end_session()
    assert (started.number, started.ended, ended.ended) == (1, False, True)
    assert [s.heading() for s in book.sessions()] == ["Session 1: The dinner (2024-05-03)"]
    detail = book.session_detail()
    assert [(line.text, line.gm) for line in detail.live("log")] == [
        ("Sam tastes the soup.", False),
        ("Jeeves spiked it.", True),
    ]
    assert book.start_session().number == 2


def test_the_date_defaults_to_today_and_must_be_a_date(book: Ledger) -> None:
    with pytest.raises(SessionRecordError) as raised:
        book.start_session(date="14/10/1988")
    assert raised.value.problems[0].render() == (
        "`14/10/1988` is not a date\n    hint: write it as year-month-day, e.g. 2024-10-14"
    )
    assert book.start_session().date == date.today().isoformat()


def test_one_session_is_open_at_a_time(book: Ledger) -> None:
    book.start_session()
    with pytest.raises(SessionRecordError, match="session 1 is still open"):
        book.start_session()
    book.end_session()
    with pytest.raises(SessionRecordError, match="no session is open"):
        book.log("too late")
    with pytest.raises(SessionRecordError, match="no session is open"):
        book.end_session()


def test_what_a_player_holds_after_each_session(book: Ledger) -> None:
    book.start_session()
    book.give("letter", ["pat"])
    book.end_session()
    book.start_session()
    result = book.give("map", ["pat", "lee"])
    again = book.give("letter", ["pat", "lee"])
    assert [e.players for e in result.given] == [("pat",), ("lee",)]
    assert (
        [e.players for e in again.given],
        [(h.players, h.session) for h in again.already_held],
    ) == (
        [("lee",)],
        [(("pat",), 1)],
    )
    assert book.held_by("pat", as_of_session=1) == ["letter"]
    assert book.held_by("pat") == ["letter", "map"]
    assert book.held_by("lee", as_of_session=1) == []
    assert book.held_by("lee") == ["map", "letter"]


def test_a_record_can_go_into_an_earlier_session(book: Ledger) -> None:
    book.start_session()
    book.end_session()
    book.give("letter", ["pat"], session=1)
    book.log("Forgot to note this.", session=1)
    assert book.held_by("pat", as_of_session=1) == ["letter"]
    with pytest.raises(UnknownId) as raised:
        book.give("letter", ["pat"], session=5)
    assert raised.value.problems[0].render() == (
        "there is no session 5\n    hint: sessions so far: 1"
    )


def test_clues_are_found_once(book: Ledger) -> None:
    book.start_session()
    first = book.clue_found("arsenic-tin", by=["pat", "lee"])
    again = book.clue_found("arsenic-tin", by=["lee"])
    assert (first.already, again.already, again.entry.number) == (False, True, first.entry.number)
    found = book.state().found_clues()["arsenic-tin"]
    assert (found.session, found.players) == (1, ("pat", "lee"))
    assert book.state(as_of_session=0).found_clues() == {}


def test_npc_fates_change_between_sessions_too(book: Ledger) -> None:
    book.npc_status("cook", "missing")  # before any session
    book.start_session()
    book.npc_status("butler", "burned", note="exposed at dinner")
    book.end_session()
    book.npc_status("butler", "dead")  # off-screen, after session 1
    assert book.npc_status("butler", "dead").already  # no news: not in the recap twice
    statuses = book.state().npc_statuses
    assert {npc: (c.status, c.session) for npc, c in statuses.items()} == {
        "butler": ("dead", 1),
        "cook": ("missing", None),
    }
    assert book.state(as_of_session=0).npc_statuses["cook"].status == "missing"


SPY_STATUSES = "`active`, `missing`, `burned`, `turned`, `defected`, `dead`"


def test_npc_statuses_are_the_campaigns(campaign: Campaign, book: Ledger) -> None:
    index = campaign_index(campaign.root)
    with pytest.raises(UnknownId) as raised:
        record_npc_status(index, book, "butler", "alive")
    assert raised.value.problems[0].render() == (
        "unknown NPC status `alive`\n    hint: the campaign's statuses (genre `spy`, and its "
        f"own): {SPY_STATUSES}"
    )
    started = record_npc_status(index, book, "butler", "active")  # as the campaign starts him
    assert started.already and started.entry.number == 0
    assert book.state().npc_statuses == {}


def test_ids_are_checked_against_the_campaign(campaign: Campaign, book: Ledger) -> None:
    index = campaign_index(campaign.root)
    book.start_session()
    with pytest.raises(UnknownId) as raised:
        record_give(index, book, "letter", ["pta"])
    assert raised.value.problems[0].render() == (
        "unknown player `pta`\n    hint: did you mean `pat`?"
    )
    with pytest.raises(UnknownId, match="unknown clue `soup`"):
        record_clue_found(index, book, "soup")
    with pytest.raises(UnknownId, match="unknown npc `jeeves`"):
        record_npc_status(index, book, "jeeves", "dead")
    assert book.held_by("pat") == []
    assert [e.players for e in record_give(index, book, "letter", ["all"]).given] == [("pat",)]


def test_overview_follows_the_three_clue_rule(campaign: Campaign, book: Ledger) -> None:
    assert overview_warnings(overview(campaign, book)) == []  # three clues still to find
    book.start_session()
    record_clue_found(campaign_index(campaign.root), book, "soup-stain")
    assert overview_warnings(overview(campaign, book)) == [
        "conclusion `butler-guilty` is not reached yet and only 2 clues toward it remain "
        "unfound (three-clue rule: add more, or mark it reached with `companion clue reached`)"
    ]
    book.reach_conclusion("butler-guilty")
    progress = overview(campaign, book).conclusions[0]
    assert (progress.found, progress.unfound, progress.reached) == (
        ("soup-stain",),
        ("arsenic-tin", "ledger-page"),
        True,
    )
    assert overview_warnings(overview(campaign, book)) == []


def test_recap_keeps_gm_secrets_out(book: Ledger) -> None:
    book.start_session("Dinner", "2024-05-03")
    book.log("The soup is served.")
    book.log("SECRET: the butler did it.", gm=True)
    book.give("letter", ["pat"])
    book.npc_status("butler", "burned", note="SECRET note")
    book.npc_status("cook", "turned", gm=True)
    book.end_session()
    assert recap_markdown(book.player_recap()) == (
        "# Previously\n\n## Session 1: Dinner (2024-05-03)\n\n- The soup is served.\n\n"
        "**Handouts**\n\n- *letter*, to pat\n\n**What became of them**\n\n- butler is now burned\n"
    )


def test_recap_is_of_the_last_session_that_ended(book: Ledger) -> None:
    with pytest.raises(SessionRecordError, match="no session has been played yet"):
        recap_markdown(book.player_recap())
    book.start_session("One", "2024-05-03")
    book.end_session()
    book.start_session("Two", "2024-05-10")
    assert "Session 1: One" in recap_markdown(book.player_recap())
    assert recap_markdown(book.player_recap(2)).endswith(
        "_Nothing was recorded for the players._\n"
    )


def test_export_is_the_whole_record_and_deterministic(book: Ledger) -> None:
    book.npc_status("cook", "missing")
    book.start_session("Dinner", "2024-05-03", story_date="1926-06-26, evening")
    book.log("Public line.")
    book.log("GM line.", gm=True)
    book.give("letter", ["pat"])
    book.clue_found("arsenic-tin", by=["pat"])
    book.reach_conclusion("butler-guilty")
    book.log("Natalia shoots Karl dead.")
    book.amend(7, "Natalia shoots at Karl and misses.")
    exported = export_json(book.everything())
    assert json.loads(exported) == {
        "file": "companion record of play",
        "schema_version": EXPORT_VERSION,
        "before_play": [{"number": 1, "kind": "npc", "subject": "cook", "status": "missing"}],
        "sessions": [
            {
                "number": 1,
                "title": "Dinner",
                "date": "2024-05-03",
                "story_date": "1926-06-26, evening",
                "ended": False,
                "entries": [
                    {"number": 2, "kind": "log", "text": "Public line."},
                    {"number": 3, "kind": "log", "text": "GM line.", "gm": True},
                    {"number": 4, "kind": "give", "subject": "letter", "players": ["pat"]},
                    {"number": 5, "kind": "clue", "subject": "arsenic-tin", "players": ["pat"]},
                    {"number": 6, "kind": "conclusion", "subject": "butler-guilty"},
                    # An amend travels with what it amends, so that the export restores.
                    {
                        "number": 7,
                        "kind": "log",
                        "text": "Natalia shoots Karl dead.",
                        "struck": True,
                        "struck_why": "amended by #8",
                    },
                    {
                        "number": 8,
                        "kind": "log",
                        "text": "Natalia shoots at Karl and misses.",
                        "amends": 7,
                    },
                ],
            }
        ],
    }
    assert exported == export_json(book.everything())
    assert "Natalia shoots Karl dead." in export_json(book.everything(include_struck=True))
    assert record_markdown(book.everything(include_struck=True)) == (
        "# Session record\n\n## Before play\n\n- #1 `cook` is missing\n\n"
        "## Session 1: Dinner (2024-05-03) — still open\n\nIn the story: 1926-06-26, evening\n\n"
        "- #2 log: Public line.\n- #3 log (GM): GM line.\n- #4 gave `letter` to pat\n"
        "- #5 clue `arsenic-tin` found by pat\n- #6 conclusion `butler-guilty` reached\n"
        "- ~~#7 log: Natalia shoots Karl dead.  [struck: amended by #8]~~\n"
        "- #8 log: Natalia shoots at Karl and misses.\n"
    )


# --- the database file ----------------------------------------------------------------------


def test_the_database_is_wal_with_foreign_keys_and_a_version(tmp_path: Path) -> None:
    path = tmp_path / "companion.db"
    open_ledger(path).close()
    connection = sqlite3.connect(path)
    pragmas = ["journal_mode", "user_version", "application_id"]
    values = [connection.execute(f"PRAGMA {name}").fetchone()[0] for name in pragmas]
    assert values == ["wal", SCHEMA_VERSION, APPLICATION_ID]
    connection.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError):  # an entry must belong to a session
        connection.execute("INSERT INTO entries (session, kind, text) VALUES (7, 'log', 'x')")
    connection.close()


# The first published schema, kept literally: a change to a released migration step fails here.
SCHEMA_V1 = """
CREATE TABLE sessions (number INTEGER PRIMARY KEY, title TEXT NOT NULL, date TEXT NOT NULL,
    ended INTEGER NOT NULL DEFAULT 0 CHECK (ended IN (0, 1)));
CREATE TABLE log_lines (id INTEGER PRIMARY KEY,
    session INTEGER NOT NULL REFERENCES sessions (number), text TEXT NOT NULL,
    gm INTEGER NOT NULL CHECK (gm IN (0, 1)));
CREATE TABLE handouts_given (handout TEXT NOT NULL, player TEXT NOT NULL,
    session INTEGER NOT NULL REFERENCES sessions (number), PRIMARY KEY (handout, player));
CREATE TABLE clues_found (clue TEXT PRIMARY KEY,
    session INTEGER NOT NULL REFERENCES sessions (number));
CREATE TABLE npc_status_changes (id INTEGER PRIMARY KEY, npc TEXT NOT NULL,
    status TEXT NOT NULL, session INTEGER REFERENCES sessions (number));
INSERT INTO sessions VALUES (1, 'Old times', '2023-01-01', 1);
INSERT INTO log_lines (session, text, gm) VALUES (1, 'Written by version 1.', 0);
INSERT INTO handouts_given VALUES ('letter', 'pat', 1);
INSERT INTO clues_found VALUES ('soup-stain', 1);
INSERT INTO npc_status_changes (npc, status, session) VALUES ('cook', 'missing', 1);
"""


def test_a_database_from_schema_1_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "companion.db"
    connection = sqlite3.connect(path)
    connection.executescript(SCHEMA_V1)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("PRAGMA user_version = 1")
    connection.close()
    with open_ledger(path) as book:
        assert book.session_detail(1).live("log")[0].text == "Written by version 1."
        assert book.held_by("pat") == ["letter"]
        assert [e.describe() for e in book.state().entries] == [
            "#1 log: Written by version 1.",
            "#2 gave `letter` to pat",
            "#3 clue `soup-stain` found",
            "#4 `cook` is missing",
        ]  # numbered in the order of the old tables, by session
        book.start_session()
        book.clue_found("arsenic-tin", by=["pat"])  # finders are new in version 2
        book.reach_conclusion("butler-guilty")  # so is the table of conclusions
        assert book.strike(2).entry.struck  # striking is new in version 3
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def _text_file(path: Path) -> None:
    path.write_text("Shopping list: eggs, milk\n")


def _other_programs_database(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.execute("CREATE TABLE sessions (id INTEGER)")
    connection.commit()
    connection.close()


def _database_with_someone_elses_version(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 3")
    connection.close()


FOREIGN_FILES = {
    "text file": (
        _text_file,
        "this file is not a companion session database (it is not an SQLite file)",
    ),
    "another program's database": (
        _other_programs_database,
        "this SQLite database belongs to another program (its tables: recipes, sessions)",
    ),
    "a database versioned by someone else": (
        _database_with_someone_elses_version,
        "this SQLite database belongs to another program",
    ),
}


@pytest.mark.parametrize("case", FOREIGN_FILES, ids=list(FOREIGN_FILES))
def test_a_foreign_file_is_refused_and_left_alone(
    case: str, runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make, message = FOREIGN_FILES[case]
    path = mini / "companion.db"
    make(path)
    before = path.read_bytes()
    output = fail(runner, mini, monkeypatch, "session", "start")
    assert output == (
        f"mini/companion.db: {message}\n    hint: companion never writes over a file it did "
        "not make: move the file away, or pass --db with another path\n"
    )
    assert path.read_bytes() == before
    assert sorted(p.name for p in mini.glob("companion.db*")) == ["companion.db"]


def test_a_newer_or_damaged_database_is_a_clear_error(tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    open_ledger(newer).close()
    connection = sqlite3.connect(newer)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    with pytest.raises(SessionDbError, match="written by a newer companion"):
        open_ledger(newer)
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16)
    with pytest.raises(CompanionError) as raised:
        open_ledger(damaged)
    assert raised.value.problems[0].render() == (
        f"{damaged}: cannot read the session database: file is not a database\n"
        "    hint: the file may be damaged; keep a copy of it, then restore it from a backup"
    )


def _python(code: str, **environment: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, **environment},
    )


WRITER = """
import sys
import time
from pathlib import Path
from companion.record.ledger import open_ledger
book = open_ledger(Path({path!r}))
print("ready", flush=True)
sys.stdin.readline()  # both writers start together
for index in range(200):
    book.log(f"{name} {{index}}")
    time.sleep(0.001)  # let the other writer in now and then, so the two really interleave
book.close()
"""


def test_two_writers_at_once_lose_no_line(tmp_path: Path) -> None:
    path = tmp_path / "companion.db"
    with open_ledger(path) as book:
        book.start_session()
    writers = [_python(WRITER.format(path=str(path), name=name)) for name in ("anna", "ben")]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        _, errors = writer.communicate(timeout=60)
        assert writer.returncode == 0, errors
    with open_ledger(path) as book:
        texts = [line.text for line in book.session_detail(1).live("log")]
    assert len(texts) == 400
    for name in ("anna", "ben"):
        assert [t for t in texts if t.startswith(name)] == [f"{name} {i}" for i in range(200)]


OPENER = """
import sys
from pathlib import Path
from companion.record.ledger import open_ledger
print("ready", flush=True)
sys.stdin.readline()
with open_ledger(Path({path!r})) as book:
    print(len(book.sessions()))
"""


def test_commands_creating_the_database_at_once_all_succeed(tmp_path: Path) -> None:
    path = tmp_path / "companion.db"
    openers = [_python(OPENER.format(path=str(path))) for _ in range(4)]
    for opener in openers:
        assert opener.stdout is not None and opener.stdout.readline() == "ready\n"
    outputs = [opener.communicate("go\n", timeout=60) for opener in openers]
    assert [(o.returncode, out) for o, (out, _) in zip(openers, outputs, strict=True)] == [
        (0, "0\n")
    ] * 4, outputs
    with open_ledger(path) as book:
        assert book.sessions() == []


GIVER = """
from pathlib import Path
from companion.record.ledger import open_ledger
open_ledger(Path({path!r})).give("letter", ["pat", "lee"])
"""


def test_a_killed_command_is_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "companion.db"
    with open_ledger(path) as book:
        book.start_session()
    giver = _python(GIVER.format(path=str(path)), **{PAUSE_ENV: "60"})
    assert giver.stderr is not None
    assert giver.stderr.readline() == "paused inside a transaction\n"  # one row written
    giver.send_signal(signal.SIGKILL)
    giver.communicate(timeout=10)
    assert giver.returncode == -signal.SIGKILL
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()
    with open_ledger(path) as book:
        assert (book.held_by("pat"), book.held_by("lee")) == ([], [])
        book.give("letter", ["pat", "lee"])  # the database takes the same command again
        assert (book.held_by("pat"), book.held_by("lee")) == (["letter"], ["letter"])


# --- the command line -----------------------------------------------------------------------


def test_an_evening_through_the_command_line(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def say(*args: str) -> str:
        return run(runner, mini, monkeypatch, *args)

    assert say("session", "start", "--title", "Dinner", "--date", "2024-05-03") == (
        "Session 1: Dinner (2024-05-03) started.\n"
    )
    assert say("session", "log", "The soup is served.") == "Logged as #1 in session 1.\n"
    assert say("session", "log", "The butler did it.", "--gm") == (
        "Logged as #2 in session 1 (GM only).\n"
    )
    assert say("give", "letter", "--to", "all") == "Gave `letter` to pat in session 1 (#3).\n"
    assert say("give", "letter", "--to", "pat") == (
        "pat already holds `letter` (given in session 1).\n"
    )
    assert say("clue", "found", "soup-stain", "--by", "pat") == (
        "Clue `soup-stain` found by pat in session 1 (#4).\n"
    )
    assert say("clue", "found", "soup-stain") == (
        "Clue `soup-stain` was already found in session 1 (#4).\n"
    )
    assert say("npc", "status", "butler", "burned", "--note", "caught") == (
        "`butler` is now burned (session 1, #5).\n"
    )
    assert say("npc", "status", "butler", "burned") == (
        "`butler` was already burned (#5, session 1).\n"
    )
    assert say("session", "log", "Natalia shoots Sam dead.") == "Logged as #6 in session 1.\n"
    assert say("amend", "6", "Natalia shoots at Sam and misses.") == "#6 amended by #7.\n"
    assert say("session", "log", "A line typed by mistake.") == "Logged as #8 in session 1.\n"
    assert say("undo") == "Undone: #8 log: A line typed by mistake.  [struck: undone]\n"
    assert say("session", "show") == (
        "Session 1: Dinner (2024-05-03), still open\n\n"
        "  #1 log: The soup is served.\n"
        "  #2 log (GM): The butler did it.\n"
        "  #3 gave `letter` to pat\n"
        "  #4 clue `soup-stain` found by pat\n"
        "  #5 `butler` is burned (caught)\n"
        "  #6 log: Natalia shoots Sam dead.  [struck: amended by #7]\n"
        "  #7 log: Natalia shoots at Sam and misses.\n"
        "  #8 log: A line typed by mistake.  [struck: undone]\n"
    )
    assert say("session", "end") == "Session 1: Dinner (2024-05-03) ended.\n"
    assert say("session", "list") == "   1  2024-05-03  Dinner\n"
    recap = say("recap")
    assert "The soup is served." in recap
    assert "Natalia shoots at Sam and misses." in recap
    assert "The butler did it." not in recap
    assert "dead" not in recap and "mistake" not in recap
    assert "- *A folded letter*, to Sam Spade\n" in recap
    assert json.loads(say("session", "export"))["sessions"][0]["entries"][1]["gm"] is True


def test_status_is_one_screen(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(runner, mini, monkeypatch, "session", "start", "--date", "2024-05-03")
    run(runner, mini, monkeypatch, "give", "letter", "--to", "pat")
    run(runner, mini, monkeypatch, "clue", "found", "arsenic-tin")
    run(runner, mini, monkeypatch, "npc", "status", "cook", "missing")
    assert run(runner, mini, monkeypatch, "status") == (
        "Mini Test Campaign: 0 sessions played; Session 1 (2024-05-03) is open.\n\n"
        "Handouts given:\n  pat            letter\n\n"
        "Clues found, per conclusion:\n"
        "  butler-guilty  1 of 3 found; still open: soup-stain, ledger-page\n\n"
        "NPCs:\n  butler         active\n  cook           missing\n"
        "warning: conclusion `butler-guilty` is not reached yet and only 2 clues toward it "
        "remain unfound (three-clue rule: add more, or mark it reached with "
        "`companion clue reached`)\n"
    )
    assert run(runner, mini, monkeypatch, "clue", "reached", "butler-guilty") == (
        "Conclusion `butler-guilty` reached in session 1 (#4).\n"
    )
    assert "warning" not in run(runner, mini, monkeypatch, "status")


MISTAKES = {
    "unknown handout": (
        ["give", "leter", "--to", "pat"],
        "unknown handout `leter`\n    hint: did you mean `letter`?\n",
    ),
    "unknown player": (
        ["give", "letter", "--to", "pta"],
        "unknown player `pta`\n    hint: did you mean `pat`?\n",
    ),
    "unknown clue": (
        ["clue", "found", "soup-stian"],
        "unknown clue `soup-stian`\n    hint: did you mean `soup-stain`?\n",
    ),
    "unknown finder": (
        ["clue", "found", "soup-stain", "--by", "sam"],
        "unknown player `sam`\n    hint: valid player ids: `pat`\n",
    ),
    "unknown conclusion": (
        ["clue", "reached", "butler-guity"],
        "unknown conclusion `butler-guity`\n    hint: did you mean `butler-guilty`?\n",
    ),
    "unknown npc": (
        ["npc", "status", "buttler", "dead"],
        "unknown npc `buttler`\n    hint: did you mean `butler`?\n",
    ),
    "no session": (
        ["session", "log", "Hello"],
        "no session is open\n    hint: start one with `companion session start`, "
        "or name one with --session N\n",
    ),
    "no such session": (
        ["give", "letter", "--to", "pat", "--session", "3"],
        "there is no session 3\n    hint: start one with `companion session start`\n",
    ),
}


@pytest.mark.parametrize("case", MISTAKES, ids=list(MISTAKES))
def test_mistakes_are_plain_errors(
    case: str, runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args, expected = MISTAKES[case]
    run(runner, mini, monkeypatch, "session", "init")  # an empty record: no session yet
    assert fail(runner, mini, monkeypatch, *args) == expected
    assert fail(runner, mini, monkeypatch, "session", "show") == (
        "no session has been played yet\n    hint: start one with `companion session start`\n"
    )  # a failed command records nothing


def test_db_option_puts_the_record_elsewhere(
    runner: CliRunner, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "table.db"
    run(runner, mini, monkeypatch, "session", "start", "--db", str(elsewhere))
    assert elsewhere.exists()
    assert not (mini / "companion.db").exists()


COMMANDS = [
    ["session", "start"],
    ["session", "log"],
    ["session", "end"],
    ["session", "list"],
    ["session", "show"],
    ["session", "export"],
    ["give"],
    ["clue", "found"],
    ["clue", "reached"],
    ["npc", "status"],
    ["status"],
    ["recap"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_command_has_help_and_a_guide(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "--campaign" in result.output
    guide = (ROOT / "docs" / "sessions.md").read_text(encoding="utf-8")
    assert f"companion {' '.join(command)}" in guide


def test_a_planted_trigger_is_refused(tmp_path: Path) -> None:
    import sqlite3

    from companion.record.ledger import open_ledger
    from companion.record.store import SessionDbError

    db = tmp_path / "companion.db"
    open_ledger(db).close()
    with sqlite3.connect(db) as connection:
        connection.execute(
            "CREATE TRIGGER sneaky AFTER INSERT ON entries BEGIN DELETE FROM entries; END"
        )
    before = db.read_bytes()
    with pytest.raises(SessionDbError, match="objects companion never makes \\(trigger sneaky\\)"):
        open_ledger(db)
    assert db.read_bytes() == before


def test_npc_status_is_one_of_the_campaigns_with_them_in_the_hint(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(runner, mini, monkeypatch, "session", "init")
    assert fail(runner, mini, monkeypatch, "npc", "status", "butler", "deceased") == (
        "unknown NPC status `deceased`\n"
        f"    hint: the campaign's statuses (genre `spy`, and its own): {SPY_STATUSES}\n"
    )
    assert run(runner, mini, monkeypatch, "npc", "status", "butler", "active") == (
        "`butler` is already active: the campaign starts them so. Nothing recorded.\n"
    )


def test_only_session_start_init_and_import_create_a_record(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = mini / "companion.db"
    for reading in (["status"], ["recap"], ["session", "list"], ["session", "export"]):
        runner.invoke(app, [*reading, "-c", str(mini)])
    assert not database.exists()
    assert fail(runner, mini, monkeypatch, "npc", "status", "cook", "dead") == (
        "no record of play yet (companion.db does not exist)\n"
        "    hint: start one with `companion session start`, or `companion session init`\n"
    )
    assert not database.exists()
    assert run(runner, mini, monkeypatch, "session", "init").startswith("The record of play is")
    assert database.exists()


@pytest.mark.parametrize("command", [["status"], ["session", "list"]])
def test_an_empty_record_is_read_as_nothing_yet_and_left_alone(
    command: list[str], runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite makes the file before it writes its header: a command killed then leaves it
    empty. Reading it is reading a record with nothing in it, and writes nothing."""
    (mini / "companion.db").write_bytes(b"")
    run(runner, mini, monkeypatch, *command)
    assert (mini / "companion.db").read_bytes() == b""


def test_an_empty_record_is_finished_by_the_next_command_that_writes(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (mini / "companion.db").write_bytes(b"")
    assert fail(runner, mini, monkeypatch, "npc", "status", "cook", "dead").startswith(
        "no record of play yet"
    )
    assert run(runner, mini, monkeypatch, "session", "start").startswith("Session 1")
    assert (mini / "companion.db").read_bytes().startswith(b"SQLite format 3")
    assert run(runner, mini, monkeypatch, "session", "log", "It works.").startswith("Logged")


def test_a_handout_written_as_yml_is_given_like_any_other(runner: CliRunner, mini: Path) -> None:
    """The loader reads `.yml` as well as `.yaml`; so does every other reader of the folder.
    It once built but could not be given, because the index looked only at `.yaml`."""
    named = ["-c", str(mini)]
    assert runner.invoke(app, ["session", "start", *named]).exit_code == 0
    assert runner.invoke(app, ["give", "letter", "--to", "pat", *named]).exit_code == 0
    (mini / "handouts" / "extra.yml").write_text("kind: note\ntitle: Extra\nto: all\ntext: Hi.\n")
    assert runner.invoke(app, ["validate", str(mini)]).exit_code == 0
    result = runner.invoke(app, ["give", "extra", "--to", "all", *named])
    assert result.exit_code == 0, result.output
    assert "extra" in runner.invoke(app, ["status", *named]).output


def test_a_given_automatic_file_follows_the_loaders_rule(runner: CliRunner, mini: Path) -> None:
    """An NPC with `dossier: true` gets an automatic file the GM can give; the rule is the
    loader's, not a second copy of it."""
    named = ["-c", str(mini)]
    npc = mini / "npcs" / "cook.yaml"
    npc.write_text(npc.read_text() + "dossier: true\n")
    assert runner.invoke(app, ["session", "start", *named]).exit_code == 0
    result = runner.invoke(app, ["give", "file-cook", "--to", "pat", *named])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("sqlite_says", "we_say"),
    [
        ("attempt to write a readonly database", "the file or its folder is read-only"),
        ("database or disk is full", "the disk is full"),
        ("disk I/O error", "the disk failed"),
    ],
)
def test_a_cause_that_is_not_damage_is_said_plainly(sqlite_says: str, we_say: str) -> None:
    """Telling a GM the file "may be damaged; restore it from a backup" for a full disk could
    cost them a good record."""
    from companion.record.store import _translated_errors

    with pytest.raises(CompanionError) as raised, _translated_errors(Path("companion.db")):
        raise sqlite3.OperationalError(sqlite_says)
    assert we_say in str(raised.value)
    assert "damaged" not in str(raised.value) and "backup" not in str(raised.value)


def test_reading_an_older_record_leaves_it_as_it_was(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Commands that only read see an older record upgraded in memory; the file is upgraded
    by the first command that writes, so looking never stops an older companion."""
    run(runner, mini, monkeypatch, "session", "start")
    run(runner, mini, monkeypatch, "session", "log", "A line.")
    path = mini / "companion.db"
    with sqlite3.connect(path) as connection:  # as schema 3 was, before schemas 4 and 5
        connection.execute("DROP TABLE mark_key")
        connection.execute("ALTER TABLE entries DROP COLUMN command")
        connection.execute("PRAGMA user_version = 3")
    connection.close()
    before = path.read_bytes()
    for reading in (["status"], ["recap", "--all"], ["session", "list"], ["session", "export"]):
        run(runner, mini, monkeypatch, *reading)
    assert path.read_bytes() == before
    result = runner.invoke(app, ["session", "log", "Another line.", "-c", str(mini)])
    assert result.exit_code == 0, result.output
    assert f"upgraded (schema 3 to {SCHEMA_VERSION}); an older companion" in result.output
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION
