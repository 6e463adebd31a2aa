"""The printed "Previously on...": the players' recap as an in-world telegram, or as a
newspaper's "previously" column."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from companion.campaign.models import Campaign
from companion.kinds.base import HandoutContext, PageSize, PageTemplate
from companion.kinds.telegram import FORMS, TelegramContext, tape, telegraphese
from companion.record.facts import PlayerRecap
from companion.render.markup import markdown_inline
from companion.render.typography import ended

TELEGRAM_PAGE = PageTemplate("telegram.html.j2", "telegram.css")
NEWSPAPER_PAGE = PageTemplate("previously.html.j2", "previously.css")


def recap_context(campaign: Campaign, recap: PlayerRecap) -> TelegramContext:
    """The recap as a Post Office telegram. Only player-safe text reaches this point (see
    companion.record.facts.player_recap). The form is dated in the story where the session
    has a date there: a 1988 telegram is handed in in 1988, not on the evening of play."""
    lines: list[str] = []
    several = len(recap.sessions) > 1
    for part in recap.sessions:
        if several:
            lines.append(telegraphese(part.session.story_heading()))
        lines += [telegraphese(line) for line in part.told]
        lines += [telegraphese(f"Received: {line}") for line in part.handouts]
        lines += [telegraphese(line) for line in part.fates]
    if recap.is_empty():
        lines = ["NOTHING TO REPORT STOP"]
    strips = tuple(strip for line in lines for strip in tape(line))
    session = recap.session
    first = recap.sessions[0].session.number
    which = f"session {session.number}" if not several else f"sessions {first} to {session.number}"
    heading = session.story_heading() if not several else f"The story so far ({which})"
    form = FORMS["gpo"]
    words = sum(len(strip.split()) for strip in strips)
    return TelegramContext(
        id=recap.name(),
        title=f"Previously on {campaign.info.title}: {which}",
        language="en",
        is_gm=False,
        campaign_title=campaign.info.title,
        gm_page=PageSize.named(campaign.info.paper),
        page=form.page,
        paper=form.paper,
        form="gpo",
        office=form.office,
        heading=form.heading,
        fields=(
            (form.priority, "Urgent"),
            (form.number, f"{session.number:03d}/{len(strips):02d}"),
            (form.handed_in, session.story_date or session.date),
            (form.words, str(words)),
        ),
        to_label=form.to,
        to_line=f"All concerned · re: {heading}",
        strips=strips,
        footer=form.footer,
    )


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
    return [ended(f"Received: {line}") for line in handouts]


def _headline(line: str) -> str:
    """The first sentence of the story, cut to a headline's length."""
    sentence = re.split(r"(?<=[.!?])\s", re.sub(r"[*_`]", "", line), maxsplit=1)[0].rstrip(".")
    words = sentence.split()
    return " ".join(words[:9]) + ("..." if len(words) > 9 else "")
