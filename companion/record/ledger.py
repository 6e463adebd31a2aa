"""The record of play of one campaign: what the commands write, how mistakes are corrected
(struck, never erased), and what the record says as of a session."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import replace
from datetime import date as calendar_date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from companion.errors import UnknownId
from companion.record.entries import Entry, GiveResult, Recorded, Session, Undone
from companion.record.queries import (
    LIVE_SESSIONS,
    STANDING_OR_AMENDED,
    START_HINT,
    RecordQueries,
    content_key,
    upto,
)
from companion.record.schema import SCHEMA_VERSION
from companion.record.store import (
    SessionRecordError,
    connect,
    connect_empty,
    no_record_at,
    stored_schema,
)

if TYPE_CHECKING:
    from companion.record.facts import FullRecord, PlayerRecap, PlayState, RecapNames, SessionDetail

# What the record adds up to (`facts`) is imported where it is built: writing a line
# needs only the record's lines (`entries`), and every frozen dataclass costs a start.

Missing = Literal["create", "refuse", "empty"]


def open_ledger(db_path: Path, missing: Missing = "create") -> Ledger:
    """Open the record of play at `db_path`, upgrading it; refuse any file that is not ours.
    Where there is none yet: create it, refuse (NoRecordYet), or look at an empty record in
    memory, creating nothing (`empty`, for commands that only read)."""
    if missing == "empty":  # a command that only reads: it writes nothing, not even upgrades
        connection = connect_empty() if no_record_at(db_path) else connect(db_path, write=False)
        return Ledger(connection, db_path)
    before = stored_schema(db_path) if db_path.is_file() and not db_path.is_symlink() else None
    ledger = Ledger(connect(db_path, create=missing == "create"), db_path)
    if before and before < SCHEMA_VERSION:
        ledger.upgraded_from = before
    return ledger


def read_state(db_path: Path, as_of_session: int | None, required: bool) -> PlayState:
    """What the record says up to a session, without creating a record where there is none
    (then: nothing has happened yet, unless `required`)."""
    from companion.record.facts import PlayState

    if no_record_at(db_path):
        if required:
            raise SessionRecordError(
                f"no record of play yet ({db_path.name} does not exist)",
                hint="record what players receive with `companion give HANDOUT --to PLAYER`",
            )
        if as_of_session is not None:
            raise UnknownId(f"there is no session {as_of_session}", hint=START_HINT)
        return PlayState.nothing_yet()
    with open_ledger(db_path, "empty") as book:
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


class Ledger(RecordQueries):
    """The record of play of one campaign. Every public method runs in one transaction."""

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- sessions ---

    def start_session(
        self, title: str = "", date: str | None = None, story_date: str | None = None
    ) -> Session:
        """A new session; its date in the story carries on from the last one unless given."""
        day = _check_date(date)
        with self._transaction(write=True):
            current = self._open_session()
            if current is not None:
                raise SessionRecordError(
                    f"session {current.number} is still open",
                    hint="end it first with `companion session end`",
                )
            latest = self._latest_session()
            story = story_date.strip() if story_date else (latest.story_date if latest else None)
            number = int(self._scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM sessions"))
            self._write(
                "INSERT INTO sessions (number, title, date, story_date) VALUES (?, ?, ?, ?)",
                (number, title.strip(), day, story),
            )
            self._note_start(number)
            return Session(number, title.strip(), day, False, story)

    def end_session(self) -> Session:
        with self._transaction(write=True):
            current = self._open_session()
            if current is None:
                raise SessionRecordError("no session is open", hint=START_HINT)
            self._write("UPDATE sessions SET ended = 1 WHERE number = ?", (current.number,))
            return Session(current.number, current.title, current.date, True, current.story_date)

    def delete_session(self, number: int) -> tuple[Session, int]:
        """Delete a session started by mistake. An empty one goes; one with entries is kept,
        marked deleted, its entries struck (so an export with `--all` still shows them).
        Returns the session and how many entries were struck."""
        with self._transaction(write=True):
            session = self._existing_session(number)
            live = self._entries("WHERE session = ? AND struck = 0", number)
            if live:
                self._write(
                    "UPDATE entries SET struck = 1, struck_why = ?"
                    " WHERE session = ? AND struck = 0",
                    (f"session {number} deleted", number),
                )
            self._remove_session(number)
            return session, len(live)

    def sessions(self) -> list[Session]:
        with self._transaction(write=False):
            return self._sessions(f"WHERE {LIVE_SESSIONS} ORDER BY number")

    def session_detail(self, number: int | None = None) -> SessionDetail:
        """One session in full, struck entries included; by default the open one, or else
        the latest."""
        with self._transaction(write=False):
            return self._detail(self._chosen_session(number, ended_first=False))

    # --- what happens in a session ---

    def log(self, text: str, gm: bool = False, session: int | None = None) -> Entry:
        if not text.strip():
            raise SessionRecordError("the log line is empty")
        with self._transaction(write=True):
            target = self._session_for(session)
            return self._add(Entry(0, target.number, "log", text=text.strip(), gm=gm))

    def give(
        self, handout_id: str, player_ids: Sequence[str], session: int | None = None
    ) -> GiveResult:
        """Record that players received a handout; a player who already holds it keeps it."""
        with self._transaction(write=True):
            target = self._session_for(session)
            held = {e.players[0]: e for e in self._live("give", handout_id)}
            wanted = list(dict.fromkeys(player_ids))
            new = [
                self._add(Entry(0, target.number, "give", handout_id, (player,)))
                for player in wanted
                if player not in held
            ]
            already = tuple(held[player] for player in wanted if player in held)
            return GiveResult(handout_id, target.number, tuple(new), already)

    def clue_found(
        self, clue_id: str, by: Sequence[str] = (), session: int | None = None
    ) -> Recorded:
        """Record that players found a clue (by whom, if you like); found once is enough."""
        with self._transaction(write=True):
            target = self._session_for(session)
            earlier = self._live("clue", clue_id)
            if earlier:
                return Recorded(earlier[0], already=True)
            finders = tuple(dict.fromkeys(by))
            return Recorded(self._add(Entry(0, target.number, "clue", clue_id, finders)))

    def reach_conclusion(self, conclusion_id: str, session: int | None = None) -> Recorded:
        """Record that the players worked a conclusion out; the three-clue rule then rests."""
        with self._transaction(write=True):
            target = self._session_for(session)
            earlier = self._live("conclusion", conclusion_id)
            if earlier:
                return Recorded(earlier[0], already=True)
            return Recorded(self._add(Entry(0, target.number, "conclusion", conclusion_id)))

    def npc_status(
        self,
        npc_id: str,
        status: str,
        note: str | None = None,
        gm: bool = False,
        session: int | None = None,
        *,
        start: str | None = None,
    ) -> Recorded:
        """Record an NPC's new status: in the open session, or else after the latest one, since
        fates also change off-screen between games. The status the NPC already has is no news
        (and no new entry): the latest recorded, or else `start`, the one the campaign starts
        them with (then the entry returned is numbered 0, as it is in no record)."""
        with self._transaction(write=True):
            number = self._session_or_latest(session)
            latest = self._live("npc", npc_id)
            made_public = bool(latest) and latest[-1].gm and not gm  # the players learn it now
            if latest and latest[-1].status == status and not made_public:
                return Recorded(latest[-1], already=True)
            if not latest and status == start:
                return Recorded(Entry(0, None, "npc", npc_id, status=status), already=True)
            entry = Entry(0, number, "npc", npc_id, text=note, status=status, gm=gm)
            return Recorded(self._add(entry))

    # --- corrections: strike, never erase ---

    def strike(self, number: int, why: str = "struck") -> Recorded:
        """Strike an entry: it leaves recaps, packets and status, and stays in the record."""
        with self._transaction(write=True):
            entry = self._entry(number)
            if entry.struck:
                return Recorded(entry, already=True)
            self._write(
                "UPDATE entries SET struck = 1, struck_why = ? WHERE number = ?", (why, number)
            )
            return Recorded(self._entry(number))

    def undo(self) -> Undone:
        """Take back the latest command that recorded something, as a whole: every entry it
        wrote is struck (each copy of a `give --to all`), and a line it amended stands again;
        a `session start` (nothing stands in the session yet) takes the session away again.
        Entries no command wrote (imported) count as older than any session start."""
        with self._transaction(write=True):
            latest = self._latest_standing()
            started = self._latest_start()
            if started and (latest is None or started[1] > (latest[1] or 0)):
                self._remove_session(started[0].number)
                return Undone(session=started[0])
            if latest is None:
                raise SessionRecordError("there is nothing to undo")
            return Undone(entries=tuple(self._undo_command(latest[0].number)))

    def _undo_command(self, number: int) -> list[Entry]:
        """Strike the entries of the command that wrote entry `number`."""
        undone = self._entries_of_command(number)
        for entry in undone:
            self._write(
                "UPDATE entries SET struck = 1, struck_why = 'undone' WHERE number = ?",
                (entry.number,),
            )
            if entry.amends is not None:
                self._write(
                    "UPDATE entries SET struck = 0, struck_why = NULL WHERE number = ?",
                    (entry.amends,),
                )
        return [self._entry(entry.number) for entry in undone]

    def amend(self, number: int, text: str) -> Entry:
        """Replace a log line: the old one is struck, the new one takes its session and its
        GM-only mark, and says which line it amends."""
        if not text.strip():
            raise SessionRecordError("the log line is empty")
        with self._transaction(write=True):
            old = self._entry(number)
            if old.kind != "log" or old.struck:
                what = "a struck entry" if old.struck else f"a `{old.kind}` entry, not a log line"
                raise SessionRecordError(
                    f"#{number} is {what}", hint="amend a log line that stands; strike others"
                )
            new = self._add(
                Entry(0, old.session, "log", text=text.strip(), gm=old.gm, amends=number)
            )
            self._write(
                "UPDATE entries SET struck = 1, struck_why = ? WHERE number = ?",
                (f"amended by #{new.number}", number),
            )
            return new

    # --- state as of a session (None: everything so far) ---

    def state(self, as_of_session: int | None = None) -> PlayState:
        """Everything that stands up to and including a session, read in one snapshot."""
        from companion.record.facts import PlayState

        last = upto(as_of_session)
        with self._transaction(write=False):
            if as_of_session:  # 0 is before the first session
                self._existing_session(as_of_session)
            return PlayState(
                sessions=tuple(
                    self._sessions(f"WHERE {LIVE_SESSIONS} AND number <= ? ORDER BY number", last)
                ),
                entries=tuple(
                    self._entries(
                        "WHERE struck = 0 AND (session IS NULL OR session <= ?) ORDER BY number",
                        last,
                    )
                ),
                marks=self._mark_key(),
            )

    def held_by(self, player_id: str, as_of_session: int | None = None) -> list[str]:
        """Handout ids a player holds after a session, in the order they were given."""
        return self.state(as_of_session).held_by(player_id)

    # --- writing it out ---

    def player_recap(
        self,
        session: int | None = None,
        names: RecapNames | None = None,
        *,
        first: int | None = None,
    ) -> PlayerRecap:
        """The player-safe parts of one session (by default the latest that has ended), or of
        every session from `first` up to it (`first=0`: the whole story so far, whichever
        sessions were deleted)."""
        from companion.record.facts import RecapNames, player_recap

        with self._transaction(write=False):
            last = self._chosen_session(session, ended_first=True)
            if first is None:
                chosen = [last]
            else:
                if first:
                    self._existing_session(first)
                chosen = self._sessions(
                    f"WHERE {LIVE_SESSIONS} AND number BETWEEN ? AND ? ORDER BY number",
                    first,
                    last.number,
                )
            details = [self._detail(s) for s in chosen]
            told_fates = self._told_fates(last.number)
        return player_recap(details, names or RecapNames(), told_fates)

    def everything(self, include_struck: bool = False) -> FullRecord:
        """The whole record, GM lines included (for export): what stands, with each line an
        amendment replaced (struck, so that the export restores the amendment); with
        `include_struck`, every struck entry and deleted session as well, marked."""
        from companion.record.facts import FullRecord

        with self._transaction(write=False):
            where = "" if include_struck else f"WHERE {LIVE_SESSIONS}"
            sessions = self._sessions(f"{where} ORDER BY number")
            details = [self._detail(s, include_struck) for s in sessions]
            deleted = self._rows(
                "SELECT number FROM sessions WHERE deleted = 1 ORDER BY number", ()
            )
            before = self._entries(
                "WHERE session IS NULL" + ("" if include_struck else f" AND {STANDING_OR_AMENDED}")
            )
        return FullRecord(
            tuple(details), tuple(before), tuple(n for (n,) in deleted) if include_struck else ()
        )

    def load(self, record: FullRecord, merge: bool = False) -> tuple[int, int]:
        """Write an exported record back: into an empty record as it was (same numbers, struck
        entries and deleted sessions included), or with `merge` beside what is there, a
        session of the same number and date taken as the same session and an entry already
        there (same session, kind and content) not written twice. Returns (sessions, entries)
        added. One transaction: a problem leaves the record as it was."""
        with self._transaction(write=True, importing=True):
            empty = self._holds_nothing()
            deleted_here = {s.number for s in self._sessions("WHERE deleted = 1")}
            if not empty and not merge:
                raise SessionRecordError(
                    "this record of play is not empty",
                    hint="import into a new record (--db NEW.db), or add --merge to add what "
                    "it does not hold yet",
                )
            sessions_added = sum(
                self._load_session(d.session, d.session.number in record.deleted_sessions)
                for d in record.sessions
            )
            # A session deleted here stays deleted, with nothing added to it.
            entries = [e for e in record.entries() if e.session not in deleted_here]
            if not empty:
                entries = _not_held_yet(entries, self._contents(), self._next_entry_number())
            self._add_imported(entries)
            return sessions_added, len(entries)

    def _load_session(self, session: Session, deleted: bool) -> bool:
        existing = self._sessions("WHERE number = ?", session.number)
        if existing:
            if existing[0].date != session.date:
                raise SessionRecordError(
                    f"session {session.number} of the file ({session.date}) is not session "
                    f"{session.number} here ({existing[0].date})",
                    hint="merge only records of the same campaign's sessions",
                )
            return False
        self._write(
            "INSERT INTO sessions (number, title, date, ended, story_date, deleted)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                session.number,
                session.title,
                session.date,
                int(session.ended),
                session.story_date,
                int(deleted),
            ),
        )
        return True

    def is_empty(self) -> bool:
        with self._transaction(write=False):
            return self._holds_nothing()


def _not_held_yet(
    entries: Sequence[Entry], here: dict[int, tuple[Any, ...]], next_number: int
) -> list[Entry]:
    """The entries of a file being merged that the record does not hold yet, numbered on
    from `next_number`, each `amends` pointing at its line's number here. An entry is the
    entry of its number here if that records the same (records of one history keep their
    numbers: a struck copy is never taken for the standing one); else the first entry here
    of the same content not matched yet (a handout given twice is two entries). Whatever its
    state: one struck or amended here stays so."""
    keys = {entry.number: content_key(entry) for entry in entries}
    same_number = {number for number, key in keys.items() if here.get(number) == key}
    left: dict[tuple[Any, ...], deque[int]] = {}
    for number, key in here.items():
        if number not in same_number:
            left.setdefault(key, deque()).append(number)
    renumbered = {number: number for number in same_number}
    new = []
    for entry in entries:
        if entry.number in same_number:
            continue
        same = left.get(keys[entry.number])
        if same:
            renumbered[entry.number] = same.popleft()
            continue
        amends = renumbered.get(entry.amends, entry.amends) if entry.amends else None
        renumbered[entry.number] = next_number
        new.append(replace(entry, number=next_number, amends=amends))
        next_number += 1
    return new
