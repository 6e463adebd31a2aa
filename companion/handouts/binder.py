"""The GM binder's own pages: a cover and contents before the GM copies, an NPC index and the
clue table after them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from companion.clues import supporting_clues
from companion.handouts.common import HandoutContext, PageSize, PageTemplate
from companion.markup import markdown_html
from companion.models import Campaign

FRONT_PAGE = PageTemplate("binder-front.html.j2", "binder.css")
BACK_PAGE = PageTemplate("binder-back.html.j2", "binder.css")


@dataclass(frozen=True)
class ContentsLine:
    title: str
    kind: str
    page: int


@dataclass(frozen=True)
class NpcLine:
    name: str
    role: str
    status: str


@dataclass(frozen=True)
class ClueRow:
    conclusion: str
    clues: tuple[str, ...]


@dataclass(frozen=True)
class CopyLine:
    """One player's copy of a handout, as the register of copies lists it."""

    player: str
    handout: str
    number: int
    mark: str


@dataclass(frozen=True, kw_only=True)
class BinderContext(HandoutContext):
    page: PageSize
    subtitle: str | None
    setting: Markup
    contents: tuple[ContentsLine, ...]
    npcs: tuple[NpcLine, ...]
    clue_table: tuple[ClueRow, ...]
    copies: tuple[CopyLine, ...]
    copies_session: int


def binder_context(
    campaign: Campaign,
    handout_pages: Mapping[str, int],
    front_pages: int,
    statuses: Mapping[str, str],
    copies: tuple[CopyLine, ...] = (),
    copies_session: int = 0,
) -> BinderContext:
    """`handout_pages`: pages of each GM copy in binder order; `statuses`: every NPC's status
    as of the session the binder is made for (from the record of play); `copies`: the
    players' copies built as of `copies_session`, with their trace marks."""
    contents, page = [], front_pages + 1
    for handout_id, pages in handout_pages.items():
        handout = campaign.handouts[handout_id]
        contents.append(ContentsLine(handout.title, handout.kind, page))
        page += pages
    contents.append(ContentsLine(back_title(bool(copies)), "index", page))
    paper = PageSize.named(campaign.info.paper)
    return BinderContext(
        id="binder",
        title=f"{campaign.info.title}: game master's binder",
        language="en",
        is_gm=True,
        campaign_title=campaign.info.title,
        gm_page=paper,
        page=paper,
        subtitle=campaign.info.subtitle,
        setting=markdown_html(campaign.info.setting),
        contents=tuple(contents),
        npcs=tuple(
            NpcLine(npc.name, npc.role or "", statuses[npc.id])
            for npc in sorted(campaign.npcs.values(), key=lambda n: n.name)
        ),
        clue_table=tuple(
            ClueRow(
                conclusion.title,
                tuple(c.id for c in supporting_clues(campaign.clue_book, conclusion.id)),
            )
            for conclusion in campaign.clue_book.conclusions
        ),
        copies=copies,
        copies_session=copies_session,
    )


def back_title(with_copies: bool) -> str:
    if with_copies:
        return "NPC index, clue table and register of copies"
    return "NPC index and clue table"
