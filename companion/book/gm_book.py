"""The GM's book: everything the game master runs the evening from, drawn from the campaign and
the record of play. Its own pages are one document; the GM copies of the handouts follow it.

Order: the campaign, the scenes, the players' characters, the NPCs, the locations, the clue
graph and the clues, the checks, the state of play, the register of copies, the handouts and
who holds them. The contents and the outline follow the same order, the pages' order.

Every text the GM wrote is Markdown and goes through `render.markup`, and so does what the
book writes around it (a mark's name in code, a check's message), so that no Markdown
prints as it was typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from markupsafe import Markup, escape

from companion.book.clue_graph import DrawnFigure, Room, clue_figures, drawn_figures
from companion.book.plan_figure import PlanFigure, PlanToDraw
from companion.book.revelations import (
    RevelationList,
    found_note,
    player_names,
    revelation_lists,
)
from companion.book.titles import clue_title
from companion.campaign.models import Campaign, Clue, Location, Npc, Person
from companion.kinds.base import HandoutContext, PageSize, PageTemplate
from companion.record.facts import PlayState, npc_sessions, statuses_as_of
from companion.render.markup import markdown_html, markdown_inline
from companion.story.advice import clue_warnings
from companion.story.clues import clues_in_scene, leads_into, start_scenes, supporting_clues

BOOK_FRONT = PageTemplate("book-front.html.j2", "book.css")
BOOK_BODY = PageTemplate("book.html.j2", "book.css")
# A page number of the same width as a real one, while the real ones are not yet known.
PLACEHOLDER_PAGE = 999
# The book's own pages, section by section (their anchors), in the order they print.
BODY_SECTIONS = (
    "campaign",
    "scenes",
    "characters",
    "npcs",
    "locations",
    "clues",
    "checks",
    "state",
    "copies",
    "holdings",
)
# The sections that list scenes, people or places, which a part may share with the next.
LISTED_SECTIONS = ("scenes", "characters", "npcs", "locations")
# The book's own pages are laid out in parts of about this weight (a scene, a person: 1; a
# place with its plan: 3), each on pages of its own, so that no process holds a large
# campaign's hundreds of pages at once. A part after the first starts a new page, which may
# end the page before it early: a book of this weight or less is one part, as it always was.
BODY_PART_WEIGHT = 40
LOCATION_WEIGHT = 3
# Drawing a plan's words again at the book's scale takes about as long as laying out six
# notes (whose kind weighs 1): what a part that prints plans weighs the more (`part_weight`).
PLAN_WEIGHT = 6

# The book's own pages keep 18 mm of margin at the head and the sides, 20 mm at the foot
# (book.css); a figure of the clue graph shares its page with a heading of this height.
BOOK_MARGINS_MM = (18.0, 18.0, 20.0)  # sides, head, foot
GRAPH_HEADING_MM = 14.0
POINTS_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class ContentsLine:
    """A line of the contents: a part of the book's own pages (with the anchor that links to
    it), or a GM copy that follows them."""

    title: str
    level: int
    page: int
    anchor: str | None = None


@dataclass(frozen=True)
class BookPages:
    """Where things start in the book, once laid out: the book's parts by anchor, the GM
    copies by handout id."""

    parts: Mapping[str, int]
    handouts: Mapping[str, int]


@dataclass(frozen=True)
class Tie:
    name: str
    kind: str
    note: Markup
    gm: bool


@dataclass(frozen=True)
class PersonPage:
    """An NPC's page, or a player's character's."""

    anchor: str
    name: str
    role: str
    played_by: str | None  # a player's name, for a player's character
    portrait_url: str | None
    status: str  # its id, which the page's style colours by
    status_word: str  # as printed
    gone: bool  # out of the story: dead, fled
    status_note: Markup
    facts: tuple[tuple[str, Markup], ...]  # labelled texts, in the order the GM reads them
    ties: tuple[Tie, ...]
    sessions: tuple[int, ...] | None  # None: the record does not follow them (a character)
    handouts: tuple[str, ...]
    clues: tuple[str, ...]


