"""What happened at the table, kept in SQLite: sessions, log lines, handouts, clues, NPC fates."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date as calendar_date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.errors import CompanionError, LocatedError, Problem, UnknownId
from companion.hints import did_you_mean

if TYPE_CHECKING:
    from types import TracebackType

    from companion.models import Campaign

DB_FILE = "companion.db"
# The same values as companion.models.NpcStatus; a test keeps the two in step. Repeated here so
# that recording a log line never has to import pydantic.
NPC_STATUSES = ("active", "missing", "burned", "turned", "defected", "dead")
EXPORT_FORMATS = ("yaml", "md")
THREE_CLUE_RULE = 3
# Written into the SQLite header, so that another program's database is never taken for ours.
APPLICATION_ID = 0x636F6D70  # "comp"
SQLITE_HEADER = b"SQLite format 3\x00"
# Long enough for another command's transaction to finish; ours last milliseconds.
BUSY_TIMEOUT_SECONDS = 15.0
# Crash tests set this to a number of seconds: a command then announces itself on stderr and
# sleeps right after its first write, inside its transaction, where the test kills it.
PAUSE_ENV = "COMPANION_TEST_PAUSE_AFTER_FIRST_WRITE"

# Step N brings a database from schema version N - 1 to N. Published steps never change: a
# database made by any earlier release is upgraded by running the steps it has not seen yet.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE sessions (
            number INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            date TEXT NOT NULL,
            ended INTEGER NOT NULL DEFAULT 0 CHECK (ended IN (0, 1))
        )""",
        """CREATE TABLE log_lines (
            id INTEGER PRIMARY KEY,
            session INTEGER NOT NULL REFERENCES sessions (number),
            text TEXT NOT NULL,
            gm INTEGER NOT NULL CHECK (gm IN (0, 1))
        )""",
        """CREATE TABLE handouts_given (
            handout TEXT NOT NULL,
            player TEXT NOT NULL,
            session INTEGER NOT NULL REFERENCES sessions (number),
            PRIMARY KEY (handout, player)
        )""",
        """CREATE TABLE clues_found (
            clue TEXT PRIMARY KEY,
            session INTEGER NOT NULL REFERENCES sessions (number)
        )""",
        """CREATE TABLE npc_status_changes (
            id INTEGER PRIMARY KEY,
            npc TEXT NOT NULL,
            status TEXT NOT NULL,
            session INTEGER REFERENCES sessions (number)
        )""",
    ),
    (
        "ALTER TABLE clues_found ADD COLUMN found_by TEXT",
        "ALTER TABLE npc_status_changes ADD COLUMN note TEXT",
        "ALTER TABLE npc_status_changes ADD COLUMN gm INTEGER NOT NULL DEFAULT 0"
        " CHECK (gm IN (0, 1))",
        """CREATE TABLE conclusions_reached (
            conclusion TEXT PRIMARY KEY,
            session INTEGER NOT NULL REFERENCES sessions (number)
        )""",
        "CREATE INDEX log_lines_by_session ON log_lines (session)",
        "CREATE INDEX npc_status_changes_by_npc ON npc_status_changes (npc)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class SessionDbError(LocatedError):
    """The database file cannot be used: another program's, damaged, too new, or busy."""

    def __init__(self, path: Path, message: str, hint: str | None = None) -> None:
        super().__init__(Problem(message, file=path, hint=hint))


class SessionRecordError(CompanionError):
    """A request that does not fit the record: no session open, one already open, found twice."""


# --- what the record holds ------------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    number: int
    title: str
    date: str  # ISO date of the evening of play, as text
    ended: bool

    def heading(self) -> str:
        title = f": {self.title}" if self.title else ""
        return f"Session {self.number}{title} ({self.date})"


@dataclass(frozen=True)
class LogLine:
    session: int
    text: str
    gm: bool


@dataclass(frozen=True)
class HandoutGiven:
    handout: str
    player: str
    session: int


@dataclass(frozen=True)
class ClueFound:
    clue: str
    session: int
    by: str | None


@dataclass(frozen=True)
class ConclusionReached:
    conclusion: str
    session: int


@dataclass(frozen=True)
class NpcStatusChange:
    npc: str
    status: str
    session: int | None  # None: set before the first session
    note: str | None
    gm: bool  # a change the players do not know about; kept out of the recap


@dataclass(frozen=True)
class SessionDetail:
    """Everything recorded in one session, in the order it was recorded."""

    session: Session
    log: tuple[LogLine, ...]
    given: tuple[HandoutGiven, ...]
    clues: tuple[ClueFound, ...]
    reached: tuple[ConclusionReached, ...]
    npc_changes: tuple[NpcStatusChange, ...]

    def is_empty(self) -> bool:
        return not (self.log or self.given or self.clues or self.reached or self.npc_changes)


@dataclass(frozen=True)
class PlayState:
    """What the record says up to some session: the input of packets, status and overviews."""

    sessions: tuple[Session, ...]
    given: tuple[HandoutGiven, ...]
    clues: tuple[ClueFound, ...]
    reached: tuple[ConclusionReached, ...]
    npc_statuses: dict[str, NpcStatusChange]  # latest change per NPC id, if any

    def held_by(self, player_id: str) -> list[str]:
        return [given.handout for given in self.given if given.player == player_id]


@dataclass(frozen=True)
class GiveResult:
    handout: str
    session: int
    given_to: tuple[str, ...]
    already_held: tuple[HandoutGiven, ...]  # earlier gifts of the same handout, left as they were


@dataclass(frozen=True)
class RecapNames:
    """Player-safe names for the ids in a recap; an id without a name is shown as itself."""

    title: str = ""
    handouts: Mapping[str, str] = field(default_factory=dict)
    players: Mapping[str, str] = field(default_factory=dict)
    npcs: Mapping[str, str] = field(default_factory=dict)


# --- opening --------------------------------------------------------------------------------


def open_session_book(db_path: Path) -> SessionBook:
    """Open the session database, creating or upgrading it; refuse any file that is not ours."""
    _check_header(db_path)
    with _translated_errors(db_path):
        connection = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        with _translated_errors(db_path):
            connection.execute("PRAGMA foreign_keys = ON")
            # A database can arrive inside a shared campaign folder: its schema must not be
            # able to run code (triggers, views calling functions) when we write to it.
            connection.execute("PRAGMA trusted_schema = OFF")
            if _identify_in_transaction(connection, db_path) < SCHEMA_VERSION:
                # WAL lets readers and one writer work at once; the mode is stored in the file.
                connection.execute("PRAGMA journal_mode = WAL")
                _migrate(connection, db_path)
    except BaseException:
        connection.close()
        raise
    return SessionBook(connection, db_path)


def _check_header(path: Path) -> None:
    """A text file or anything else at the path is refused before SQLite touches it."""
    if path.is_dir():
        raise SessionDbError(path, "this is a folder, not a session database")
    if not path.exists():
        return
    with path.open("rb") as stream:
        head = stream.read(len(SQLITE_HEADER))
    if head and head != SQLITE_HEADER:
        raise SessionDbError(
            path,
            "this file is not a companion session database (it is not an SQLite file)",
            hint=_NOT_OURS_HINT,
        )


_NOT_OURS_HINT = (
    "companion never writes over a file it did not make: move the file away, "
    "or pass --db with another path"
)


def _identify_in_transaction(connection: sqlite3.Connection, path: Path) -> int:
    connection.execute("BEGIN")
    try:
        return _identify(connection, path)
    finally:
        connection.execute("COMMIT")


def _identify(connection: sqlite3.Connection, path: Path) -> int:
    """Our schema version in this file: 0 for an empty file; raise for anyone else's database."""
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    application = int(connection.execute("PRAGMA application_id").fetchone()[0])
    if version == 0:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        if tables:
            shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
            raise SessionDbError(
                path,
                f"this SQLite database belongs to another program (its tables: {shown})",
                hint=_NOT_OURS_HINT,
            )
        return 0
    if application != APPLICATION_ID:
        raise SessionDbError(
            path, "this SQLite database belongs to another program", hint=_NOT_OURS_HINT
        )
    if version > SCHEMA_VERSION:
        raise SessionDbError(
            path,
            f"this database was written by a newer companion (schema {version}; "
            f"this one knows up to {SCHEMA_VERSION})",
            hint="upgrade companion to use it",
        )
    _refuse_foreign_objects(connection, path)
    return version


def _refuse_foreign_objects(connection: sqlite3.Connection, path: Path) -> None:
    """Triggers and views are never ours: one planted in a shared file could rewrite the
    record behind the GM's back."""
    planted = [
        f"{kind} {name}"
        for kind, name in connection.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name"
        )
    ]
    if planted:
        raise SessionDbError(
            path,
            f"this database holds objects companion never makes ({', '.join(planted)})",
            hint=_NOT_OURS_HINT,
        )


