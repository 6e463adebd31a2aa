"""What the record of play adds up to, as plain data: a session with its entries, the state
of play as of a session, the players' recap, the whole record for an export.

No SQLite here: handouts (the recap telegram) and the GM's views use these types without
opening a database. The lines themselves are in `entries`: writing one loads only those.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from companion.record.entries import Entry, EntryKind, Session

if TYPE_CHECKING:
    from companion.campaign.models import Campaign, Person


@dataclass(frozen=True)
class SessionDetail:
    """One session and every entry recorded in it, struck ones included, in order."""

    session: Session
    entries: tuple[Entry, ...]

    def live(self, kind: EntryKind | None = None) -> list[Entry]:
        return [e for e in self.entries if not e.struck and kind in (None, e.kind)]

    def is_empty(self) -> bool:
        return not self.entries


@dataclass(frozen=True)
class MarkKey:
    """The record's own secret, which keys the players' copy marks (None: an older record
    read without being upgraded, whose copies keep the unkeyed marks), and the last session
    whose copies were marked without one, before records had it (-1: none)."""

    secret: str | None
    legacy_until: int = -1


@dataclass(frozen=True)
class PlayState:
    """What the live record says up to some session: the input of packets, status and the
    GM's views. Struck entries and deleted sessions are not in it."""

    sessions: tuple[Session, ...]
    entries: tuple[Entry, ...]  # live entries, in order
    marks: MarkKey | None = None  # None: no record, so no copies to mark

    @property
    def mark_secret(self) -> str | None:
        """The secret that keys this record's copy marks; None: unkeyed marks."""
        return self.marks.secret if self.marks else None

    def of_kind(self, kind: EntryKind) -> list[Entry]:
        return [entry for entry in self.entries if entry.kind == kind]

    def held_by(self, player_id: str) -> list[str]:
        """The handouts a player holds, in the order they were given."""
        return [e.subject for e in self.of_kind("give") if player_id in e.players and e.subject]

    def found_clues(self) -> dict[str, Entry]:
        return {e.subject: e for e in self.of_kind("clue") if e.subject}

    def reached(self) -> set[str]:
        return {e.subject for e in self.of_kind("conclusion") if e.subject}

    @property
    def npc_statuses(self) -> dict[str, Entry]:
        """The latest change of each NPC that has one, by NPC id."""
        return dict(sorted({e.subject: e for e in self.of_kind("npc") if e.subject}.items()))

    def last_session(self) -> int:
        """The number of the latest session in this state; 0 before the first."""
        return max((session.number for session in self.sessions), default=0)

    @classmethod
    def nothing_yet(cls) -> PlayState:
        return cls((), ())


# --- for the players ------------------------------------------------------------------------


@dataclass(frozen=True)
class RecapNames:
    """Player-safe names for the ids in a recap; an id without a name is shown as itself."""

    title: str = ""
    handouts: Mapping[str, str] = field(default_factory=dict)
    players: Mapping[str, str] = field(default_factory=dict)
    npcs: Mapping[str, str] = field(default_factory=dict)
    # What the recap says after a name for each status ("has gone into hiding"); a status
    # without words here: "is now <status>".
    status_words: Mapping[str, str] = field(default_factory=dict)
    start_statuses: Mapping[str, str] = field(default_factory=dict)  # NPC id -> at the start

    def fate(self, entry: Entry) -> str:
        """`Natalia Vetrova is now missing`."""
        status = entry.status or ""
        name = self.npcs.get(entry.subject or "", entry.subject)
        return f"{name} {self.status_words.get(status, f'is now {status}')}"


@dataclass(frozen=True)
class SessionRecap:
    """What the players may be reminded of from one session."""

    session: Session
    told: tuple[str, ...]
    handouts: tuple[str, ...]  # "*The note*, to Karl Ozola"
    fates: tuple[str, ...]  # "Natalia Vetrova is now missing"

    def is_empty(self) -> bool:
        return not (self.told or self.handouts or self.fates)


@dataclass(frozen=True)
class PlayerRecap:
    """ "Previously on...": one session, or the story so far. Markdown, the telegram and the
    newspaper page are all made from this."""

    campaign_title: str
    sessions: tuple[SessionRecap, ...]

    @property
    def session(self) -> Session:
        """The latest session recapped."""
        return self.sessions[-1].session

    def is_empty(self) -> bool:
        return all(part.is_empty() for part in self.sessions)

    def name(self) -> str:
        """`recap-session-3`, or `recap-sessions-1-3` for several."""
        first, last = self.sessions[0].session.number, self.session.number
        return f"recap-session-{last}" if first == last else f"recap-sessions-{first}-{last}"