@dataclass(frozen=True)
class LocationPage:
    anchor: str
    name: str
    kind: str | None  # what kind of place, as printed: `lighthouse`
    address: str | None
    facts: tuple[tuple[str, Markup], ...]
    plan: PlanFigure | PlanToDraw | None  # drawn by `with_plans_drawn`
    people: tuple[str, ...]
    scenes: tuple[str, ...]
    clues: tuple[Markup, ...]  # with the mark of the plan where each is found


@dataclass(frozen=True)
class ScenePage:
    anchor: str
    title: str
    location: str | None
    start: bool
    summary: Markup
    npcs: tuple[str, ...]
    leads_in: tuple[str, ...]
    leads_out: tuple[str, ...]
    clues: tuple[str, ...]


@dataclass(frozen=True)
class ClueLine:
    anchor: str
    title: str
    text: Markup
    details: tuple[tuple[str, Markup], ...]  # where, found by, leads to...
    found: str | None


@dataclass(frozen=True)
class ConclusionBlock:
    title: str
    summary: Markup
    clues: tuple[str, ...]  # clue titles
    reached: str | None
    short: bool  # fewer clues than the three-clue rule asks


@dataclass(frozen=True)
class CheckLine:
    """A check of the story's shape: its message and hint name ids in code, as Markdown."""

    message: Markup
    where: str
    hint: Markup


@dataclass(frozen=True)
class Holding:
    title: str
    kind: str
    to: str
    holders: str


@dataclass(frozen=True)
class CopyLine:
    """One player's copy of a handout, as the register of copies lists it."""

    player: str
    handout: str
    number: int
    mark: str


@dataclass(frozen=True, kw_only=True)
class BookContext(HandoutContext):
    page: PageSize
    running_title: str  # in the foot of the book's own pages
    subtitle: str | None
    as_of_session: int
    as_of: str  # "after session 2", or "before the first session"
    campaign_facts: tuple[tuple[str, Markup], ...]
    parts: tuple[tuple[str, int, str], ...]  # the book's own parts: title, level, anchor
    contents: tuple[ContentsLine, ...]
    scenes: tuple[ScenePage, ...]
    characters: tuple[PersonPage, ...]
    npcs: tuple[PersonPage, ...]
    locations: tuple[LocationPage, ...]
    graphs: tuple[DrawnFigure, ...]  # the clue graph, a figure per scene or place
    revelations: tuple[RevelationList, ...]  # a list per conclusion, to tick off in play
    conclusions: tuple[ConclusionBlock, ...]
    clues: tuple[ClueLine, ...]
    checks: tuple[CheckLine, ...]
    holdings: tuple[Holding, ...]
    state: tuple[tuple[str, tuple[Markup, ...]], ...]  # headed lists: clues found, fates...
    copies: tuple[CopyLine, ...]
    has_copies: bool  # the GM copies follow the book's own pages
    # What of the book's own pages this part prints (see `body_parts`): these sections, the
    # first of them without its heading when it goes on from the part before.
    sections: tuple[str, ...] = BODY_SECTIONS
    continued: bool = False


@dataclass(frozen=True)
class BookFacts:
    """What the book needs from outside the campaign: the record of play as of the session
    it is made for, and the players' copies built by then."""

    state: PlayState
    as_of_session: int
    copies: tuple[CopyLine, ...] = ()


