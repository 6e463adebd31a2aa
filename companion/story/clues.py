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
    return [clue for clue in clue_book.clues if conclusion_id in clue.points_to]


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
    return [Lead(s.id, False) for s in clue_book.scenes if scene_id in s.leads_to] + [
        Lead(c.id, True) for c in clue_book.clues if scene_id in c.leads_to
    ]


def start_scenes(clue_book: ClueBook) -> list[Scene]:
    """The scenes marked `start: true`; without any, the first scene."""
    marked = [scene for scene in clue_book.scenes if scene.start]
    return marked or clue_book.scenes[:1]


def clues_in_scene(clue_book: ClueBook, scene: Scene) -> list[Clue]:
    """The clues found in a scene: those whose home scene it is."""
    return [clue for clue in clue_book.clues if home_scene(clue_book, clue) is scene]


def home_scene(clue_book: ClueBook, clue: Clue) -> Scene | None:
    """The scene a clue is found in: the one its `where` names, else the first scene at its
    location (a place visited twice gives up its clues the first time)."""
    where = clue.found_at
    for scene in clue_book.scenes:
        if where.scene is not None and where.scene == scene.id:
            return scene
    if where.scene is None and where.location is not None:
        return next((s for s in clue_book.scenes if s.location == where.location), None)
    return None


def reachable_scenes(clue_book: ClueBook) -> set[str]:
    """Scenes the players can get to from the start, by scene leads and by clues found on
    the way that lead on."""
    by_id = {scene.id: scene for scene in clue_book.scenes}
    seen: set[str] = set()
    waiting = [scene.id for scene in start_scenes(clue_book)]
    while waiting:
        scene_id = waiting.pop()
        if scene_id in seen or scene_id not in by_id:
            continue
        seen.add(scene_id)
        scene = by_id[scene_id]
        waiting += scene.leads_to
        for clue in clues_in_scene(clue_book, scene):
            waiting += clue.leads_to
    return seen


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