def _migrate(connection: sqlite3.Connection, path: Path) -> None:
    # IMMEDIATE takes the write lock first, so two commands opening a new file at once cannot
    # both run the steps: the second one waits, then finds the schema current.
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = _identify(connection, path)
        for statements in MIGRATIONS[version:]:
            for statement in statements:
                connection.execute(statement)
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


@contextmanager
def _translated_errors(path: Path) -> Iterator[None]:
    """SQLite's exceptions as messages a game master can act on."""
    try:
        yield
    except sqlite3.OperationalError as error:
        text = str(error)
        if "locked" in text or "busy" in text:
            raise SessionDbError(
                path,
                "the session database stayed busy: another companion command is using it",
                hint="try again in a moment",
            ) from None
        if "unable to open" in text:
            raise SessionDbError(
                path, "cannot open the session database here", hint="does the folder exist?"
            ) from None
        raise _damaged(path, error) from None
    except sqlite3.DatabaseError as error:
        raise _damaged(path, error) from None


def _damaged(path: Path, error: sqlite3.Error) -> SessionDbError:
    return SessionDbError(
        path,
        f"cannot read the session database: {error}",
        hint="the file may be damaged; keep a copy of it, then restore it from a backup",
    )


def _pause_if_testing() -> None:
    seconds = os.environ.get(PAUSE_ENV)
    if seconds:
        print("paused inside a transaction", file=sys.stderr, flush=True)
        time.sleep(float(seconds))