def book_context(
    campaign: Campaign, facts: BookFacts, handout_ids: Sequence[str] = ()
) -> BookContext:
    """The book's own pages, and its contents with the GM copies of `handout_ids` after them,
    numbered with placeholders until the layout gives the true pages (`with_pages`)."""
    state = facts.state
    paper = PageSize.named(campaign.info.paper)
    scenes = tuple(_scene_page(campaign, i) for i in range(len(campaign.clue_book.scenes)))
    mentions = _Mentions.of(campaign)
    characters = _character_pages(campaign, mentions)
    npcs = _npc_pages(campaign, state, mentions)
    locations = tuple(_location_page(campaign, loc) for loc in campaign.locations.values())
    parts = _parts(campaign, scenes, characters, npcs, locations, facts)
    placeholders = BookPages(
        {anchor: PLACEHOLDER_PAGE for _, _, anchor in parts},
        dict.fromkeys(handout_ids, PLACEHOLDER_PAGE),
    )
    return BookContext(
        id="book",
        title=f"{campaign.info.title}: game master's book",
        language="en",
        is_gm=True,
        campaign_title=campaign.info.title,
        gm_page=paper,
        page=paper,
        running_title=f"Game master's book: {campaign.info.title}",
        subtitle=campaign.info.subtitle,
        as_of_session=facts.as_of_session,
        as_of=_after(facts.as_of_session),
        campaign_facts=_facts(
            ("Setting", campaign.info.setting),
            ("Premise", campaign.info.premise),
            ("The secret", campaign.info.secret),
            ("How it ends", campaign.info.endings),
            ("Notes for the game master", campaign.info.gm_notes),
        ),
        parts=tuple(parts),
        contents=_contents(campaign, parts, handout_ids, placeholders),
        scenes=scenes,
        characters=characters,
        npcs=npcs,
        locations=locations,
        graphs=tuple(drawn_figures(clue_figures(campaign, state), *graph_rooms(paper))),
        revelations=revelation_lists(campaign, state),
        conclusions=_conclusions(campaign, state),
        clues=tuple(_clue_line(campaign, clue, state) for clue in campaign.clue_book.clues),
        checks=_checks(campaign),
        holdings=_holdings(campaign, state),
        state=_state_of_play(campaign, state),
        copies=facts.copies,
        has_copies=bool(handout_ids),
    )


def _facts(*entries: tuple[str, str | None]) -> tuple[tuple[str, Markup], ...]:
    return tuple((label, markdown_html(text)) for label, text in entries if text)


def graph_rooms(paper: PageSize) -> tuple[Room, Room]:
    """The room a figure of the clue graph has on a page of the book, and on one turned."""
    sides, head, foot = BOOK_MARGINS_MM

    def room(width_mm: float, height_mm: float) -> Room:
        return Room(
            (width_mm - 2 * sides) * POINTS_PER_MM,
            (height_mm - head - foot - GRAPH_HEADING_MM) * POINTS_PER_MM,
        )

    return room(paper.width_mm, paper.height_mm), room(paper.height_mm, paper.width_mm)


_Item = TypeVar("_Item")


def body_parts(context: BookContext, most: int = BODY_PART_WEIGHT) -> list[BookContext]:
    """The book's own pages cut into parts of about `most` weight, in order: between
    sections, or between the scenes, people or places of one (whose part then prints the
    section's heading only where it starts). Each part is the context with only its share."""
    listed = {
        "scenes": len(context.scenes),
        "characters": len(context.characters),
        "npcs": len(context.npcs),
        "locations": len(context.locations),
    }
    entries = [
        (section, index)
        for section in BODY_SECTIONS
        for index in (range(listed[section]) if section in listed else [None])
    ]
    weights = [LOCATION_WEIGHT if section == "locations" else 1 for section, _ in entries]
    if sum(weights) <= most:
        return [context]
    cuts: list[list[tuple[str, int | None]]] = [[]]
    weight = 0
    for entry, entry_weight in zip(entries, weights, strict=True):
        if weight + entry_weight > most and cuts[-1]:
            cuts.append([])
            weight = 0
        cuts[-1].append(entry)
        weight += entry_weight
    return [_part_of(context, cut) for cut in cuts]


