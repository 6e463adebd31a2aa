"""Recording play: every id is checked first against the campaign's index (typos get a hint),
without loading the campaign, so that a line of the record is written in a blink."""

from __future__ import annotations

from collections.abc import Sequence

from companion.campaign.index import ALL_PLAYERS, CampaignIndex
from companion.errors import UnknownId
from companion.hints import check_id, nearest
from companion.record.entries import GiveResult, Recorded
from companion.record.ledger import Ledger
from companion.record.store import SessionRecordError


class OutsideToList(SessionRecordError):
    """A handout given to a player its `to:` list does not name."""


# What each kind of entry names, as the index keeps it: (the index's ids, the word for one).
SUBJECTS = {
    "give": ("handouts", "handout"),
    "clue": ("clues", "clue"),
    "conclusion": ("conclusions", "conclusion"),
    "npc": ("npcs", "npc"),
}


def check_subject(index: CampaignIndex, kind: str, subject: str) -> str:
    """The id an entry of this kind names, if the campaign has it; else UnknownId."""
    ids, what = SUBJECTS[kind]
    return check_id(subject, getattr(index, ids), what)


def check_players(index: CampaignIndex, players: Sequence[str]) -> list[str]:
    """Player ids, `all` standing for every player of the campaign; else UnknownId."""
    wanted: list[str] = []
    for player in players:
        if player == ALL_PLAYERS:
            wanted += index.players
        else:
            wanted.append(check_id(player, index.players, "player"))
    return wanted


def check_finders(index: CampaignIndex, players: Sequence[str]) -> None:
    """The players who found a clue: each by id (no `all`: someone found it)."""
    for player in players:
        check_id(player, index.players, "player")


def check_gift(
    index: CampaignIndex, handout_id: str, to: Sequence[str], force: bool = False
) -> list[str]:
    """The players a handout may be given to: a player outside its `to:` list is refused
    unless `force` (it is usually a slip)."""
    check_subject(index, "give", handout_id)
    wanted = check_players(index, to)
    meant = index.handouts[handout_id]
    outside = [p for p in wanted if meant != ALL_PLAYERS and p not in meant]
    if outside and not force:
        raise OutsideToList(
            f"`{handout_id}` is meant for {', '.join(meant)}, not {', '.join(outside)}",
            hint="add --force to give it all the same, or add them to its `to:` list",
        )
    return wanted


def record_give(
    index: CampaignIndex,
    book: Ledger,
    handout_id: str,
    to: Sequence[str],
    session: int | None = None,
    force: bool = False,
) -> GiveResult:
    """Give a handout to players by id; `all` stands for every player of the campaign."""
    return book.give(handout_id, check_gift(index, handout_id, to, force), session)


def record_clue_found(
    index: CampaignIndex,
    book: Ledger,
    clue_id: str,
    by: Sequence[str] = (),
    session: int | None = None,
) -> Recorded:
    check_subject(index, "clue", clue_id)
    check_finders(index, by)
    return book.clue_found(clue_id, by, session)


def record_conclusion_reached(
    index: CampaignIndex, book: Ledger, conclusion_id: str, session: int | None = None
) -> Recorded:
    check_subject(index, "conclusion", conclusion_id)
    return book.reach_conclusion(conclusion_id, session)


def check_status(index: CampaignIndex, status: str) -> str:
    """A status of the campaign's (its genre's and its own); else UnknownId naming them all."""
    if status in index.statuses:
        return status
    close = nearest(status, index.statuses)
    near = f"did you mean `{close}`? " if close else ""
    listed = ", ".join(f"`{s}`" for s in index.statuses)
    raise UnknownId(
        f"unknown NPC status `{status}`",
        hint=f"{near}the campaign's statuses (genre `{index.genre}`, and its own): {listed}",
    )


def record_npc_status(
    index: CampaignIndex,
    book: Ledger,
    npc_id: str,
    status: str,
    note: str | None = None,
    gm: bool = False,
    session: int | None = None,
) -> Recorded:
    """Record an NPC's new status; the one the campaign starts them with is no news while
    nothing else was recorded for them."""
    check_subject(index, "npc", npc_id)
    check_status(index, status)
    return book.npc_status(
        npc_id, status, note, gm, session, start=index.start_statuses.get(npc_id)
    )
