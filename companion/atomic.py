"""Writing files atomically, so a crash leaves the old file or the new one, never half; and
reading the files companion keeps for itself (cache entries, the id index) without following
a link or waiting on a named pipe that someone put in their place."""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from pathlib import Path

from companion.errors import CompanionError


class OutputRefused(CompanionError):
    """An output path that would land outside the output folder (through a link in it)."""


def write_atomic(
    path: Path,
    data: bytes,
    *,
    within: Path | None = None,
    mode: int = 0o644,
    durable: bool = True,
) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it into place.

    With `within` (the output folder), refuse a `path` whose folder leads outside it through
    a link, e.g. `output/ozola/gm -> ~/Documents` planted in a shared folder. A link at `path`
    itself is harmless: the rename replaces the link, it never writes through it.
    `mode`: the file's permissions from its first byte (0o600 for a secret). Not `durable`:
    still whole or not at all, but not waited onto the disk (a file made again from other
    files after a power cut, written often, where the wait would be felt).
    """
    if within is not None and not path.parent.resolve().is_relative_to(within.resolve()):
        raise OutputRefused(
            f"{path.parent} leads outside the output folder {within}",
            hint="remove the link, or choose another folder with --out",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    # The leading dot and `.tmp` keep a file left by a killed build from passing for output.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if durable:
        _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable: after a power cut the new file is there, not the old."""
    if not hasattr(os, "O_DIRECTORY"):  # Windows cannot open a folder for fsync
        return
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def read_regular_file(path: Path, limit: int, *, whole: bool = True) -> bytes:
    """The bytes of an ordinary file of at most `limit` bytes (with `whole=False`: its first
    `limit` bytes, whatever its size). Opened without following a link and without blocking
    (a named pipe would wait for a writer forever), then checked: anything but a regular
    file, or a larger one when the whole is wanted, raises OSError."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    handle = os.open(path, flags)
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if whole and info.st_size > limit:
            raise OSError(errno.EFBIG, f"larger than {limit:,} bytes", str(path))
        data = _read_to_end(handle, limit + 1 if whole else limit, info.st_size)
    finally:
        os.close(handle)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit:,} bytes", str(path))
    return data


def _read_to_end(handle: int, most: int, size: int) -> bytes:
    """The bytes of an open file up to its end, at most `most` of them, read in pieces as
    large as its size said (one read of `most` bytes would first set aside that much memory:
    a megabyte for each of a build's hundreds of small cache entries)."""
    data = bytearray()
    while len(data) < most:
        piece = os.read(handle, min(most - len(data), max(size + 1 - len(data), 64 * 1024)))
        if not piece:
            break
        data += piece
    return bytes(data)


def read_json(path: Path, limit: int) -> dict[str, object] | None:
    """A JSON object companion keeps for itself (a cache entry, the id index), or None for
    anything else: missing, a link, a named pipe, over `limit` bytes, not JSON, not an
    object. Such files are data, never instructions."""
    try:
        data = json.loads(read_regular_file(path, limit))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