def part_weight(context: BookContext) -> int:
    """How long a part of the book's own pages takes to make, in the weights of handout
    kinds (a note: 1): a scene or a person 1, a place 3 and its plan 6 more, any other
    section 1."""
    people = len(context.scenes) + len(context.characters) + len(context.npcs)
    places = sum(
        LOCATION_WEIGHT + (PLAN_WEIGHT if page.plan is not None else 0)
        for page in context.locations
    )
    others = [s for s in context.sections if s not in LISTED_SECTIONS]
    return people + places + len(others)


def own_pages_weight(campaign: Campaign) -> int:
    """What `part_weight` gives for all the book's own pages, from the campaign alone."""
    people = len(campaign.clue_book.scenes) + len(campaign.info.players) + len(campaign.npcs)
    plans = sum(1 for location in campaign.locations.values() if location.floor_plan)
    others = len(BODY_SECTIONS) - len(LISTED_SECTIONS)
    return people + LOCATION_WEIGHT * len(campaign.locations) + PLAN_WEIGHT * plans + others


def with_plans_drawn(context: BookContext) -> BookContext:
    """The context with the plans of its locations drawn (see `PlanToDraw`): what the book's
    own pages print, for a part of them or for all."""
    locations = tuple(
        replace(page, plan=page.plan.drawn()) if isinstance(page.plan, PlanToDraw) else page
        for page in context.locations
    )
    return replace(context, locations=locations)


def _part_of(context: BookContext, entries: Sequence[tuple[str, int | None]]) -> BookContext:
    sections = tuple(dict.fromkeys(section for section, _ in entries))

    first_index = entries[0][1]
    return replace(
        context,
        sections=sections,
        continued=first_index is not None and first_index > 0,
        scenes=_share(entries, "scenes", context.scenes),
        characters=_share(entries, "characters", context.characters),
        npcs=_share(entries, "npcs", context.npcs),
        locations=_share(entries, "locations", context.locations),
    )


def _share(
    entries: Sequence[tuple[str, int | None]], section: str, items: tuple[_Item, ...]
) -> tuple[_Item, ...]:
    chosen = {index for s, index in entries if s == section}
    return tuple(item for index, item in enumerate(items) if index in chosen)


# --- contents -------------------------------------------------------------------------------


def _parts(
    campaign: Campaign,
    scenes: Sequence[ScenePage],
    characters: Sequence[PersonPage],
    npcs: Sequence[PersonPage],
    locations: Sequence[LocationPage],
    facts: BookFacts,
) -> list[tuple[str, int, str]]:
    """The book's own parts in the order book.html.j2 prints them: title, level and anchor."""
    parts = [("The campaign", 1, "campaign")]
    for title, anchor, entries in (
        ("Scenes", "scenes", [(s.title, s.anchor) for s in scenes]),
        ("The players' characters", "characters", [(p.name, p.anchor) for p in characters]),
        ("Non-player characters", "npcs", [(p.name, p.anchor) for p in npcs]),
        ("Locations", "locations", [(p.name, p.anchor) for p in locations]),
    ):
        if entries:
            parts.append((title, 1, anchor))
            parts += [(name, 2, entry) for name, entry in entries]
    if campaign.clue_book.clues or campaign.clue_book.conclusions:
        parts.append(("Clues and conclusions", 1, "clues"))
    parts.append(("Checks", 1, "checks"))
    parts.append((f"State of play {_after(facts.as_of_session)}", 1, "state"))
    if facts.copies:
        parts.append(("Register of copies", 1, "copies"))
    parts.append(("Handouts and who holds them", 1, "holdings"))
    return parts


def with_pages(
    context: BookContext, campaign: Campaign, handout_ids: Sequence[str], pages: BookPages
) -> BookContext:
    """The same book with the true page numbers in its contents: nothing else changes, so
    nothing else is worked out again (the clue graph, the checks)."""
    contents = _contents(campaign, context.parts, handout_ids, pages)
    return replace(context, contents=contents)


def _contents(
    campaign: Campaign,
    parts: Sequence[tuple[str, int, str]],
    handout_ids: Sequence[str],
    pages: BookPages,
) -> tuple[ContentsLine, ...]:
    lines = [ContentsLine(title, level, pages.parts[a], a) for title, level, a in parts]
    lines += [ContentsLine(campaign.handouts[h].title, 2, pages.handouts[h]) for h in handout_ids]
    return tuple(lines)


