"""Whose copy is this? Each player's copy of a handout carries a copy number and a small,
deterministic mark, and `companion trace` reads them back from a PDF's text."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Eight letters and digits of base32, as `K7Q2-ZD4M`: short enough to print in a corner,
# long enough that two copies never share one by chance.
MARK_PATTERN = re.compile(r"\b([A-Z2-7]{4})-([A-Z2-7]{4})\b")


def copy_mark(campaign: str, player: str, handout: str, session: int) -> str:
    """The mark of `player`'s copy of `handout`, as built after `session`."""
    digest = hashlib.sha256(f"{campaign}\x1f{player}\x1f{handout}\x1f{session}".encode()).digest()
    code = base64.b32encode(digest)[:8].decode()
    return f"{code[:4]}-{code[4:]}"


@dataclass(frozen=True)
class Copy:
    player: str
    handout: str
    session: int
    mark: str


def traced(
    text: str,
    campaign: str,
    players: Sequence[str],
    handouts: Iterable[str],
    last_session: int,
) -> list[Copy]:
    """The copies whose marks stand in `text` (a PDF's text, say): every player, handout and
    session up to `last_session` is tried."""
    marks = {f"{a}-{b}" for a, b in MARK_PATTERN.findall(text)}
    if not marks:
        return []
    return [
        Copy(player, handout, session, mark)
        for handout in handouts
        for player in players
        for session in range(last_session + 1)
        if (mark := copy_mark(campaign, player, handout, session)) in marks
    ]


def text_of(path: Path) -> str:
    """The text of a PDF (every page), or of a text file someone extracted from one."""
    data = path.read_bytes()
    if not data.startswith(b"%PDF"):
        return data.decode("utf-8", errors="replace")
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
