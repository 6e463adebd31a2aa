"""The printed "Previously on...": the players' recap as an in-world telegram, or as a
newspaper's "previously" column."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from companion.handouts.common import HandoutContext, PageSize, PageTemplate
from companion.markup import markdown_inline
from companion.models import Campaign
from companion.play import PlayerRecap

TELEGRAM_PAGE = PageTemplate("recap.html.j2", "recap.css")
NEWSPAPER_PAGE = PageTemplate("previously.html.j2", "previously.css")


@dataclass(frozen=True, kw_only=True)
class RecapContext(HandoutContext):
    page: PageSize
    session_heading: str
    date: str
    serial: str
    strips: tuple[str, ...]  # lines of telegram text, as pasted onto the form


def recap_context(campaign: Campaign, recap: PlayerRecap) -> RecapContext:
    """Only player-safe text reaches this point (see companion.play.player_recap). The form is
    dated in the story where the session has a date there: a 1988 telegram is handed in in
    1988, not on the evening of play."""
    strips: list[str] = []
    several = len(recap.sessions) > 1
    for part in recap.sessions:
        if several:
            strips.append(telegraphese(part.session.story_heading()))
        strips += [telegraphese(line) for line in part.told]
        strips += [telegraphese(f"Received: {line}") for line in part.handouts]
        strips += [telegraphese(line.replace(":", " is now")) for line in part.fates]
    if recap.is_empty():
        strips = ["NOTHING TO REPORT STOP"]
    session = recap.session
    first = recap.sessions[0].session.number
    which = f"session {session.number}" if not several else f"sessions {first} to {session.number}"
    return RecapContext(
        id=recap.name(),
        title=f"Previously on {campaign.info.title}: {which}",
        language="en",
        is_gm=False,
        campaign_title=campaign.info.title,
        gm_page=PageSize.named(campaign.info.paper),
        page=PageSize.named("a5"),
        session_heading=session.story_heading() if not several else f"The story so far ({which})",
        date=session.story_date or session.date,
        serial=f"{session.number:03d}/{len(strips):02d}",
        strips=tuple(strips),
    )


# Abbreviations keep their words together: a telegram writes "DR BELOV", not "DR STOP BELOV".
_ABBREVIATION = re.compile(
    r"\b(Dr|Mr|Mrs|Ms|Mme|St|Mt|No|Nr|Gen|Col|Capt|Lt|Sgt|Prof|Rev|Jr|Sr|Co|Ltd|Inc|vs|etc|"
    r"ул|д|г|гг|кв|тов|им|ст|пр|пл)\.(?=\s|$)",
    re.IGNORECASE,
)
# An initial before a name: "V. V. Sokolov" is "V V SOKOLOV".
_INITIAL = re.compile(r"\b([A-ZА-ЯЁ])\.(?=\s*[A-ZА-ЯЁ])")


def telegraphese(text: str) -> str:
    """Capitals, no emphasis marks, and STOP for every full stop, as telegrams were sent;
    abbreviations and initials lose their dots instead of ending a sentence."""
    plain = re.sub(r"[*_`]", "", text)
    plain = _INITIAL.sub(r"\1", _ABBREVIATION.sub(r"\1", plain)).upper()
    sentences = [s.strip() for s in re.split(r"[.!?]+(?:\s+|$)", plain) if s.strip()]
    return " STOP ".join(sentences) + " STOP"


@dataclass(frozen=True)
class Report:
    """One session as a newspaper tells it: a dateline and its paragraphs."""

    dateline: str
    paragraphs: tuple[Markup, ...]


@dataclass(frozen=True, kw_only=True)
class NewspaperContext(HandoutContext):
    page: PageSize
    masthead: str
    date: str
    headline: str
    reports: tuple[Report, ...]
    notices: tuple[str, ...]  # what became of people: the paper's notices column


def newspaper_context(campaign: Campaign, recap: PlayerRecap) -> NewspaperContext:
    """The story so far as a newspaper column; only player-safe text, as for the telegram."""
    reports = tuple(
        Report(
            part.session.story_date or part.session.date,
            tuple(markdown_inline(line) for line in (*part.told, *_received(part.handouts))),
        )
        for part in recap.sessions
        if part.told or part.handouts
    )
    first_line = next((line for part in recap.sessions for line in part.told), None)
    session = recap.session
    return NewspaperContext(
        id=f"{recap.name()}-newspaper",
        title=f"Previously on {campaign.info.title}",
        language=campaign.info.languages[0],
        is_gm=False,
        campaign_title=campaign.info.title,
        gm_page=PageSize.named(campaign.info.paper),
        page=PageSize.named("a5"),
        masthead=campaign.info.title,
        date=session.story_date or session.date,
        headline=_headline(first_line) if first_line else "Nothing to report",
        reports=reports,
        notices=tuple(fate for part in recap.sessions for fate in part.fates),
    )


def _received(handouts: tuple[str, ...]) -> list[str]:
    return [f"Received: {line}." for line in handouts]


def _headline(line: str) -> str:
    """The first sentence of the story, cut to a headline's length."""
    sentence = re.split(r"(?<=[.!?])\s", re.sub(r"[*_`]", "", line), maxsplit=1)[0].rstrip(".")
    words = sentence.split()
    return " ".join(words[:9]) + ("..." if len(words) > 9 else "")