def _after(session: int) -> str:
    return f"after session {session}" if session else "before the first session"


# --- scenes, people, places -----------------------------------------------------------------


def _scene_page(campaign: Campaign, index: int) -> ScenePage:
    book = campaign.clue_book
    scene = book.scenes[index]
    titles = {s.id: s.title for s in book.scenes}
    clue_titles = {c.id: clue_title(c) for c in book.clues}
    leads_in = [
        titles[lead.source] if not lead.by_clue else f"clue: {clue_titles[lead.source]}"
        for lead in leads_into(book, scene.id)
    ]
    location = campaign.locations.get(scene.location) if scene.location else None
    return ScenePage(
        anchor=f"scene-{scene.id}",
        title=scene.title,
        location=location.name if location else None,
        start=scene in start_scenes(book),
        summary=markdown_html(scene.summary),
        npcs=tuple(_person_name(campaign, npc) for npc in scene.npcs),
        leads_in=tuple(leads_in),
        leads_out=tuple(titles.get(s, s) for s in scene.leads_to),
        clues=tuple(clue_title(c) for c in clues_in_scene(book, scene)),
    )


def _person_name(campaign: Campaign, person_id: str) -> str:
    person = campaign.person(person_id)
    return person.name if person else person_id


@dataclass(frozen=True)
class _Mentions:
    """What each handout names (title, the people it refers to by id, its words), worked
    out once per book rather than once per person."""

    handouts: tuple[tuple[str, frozenset[str], str], ...]

    @classmethod
    def of(cls, campaign: Campaign) -> _Mentions:
        found = []
        for handout in campaign.handouts.values():
            ids = {ref for _, kind, ref in handout.references() if kind in ("npcs", "people")}
            ids.add(getattr(handout, "subject", None) or "")
            found.append((handout.title, frozenset(ids), handout.model_dump_json()))
        return cls(tuple(found))

    def titles(self, person: Person) -> tuple[str, ...]:
        """Handouts that name a person: as author, subject or photo, or in their words."""
        return tuple(
            sorted(
                title
                for title, ids, words in self.handouts
                if person.id in ids or person.name in words
            )
        )


def _npc_pages(campaign: Campaign, state: PlayState, mentions: _Mentions) -> tuple[PersonPage, ...]:
    statuses = statuses_as_of(campaign, state)
    notes = {npc_id: markdown_inline(entry.text) for npc_id, entry in state.npc_statuses.items()}
    sessions = npc_sessions(campaign, state)
    return tuple(
        _person_page(
            campaign, npc, mentions, statuses[npc_id], notes.get(npc_id, Markup()), sessions[npc_id]
        )
        for npc_id, npc in _in_order_of_play(campaign)
    )


def _character_pages(campaign: Campaign, mentions: _Mentions) -> tuple[PersonPage, ...]:
    """The players' characters: what the GM knows of them that their players may not."""
    return tuple(
        _person_page(
            campaign, p.character, mentions, campaign.status_of(p.character), Markup(), None, p.name
        )
        for p in campaign.info.players
    )


def _person_page(
    campaign: Campaign,
    person: Person,
    mentions: _Mentions,
    status: str,
    status_note: Markup,
    sessions: tuple[int, ...] | None,
    played_by: str | None = None,
) -> PersonPage:
    word = campaign.info.words().status(status)
    return PersonPage(
        anchor=f"person-{person.id}",
        name=person.name,
        role=person.role or "",
        played_by=played_by,
        portrait_url=f"campaign:{person.portrait}?mono" if person.portrait else None,
        status=status,
        status_word=word.printed,
        gone=word.gone,
        status_note=status_note,
        facts=_facts(
            ("Appearance", person.appearance),
            ("What the players may know", person.summary),
            ("Wants", person.wants),
            ("Secret", person.secret),
            ("Notes for the game master", person.gm_notes),
        ),
        ties=_ties(campaign, person),
        sessions=sessions,
        handouts=mentions.titles(person),
        clues=tuple(clue_title(c) for c in campaign.clue_book.clues if c.npc == person.id),
    )