def _check_date(day: str | None) -> str:
    if day is None:
        return calendar_date.today().isoformat()
    try:
        return calendar_date.fromisoformat(day).isoformat()
    except ValueError:
        raise SessionRecordError(
            f"`{day}` is not a date", hint="write it as year-month-day, e.g. 2024-10-14"
        ) from None


# --- the book -------------------------------------------------------------------------------

_SESSION_COLUMNS = "number, title, date, ended"
_STATUS_COLUMNS = "npc, status, session, note, gm"


class SessionBook:
    """The session database of one campaign. Every public method runs in one transaction."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection = connection
        self.path = path
        self._writes_in_transaction = 0

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> SessionBook:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- sessions ---

    def start_session(self, title: str = "", date: str | None = None) -> Session:
        day = _check_date(date)
        with self._transaction(write=True):
            current = self._open_session()
            if current is not None:
                raise SessionRecordError(
                    f"session {current.number} is still open",
                    hint="end it first with `companion session end`",
                )
            number = int(self._scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM sessions"))
            self._write(
                "INSERT INTO sessions (number, title, date) VALUES (?, ?, ?)",
                (number, title.strip(), day),
            )
            return Session(number, title.strip(), day, ended=False)

    def end_session(self) -> Session:
        with self._transaction(write=True):
            current = self._open_session()
            if current is None:
                raise SessionRecordError("no session is open", hint=_START_HINT)
            self._write("UPDATE sessions SET ended = 1 WHERE number = ?", (current.number,))
            return Session(current.number, current.title, current.date, ended=True)

    def sessions(self) -> list[Session]:
        with self._transaction(write=False):
            return self._sessions("ORDER BY number")

    def session_detail(self, number: int | None = None) -> SessionDetail:
        """One session in full; by default the open one, or else the latest."""
        with self._transaction(write=False):
            return self._detail(self._chosen_session(number, ended_first=False))

    # --- what happens in a session ---

    def log(self, text: str, gm: bool = False, session: int | None = None) -> LogLine:
        if not text.strip():
            raise SessionRecordError("the log line is empty")
        with self._transaction(write=True):
            target = self._session_for(session)
            self._write(
                "INSERT INTO log_lines (session, text, gm) VALUES (?, ?, ?)",
                (target.number, text.strip(), int(gm)),
            )
            return LogLine(target.number, text.strip(), gm)

    def give(
        self, handout_id: str, player_ids: Sequence[str], session: int | None = None
    ) -> GiveResult:
        """Record that players received a handout; a player who already holds it keeps it."""
        with self._transaction(write=True):
            target = self._session_for(session)
            held = {given.player: given for given in self._given("WHERE handout = ?", handout_id)}
            wanted = list(dict.fromkeys(player_ids))
            new = [player for player in wanted if player not in held]
            for player in new:
                self._write(
                    "INSERT INTO handouts_given (handout, player, session) VALUES (?, ?, ?)",
                    (handout_id, player, target.number),
                )
            already = tuple(held[player] for player in wanted if player in held)
            return GiveResult(handout_id, target.number, tuple(new), already)

    def clue_found(
        self, clue_id: str, by: str | None = None, session: int | None = None
    ) -> ClueFound:
        with self._transaction(write=True):
            target = self._session_for(session)
            earlier = self._clues("WHERE clue = ?", clue_id)
            if earlier:
                raise SessionRecordError(
                    f"clue `{clue_id}` was already found in session {earlier[0].session}"
                )
            self._write(
                "INSERT INTO clues_found (clue, session, found_by) VALUES (?, ?, ?)",
                (clue_id, target.number, by),
            )
            return ClueFound(clue_id, target.number, by)

    def reach_conclusion(self, conclusion_id: str, session: int | None = None) -> ConclusionReached:
        """Record that the players worked a conclusion out; the three-clue rule then rests."""
        with self._transaction(write=True):
            target = self._session_for(session)
            earlier = self._reached("WHERE conclusion = ?", conclusion_id)
            if earlier:
                raise SessionRecordError(
                    f"conclusion `{conclusion_id}` was already reached in session "
                    f"{earlier[0].session}"
                )
            self._write(
                "INSERT INTO conclusions_reached (conclusion, session) VALUES (?, ?)",
                (conclusion_id, target.number),
            )
            return ConclusionReached(conclusion_id, target.number)

    def npc_status(
        self,
        npc_id: str,
        status: str,
        note: str | None = None,
        gm: bool = False,
        session: int | None = None,
    ) -> NpcStatusChange:
        """Record an NPC's new status: in the open session, or else after the latest one, since
        fates also change off-screen between games."""
        if status not in NPC_STATUSES:
            raise UnknownId(
                f"unknown NPC status `{status}`", hint=did_you_mean(status, NPC_STATUSES)
            )
        with self._transaction(write=True):
            number = self._session_or_latest(session)
            self._write(
                "INSERT INTO npc_status_changes (npc, status, session, note, gm)"
                " VALUES (?, ?, ?, ?, ?)",
                (npc_id, status, number, note, int(gm)),
            )
            return NpcStatusChange(npc_id, status, number, note, gm)

    # --- state as of a session (None: everything so far) ---

    def state(self, as_of_session: int | None = None) -> PlayState:
        """Everything recorded up to and including a session, read in one snapshot."""
        upto = _upto(as_of_session)
        with self._transaction(write=False):
            changes = self._status_changes("WHERE session IS NULL OR session <= ?", upto)
            return PlayState(
                sessions=tuple(self._sessions("WHERE number <= ? ORDER BY number", upto)),
                given=tuple(self._given("WHERE session <= ?", upto)),
                clues=tuple(self._clues("WHERE session <= ?", upto)),
                reached=tuple(self._reached("WHERE session <= ?", upto)),
                # Later rows overwrite earlier ones: the latest change of each NPC wins.
                npc_statuses=dict(sorted({c.npc: c for c in changes}.items())),
            )

    def held_by(self, player_id: str, as_of_session: int | None = None) -> list[str]:
        """Handout ids a player holds after a session, in the order they were given."""
        return self.state(as_of_session).held_by(player_id)

    def found_clues(self, as_of_session: int | None = None) -> list[ClueFound]:
        return list(self.state(as_of_session).clues)

    def npc_statuses(self, as_of_session: int | None = None) -> dict[str, NpcStatusChange]:
        """The latest recorded change for each NPC that has one, by NPC id."""
        return self.state(as_of_session).npc_statuses

    # --- writing it out ---

    def recap(self, session: int | None = None, names: RecapNames | None = None) -> str:
        """A player-safe "Previously on..." in Markdown: public log lines, handouts given, public
        NPC status changes. By default the latest session that has ended."""
        return recap_markdown(self.player_recap(session, names))

    def player_recap(
        self, session: int | None = None, names: RecapNames | None = None
    ) -> PlayerRecap:
        """The player-safe parts of a session (by default the latest that has ended)."""
        with self._transaction(write=False):
            detail = self._detail(self._chosen_session(session, ended_first=True))
        return player_recap(detail, names or RecapNames())

    def export(self, format: str = "yaml") -> str:
        """The whole record, GM lines included, as YAML or Markdown for keeping in git."""
        if format not in EXPORT_FORMATS:
            raise SessionRecordError(
                f"unknown export format `{format}`", hint=did_you_mean(format, EXPORT_FORMATS)
            )
        with self._transaction(write=False):
            details = [self._detail(s) for s in self._sessions("ORDER BY number")]
            before = self._status_changes("WHERE session IS NULL")
        if format == "yaml":
            return _export_yaml(details, before)
        return _export_markdown(details, before)

    # --- transactions and queries: all the SQL of the package lives below ---

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[None]:
        # Readers get one consistent snapshot; writers take the write lock up front, because a
        # reader that later tries to write can fail at once in WAL mode instead of waiting.
        with _translated_errors(self.path):
            self._connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            self._writes_in_transaction = 0
            try:
                yield
            except BaseException:
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                raise
            self._connection.execute("COMMIT")

    def _write(self, sql: str, parameters: tuple[Any, ...]) -> None:
        self._connection.execute(sql, parameters)
        self._writes_in_transaction += 1
        if self._writes_in_transaction == 1:
            _pause_if_testing()

    def _scalar(self, sql: str, *parameters: Any) -> Any:
        return self._connection.execute(sql, parameters).fetchone()[0]

    def _rows(self, sql: str, parameters: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        return self._connection.execute(sql, parameters).fetchall()

    def _sessions(self, where: str, *parameters: Any) -> list[Session]:
        rows = self._rows(f"SELECT {_SESSION_COLUMNS} FROM sessions {where}", parameters)
        return [Session(number, title, day, bool(ended)) for number, title, day, ended in rows]

    def _open_session(self) -> Session | None:
        found = self._sessions("WHERE ended = 0 ORDER BY number DESC LIMIT 1")
        return found[0] if found else None

    def _latest_session(self, ended_only: bool = False) -> Session | None:
        where = "WHERE ended = 1" if ended_only else ""
        found = self._sessions(f"{where} ORDER BY number DESC LIMIT 1")
        return found[0] if found else None

    def _existing_session(self, number: int) -> Session:
        found = self._sessions("WHERE number = ?", number)
        if found:
            return found[0]
        numbers = [str(s.number) for s in self._sessions("ORDER BY number")]
        hint = f"sessions so far: {', '.join(numbers)}" if numbers else _START_HINT
        raise UnknownId(f"there is no session {number}", hint=hint)

    def _session_for(self, number: int | None) -> Session:
        """The session a record goes into: the one named, or else the open one."""
        if number is not None:
            return self._existing_session(number)
        current = self._open_session()
        if current is None:
            raise SessionRecordError(
                "no session is open",
                hint="start one with `companion session start`, or name one with --session N",
            )
        return current

    def _session_or_latest(self, number: int | None) -> int | None:
        if number is not None:
            return self._existing_session(number).number
        current = self._open_session() or self._latest_session()
        return current.number if current else None

    def _chosen_session(self, number: int | None, ended_first: bool) -> Session:
        if number is not None:
            return self._existing_session(number)
        chosen = self._latest_session(ended_only=True) if ended_first else self._open_session()
        chosen = chosen or self._latest_session()
        if chosen is None:
            raise SessionRecordError("no session has been played yet", hint=_START_HINT)
        return chosen

    def _detail(self, session: Session) -> SessionDetail:
        number = session.number
        log_rows = self._rows(
            "SELECT session, text, gm FROM log_lines WHERE session = ? ORDER BY id", (number,)
        )
        return SessionDetail(
            session=session,
            log=tuple(LogLine(n, text, bool(gm)) for n, text, gm in log_rows),
            given=tuple(self._given("WHERE session = ?", number)),
            clues=tuple(self._clues("WHERE session = ?", number)),
            reached=tuple(self._reached("WHERE session = ?", number)),
            npc_changes=tuple(self._status_changes("WHERE session = ?", number)),
        )

    def _given(self, where: str, *parameters: Any) -> list[HandoutGiven]:
        rows = self._rows(
            f"SELECT handout, player, session FROM handouts_given {where} ORDER BY session, rowid",
            parameters,
        )
        return [HandoutGiven(*row) for row in rows]

    def _clues(self, where: str, *parameters: Any) -> list[ClueFound]:
        rows = self._rows(
            f"SELECT clue, session, found_by FROM clues_found {where} ORDER BY session, rowid",
            parameters,
        )
        return [ClueFound(*row) for row in rows]

    def _reached(self, where: str, *parameters: Any) -> list[ConclusionReached]:
        rows = self._rows(
            f"SELECT conclusion, session FROM conclusions_reached {where} ORDER BY session, rowid",
            parameters,
        )
        return [ConclusionReached(*row) for row in rows]

    def _status_changes(self, where: str, *parameters: Any) -> list[NpcStatusChange]:
        rows = self._rows(
            f"SELECT {_STATUS_COLUMNS} FROM npc_status_changes {where} ORDER BY id", parameters
        )
        return [
            NpcStatusChange(npc, status, number, note, bool(gm))
            for npc, status, number, note, gm in rows
        ]


_START_HINT = "start one with `companion session start`"


def _upto(as_of_session: int | None) -> int:
    # Session numbers are positive, so this bound includes every session there is.
    return sys.maxsize if as_of_session is None else as_of_session


# --- text out -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlayerRecap:
    """What the players may be reminded of from one session; Markdown and the printed
    telegram are both made from this."""

    campaign_title: str
    session: Session
    told: tuple[str, ...]
    handouts: tuple[str, ...]  # "*The note*, to Karl Ozola"
    fates: tuple[str, ...]  # "Natalia Vetrova: missing"

    def is_empty(self) -> bool:
        return not (self.told or self.handouts or self.fates)


def player_recap(detail: SessionDetail, names: RecapNames) -> PlayerRecap:
    """GM-only log lines and status changes, status notes and clues (the clue book is GM-only)
    are left out on purpose."""
    return PlayerRecap(
        campaign_title=names.title,
        session=detail.session,
        told=tuple(line.text for line in detail.log if not line.gm),
        handouts=tuple(_handouts_by_title(detail.given, names)),
        fates=tuple(
            f"{names.npcs.get(change.npc, change.npc)}: {change.status}"
            for change in detail.npc_changes
            if not change.gm
        ),
    )


def recap_markdown(recap: PlayerRecap) -> str:
    """The players' recap of one session as Markdown."""
    heading = f"# Previously on {recap.campaign_title}" if recap.campaign_title else "# Previously"
    lines = [heading, "", f"## {recap.session.heading()}", ""]
    lines += [f"- {text}" for text in recap.told]
    if recap.handouts:
        lines += ["", "**Handouts**", "", *(f"- {h}" for h in recap.handouts)]
    if recap.fates:
        lines += ["", "**What became of them**", "", *(f"- {f}" for f in recap.fates)]
    if recap.is_empty():
        lines.append("_Nothing was recorded for the players._")
    return "\n".join(lines) + "\n"


