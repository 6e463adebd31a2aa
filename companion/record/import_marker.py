"""The marker that tells the other commands an import holds the record of play's write lock,
so that they say so at once instead of waiting for it.

The marker is a lock (`flock`) on a file beside the record, `companion.db-importing`, held
for as long as the import's transaction: the operating system lets it go when the import
ends, however it ends, so a killed import never leaves a record marked busy. The marker is a
courtesy: where it cannot be made (a read-only folder, a link planted there), the import goes
on without it, and the other commands wait for the import as for any command.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from companion.errors import LocatedError, Problem

# Never through a link planted at the marker's place.
_NO_LINKS = getattr(os, "O_NOFOLLOW", 0)
_RETRY_SECONDS = 0.05


class RecordBusyImporting(LocatedError):
    """Another command is importing an export into the record of play right now."""

    def __init__(self, db_path: Path) -> None:
        super().__init__(
            Problem(
                "the record of play is busy importing an export",
                file=db_path,
                hint="nothing was written; try again in a moment",
            )
        )


def marker_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + "-importing")


def import_running(db_path: Path) -> bool:
    """Whether an import holds the marker of the record at `db_path` now."""
    try:
        handle = os.open(marker_path(db_path), os.O_RDONLY | _NO_LINKS)
    except OSError:
        return False  # no marker (or none that is ours): no import
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(handle)
    return False


@contextmanager
def marking_import(db_path: Path, wait_seconds: float) -> Iterator[None]:
    """Hold the marker while the block runs (the import's transaction); another import holding
    it is waited for up to `wait_seconds`, then RecordBusyImporting."""
    marker = marker_path(db_path)
    handle = _opened(marker)
    if handle is None:  # the other commands wait for this import as for any command
        yield
        return
    try:
        _lock(handle, db_path, wait_seconds)
        yield
    finally:
        # Gone before it is let go, so that the campaign folder keeps no trace of the import.
        with contextlib.suppress(OSError):
            marker.unlink()
        os.close(handle)


def _opened(marker: Path) -> int | None:
    try:
        return os.open(marker, os.O_RDWR | os.O_CREAT | _NO_LINKS, 0o600)
    except OSError:
        return None


def _lock(handle: int, db_path: Path, wait_seconds: float) -> None:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise RecordBusyImporting(db_path) from None
            time.sleep(_RETRY_SECONDS)
