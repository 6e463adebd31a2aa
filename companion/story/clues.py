"""Clues, conclusions and scenes: which clues support a conclusion, what leads into a scene,
and the checks of node-based design (the three-clue rule and its inverse).

Validate, status and the GM's book all ask these questions; they are answered here only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from companion.campaign.files import CLUES_FILE, entity_file
from companion.campaign.models import Campaign, Clue, ClueBook, Scene

# Players miss clues, so each conclusion wants at least three ways in; and, in node-based
# design, each scene but the first wants at least three leads in.
THREE_CLUE_RULE = 3


def supporting_clues(clue_book: ClueBook, conclusion_id: str) -> list[Clue]:
    """The clues that point to a conclusion, in the order clues.yaml lists them."""
    return story_graph(clue_book).supporting.get(conclusion_id, [])


def too_few_clues(count: int) -> bool:
    """The three-clue rule: fewer than three ways to a conclusion is too few."""
    return count < THREE_CLUE_RULE


@dataclass(frozen=True)
class Lead:
    """A way from one node of the story into a scene: another scene, or a clue."""

    source: str  # a scene id, or a clue id
    by_clue: bool


def leads_into(clue_book: ClueBook, scene_id: str) -> list[Lead]:
    """Every lead into a scene: scenes that lead to it, then clues that do."""
    return story_graph(clue_book).leads_in.get(scene_id, [])


def start_scenes(clue_book: ClueBook) -> list[Scene]:
    """The scenes marked `start: true`; without any, the first scene."""
    marked = [scene for scene in clue_book.scenes if scene.start]
    return marked or clue_book.scenes[:1]


def clues_in_scene(clue_book: ClueBook, scene: Scene) -> list[Clue]:
    """The clues found in a scene: those whose home scene it is."""
    return story_graph(clue_book).found_in.get(scene.id, [])


def home_scene(clue_book: ClueBook, clue: Clue) -> Scene | None:
    """The scene a clue is found in: the one its `where` names, else the first scene at its
    location (a place visited twice gives up its clues the first time)."""
    return story_graph(clue_book).home.get(clue.id)


def reachable_scenes(clue_book: ClueBook) -> set[str]:
    """Scenes the players can get to from the start, by scene leads and by clues found on
    the way that lead on."""
    graph = story_graph(clue_book)
    by_id = {scene.id: scene for scene in clue_book.scenes}
    seen: set[str] = set()
    waiting = [scene.id for scene in start_scenes(clue_book)]
    while waiting:
        scene_id = waiting.pop()
        if scene_id in seen or scene_id not in by_id:
            continue
        seen.add(scene_id)
        waiting += by_id[scene_id].leads_to
        for clue in graph.found_in.get(scene_id, []):
            waiting += clue.leads_to
    return seen


@dataclass(frozen=True)
class StoryGraph:
    """The story's links, each worked out once in a pass over the clue book, so that asking
    them for every scene and conclusion stays linear (a thousand scenes once took a minute)."""

    home: dict[str, Scene]  # clue id -> the scene it is found in
    found_in: dict[str, list[Clue]]  # scene id -> the clues found there
    leads_in: dict[str, list[Lead]]  # scene id -> scenes, then clues, that lead to it
    supporting: dict[str, list[Clue]]  # conclusion id -> the clues that point to it


# The graphs of the last few clue books asked about (they are frozen), each kept with its book
# so that the id cannot be reused while the entry lives.
_GRAPHS: dict[int, tuple[ClueBook, StoryGraph]] = {}
_GRAPHS_KEPT = 8


def story_graph(clue_book: ClueBook) -> StoryGraph:
    kept = _GRAPHS.get(id(clue_book))
    if kept is not None and kept[0] is clue_book:
        return kept[1]
    graph = _graph_of(clue_book)
    if len(_GRAPHS) >= _GRAPHS_KEPT:
        _GRAPHS.pop(next(iter(_GRAPHS)))
    _GRAPHS[id(clue_book)] = (clue_book, graph)
    return graph


def _graph_of(clue_book: ClueBook) -> StoryGraph:
    scene_named: dict[str, Scene] = {}
    first_at: dict[str, Scene] = {}
    leads_in: dict[str, list[Lead]] = {}
    for scene in clue_book.scenes:
        scene_named.setdefault(scene.id, scene)
        if scene.location is not None:
            first_at.setdefault(scene.location, scene)
        for target in scene.leads_to:
            leads_in.setdefault(target, []).append(Lead(scene.id, False))
    home: dict[str, Scene] = {}
    found_in: dict[str, list[Clue]] = {}
    supporting: dict[str, list[Clue]] = {}
    for clue in clue_book.clues:
        where = clue.found_at
        found = (
            scene_named.get(where.scene)
            if where.scene is not None
            else first_at.get(where.location)
            if where.location is not None
            else None
        )
        if found is not None:
            home[clue.id] = found
            found_in.setdefault(found.id, []).append(clue)
        for target in clue.leads_to:
            leads_in.setdefault(target, []).append(Lead(clue.id, True))
        for conclusion in dict.fromkeys(clue.points_to):
            supporting.setdefault(conclusion, []).append(clue)
    return StoryGraph(home, found_in, leads_in, supporting)


@dataclass(frozen=True)
class StoryCheck:
    """A weakness of the story's structure, where to fix it, and how."""

    code: str
    message: str
    hint: str
    file: str  # relative to the campaign folder
    loc: tuple[str | int, ...]  # where in that file, as a pydantic-style loc


