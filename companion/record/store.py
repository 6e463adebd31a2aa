"""The SQLite file behind the record of play: opening, refusing foreign files, migrations,
transactions. All the SQL mechanics live here (the schema's steps in schema.py); what is
recorded lives in `ledger`."""

from __future__ import annotations

import os
import re
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from companion.errors import CompanionError, LocatedError, Problem
from companion.record.import_marker import RecordBusyImporting, import_running, marking_import
from companion.record.schema import MIGRATIONS, SCHEMA_VERSION

DB_FILE = "companion.db"
# Written into the SQLite header, so that another program's database is never taken for ours.
APPLICATION_ID = 0x636F6D70  # "comp"
SQLITE_HEADER = b"SQLite format 3\x00"
# Long enough for another command's transaction to finish; ours last milliseconds.
BUSY_TIMEOUT_SECONDS = 15.0
# How long a writer waits before it looks whether an import holds the lock (see
# `_begin_write`): far longer than any other command holds it, far shorter than a GM notices.
FIRST_TRY_MILLISECONDS = 100
# Crash tests set this to a number of seconds: a command then announces itself on stderr and
# sleeps right after its first write, inside its transaction, where the test kills it.
PAUSE_ENV = "COMPANION_TEST_PAUSE_AFTER_FIRST_WRITE"


class SessionDbError(LocatedError):
    """The database file cannot be used: another program's, damaged, too new, or busy."""

    def __init__(self, path: Path, message: str, hint: str | None = None) -> None:
        super().__init__(Problem(message, file=path, hint=hint))


class SessionRecordError(CompanionError):
    """A request that does not fit the record: no session open, one already open, found twice."""


# --- opening --------------------------------------------------------------------------------


class NoRecordYet(SessionRecordError):
    """There is no record of play where one was looked for, and the command may not make one."""


def connect(db_path: Path, create: bool = True, write: bool = True) -> sqlite3.Connection:
    """Open the database (creating it, if `create`); refuse any file that is not ours, and
    leave it as it was. A record of an older schema is upgraded in place only by a command
    that writes (`write`); one that only reads reads an upgraded copy in memory, so that
    looking never stops an older companion from reading its own record."""
    _check_header(db_path)
    if no_record_at(db_path) and not create:
        raise NoRecordYet(
            f"no record of play yet ({db_path.name} "
            + ("is empty)" if db_path.exists() else "does not exist)"),
            hint="start one with `companion session start`, or `companion session init`",
        )
    return _opened(db_path, str(db_path), write)


def stored_schema(path: Path) -> int | None:
    """The schema version written in a record's file header (SQLite keeps `user_version` at
    byte 60), read without opening it; None for anything that is not an SQLite file."""
    try:
        with path.open("rb") as stream:
            head = stream.read(64)
    except OSError:
        return None
    if len(head) < 64 or not head.startswith(SQLITE_HEADER):
        return None
    return int.from_bytes(head[60:64], "big")


def no_record_at(path: Path) -> bool:
    """Whether there is no record of play at `path` yet: no file, or an empty one. SQLite
    makes the file first and writes its header later, so a command killed at that moment (or
    a full disk, or two first commands at once) leaves it empty: that is a record begun and
    never written, not another program's file, and the next command that writes finishes it."""
    if not path.exists():
        return True
    return path.is_file() and not path.is_symlink() and path.stat().st_size == 0


def connect_empty() -> sqlite3.Connection:
    """An empty record in memory: what read-only commands look at where there is no record,
    so that looking never creates a file."""
    return _opened(Path(":memory:"), ":memory:")


def _opened(db_path: Path, where: str, write: bool = True) -> sqlite3.Connection:
    connection = _connection(db_path, where)
    try:
        with _translated_errors(db_path):
            if _identify_in_transaction(connection, db_path) < SCHEMA_VERSION:
                if not write:
                    return _upgraded_copy(connection, db_path)
                # WAL lets readers and one writer work at once; the mode is stored in the file.
                connection.execute("PRAGMA journal_mode = WAL")
                _migrate(connection, db_path)
    except BaseException:
        connection.close()
        raise
    return connection


