"""The record of play of one campaign: what the commands write, and what it says as of a session."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date as calendar_date
from pathlib import Path
from types import TracebackType
from typing import Any

from companion.errors import UnknownId
from companion.hints import did_you_mean
from companion.play import (
    NPC_STATUSES,
    ClueFound,
    ConclusionReached,
    FullRecord,
    GiveResult,
    HandoutGiven,
    LogLine,
    NpcStatusChange,
    PlayerRecap,
    PlayState,
    RecapNames,
    Session,
    SessionDetail,
    player_recap,
)
from companion.record.store import SessionRecordError, SqliteStore, connect


def open_session_book(db_path: Path) -> SessionBook:
    """Open the record of play at `db_path`, creating or upgrading it; refuse any file that
    is not ours."""
    return SessionBook(connect(db_path), db_path)


def read_state(db_path: Path, as_of_session: int | None, required: bool) -> PlayState:
    """What the record says up to a session, without creating a record where there is none
    (then: nothing has happened yet, unless `required`)."""
    if not db_path.exists():
        if required:
            raise SessionRecordError(
                f"no record of play yet ({db_path.name} does not exist)",
                hint="record what players receive with `companion give HANDOUT --to PLAYER`",
            )
        if as_of_session is not None:
            raise UnknownId(f"there is no session {as_of_session}", hint=_START_HINT)
        return PlayState.nothing_yet()
    with open_session_book(db_path) as book:
        return book.state(as_of_session)


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


class SessionBook(SqliteStore):
    """The record of play of one campaign. Every public method runs in one transaction."""

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
            if as_of_session:  # 0 is before the first session
                self._existing_session(as_of_session)
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

    def player_recap(
        self, session: int | None = None, names: RecapNames | None = None
    ) -> PlayerRecap:
        """The player-safe parts of a session (by default the latest that has ended)."""
        with self._transaction(write=False):
            detail = self._detail(self._chosen_session(session, ended_first=True))
        return player_recap(detail, names or RecapNames())

    def everything(self) -> FullRecord:
        """The whole record, GM lines included (for export)."""
        with self._transaction(write=False):
            return FullRecord(
                sessions=tuple(self._detail(s) for s in self._sessions("ORDER BY number")),
                before_play=tuple(self._status_changes("WHERE session IS NULL")),
            )

    # --- queries: all the SQL of the record lives below, or in store.py ---

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