def _handouts_by_title(given: Iterable[HandoutGiven], names: RecapNames) -> list[str]:
    recipients: dict[str, list[str]] = {}
    for gift in given:
        recipients.setdefault(gift.handout, []).append(names.players.get(gift.player, gift.player))
    return [
        f"*{names.handouts.get(handout, handout)}*, to {', '.join(players)}"
        for handout, players in recipients.items()
    ]


def _export_yaml(details: list[SessionDetail], before: list[NpcStatusChange]) -> str:
    import yaml

    record: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if before:
        record["npc_status_before_play"] = [_status_record(change) for change in before]
    record["sessions"] = [_session_record(detail) for detail in details]
    return yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100)


def _session_record(detail: SessionDetail) -> dict[str, Any]:
    session = detail.session
    record: dict[str, Any] = {
        "number": session.number,
        "title": session.title,
        "date": session.date,
        "ended": session.ended,
    }
    parts: dict[str, list[dict[str, Any]]] = {
        "log": [{"text": line.text, "gm": line.gm} for line in detail.log],
        "handouts_given": [{"handout": g.handout, "to": g.player} for g in detail.given],
        "clues_found": [{"clue": c.clue, "by": c.by} for c in detail.clues],
        "conclusions_reached": [{"conclusion": r.conclusion} for r in detail.reached],
        "npc_status": [_status_record(change) for change in detail.npc_changes],
    }
    # Empty lists are left out so that a diff in git shows what changed, not boilerplate.
    record.update({key: value for key, value in parts.items() if value})
    return record


