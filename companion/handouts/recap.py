"""The printed "Previously on...": the players' recap of a session as an in-world telegram."""

from __future__ import annotations

import re
from dataclasses import dataclass

from companion.handouts.common import HandoutContext, PageSize, PageTemplate
from companion.models import Campaign
from companion.play import PlayerRecap

TELEGRAM_PAGE = PageTemplate("recap.html.j2", "recap.css")


@dataclass(frozen=True, kw_only=True)
class RecapContext(HandoutContext):
    page: PageSize
    session_heading: str
    date: str
    serial: str
    strips: tuple[str, ...]  # lines of telegram text, as pasted onto the form


def recap_context(campaign: Campaign, recap: PlayerRecap) -> RecapContext:
    """Only player-safe text reaches this point (see companion.play.player_recap)."""
    session = recap.session
    strips = [telegraphese(line) for line in recap.told]
    strips += [telegraphese(f"Received: {line}") for line in recap.handouts]
    strips += [telegraphese(line.replace(":", " is now")) for line in recap.fates]
    if not strips:
        strips = ["NOTHING TO REPORT STOP"]
    return RecapContext(
        id=f"recap-session-{session.number}",
        title=f"Previously on {campaign.info.title}: session {session.number}",
        language="en",
        is_gm=False,
        campaign_title=campaign.info.title,
        gm_page=PageSize.named(campaign.info.paper),
        page=PageSize.named("a5"),
        session_heading=session.heading(),
        date=session.date,
        serial=f"{session.number:03d}/{len(strips):02d}",
        strips=tuple(strips),
    )


def telegraphese(text: str) -> str:
    """Capitals, no emphasis marks, and STOP for every full stop, as telegrams were sent."""
    plain = re.sub(r"[*_`]", "", text).upper()
    sentences = [s.strip() for s in re.split(r"[.!?]+(?:\s+|$)", plain) if s.strip()]
    return " STOP ".join(sentences) + " STOP"
