"""What the record of play holds, as plain data: sessions, log lines, gifts, clues, fates.

No SQLite here: handouts (the recap telegram) and the GM's views use these types without
opening a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from companion.models import Campaign

# The same values as companion.models.NpcStatus; a test keeps the two in step. Repeated here so
# that recording a log line never has to import pydantic.
NPC_STATUSES = ("active", "missing", "burned", "turned", "defected", "dead")


@dataclass(frozen=True)
class Session:
    number: int
    title: str
    date: str  # ISO date of the evening of play, as text
    ended: bool

    def heading(self) -> str:
        title = f": {self.title}" if self.title else ""
        return f"Session {self.number}{title} ({self.date})"


@dataclass(frozen=True)
class LogLine:
    session: int
    text: str
    gm: bool


@dataclass(frozen=True)
class HandoutGiven:
    handout: str
    player: str
    session: int


@dataclass(frozen=True)
class ClueFound:
    clue: str
    session: int
    by: str | None


@dataclass(frozen=True)
class ConclusionReached:
    conclusion: str
    session: int


@dataclass(frozen=True)
class NpcStatusChange:
    npc: str
    status: str
    session: int | None  # None: set before the first session
    note: str | None
    gm: bool  # a change the players do not know about; kept out of the recap


@dataclass(frozen=True)
class SessionDetail:
    """Everything recorded in one session, in the order it was recorded."""

    session: Session
    log: tuple[LogLine, ...]
    given: tuple[HandoutGiven, ...]
    clues: tuple[ClueFound, ...]
    reached: tuple[ConclusionReached, ...]
    npc_changes: tuple[NpcStatusChange, ...]

    def is_empty(self) -> bool:
        return not (self.log or self.given or self.clues or self.reached or self.npc_changes)


@dataclass(frozen=True)
class PlayState:
    """What the record says up to some session: the input of packets, status and overviews."""

    sessions: tuple[Session, ...]
    given: tuple[HandoutGiven, ...]
    clues: tuple[ClueFound, ...]
    reached: tuple[ConclusionReached, ...]
    npc_statuses: dict[str, NpcStatusChange]  # latest change per NPC id, if any

    def held_by(self, player_id: str) -> list[str]:
        return [given.handout for given in self.given if given.player == player_id]

    def last_session(self) -> int:
        """The number of the latest session in this state; 0 before the first."""
        return max((session.number for session in self.sessions), default=0)

    @classmethod
    def nothing_yet(cls) -> PlayState:
        return cls((), (), (), (), {})


@dataclass(frozen=True)
class GiveResult:
    handout: str
    session: int
    given_to: tuple[str, ...]
    already_held: tuple[HandoutGiven, ...]  # earlier gifts of the same handout, left as they were


@dataclass(frozen=True)
class RecapNames:
    """Player-safe names for the ids in a recap; an id without a name is shown as itself."""

    title: str = ""
    handouts: Mapping[str, str] = field(default_factory=dict)
    players: Mapping[str, str] = field(default_factory=dict)
    npcs: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PlayerRecap:
    """What the players may be reminded of from one session; Markdown and the printed
    telegram are both made from this."""

    campaign_title: str
    session: Session
    told: tuple[str, ...]
    handouts: tuple[str, ...]  # "*The note*, to Karl Ozola"
    fates: tuple[str, ...]  # "Natalia Vetrova: missing"

    def is_empty(self) -> bool:
        return not (self.told or self.handouts or self.fates)


def player_recap(detail: SessionDetail, names: RecapNames) -> PlayerRecap:
    """GM-only log lines and status changes, status notes and clues (the clue book is GM-only)
    are left out on purpose."""
    return PlayerRecap(
        campaign_title=names.title,
        session=detail.session,
        told=tuple(line.text for line in detail.log if not line.gm),
        handouts=tuple(_handouts_by_title(detail.given, names)),
        fates=tuple(
            f"{names.npcs.get(change.npc, change.npc)}: {change.status}"
            for change in detail.npc_changes
            if not change.gm
        ),
    )


def _handouts_by_title(given: Iterable[HandoutGiven], names: RecapNames) -> list[str]:
    recipients: dict[str, list[str]] = {}
    for gift in given:
        recipients.setdefault(gift.handout, []).append(names.players.get(gift.player, gift.player))
    return [
        f"*{names.handouts.get(handout, handout)}*, to {', '.join(players)}"
        for handout, players in recipients.items()
    ]


@dataclass(frozen=True)
class FullRecord:
    """Everything recorded, GM lines included: what an export writes out."""

    sessions: tuple[SessionDetail, ...]
    before_play: tuple[NpcStatusChange, ...]  # NPC fates set before the first session


def statuses_as_of(campaign: Campaign, state: PlayState) -> dict[str, str]:
    """Every NPC's status after the sessions in `state`: the latest recorded change, or else
    the status the campaign starts them with."""
    changes = state.npc_statuses
    return {
        npc_id: changes[npc_id].status if npc_id in changes else npc.status
        for npc_id, npc in campaign.npcs.items()
    }