def _in_order_of_play(campaign: Campaign) -> list[tuple[str, Npc]]:
    """NPCs in the order the scenes bring them on, then the others by name."""
    first_scene: dict[str, int] = {}
    for index, scene in enumerate(campaign.clue_book.scenes):
        for npc_id in scene.npcs:
            first_scene.setdefault(npc_id, index)
    unseen = len(campaign.clue_book.scenes)
    return sorted(
        campaign.npcs.items(),
        key=lambda item: (first_scene.get(item[0], unseen), item[1].name.casefold()),
    )


def _ties(campaign: Campaign, npc: Person) -> tuple[Tie, ...]:
    """Relationships as written, then associates not already among them."""
    ties = [
        Tie(_person_name(campaign, r.npc), r.kind, markdown_inline(r.note), r.gm)
        for r in npc.relationships
    ]
    named = {r.npc for r in npc.relationships}
    ties += [
        Tie(_person_name(campaign, other), "associate", Markup(""), False)
        for other in npc.associates
        if other not in named
    ]
    return tuple(ties)


def _location_page(campaign: Campaign, location: Location) -> LocationPage:
    paper = PageSize.named(campaign.info.paper)
    book = campaign.clue_book
    here = [s for s in book.scenes if s.location == location.id]
    people = dict.fromkeys([*location.staff, *(npc for scene in here for npc in scene.npcs)])
    clues = [c for c in book.clues if c.found_at.location == location.id]
    return LocationPage(
        anchor=f"location-{location.id}",
        name=location.name,
        kind=campaign.info.words().location_kinds[location.kind].printed if location.kind else None,
        address=location.address,
        facts=_facts(
            ("What the players see", location.description),
            ("Secret", location.secret),
            ("Notes for the game master", location.gm_notes),
        ),
        plan=PlanToDraw(location, paper, campaign.info.words().marks)
        if location.floor_plan
        else None,
        people=tuple(_person_name(campaign, p) for p in people),
        scenes=tuple(s.title for s in here),
        clues=tuple(_clue_with_mark(c) for c in clues),
    )


def _clue_with_mark(clue: Clue) -> Markup:
    mark = clue.found_at.mark
    return escape(clue_title(clue)) + (_mark(mark, " (", ")") if mark else Markup())


def _mark(mark: str, before: str = "", after: str = "") -> Markup:
    """A mark of a plan as the GM types it into `clues.yaml`: its name set in code."""
    return markdown_inline(f"{before}mark `{mark}`{after}")


# --- clues and checks -----------------------------------------------------------------------


def _clue_line(campaign: Campaign, clue: Clue, state: PlayState) -> ClueLine:
    book = campaign.clue_book
    conclusions = {c.id: c.title for c in book.conclusions}
    scenes = {s.id: s.title for s in book.scenes}
    where = clue.found_at
    place = [
        escape(campaign.locations[where.location].name)
        if where.location in campaign.locations
        else Markup(),
        _mark(where.mark) if where.mark else Markup(),
        escape(f"scene: {scenes[where.scene]}") if where.scene in scenes else Markup(),
    ]
    details = [
        ("Where", Markup(", ").join(p for p in place if p)),
        ("Found by", markdown_inline(clue.found_by)),
        ("About", escape(_person_name(campaign, clue.npc)) if clue.npc else Markup()),
        ("Handout", escape(campaign.handouts[clue.handout].title) if clue.handout else Markup()),
        ("Points to", escape("; ".join(conclusions.get(c, c) for c in clue.points_to))),
        ("Leads to", escape("; ".join(scenes.get(s, s) for s in clue.leads_to))),
    ]
    return ClueLine(
        anchor=f"clue-{clue.id}",
        title=clue_title(clue),
        text=markdown_html(clue.text),
        details=tuple((label, value) for label, value in details if value),
        found=found_note(campaign, clue.id, state),
    )


