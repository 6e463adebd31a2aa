"""Recording play: every id is checked first against the campaign's index (typos get a hint),
without loading the campaign, so that a line of the record is written in a blink."""

from __future__ import annotations

from collections.abc import Sequence

from companion.campaign.index import ALL_PLAYERS, CampaignIndex
from companion.hints import check_id
from companion.record.facts import GiveResult, Recorded
from companion.record.ledger import SessionBook
from companion.record.store import SessionRecordError


class OutsideToList(SessionRecordError):
    """A handout given to a player its `to:` list does not name."""


def record_give(
    index: CampaignIndex,
    book: SessionBook,
    handout_id: str,
    to: Sequence[str],
    session: int | None = None,
    force: bool = False,
) -> GiveResult:
    """Give a handout to players by id; `all` stands for every player of the campaign. A
    player outside the handout's `to:` list is refused unless `force` (it is usually a slip)."""
    check_id(handout_id, index.handouts, "handout")
    wanted: list[str] = []
    for player in to:
        wanted += (
            index.players if player == ALL_PLAYERS else [check_id(player, index.players, "player")]
        )
    meant = index.handouts[handout_id]
    outside = [p for p in wanted if meant != ALL_PLAYERS and p not in meant]
    if outside and not force:
        raise OutsideToList(
            f"`{handout_id}` is meant for {', '.join(meant)}, not {', '.join(outside)}",
            hint="add --force to give it all the same, or add them to its `to:` list",
        )
    return book.give(handout_id, wanted, session)


def record_clue_found(
    index: CampaignIndex,
    book: SessionBook,
    clue_id: str,
    by: Sequence[str] = (),
    session: int | None = None,
) -> Recorded:
    check_id(clue_id, index.clues, "clue")
    for player in by:
        check_id(player, index.players, "player")
    return book.clue_found(clue_id, by, session)


def record_conclusion_reached(
    index: CampaignIndex, book: SessionBook, conclusion_id: str, session: int | None = None
) -> Recorded:
    check_id(conclusion_id, index.conclusions, "conclusion")
    return book.reach_conclusion(conclusion_id, session)


def record_npc_status(
    index: CampaignIndex,
    book: SessionBook,
    npc_id: str,
    status: str,
    note: str | None = None,
    gm: bool = False,
    session: int | None = None,
) -> Recorded:
    check_id(npc_id, index.npcs, "npc")
    return book.npc_status(npc_id, status, note, gm, session)