def story_checks(campaign: Campaign) -> list[StoryCheck]:
    """Every structural weakness, in the order clues.yaml lists things, then the handouts."""
    book = campaign.clue_book
    return [
        *_conclusion_checks(book),
        *_clue_checks(book),
        *_scene_checks(book),
        *_handout_checks(campaign),
    ]


def _conclusion_checks(book: ClueBook) -> Iterator[StoryCheck]:
    for index, conclusion in enumerate(book.conclusions):
        found = len(supporting_clues(book, conclusion.id))
        loc = ("conclusions", index, "id")
        if found == 0:
            yield StoryCheck(
                "unsupported-conclusion",
                f"no clue points to conclusion `{conclusion.id}`",
                f"add clues with `points_to: [{conclusion.id}]`, or remove the conclusion",
                CLUES_FILE,
                loc,
            )
        elif too_few_clues(found):
            yield StoryCheck(
                "three-clue-rule",
                f"conclusion `{conclusion.id}` has {found} clue{'s' if found != 1 else ''}",
                f"players miss clues: give each conclusion at least {THREE_CLUE_RULE}",
                CLUES_FILE,
                loc,
            )


def _clue_checks(book: ClueBook) -> Iterator[StoryCheck]:
    for index, clue in enumerate(book.clues):
        if not clue.points_to and not clue.leads_to:
            yield StoryCheck(
                "clue-points-nowhere",
                f"clue `{clue.id}` points to no conclusion and leads to no scene",
                "give it `points_to:` (conclusion ids) or `leads_to:` (scene ids)",
                CLUES_FILE,
                ("clues", index, "id"),
            )


def _scene_checks(book: ClueBook) -> Iterator[StoryCheck]:
    starts = {scene.id for scene in start_scenes(book)}
    reachable = reachable_scenes(book)
    for index, scene in enumerate(book.scenes):
        loc = ("scenes", index, "id")
        if scene.id not in reachable:
            yield StoryCheck(
                "unreachable-scene",
                f"scene `{scene.id}` cannot be reached from the start",
                "give a scene that can be reached `leads_to: [" + scene.id + "]`, or a clue"
                " found there",
                CLUES_FILE,
                loc,
            )
        leads = len(leads_into(book, scene.id))
        if scene.id not in starts and too_few_clues(leads):
            yield StoryCheck(
                "three-leads-in",
                f"scene `{scene.id}` has {leads} lead{'s' if leads != 1 else ''} in",
                f"players miss leads: give each scene but the start at least {THREE_CLUE_RULE}"
                " (scenes or clues with `leads_to`)",
                CLUES_FILE,
                loc,
            )


def _handout_checks(campaign: Campaign) -> Iterator[StoryCheck]:
    for handout_id, handout in sorted(campaign.handouts.items()):
        if handout.to == []:
            yield StoryCheck(
                "unreceivable-handout",
                f"no one can receive handout `{handout_id}`: its `to:` list is empty",
                "name the players who get it, or write `to: all`",
                entity_file(campaign.root, "handouts", handout_id)
                .relative_to(campaign.root)
                .as_posix(),
                ("to",),
            )
