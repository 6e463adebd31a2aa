"""The lines of the record of play, as plain data: sessions, their numbered entries (log
lines, gifts, clues, conclusions, NPC fates), and what a command recorded.

Kept apart from `facts` (what the record adds up to): a command that writes a line imports
only these few types, and each frozen dataclass costs a start a fraction of a millisecond.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EntryKind = Literal["log", "give", "clue", "conclusion", "npc"]
ENTRY_KINDS: tuple[EntryKind, ...] = ("log", "give", "clue", "conclusion", "npc")


@dataclass(frozen=True)
class Session:
    number: int
    title: str
    date: str  # ISO date of the evening of play, as text
    ended: bool
    story_date: str | None = None  # when it happens in the story, as the GM writes it

    def heading(self) -> str:
        title = f": {self.title}" if self.title else ""
        return f"Session {self.number}{title} ({self.date})"

    def story_heading(self) -> str:
        """The heading players read: the date in the story where there is one."""
        title = f": {self.title}" if self.title else ""
        return f"Session {self.number}{title} ({self.story_date or self.date})"


@dataclass(frozen=True)
class Entry:
    """One numbered line of the record. Numbers are stable: corrections strike an entry (it
    stays, marked), they never renumber or erase one."""

    number: int
    session: int | None  # None: an NPC's fate set before the first session
    kind: EntryKind
    subject: str | None = None  # the handout, clue, conclusion or NPC id
    players: tuple[str, ...] = ()  # give: who received it; clue: who found it
    text: str | None = None  # log: the line; npc: the GM's note
    status: str | None = None  # npc: the new status
    gm: bool = False  # for the GM only: never in a recap
    struck: bool = False
    struck_why: str | None = None
    amends: int | None = None  # a log line written to replace entry `amends`

    def describe(self) -> str:
        """One line for the GM, e.g. `#12 log: Natalia shoots Karl dead`."""
        what = {
            "log": f"log{' (GM)' if self.gm else ''}: {self.text}",
            "give": f"gave `{self.subject}` to {', '.join(self.players)}",
            "clue": f"clue `{self.subject}` found"
            + (f" by {', '.join(self.players)}" if self.players else ""),
            "conclusion": f"conclusion `{self.subject}` reached",
            "npc": f"`{self.subject}` is {self.status}{' (GM)' if self.gm else ''}"
            + (f" ({self.text})" if self.text else ""),
        }[self.kind]
        struck = f"  [struck: {self.struck_why}]" if self.struck else ""
        return f"#{self.number} {what}{struck}"


@dataclass(frozen=True)
class Recorded:
    """What a command recorded, or found already there (a repeat changes nothing)."""

    entry: Entry
    already: bool = False


@dataclass(frozen=True)
class GiveResult:
    handout: str
    session: int
    given: tuple[Entry, ...]  # new entries, one per player
    already_held: tuple[Entry, ...]  # earlier gifts of the same handout, left as they were


@dataclass(frozen=True)
class Undone:
    """What `undo` took back: the entries of one command, or the start of a session."""

    entries: tuple[Entry, ...] = ()
    session: Session | None = None  # a session whose start was taken back (it is gone)
