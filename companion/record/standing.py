"""Where the campaign stands, from one snapshot of the record, and the names a recap may
print: what needs the whole campaign loaded (recording play does not; see `recording`)."""

from __future__ import annotations

from dataclasses import dataclass

from companion.campaign.models import Campaign
from companion.campaign.player_names import player_facing_title
from companion.hints import check_id
from companion.record.entries import Session
from companion.record.facts import PlayState, RecapNames, statuses_as_of
from companion.record.ledger import Ledger
from companion.story.clues import supporting_clues, too_few_clues


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


def recap_names(campaign: Campaign) -> RecapNames:
    """Names the players may read: titles, character names, NPC names (no GM-only field), and
    the campaign's words for what became of them."""
    words = campaign.info.words()
    return RecapNames(
        title=campaign.info.title,
        handouts={h_id: player_facing_title(campaign, h) for h_id, h in campaign.handouts.items()},
        players={p.id: p.character.name for p in campaign.info.players},
        npcs={npc_id: npc.name for npc_id, npc in campaign.npcs.items()},
        status_words={status_id: s.recap_words for status_id, s in words.statuses.items()},
        start_statuses={npc_id: campaign.status_of(npc) for npc_id, npc in campaign.npcs.items()},
    )


def overview(campaign: Campaign, book: Ledger) -> Overview:
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
    found = set(state.found_clues())
    reached = state.reached()
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


@dataclass(frozen=True)
class Knowledge:
    """What one player holds and knows: the handouts given to them, the clues they found,
    those others found (they may have been told), and those still to find in their handouts."""

    player: str
    held: tuple[str, ...]
    found: tuple[str, ...]
    found_by_others: tuple[str, ...]
    missed: tuple[str, ...]  # clues in the handouts they hold that nobody has found


def knowledge(campaign: Campaign, state: PlayState, player: str) -> Knowledge:
    """The same answer for `status --player` and the GM's pages."""
    check_id(player, campaign.player_ids(), "player")
    held = tuple(state.held_by(player))
    found = state.found_clues()
    return Knowledge(
        player=player,
        held=held,
        found=tuple(c for c, entry in found.items() if player in entry.players),
        found_by_others=tuple(c for c, entry in found.items() if player not in entry.players),
        missed=tuple(
            clue.id
            for clue in campaign.clue_book.clues
            if clue.handout in held and clue.id not in found
        ),
    )