def _status_record(change: NpcStatusChange) -> dict[str, Any]:
    return {"npc": change.npc, "status": change.status, "note": change.note, "gm": change.gm}


def _export_markdown(details: list[SessionDetail], before: list[NpcStatusChange]) -> str:
    lines = ["# Session record", ""]
    if before:
        lines += ["## Before play", ""] + [_status_line(c) for c in before] + [""]
    for detail in details:
        lines += _session_markdown(detail)
    return "\n".join(lines).rstrip("\n") + "\n"


def _session_markdown(detail: SessionDetail) -> list[str]:
    state = "" if detail.session.ended else " — still open"
    lines = [f"## {detail.session.heading()}{state}", ""]
    sections = {
        "Log": [f"- {'(GM) ' if line.gm else ''}{line.text}" for line in detail.log],
        "Handouts given": [f"- `{g.handout}` to `{g.player}`" for g in detail.given],
        "Clues found": [f"- `{c.clue}`" + (f" by `{c.by}`" if c.by else "") for c in detail.clues],
        "Conclusions reached": [f"- `{r.conclusion}`" for r in detail.reached],
        "NPC status": [_status_line(change) for change in detail.npc_changes],
    }
    for title, items in sections.items():
        if items:
            lines += [f"### {title}", "", *items, ""]
    if detail.is_empty():
        lines += ["Nothing recorded.", ""]
    return lines


