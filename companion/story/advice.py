"""What `validate` warns about without failing: the story's structure (the three-clue rule
and the checks of node-based design), and characters that no bundled font can draw (they
would print in the machine's font)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from companion.campaign.files import CAMPAIGN_FILE, entity_file, skipped_files
from companion.campaign.marked_yaml import YamlDocument, load_yaml, problem_in_file
from companion.campaign.models import SLUG_PATTERN, Campaign, HandoutBase
from companion.errors import Problem
from companion.render.fonts import BASE_CHAINS, missing_characters
from companion.render.hands import LAST_RESORT, hand_named
from companion.render.markup import plain_text
from companion.story.clues import story_checks

# Fields of a note or letter written in its hand; everything else prints in the base faces.


def advice(campaign: Campaign) -> list[Problem]:
    return (
        clue_warnings(campaign)
        + font_warnings(campaign)
        + skipped_warnings(campaign)
        + handout_warnings(campaign)
    )


def handout_warnings(campaign: Campaign) -> list[Problem]:
    """What a handout asks for that its prop cannot show (see `campaign_warnings`), each at
    its line."""
    warnings = []
    for handout_id, handout in campaign.handouts.items():
        path = entity_file(campaign.root, "handouts", handout_id)
        found = [*handout.campaign_warnings(campaign), *handout.parts_warnings()]
        for loc, message, hint, code in found:
            warnings.append(problem_in_file(path, loc, message, hint, code))
    return warnings


def skipped_warnings(campaign: Campaign) -> list[Problem]:
    """Files in the entity folders that are not read, so that none is skipped without a word
    (a `natalia.YAML`, a `notes.txt`, a folder)."""
    hint = "rename it to end in .yaml if it is meant to be read, or move it elsewhere"
    return [
        Problem(
            f"not read: only `.yaml` files are campaign files{_folder(p)}",
            p,
            hint=hint,
            code="not-read",
        )
        for p in skipped_files(campaign.root)
    ]


def _folder(path: Path) -> str:
    return " (this is a folder)" if path.is_dir() else ""


def clue_warnings(campaign: Campaign) -> list[Problem]:
    """The story's structural weaknesses (the three-clue rule, scenes with too few leads in,
    clues that point nowhere...), each located in its file. Advice, not errors."""
    documents: dict[str, YamlDocument] = {}
    warnings = []
    for check in story_checks(campaign):
        if check.file not in documents:
            documents[check.file] = load_yaml(campaign.root / check.file)
        doc = documents[check.file]
        warnings.append(doc.problem_at(check.loc, check.message, check.hint, code=check.code))
    return warnings


def font_warnings(campaign: Campaign) -> list[Problem]:
    """Each text holding a character that none of the faces it prints in can draw."""
    files: list[tuple[Path, BaseModel]] = [(campaign.root / CAMPAIGN_FILE, campaign.info)]
    for folder, entities in (
        ("npcs", campaign.npcs),
        ("locations", campaign.locations),
        ("handouts", campaign.handouts),
    ):
        files += [(entity_file(campaign.root, folder, key), e) for key, e in entities.items()]
    warnings = []
    for path, entity in files:
        if not path.is_file():  # made by the loader (an automatic dossier): its NPC is checked
            continue
        for loc, text in _texts(entity, ()):
            missing = missing_characters(plain_text(text), _chain(entity, loc))
            if missing:
                warnings.append(_missing_problem(path, loc, missing))
    return warnings


def _chain(entity: BaseModel, loc: tuple[str | int, ...]) -> tuple[str, ...]:
    """The fonts a text prints in: its hand's (a note's words, a letter's signature), else the
    printed faces."""
    hand = entity.hand_of(str(loc[0])) if isinstance(entity, HandoutBase) else None
    return (*hand_named(hand).families, *LAST_RESORT) if hand else BASE_CHAINS


def _missing_problem(path: Path, loc: tuple[str | int, ...], missing: list[str]) -> Problem:
    shown = " ".join(f"{c} (U+{ord(c):04X})" for c in missing[:6])
    message = f"no bundled font can draw {shown}; it would print in another font"
    hint = "the bundled fonts cover Latin, Cyrillic and Greek; see templates/fonts/README.md"
    return problem_in_file(path, loc, message, hint, "font-coverage")


def _texts(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text in a model with where it stands; ids are not printed as they are."""
    import re

    if isinstance(value, str):
        if loc and not re.fullmatch(SLUG_PATTERN, value):
            yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), (*loc, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))
