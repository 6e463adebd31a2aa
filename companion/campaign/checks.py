"""Checks across a campaign's files, once each file has loaded: ids unique within lists, every
reference known (with the nearest id as a hint), pictures inside the folder, each model's own
checks and each handout kind's checks against the campaign."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion.campaign.files import (
    entity_files,
)
from companion.campaign.marked_yaml import YamlDocument, parse_yaml
from companion.campaign.models import (
    BUILT_IN,
    CampaignInfo,
    CampaignView,
    ClueBook,
    HandoutBase,
    Location,
    Strict,
    organisations,
)
from companion.campaign.models.vocabulary import BUILT_IN_WORDS, Vocabulary, vocabulary_hint
from companion.campaign.pictures import picture_problem
from companion.campaign.plan_geometry import location_problems
from companion.errors import LocatedError, Problem
from companion.hints import did_you_mean, unknown_id

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")


@dataclass
class Loaded:
    """A validated entity with the bytes it was read from, for locating later problems."""

    model: Strict
    path: Path
    raw: bytes
    # False: the file had schema errors, and this is the valid rest of it (see
    # `located.valid_part`), loaded only to check what it refers to.
    whole: bool = True
    # What its own checks found (see `own_problems`), when it is whole.
    own: tuple[Problem, ...] = ()
    # Parsed when the file was read afresh; from a kept result, only once a problem of
    # another file's checks has to be located in it (seldom).
    document: YamlDocument | None = None

    def problem_at(
        self, loc: Sequence[str | int], message: str, hint: str | None, code: str
    ) -> Problem:
        """A problem at a validation `loc` in the file."""
        if self.document is None:
            try:
                self.document = parse_yaml(self.raw, self.path)
            except LocatedError:  # it parsed when it was checked: never expected
                return Problem(message, self.path, hint=hint, code=code)
        return self.document.problem_at(loc, message, hint, code=code)


def check_duplicates(info: Loaded, clues: Loaded | None) -> list[Problem]:
    """Ids inside lists (players, clues, conclusions) must be unique too."""
    lists: list[tuple[Loaded, str, Iterable[Any]]] = [
        (info, "players", getattr(info.model, "players", []))
    ]
    if clues is not None:
        for field in ("scenes", "conclusions", "clues"):
            lists.append((clues, field, getattr(clues.model, field)))
    problems = []
    for loaded, field, items in lists:
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if item.id in seen:
                message = f"duplicate id `{item.id}` in `{field}`"
                hint = f"item {seen[item.id] + 1} of `{field}` has the same id"
                loc = (field, index, "id")
                problems.append(loaded.problem_at(loc, message, hint, code="duplicate-id"))
            seen.setdefault(item.id, index)
    return problems


def own_checks(loaded: list[Loaded]) -> list[Problem]:
    """What each entity's own checks found (they read nothing but the entity)."""
    return [problem for item in loaded for problem in item.own]


def own_problems(model: Strict, document: YamlDocument) -> list[Problem]:
    """An entity's own checks, located in its file."""
    own = model.checks()
    if isinstance(model, Location):  # its plan's geometry: the models know none
        own = location_problems(model)
    return [document.problem_at(loc, message, hint, code="geometry") for loc, message, hint in own]


def _file_ids(folder: Path) -> set[str]:
    return {path.stem for path in entity_files(folder)}