def _status_line(change: NpcStatusChange) -> str:
    note = f" ({change.note})" if change.note else ""
    return f"- {'(GM) ' if change.gm else ''}`{change.npc}`: {change.status}{note}"


# --- checked against the campaign: ids must exist, typos get a hint --------------------------


@dataclass(frozen=True)
class ConclusionProgress:
    conclusion: str
    title: str
    found: tuple[str, ...]
    unfound: tuple[str, ...]
    reached: bool

    def short_of_clues(self) -> bool:
        """Three-clue rule: players miss clues, so an open conclusion needs three still to find."""
        return not self.reached and len(self.unfound) < THREE_CLUE_RULE


@dataclass(frozen=True)
class Overview:
    """One screen of where the campaign stands."""

    title: str
    sessions: tuple[Session, ...]
    held: dict[str, tuple[str, ...]]  # player id -> handout ids, every player listed
    conclusions: tuple[ConclusionProgress, ...]
    npc_statuses: dict[str, str]  # NPC id -> current status, every NPC listed

    def warnings(self) -> list[str]:
        return [_three_clue_warning(c) for c in self.conclusions if c.short_of_clues()]


def _three_clue_warning(progress: ConclusionProgress) -> str:
    left = len(progress.unfound)
    count = "no clues" if left == 0 else f"only {left} clue{'s' if left != 1 else ''}"
    return (
        f"conclusion `{progress.conclusion}` is not reached yet and {count} toward it "
        f"remain{'s' if left == 1 else ''} unfound (three-clue rule: add more, or mark it "
        f"reached with `companion clue reached`)"
    )


