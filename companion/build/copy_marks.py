"""Whose copy is this? Each player's copy of a handout carries a copy number and a small,
deterministic mark, and `companion trace` reads them back from a PDF's text."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from companion.atomic import read_regular_file
from companion.errors import CompanionError
from companion.record.facts import MarkKey

# Twelve digits in fours, as `0427-3318-5560`: a printer's job number to the eye, nothing a
# player would try to decode (no letter groups to read as cipher text, and not the five-figure
# groups of number stations); long enough that two copies never share one by chance.
MARK_PATTERN = re.compile(r"(?<![\d-])(\d{4}-\d{4}-\d{4})(?![\d-])")
# Copies printed before marks were digits carry eight letters and digits of base32, as
# `K7Q2-ZD4M`; they still trace.
LEGACY_MARK_PATTERN = re.compile(r"\b([A-Z2-7]{4}-[A-Z2-7]{4})\b")


def copy_mark(campaign: str, player: str, handout: str, session: int, secret: str | None) -> str:
    """The mark of `player`'s copy of `handout`, as built after `session`: keyed with the
    record's secret (an HMAC), so that knowing every name at the table is not enough to make
    one. Without a secret, the unkeyed mark copies had before records kept one."""
    return _marks(_digest(campaign, player, handout, session, secret))[0]


def _digest(campaign: str, player: str, handout: str, session: int, secret: str | None) -> bytes:
    message = f"{campaign}\x1f{player}\x1f{handout}\x1f{session}".encode()
    if secret is None:
        return hashlib.sha256(message).digest()
    return hmac.new(secret.encode(), message, hashlib.sha256).digest()


def _marks(digest: bytes) -> tuple[str, str]:
    """The mark printed today, and the one printed before from the same digest."""
    number = f"{int.from_bytes(digest[:8]) % 10**12:012d}"
    code = base64.b32encode(digest)[:8].decode()
    return f"{number[:4]}-{number[4:8]}-{number[8:]}", f"{code[:4]}-{code[4:]}"


@dataclass(frozen=True)
class Copy:
    player: str
    handout: str
    session: int
    mark: str
    keyed: bool = True  # False: an old, unkeyed mark, which anyone could have made


def traced(
    text: str,
    campaign: str,
    players: Sequence[str],
    handouts: Iterable[str],
    last_session: int,
    key: MarkKey | None,
) -> list[Copy]:
    """The copies whose marks stand in `text` (a PDF's text, say): every player, handout and
    session up to `last_session` is tried with the record's key, and the sessions before the
    record had one (`legacy_until`) also unkeyed."""
    marks = {*MARK_PATTERN.findall(text), *LEGACY_MARK_PATTERN.findall(text)}
    if not marks or key is None:
        return []
    found = []
    for handout in handouts:
        for player in players:
            for session in range(last_session + 1):
                # A session before the record had its secret may hold unkeyed marks too.
                older = key.secret is not None and session <= key.legacy_until
                for secret in (key.secret, None) if older else (key.secret,):
                    digest = _digest(campaign, player, handout, session, secret)
                    for mark in marks.intersection(_marks(digest)):
                        found.append(Copy(player, handout, session, mark, secret is not None))
    return found


# A handout PDF is far smaller; `trace` reads nothing larger, and nothing but a regular file.
MAX_TRACED_BYTES = 16 * 1024 * 1024


class CannotTrace(CompanionError):
    """A file `trace` cannot read: missing, a folder, not a regular file, too large, or a PDF
    that is damaged or locked with a password."""


def text_of(path: Path) -> str:
    """The text of a PDF (every page), or of a text file someone extracted from one."""
    data = _read(path)
    if not data.startswith(b"%PDF"):
        return data.decode("utf-8", errors="replace")
    import pypdfium2  # only `trace` needs it

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise CannotTrace(
            f"{path} cannot be read as a PDF ({error})",
            hint="it is damaged or locked with a password; try the file as it was printed",
        ) from None
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def _read(path: Path) -> bytes:
    if path.is_dir():
        raise CannotTrace(f"{path} is a folder", hint="name one PDF, e.g. `output/x/player/y.pdf`")
    try:
        return read_regular_file(path, MAX_TRACED_BYTES)
    except FileNotFoundError:
        raise CannotTrace(f"there is no file {path}", hint="check the path") from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise CannotTrace(
            f"{path} cannot be read: {reason}",
            hint=f"trace reads PDFs and text files of up to {MAX_TRACED_BYTES // 2**20} MiB",
        ) from None
