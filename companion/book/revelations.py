"""The revelation lists: for each conclusion, the clues that support it, where each is and
whether the record of play says it was found, for the GM to tick off at the table."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from companion.book.titles import clue_title
from companion.campaign.models import Campaign, Clue
from companion.record.facts import PlayState
from companion.story.clues import supporting_clues


@dataclass(frozen=True)
class RevelationLine:
    """A clue on a conclusion's list: its title, where it is, and who found it when."""

    clue: str
    where: Markup
    found: str | None  # "found in session 1 by Anna", or None while it waits


@dataclass(frozen=True)
class RevelationList:
    conclusion: str
    lines: tuple[RevelationLine, ...]  # none: no clue supports the conclusion
    reached: bool


def revelation_lists(campaign: Campaign, state: PlayState) -> tuple[RevelationList, ...]:
    """One list per conclusion, in the order clues.yaml gives them, its clues in theirs."""
    book = campaign.clue_book
    reached = state.reached()
    return tuple(
        RevelationList(
            conclusion=conclusion.title,
            lines=tuple(
                RevelationLine(
                    clue_title(clue), _where(campaign, clue), found_note(campaign, clue.id, state)
                )
                for clue in supporting_clues(book, conclusion.id)
            ),
            reached=conclusion.id in reached,
        )
        for conclusion in book.conclusions
    )


def _where(campaign: Campaign, clue: Clue) -> Markup:
    """Where the players come upon a clue: its location, the handout that carries it, its
    scene when no location says where, and the person it is about when nothing else does."""
    where = clue.found_at
    scenes = {s.id: s.title for s in campaign.clue_book.scenes}
    place = [
        campaign.locations[where.location].name if where.location in campaign.locations else "",
        f"handout “{campaign.handouts[clue.handout].title}”"
        if clue.handout in campaign.handouts
        else "",
        f"scene “{scenes[where.scene]}”"
        if where.scene in scenes and where.location is None
        else "",
    ]
    if not any(place) and clue.npc:
        # A clue only a person gives: whom to play it through.
        person = campaign.person(clue.npc)
        place.append(f"about {person.name if person else clue.npc}")
    return escape(", ".join(p for p in place if p))


def found_note(campaign: Campaign, clue_id: str, state: PlayState) -> str | None:
    """What the record says of a clue: `found in session 1 by Anna`, or None if not found."""
    entry = state.found_clues().get(clue_id)
    if entry is None:
        return None
    names = player_names(campaign, entry.players)
    return f"found in session {entry.session}" + (f" by {names}" if names else "")


def player_names(campaign: Campaign, players: Iterable[str]) -> str:
    by_id = {p.id: p.name for p in campaign.info.players}
    return ", ".join(by_id.get(p, p) for p in players)