def check_id(value: str, known: Iterable[str], what: str) -> str:
    """`value` if the campaign defines it; else UnknownId with the nearest id as a hint."""
    options = list(known)
    if value in options:
        return value
    hint = did_you_mean(value, options, f"{what} id") or f"the campaign defines no {what}s"
    raise UnknownId(f"unknown {what} `{value}`", hint=hint)


def record_give(
    campaign: Campaign,
    book: SessionBook,
    handout_id: str,
    to: Sequence[str],
    session: int | None = None,
) -> GiveResult:
    """Give a handout to players by id; `all` stands for every player of the campaign."""
    check_id(handout_id, campaign.handouts, "handout")
    players = campaign.player_ids()
    wanted: list[str] = []
    for player in to:
        wanted += players if player == "all" else [check_id(player, players, "player")]
    return book.give(handout_id, wanted, session)


def record_clue_found(
    campaign: Campaign,
    book: SessionBook,
    clue_id: str,
    by: str | None = None,
    session: int | None = None,
) -> ClueFound:
    check_id(clue_id, (clue.id for clue in campaign.clue_book.clues), "clue")
    if by is not None:
        check_id(by, campaign.player_ids(), "player")
    return book.clue_found(clue_id, by, session)


def record_conclusion_reached(
    campaign: Campaign, book: SessionBook, conclusion_id: str, session: int | None = None
) -> ConclusionReached:
    known = (conclusion.id for conclusion in campaign.clue_book.conclusions)
    check_id(conclusion_id, known, "conclusion")
    return book.reach_conclusion(conclusion_id, session)