def _conclusions(campaign: Campaign, state: PlayState) -> tuple[ConclusionBlock, ...]:
    book = campaign.clue_book
    reached = {e.subject: e.session for e in state.of_kind("conclusion") if e.subject}
    blocks = []
    for conclusion in book.conclusions:
        clues = supporting_clues(book, conclusion.id)
        session = reached.get(conclusion.id)
        blocks.append(
            ConclusionBlock(
                title=conclusion.title,
                summary=markdown_html(conclusion.summary),
                clues=tuple(clue_title(c) for c in clues),
                reached=f"reached in session {session}" if session else None,
                short=len(clues) < 3,
            )
        )
    return tuple(blocks)


def _checks(campaign: Campaign) -> tuple[CheckLine, ...]:
    return tuple(
        CheckLine(
            markdown_inline(problem.message),
            problem.location(campaign.root),
            markdown_inline(problem.hint),
        )
        for problem in clue_warnings(campaign)
    )


# --- handouts and the state of play ---------------------------------------------------------


def _holdings(campaign: Campaign, state: PlayState) -> tuple[Holding, ...]:
    given: dict[str, list[str]] = {}
    for entry in state.of_kind("give"):
        for player in entry.players:
            name = player_names(campaign, [player])
            given.setdefault(entry.subject or "", []).append(
                f"{name} since session {entry.session}"
            )
    return tuple(
        Holding(
            title=handout.title,
            kind=handout.kind,
            to="all players" if handout.to == "all" else player_names(campaign, handout.to),
            holders="; ".join(given.get(handout_id, [])) or "no one yet",
        )
        for handout_id, handout in campaign.handouts.items()
    )


def _state_of_play(
    campaign: Campaign, state: PlayState
) -> tuple[tuple[str, tuple[Markup, ...]], ...]:
    book = campaign.clue_book
    found = state.found_clues()
    titles = {c.id: clue_title(c) for c in book.clues}
    clues_found = tuple(
        escape(f"{titles.get(clue_id, clue_id)}: {found_note(campaign, clue_id, state)}")
        for clue_id in found
    )
    reached = {e.subject: e.session for e in state.of_kind("conclusion") if e.subject}
    conclusions = tuple(
        escape(f"{c.title}: reached in session {reached[c.id]}")
        for c in book.conclusions
        if c.id in reached
    )
    words = campaign.info.words()
    fates = tuple(
        escape(f"{campaign.npcs[npc_id].name}: {words.status(entry.status or '').printed}")
        + (f" (session {entry.session})" if entry.session else " (before play)")
        + (Markup(", ") + markdown_inline(entry.text) if entry.text else "")
        for npc_id, entry in state.npc_statuses.items()
        if npc_id in campaign.npcs
    )
    open_leads = tuple(
        escape(f"{titles[c.id]}, leading to {'; '.join(_scene_titles(campaign, c.leads_to))}")
        for c in book.clues
        if c.leads_to and c.id not in found
    )
    waiting = tuple(
        escape(
            f"{c.title}: {len([x for x in supporting_clues(book, c.id) if x.id in found])} of "
            f"{len(supporting_clues(book, c.id))} clues found"
        )
        for c in book.conclusions
        if c.id not in reached
    )
    return (
        ("Clues found", clues_found),
        ("Conclusions reached", conclusions),
        ("Conclusions not yet reached", waiting),
        ("NPC fates recorded", fates),
        ("Open leads (clues not yet found that lead on)", open_leads),
    )


def _scene_titles(campaign: Campaign, scene_ids: Sequence[str]) -> list[str]:
    titles: Mapping[str, str] = {s.id: s.title for s in campaign.clue_book.scenes}
    return [titles.get(s, s) for s in scene_ids]
