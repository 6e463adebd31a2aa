"""Recording play against the campaign: every id is checked first (typos get a hint), and
where the campaign stands, in one snapshot of the record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from companion.clues import supporting_clues, too_few_clues
from companion.hints import check_id
from companion.models import Campaign
from companion.play import (
    ClueFound,
    ConclusionReached,
    GiveResult,
    NpcStatusChange,
    PlayState,
    RecapNames,
    Session,
    statuses_as_of,
)
from companion.record.book import SessionBook


@dataclass(frozen=True)
class ConclusionProgress:
    conclusion: str
    title: str
    found: tuple[str, ...]
    unfound: tuple[str, ...]
    reached: bool

    def short_of_clues(self) -> bool:
        """An open conclusion needs three clues still to find (the three-clue rule)."""
        return not self.reached and too_few_clues(len(self.unfound))


@dataclass(frozen=True)
class Overview:
    """One screen of where the campaign stands."""

    title: str
    sessions: tuple[Session, ...]
    held: dict[str, tuple[str, ...]]  # player id -> handout ids, every player listed
    conclusions: tuple[ConclusionProgress, ...]
    npc_statuses: dict[str, str]  # NPC id -> current status, every NPC listed


def record_give(
    campaign: Campaign,
    book: SessionBook,
    handout_id: str,
    to: Sequence[str],
    session: int | None = None,
) -> GiveResult:
    """Give a handout to players by id; `all` stands for every player of the campaign."""
    check_id(handout_id, campaign.handouts, "handout")
    players = campaign.player_ids()
    wanted: list[str] = []
    for player in to:
        wanted += players if player == "all" else [check_id(player, players, "player")]
    return book.give(handout_id, wanted, session)


def record_clue_found(
    campaign: Campaign,
    book: SessionBook,
    clue_id: str,
    by: str | None = None,
    session: int | None = None,
) -> ClueFound:
    check_id(clue_id, (clue.id for clue in campaign.clue_book.clues), "clue")
    if by is not None:
        check_id(by, campaign.player_ids(), "player")
    return book.clue_found(clue_id, by, session)


def record_conclusion_reached(
    campaign: Campaign, book: SessionBook, conclusion_id: str, session: int | None = None
) -> ConclusionReached:
    known = (conclusion.id for conclusion in campaign.clue_book.conclusions)
    check_id(conclusion_id, known, "conclusion")
    return book.reach_conclusion(conclusion_id, session)


def record_npc_status(
    campaign: Campaign,
    book: SessionBook,
    npc_id: str,
    status: str,
    note: str | None = None,
    gm: bool = False,
    session: int | None = None,
) -> NpcStatusChange:
    check_id(npc_id, campaign.npcs, "npc")
    return book.npc_status(npc_id, status, note, gm, session)


def recap_names(campaign: Campaign) -> RecapNames:
    """Names the players may read: titles, character names, NPC names (no GM-only field)."""
    return RecapNames(
        title=campaign.info.title,
        handouts={handout_id: h.title for handout_id, h in campaign.handouts.items()},
        players={p.id: p.character.name for p in campaign.info.players},
        npcs={npc_id: npc.name for npc_id, npc in campaign.npcs.items()},
    )


def overview(campaign: Campaign, book: SessionBook) -> Overview:
    """Sessions, who holds what, clue progress per conclusion and NPC fates, from one snapshot."""
    state = book.state()
    return Overview(
        title=campaign.info.title,
        sessions=state.sessions,
        held={player: tuple(state.held_by(player)) for player in campaign.player_ids()},
        conclusions=_clue_progress(campaign, state),
        npc_statuses=dict(sorted(statuses_as_of(campaign, state).items())),
    )


def _clue_progress(campaign: Campaign, state: PlayState) -> tuple[ConclusionProgress, ...]:
    found = {clue.clue for clue in state.clues}
    reached = {r.conclusion for r in state.reached}
    progress = []
    for conclusion in campaign.clue_book.conclusions:
        pointing = [clue.id for clue in supporting_clues(campaign.clue_book, conclusion.id)]
        progress.append(
            ConclusionProgress(
                conclusion=conclusion.id,
                title=conclusion.title,
                found=tuple(c for c in pointing if c in found),
                unfound=tuple(c for c in pointing if c not in found),
                reached=conclusion.id in reached,
            )
        )
    return tuple(progress)