def _connection(db_path: Path, where: str) -> sqlite3.Connection:
    with _translated_errors(db_path):
        connection = sqlite3.connect(where, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        connection.execute("PRAGMA foreign_keys = ON")
        # A database can arrive inside a shared campaign folder: its schema must not be able
        # to run code (triggers, views calling functions) when we write to it.
        connection.execute("PRAGMA trusted_schema = OFF")
    return connection


def _upgraded_copy(connection: sqlite3.Connection, db_path: Path) -> sqlite3.Connection:
    """The record copied into memory and upgraded there; the file is left as it was."""
    copy = _connection(db_path, ":memory:")
    try:
        connection.backup(copy)
        connection.close()
        _migrate(copy, db_path)
        # A secret made here would be forgotten when the command ends: until a command that
        # writes gives the record its own, its copies keep the unkeyed marks they had.
        copy.execute("UPDATE mark_key SET secret = ''")
    except BaseException:
        copy.close()
        raise
    return copy


def _check_header(path: Path) -> None:
    """A text file or anything else at the path is refused before SQLite touches it."""
    for own in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if own.is_symlink():
            raise SessionDbError(
                own,
                f"this is a link to {own.readlink()}: companion writes a record of play "
                "only into its own file, never through a link into another",
                hint="remove the link, or pass --db with the path of the real file",
            )
    if path.is_dir():
        raise SessionDbError(path, "this is a folder, not a session database")
    if not path.exists():
        return
    if not path.is_file():  # a named pipe would hang the read below
        raise SessionDbError(path, "this is not a regular file", hint=_NOT_OURS_HINT)
    with path.open("rb") as stream:
        head = stream.read(len(SQLITE_HEADER))
    if not head:
        return  # a record begun and never written (see `no_record_at`): it is finished
    if head != SQLITE_HEADER:
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
        if _busy(error):
            raise SessionDbError(
                path,
                "the session database stayed busy: another companion command is using it",
                hint="try again in a moment",
            ) from None
        if "unable to open" in text:
            raise SessionDbError(
                path, "cannot open the session database here", hint="does the folder exist?"
            ) from None
        for words, message, hint in _PLAIN_CAUSES:
            if words in text:
                raise SessionDbError(path, message, hint=hint) from None
        raise _damaged(path, error) from None
    except sqlite3.DatabaseError as error:
        raise _damaged(path, error) from None


def _busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


# Causes that are not damage, said as such: telling a GM to restore a good record from a
# backup because the disk is full could cost them the record.
_PLAIN_CAUSES = (
    (
        "readonly",
        "the record of play cannot be written: the file or its folder is read-only",
        "nothing was written and the record is as it was; check who may write there",
    ),
    (
        "disk is full",
        "the disk is full, so the record of play could not be written",
        "nothing was written and the record is as it was; free some space and try again",
    ),
    (
        "disk I/O error",
        "the disk failed while reading or writing the record of play",
        "the record is as it was before this command; check the disk, then try again",
    ),
)


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


# What a record's text may not hold, as the import refuses it too: control characters (a tab
# and a line break are text) and the halves of characters a terminal sent as bytes that are
# not UTF-8 (Python keeps them as lone surrogates, which SQLite cannot store).
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def check_text(text: str) -> str:
    """`text`, if it is text a record can keep and an export can carry back."""
    found = _NOT_TEXT.search(text)
    if found is None:
        return text
    character = found.group()
    if "\ud800" <= character <= "\udfff":
        shown = f"a byte \\x{ord(character) - 0xDC00:02x} that is not UTF-8"
        hint = "your terminal sent it in another encoding: set it to UTF-8 and type it again"
    else:
        shown = f"the control character U+{ord(character):04X}"
        hint = "type the text again without it"
    where = _NOT_TEXT.sub("?", text[:40])
    raise SessionRecordError(f"the text “{where}” holds {shown}", hint=hint)


class SqliteStore:
    """One open database: transactions and the few primitives every query is made of."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection = connection
        self.path = path
        self.upgraded_from: int | None = None  # the schema the file had, when opening upgraded it
        self._writes_in_transaction = 0
        self._command: int | None = None  # the command writing, once it writes an entry

    def close(self) -> None:
        self._connection.close()

    @contextmanager
    def _transaction(self, write: bool, importing: bool = False) -> Iterator[None]:
        # Readers get one consistent snapshot; writers take the write lock up front, because a
        # reader that later tries to write can fail at once in WAL mode instead of waiting.
        # An import marks that it holds the lock (see import_marker).
        marked = marking_import(self.path, BUSY_TIMEOUT_SECONDS) if importing else nullcontext()
        with _translated_errors(self.path), marked:
            if write:
                self._begin_write(quick_first=not importing)
            else:
                self._connection.execute("BEGIN")
            self._writes_in_transaction = 0
            self._command = None
            try:
                yield
            except BaseException:
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                raise
            self._connection.execute("COMMIT")

    def _begin_write(self, quick_first: bool) -> None:
        """Take the write lock, waiting for another command to let it go (they take
        milliseconds); but if an import holds it, which can take seconds, say so at once:
        the GM at the table types the line again in a moment rather than wait for it."""
        if quick_first:
            self._connection.execute(f"PRAGMA busy_timeout = {FIRST_TRY_MILLISECONDS}")
            try:
                self._connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if not _busy(error):
                    raise
                if import_running(self.path):
                    raise RecordBusyImporting(self.path) from None
            finally:
                self._connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000:.0f}")
        self._connection.execute("BEGIN IMMEDIATE")

    def _write(self, sql: str, parameters: tuple[Any, ...]) -> None:
        for value in parameters:
            if isinstance(value, str):
                check_text(value)
        self._connection.execute(sql, parameters)
        self._writes_in_transaction += 1
        if self._writes_in_transaction == 1:
            _pause_if_testing()

    def _write_many(self, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """`_write` for many rows at once: one statement, prepared once."""
        for row in rows:
            for value in row:
                if isinstance(value, str):
                    check_text(value)
        if not rows:
            return
        self._connection.executemany(sql, rows)
        self._writes_in_transaction += 1
        if self._writes_in_transaction == 1:
            _pause_if_testing()

    def _scalar(self, sql: str, *parameters: Any) -> Any:
        return self._connection.execute(sql, parameters).fetchone()[0]

    def _rows(self, sql: str, parameters: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        return self._connection.execute(sql, parameters).fetchall()