def record_npc_status(
    campaign: Campaign,
    book: SessionBook,
    npc_id: str,
    status: str,
    note: str | None = None,
    gm: bool = False,
    session: int | None = None,
) -> NpcStatusChange:
    check_id(npc_id, campaign.npcs, "npc")
    return book.npc_status(npc_id, status, note, gm, session)


def recap_names(campaign: Campaign) -> RecapNames:
    """Names the players may read: titles, character names, NPC names (no GM-only field)."""
    return RecapNames(
        title=campaign.info.title,
        handouts={handout_id: h.title for handout_id, h in campaign.handouts.items()},
        players={p.id: p.character.name for p in campaign.info.players},
        npcs={npc_id: npc.name for npc_id, npc in campaign.npcs.items()},
    )


def campaign_recap(campaign: Campaign, book: SessionBook, session: int | None = None) -> str:
    return book.recap(session, recap_names(campaign))


def overview(campaign: Campaign, book: SessionBook) -> Overview:
    """Sessions, who holds what, clue progress per conclusion and NPC fates, from one snapshot."""
    state = book.state()
    changes = state.npc_statuses
    statuses = {
        npc_id: changes[npc_id].status if npc_id in changes else npc.status
        for npc_id, npc in sorted(campaign.npcs.items())
    }
    return Overview(
        title=campaign.info.title,
        sessions=state.sessions,
        held={player: tuple(state.held_by(player)) for player in campaign.player_ids()},
        conclusions=_clue_progress(campaign, state),
        npc_statuses=statuses,
    )


def _clue_progress(campaign: Campaign, state: PlayState) -> tuple[ConclusionProgress, ...]:
    found = {clue.clue for clue in state.clues}
    reached = {r.conclusion for r in state.reached}
    progress = []
    for conclusion in campaign.clue_book.conclusions:
        pointing = [c.id for c in campaign.clue_book.clues if conclusion.id in c.points_to]
        progress.append(
            ConclusionProgress(
                conclusion=conclusion.id,
                title=conclusion.title,
                found=tuple(c for c in pointing if c in found),
                unfound=tuple(c for c in pointing if c not in found),
                reached=conclusion.id in reached,
            )
        )
    return tuple(progress)
