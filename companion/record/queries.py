"""The queries every part of the record is read and written with: numbered entries and
sessions as plain data. All the SQL of the record lives here, or in store.py."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from companion.errors import UnknownId
from companion.record.entries import Entry, EntryKind, Session
from companion.record.store import SessionRecordError, SqliteStore

if TYPE_CHECKING:
    from companion.record.facts import MarkKey, SessionDetail

# What the record adds up to (`facts`) is imported where it is built: writing a line
# needs only the record's lines (`entries`), and every frozen dataclass costs a start.

START_HINT = "start one with `companion session start`"
_SESSION_COLUMNS = "number, title, date, ended, story_date"
_ENTRY_COLUMNS = (
    "number, session, kind, subject, players, text, status, gm, struck, struck_why, amends"
)
LIVE_SESSIONS = "deleted = 0"
# The entries that stand, and those they amend (struck, and kept beside their amendment, all
# the way down a chain of amends): what an export holds by default, so that it restores.
STANDING_OR_AMENDED = (
    "number IN (WITH RECURSIVE kept(number) AS ("
    " SELECT number FROM entries WHERE struck = 0"
    " UNION SELECT entries.amends FROM entries JOIN kept ON entries.number = kept.number"
    " WHERE entries.amends IS NOT NULL) SELECT number FROM kept)"
)


class RecordQueries(SqliteStore):
    """Reading and writing entries and sessions, inside a transaction the caller holds."""

    def _add(self, entry: Entry) -> Entry:
        """Write an entry under the next number. Every entry one command writes shares that
        command's number (see `_command_number`)."""
        self._write(
            f"INSERT INTO entries ({_ENTRY_COLUMNS}, command)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (None, *_content(entry), entry.struck_why, entry.amends, self._command_number()),
        )
        return self._entry(int(self._scalar("SELECT last_insert_rowid()")))

    def _add_imported(self, entries: Sequence[Entry]) -> None:
        """Write imported entries under their own numbers, in one statement; no command wrote
        them. An entry's `amends` must come before it."""
        self._write_many(
            f"INSERT INTO entries ({_ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(e.number, *_content(e), e.struck_why, e.amends) for e in entries],
        )

    def _command_number(self) -> int:
        """The number of the command writing now: one per write transaction, as every
        command is one transaction."""
        if self._command is None:
            self._command = 1 + int(
                self._scalar(
                    "SELECT MAX(COALESCE((SELECT MAX(command) FROM entries), 0),"
                    " COALESCE((SELECT MAX(command) FROM session_starts), 0))"
                )
            )
        return self._command

    def _latest_standing(self) -> tuple[Entry, int | None] | None:
        """The latest entry that stands, with the command that wrote it (None: imported, or
        written before commands were numbered)."""
        rows = self._rows(
            f"SELECT {_ENTRY_COLUMNS}, command FROM entries WHERE struck = 0"
            " ORDER BY number DESC LIMIT 1",
            (),
        )
        return (_entry_from(rows[0][:-1]), rows[0][-1]) if rows else None

    def _latest_start(self) -> tuple[Session, int] | None:
        """The session started last by a command, among those where nothing stands (a session
        holding an entry that stands was started before that entry), with that command."""
        rows = self._rows(
            f"SELECT {_SESSION_COLUMNS}, command FROM sessions"
            " JOIN session_starts ON session_starts.session = sessions.number"
            f" WHERE {LIVE_SESSIONS} AND NOT EXISTS (SELECT 1 FROM entries"
            " WHERE entries.session = sessions.number AND struck = 0)"
            " ORDER BY command DESC LIMIT 1",
            (),
        )
        if not rows:
            return None
        number, title, day, ended, story, command = rows[0]
        return Session(number, title, day, bool(ended), story), int(command)

    def _note_start(self, session: int) -> None:
        self._write(
            "INSERT INTO session_starts (session, command) VALUES (?, ?)",
            (session, self._command_number()),
        )

    def _remove_session(self, number: int) -> None:
        """A session gone from the record: erased while it holds no entry; else kept, marked
        deleted (its entries, struck, still show in an export with `--all`)."""
        if self._scalar("SELECT EXISTS (SELECT 1 FROM entries WHERE session = ?)", number):
            self._write("UPDATE sessions SET deleted = 1, ended = 1 WHERE number = ?", (number,))
        else:
            self._write("DELETE FROM sessions WHERE number = ?", (number,))

    def _entries_of_command(self, number: int) -> list[Entry]:
        """The entries that stand and were written by the same command as entry `number`
        (that one alone, for an entry of no known command)."""
        return self._entries(
            "WHERE struck = 0 AND (number = ? OR command ="
            " (SELECT command FROM entries WHERE number = ?)) ORDER BY number",
            number,
            number,
        )

    def _told_fates(self, last_session: int) -> list[Entry]:
        """The NPC fates that stand and were told to the players, up to a session."""
        return self._entries(
            "WHERE kind = 'npc' AND struck = 0 AND gm = 0 AND (session IS NULL OR session <= ?)"
            " ORDER BY number",
            last_session,
        )

    def _mark_key(self) -> MarkKey:
        from companion.record.facts import MarkKey

        secret, legacy_until = self._rows("SELECT secret, legacy_until FROM mark_key", ())[0]
        return MarkKey(str(secret) or None, int(legacy_until))

    def _holds_nothing(self) -> bool:
        return not self._scalar("SELECT EXISTS (SELECT 1 FROM sessions)") and not (
            self._scalar("SELECT EXISTS (SELECT 1 FROM entries)")
        )

    def _contents(self) -> dict[int, tuple[Any, ...]]:
        """What each entry records (its `content_key`), by number in order, whatever its
        state: what a merge matches the file's entries against, read in one query."""
        rows = self._rows(
            "SELECT number, session, kind, subject, players, text, status, gm FROM entries"
            " ORDER BY number",
            (),
        )
        return {number: tuple(content) for number, *content in rows}

    def _next_entry_number(self) -> int:
        return int(self._scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM entries"))

    def _entries(self, where: str, *parameters: Any) -> list[Entry]:
        rows = self._rows(f"SELECT {_ENTRY_COLUMNS} FROM entries {where}", parameters)
        return [_entry_from(row) for row in rows]

    def _entry(self, number: int) -> Entry:
        found = self._entries("WHERE number = ?", number)
        if not found:
            latest = self._scalar("SELECT MAX(number) FROM entries")
            hint = f"entries are numbered 1 to {latest}" if latest else "nothing is recorded yet"
            raise UnknownId(f"there is no entry #{number}", hint=hint)
        return found[0]

    def _live(self, kind: EntryKind, subject: str) -> list[Entry]:
        return self._entries(
            "WHERE kind = ? AND subject = ? AND struck = 0 ORDER BY number", kind, subject
        )

    def _sessions(self, where: str, *parameters: Any) -> list[Session]:
        rows = self._rows(f"SELECT {_SESSION_COLUMNS} FROM sessions {where}", parameters)
        return [
            Session(number, title, day, bool(ended), story)
            for number, title, day, ended, story in rows
        ]

    def _open_session(self) -> Session | None:
        found = self._sessions(f"WHERE ended = 0 AND {LIVE_SESSIONS} ORDER BY number DESC LIMIT 1")
        return found[0] if found else None

    def _latest_session(self, ended_only: bool = False) -> Session | None:
        where = f"WHERE {LIVE_SESSIONS}" + (" AND ended = 1" if ended_only else "")
        found = self._sessions(f"{where} ORDER BY number DESC LIMIT 1")
        return found[0] if found else None

    def _existing_session(self, number: int) -> Session:
        found = self._sessions(f"WHERE number = ? AND {LIVE_SESSIONS}", number)
        if found:
            return found[0]
        numbers = [str(s.number) for s in self._sessions(f"WHERE {LIVE_SESSIONS} ORDER BY number")]
        hint = f"sessions so far: {', '.join(numbers)}" if numbers else START_HINT
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
            raise SessionRecordError("no session has been played yet", hint=START_HINT)
        return chosen

    def _detail(self, session: Session, include_struck: bool = True) -> SessionDetail:
        from companion.record.facts import SessionDetail

        where = "WHERE session = ?" + ("" if include_struck else f" AND {STANDING_OR_AMENDED}")
        return SessionDetail(
            session, tuple(self._entries(f"{where} ORDER BY number", session.number))
        )


def content_key(entry: Entry) -> tuple[Any, ...]:
    """What an entry records, whatever its state: two entries with the same key in the same
    session record the same thing (see `_contents`)."""
    return _content(entry)[:-1]


def _content(entry: Entry) -> tuple[Any, ...]:
    """What an entry records, as the columns from `session` to `struck` hold it."""
    return (
        entry.session,
        entry.kind,
        entry.subject,
        ",".join(entry.players),
        entry.text,
        entry.status,
        int(entry.gm),
        int(entry.struck),
    )


def _entry_from(row: tuple[Any, ...]) -> Entry:
    number, session, kind, subject, players, text, status, gm, struck, why, amends = row
    return Entry(
        number=number,
        session=session,
        kind=kind,
        subject=subject,
        players=tuple(p for p in players.split(",") if p),
        text=text,
        status=status,
        gm=bool(gm),
        struck=bool(struck),
        struck_why=why,
        amends=amends,
    )


def upto(as_of_session: int | None) -> int:
    # Session numbers are positive, so this bound includes every session there is.
    return sys.maxsize if as_of_session is None else as_of_session