def check_references(
    root: Path, loaded: list[Loaded], info: Loaded, clues: Loaded | None
) -> list[Problem]:
    clue_book = clues.model if clues else ClueBook()
    words = info.model.words() if isinstance(info.model, CampaignInfo) else BUILT_IN_WORDS["spy"]
    # Ids come from file names, so a file that failed to load still counts as existing: its
    # own problem is already reported, and a cascade of "unknown id" lines would only hide it.
    known: dict[str, set[str]] = {
        "npcs": _file_ids(root / "npcs"),
        "locations": _file_ids(root / "locations"),
        "handouts": _file_ids(root / "handouts"),
        "players": {p.id for p in getattr(info.model, "players", [])},
        "people": _file_ids(root / "npcs")
        | {p.character.id for p in getattr(info.model, "players", [])},
        "conclusions": {c.id for c in getattr(clue_book, "conclusions", [])},
        "scenes": {s.id for s in getattr(clue_book, "scenes", [])},
        "marks": _mark_ids(loaded),
        "organisations": set(organisations(info.model))
        if isinstance(info.model, CampaignInfo)
        else set(BUILT_IN),
        "statuses": set(words.statuses),
        "mark kinds": set(words.marks),
        "location kinds": set(words.location_kinds),
    }
    # Locations whose files have problems of their own: their marks are not known, and
    # "unknown mark" lines would only hide the real problem (reported already). So with
    # what campaign.yaml and clues.yaml list, when part of them did not load.
    read = {i.model.id for i in loaded if isinstance(i.model, Location) and i.whole}
    unread = known["locations"] - read
    unsure = set() if info.whole else {"players", "people", "organisations", *VOCABULARY}
    if clues is not None and not clues.whole:
        unsure |= {"conclusions", "scenes"}
    problems = []
    for item in loaded:
        for loc, kind, ref in item.model.references():
            if kind == "files":
                message, hint = _check_campaign_file(root, ref)
            elif ref in known[kind] or kind in unsure or _on_unread_plan(kind, ref, unread):
                continue
            elif kind in VOCABULARY:
                message, hint = _unknown_word(kind, ref, words)
            else:
                what = {"people": "person"}.get(kind, kind.removesuffix("s"))
                unknown = unknown_id(ref, known[kind], what)
                message, hint = unknown.message, unknown.hint
            if message:
                code = {"files": "picture"}.get(
                    kind, "vocabulary" if kind in VOCABULARY else "reference"
                )
                problems.append(item.problem_at(loc, message, hint, code=code))
    return problems


# The campaign's own words (campaign.yaml's genre and lists), by the name references give them.
VOCABULARY = {"statuses": "status", "mark kinds": "mark kind", "location kinds": "location kind"}


def _unknown_word(kind: str, word: str, words: Vocabulary) -> tuple[str, str]:
    what = VOCABULARY[kind]
    listed: dict[str, list[str]] = {
        "statuses": list(words.statuses),
        "mark kinds": list(words.marks),
        "location kinds": list(words.location_kinds),
    }
    return f"unknown {what} `{word}`", vocabulary_hint(word, listed[kind], what, words.genre)


def _on_unread_plan(kind: str, ref: str, unread: set[str]) -> bool:
    return kind == "marks" and _location(ref) in unread


def _location(mark_ref: str) -> str:
    """`restaurant` of `restaurant/vase-mic`."""
    return mark_ref.split("/", 1)[0]


def _mark_ids(loaded: list[Loaded]) -> set[str]:
    """`location/mark` for every mark with an id on a loaded location's plan."""
    return {
        f"{item.model.id}/{mark.id}"
        for item in loaded
        if isinstance(item.model, Location) and item.model.floor_plan is not None
        for mark in item.model.floor_plan.marks
        if mark.id is not None
    }


def _check_campaign_file(root: Path, relative: str) -> tuple[str | None, str | None]:
    """A picture path must stay inside the campaign folder (links resolved) and exist."""
    target = (root / relative).resolve()
    if Path(relative).is_absolute() or not target.is_relative_to(root):
        return (
            f"`{relative}` is outside the campaign folder",
            "put the picture in the campaign's `images/` folder and write `images/<name>`",
        )
    if not target.is_file():
        images = [p.relative_to(root).as_posix() for p in (root / "images").glob("*")]
        return f"no file `{relative}` in the campaign folder", did_you_mean(
            relative, images, "picture"
        )
    if target.suffix.lower() not in IMAGE_SUFFIXES:
        return f"`{relative}` is not a JPEG or PNG picture", "use a .jpg or .png file"
    problem = picture_problem(target, relative)
    return problem if problem else (None, None)


def kind_checks(loaded: list[Loaded], around: CampaignView) -> list[Problem]:
    """What each handout's kind checks against the campaign around it (see
    `HandoutBase.campaign_checks`)."""
    problems = []
    for item in loaded:
        if isinstance(item.model, HandoutBase):
            for loc, message, hint, code in item.model.campaign_checks(around):
                problems.append(item.problem_at(loc, message, hint, code=code))
    return problems