def player_recap(
    details: Sequence[SessionDetail], names: RecapNames, told_fates: Sequence[Entry] = ()
) -> PlayerRecap:
    """Live entries only. GM-only lines and fates, fates' notes and clues (the clue book is
    GM-only) are left out on purpose. `told_fates`: the live, public NPC entries up to the
    last session recapped, so that a fate the players knew already is no news."""
    return PlayerRecap(
        names.title, tuple(_session_recap(detail, names, told_fates) for detail in details)
    )


def _session_recap(
    detail: SessionDetail, names: RecapNames, told_fates: Sequence[Entry]
) -> SessionRecap:
    return SessionRecap(
        session=detail.session,
        told=tuple(e.text for e in detail.live("log") if not e.gm and e.text),
        handouts=tuple(_handouts_by_title(detail.live("give"), names)),
        fates=tuple(
            names.fate(e)
            for e in detail.live("npc")
            if not e.gm and _known_before(e, names, told_fates) != e.status
        ),
    )


def _known_before(fate: Entry, names: RecapNames, told_fates: Sequence[Entry]) -> str | None:
    """The status the players last heard of before `fate`: the latest public change, or else
    the one the campaign starts the NPC with."""
    earlier = [
        e.status
        for e in told_fates
        if e.subject == fate.subject and e.number < fate.number and not e.gm
    ]
    return earlier[-1] if earlier else names.start_statuses.get(fate.subject or "")


def _handouts_by_title(given: Iterable[Entry], names: RecapNames) -> list[str]:
    recipients: dict[str, list[str]] = {}
    for gift in given:
        for player in gift.players:
            recipients.setdefault(gift.subject or "", []).append(names.players.get(player, player))
    return [
        f"*{names.handouts.get(handout, handout)}*, to {', '.join(players)}"
        for handout, players in recipients.items()
    ]


@dataclass(frozen=True)
class FullRecord:
    """Everything recorded, GM lines included: what an export writes out (struck entries and
    deleted sessions too, with `--all`)."""

    sessions: tuple[SessionDetail, ...]
    before_play: tuple[Entry, ...]  # NPC fates set before the first session
    deleted_sessions: tuple[int, ...] = ()

    def entries(self) -> list[Entry]:
        """Every entry, in the order of their numbers."""
        every = [*self.before_play, *(e for detail in self.sessions for e in detail.entries)]
        return sorted(every, key=lambda entry: entry.number)


def statuses_as_of(campaign: Campaign, state: PlayState) -> dict[str, str]:
    """Every NPC's status after the sessions in `state`: the latest recorded change, or else
    the status the campaign starts them with."""
    changes = state.npc_statuses
    return {
        npc_id: changes[npc_id].status or campaign.status_of(npc)
        if npc_id in changes
        else campaign.status_of(npc)
        for npc_id, npc in campaign.npcs.items()
    }


def npc_sessions(campaign: Campaign, state: PlayState) -> dict[str, tuple[int, ...]]:
    """The sessions each NPC appeared in, as the record shows it: a change of their status, a
    clue about them found, or a log line naming them (by a full name, a part of it of four
    letters or more, or an alias)."""
    clue_npcs = {clue.id: clue.npc for clue in campaign.clue_book.clues if clue.npc}
    seen: dict[str, set[int]] = {npc_id: set() for npc_id in campaign.npcs}
    names = {npc_id: _name_patterns(npc) for npc_id, npc in campaign.npcs.items()}
    for entry in state.entries:
        if entry.session is None:
            continue
        if entry.kind == "npc" and entry.subject in seen:
            seen[entry.subject].add(entry.session)
        elif entry.kind == "clue" and clue_npcs.get(entry.subject or "") in seen:
            seen[clue_npcs[entry.subject or ""]].add(entry.session)
        elif entry.kind == "log" and entry.text:
            for npc_id, pattern in names.items():
                if pattern.search(entry.text):
                    seen[npc_id].add(entry.session)
    return {npc_id: tuple(sorted(sessions)) for npc_id, sessions in seen.items()}


def _name_patterns(npc: Person) -> re.Pattern[str]:
    # An alias may carry a note in brackets: "Natasha (to Karl, once)".
    words = [npc.name, *(alias.split("(")[0].strip() for alias in npc.aliases)]
    words += [part for part in npc.name.split() if len(part) >= 4]
    alternatives = "|".join(re.escape(w) for w in sorted(set(words) - {""}, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
