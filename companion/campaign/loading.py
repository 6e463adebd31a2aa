"""Loading a campaign folder into checked models: every file read with its marks, validated
and cross-checked, then settled (automatic handouts made, what each handout takes from the rest
of the campaign filled in). Every problem is reported at once."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from companion.campaign.checked_files import CheckedFile, CheckedFiles
from companion.campaign.checks import (
    Loaded,
    check_duplicates,
    check_references,
    kind_checks,
    own_checks,
    own_problems,
)
from companion.campaign.files import CAMPAIGN_FILE, CLUES_FILE, RESERVED_NAMES, entity_files
from companion.campaign.located import valid_part, validate_document
from companion.campaign.marked_yaml import YamlDocument, parse_yaml, read_file_bytes
from companion.campaign.models import (
    HANDOUT_KINDS,
    HANDOUT_MODELS,
    SLUG_PATTERN,
    Campaign,
    CampaignInfo,
    ClueBook,
    HandoutBase,
    Location,
    Npc,
    Strict,
)
from companion.errors import CampaignInvalid, CampaignNotFound, LocatedError, Problem
from companion.hints import did_you_mean

# Picks the model for a file from its content, or records why it cannot and returns None.
ModelChooser = Callable[[YamlDocument, list[Problem]], type[Strict] | None]


def load_campaign(path: Path, kept: CheckedFiles | None = None) -> Campaign:
    """Load and check a whole campaign folder; raise CampaignInvalid listing every problem.
    `kept`: each file's result as an earlier build kept it, used when the file is the same,
    and noted there (see `checked_files`)."""
    root = path.resolve()
    if not (root / CAMPAIGN_FILE).is_file():
        raise CampaignNotFound(f"{path} has no {CAMPAIGN_FILE}")
    problems: list[Problem] = []
    reader = _Reader(root, problems, kept)
    info = reader.one(CAMPAIGN_FILE, _always(CampaignInfo))
    npcs = reader.folder("npcs", _always(Npc))
    locations = reader.folder("locations", _always(Location))
    handouts = reader.folder("handouts", _handout_model)
    clues = None
    if (root / CLUES_FILE).exists():
        clues = reader.one(CLUES_FILE, _always(ClueBook))
    if info is None:
        raise CampaignInvalid(problems)
    problems += check_duplicates(info, clues)
    loaded = [info, *handouts.values(), *npcs.values(), *locations.values()]
    if clues is not None:
        loaded.append(clues)
    problems += check_references(root, loaded, info, clues)
    # What loaded, as a campaign: the kinds' checks read the rest of it from here.
    campaign = Campaign(
        name=root.name,
        root=root,
        info=info.model,
        npcs={k: v.model for k, v in npcs.items()},
        locations={k: v.model for k, v in locations.items()},
        handouts={k: v.model for k, v in handouts.items()},
        clue_book=clues.model if clues else ClueBook(),
    )
    # The valid rest of a file with schema errors stands in the campaign for the others'
    # checks; its own wait until it is whole, as they may read what was left out.
    whole = [entity for entity in loaded if entity.whole]
    problems += kind_checks(whole, campaign)
    problems += own_checks(whole)
    if problems:
        raise CampaignInvalid(problems)
    return _settled(campaign)


def _settled(campaign: Campaign) -> Campaign:
    """The handouts each kind makes by itself added, then every handout settled on the whole
    campaign (see `HandoutBase.automatic` and `HandoutBase.settled`)."""
    made: dict[str, HandoutBase] = {}
    for model in HANDOUT_MODELS.values():
        made |= model.automatic(campaign)
    if made:
        campaign = campaign.model_copy(update={"handouts": {**campaign.handouts, **made}})
    handouts = {
        key: handout.settled(campaign).with_parts_settled(campaign)
        for key, handout in campaign.handouts.items()
    }
    return campaign.model_copy(update={"handouts": handouts})


def _always(model: type[Strict]) -> ModelChooser:
    return lambda doc, problems: model


def kept_models() -> dict[str, type[Strict]]:
    """The models a file's kept result may name, by class name."""
    models: list[type[Strict]] = [CampaignInfo, Npc, Location, ClueBook]
    models += HANDOUT_MODELS.values()
    return {model.__name__: model for model in models}


class _Reader:
    """Reads a campaign's files into models, noting every problem; through `kept` results
    where a file is as it was."""

    def __init__(self, root: Path, problems: list[Problem], kept: CheckedFiles | None) -> None:
        self.root, self.problems, self.kept = root, problems, kept

    def one(
        self, name: str, choose: ModelChooser, extra: dict[str, Any] | None = None
    ) -> Loaded | None:
        """The file `name` (a path in the campaign) as a model, if any of it is valid."""
        path = self.root / name
        try:
            raw = read_file_bytes(path)
        except LocatedError as error:
            self.problems.extend(error.problems)
            return None
        check = partial(_checked, path, raw, choose, extra)
        found = self.kept.checked(path, name, raw, check) if self.kept else check()
        self.problems.extend(found.problems)
        if found.model is None:
            return None
        return Loaded(found.model, path, raw, found.whole, found.own, found.document)

    def folder(self, name: str, choose: ModelChooser) -> dict[str, Loaded]:
        """Each file of the folder `name` as a model, by its id."""
        loaded: dict[str, Loaded] = {}
        seen: dict[str, Path] = {}
        for path in entity_files(self.root / name):
            problem = _name_problem(path, seen)
            if problem is not None:
                self.problems.append(problem)
                continue
            seen[path.stem] = path
            entity = self.one(f"{name}/{path.name}", choose, {"id": path.stem})
            if entity is not None:
                loaded[path.stem] = entity
        return loaded


def _checked(
    path: Path, raw: bytes, choose: ModelChooser, extra: dict[str, Any] | None
) -> CheckedFile:
    """One file's bytes parsed and validated: its model (or the valid rest of it) and
    every problem in it, its own checks' too."""
    problems: list[Problem] = []
    try:
        doc = parse_yaml(raw, path)
    except LocatedError as error:
        return CheckedFile(None, None, False, tuple(error.problems))
    problems.extend(doc.problems)
    if extra and "id" in doc.data:
        hint = f"the id is the file name (`{path.stem}`); remove this line"
        problems.append(
            doc.problem_at(
                ("id",), "an `id` key is not needed here", hint, want_key=True, code="id-key"
            )
        )
    model = choose(doc, problems)
    if model is None:
        return CheckedFile(None, None, False, tuple(problems), document=doc)
    validated, found = validate_document(model, doc, extra)
    if validated is None and not found and not doc.problems:  # never vanish without a word
        found = [Problem("the file could not be read as a campaign file", path)]
    # A refused value was read as empty: the schema's word on it would only repeat ours.
    refused = {(p.line, p.column) for p in doc.problems}
    problems.extend(p for p in found if (p.line, p.column) not in refused)
    whole = validated is not None and not doc.problems
    # What a file with problems refers to (ids, statuses, marks) is checked all the same, so
    # that one run reports every problem of the file; its own checks wait until it is whole.
    if validated is not None:
        part: tuple[object, dict[str, Any]] | None = validated, {**doc.data, **(extra or {})}
    else:
        part = valid_part(model, doc, extra)
    if part is None or not isinstance(part[0], Strict):
        return CheckedFile(None, None, False, tuple(problems), document=doc)
    own = tuple(own_problems(part[0], doc)) if whole else ()
    return CheckedFile(part[0], part[1], whole, tuple(problems), own, doc)


def _handout_model(doc: YamlDocument, problems: list[Problem]) -> type[Strict] | None:
    kind = doc.data.get("kind")
    model = HANDOUT_MODELS.get(kind) if isinstance(kind, str) else None
    if model is not None:
        return model
    hint: str | None
    if kind is None:
        message, hint = "`kind` is missing", f"add `kind:` with one of: {', '.join(HANDOUT_KINDS)}"
    else:
        message = f"unknown handout kind `{kind}`"
        hint = did_you_mean(str(kind), HANDOUT_KINDS, "kind")
    problems.append(doc.problem_at(("kind",), message, hint))
    return None


def _name_problem(path: Path, seen: dict[str, Path]) -> Problem | None:
    """What is wrong with an entity file's name or kind, before it is read: not an ordinary
    file, a name Windows keeps, not an id, an id already seen."""
    entity_id = path.stem
    if not path.is_file():  # a named pipe, a socket, a device: never read, never skipped
        return Problem(
            "this is not an ordinary file, so it cannot be read",
            path,
            hint="replace it with a plain text file, or remove it",
            code="not-a-file",
        )
    if entity_id in RESERVED_NAMES:
        return Problem(
            f"`{path.name}`: Windows keeps the name `{entity_id}` for a device, so the "
            "campaign could not be copied or checked out there",
            path,
            hint=f"rename the file, e.g. `{entity_id}-1.yaml`",
            code="reserved-name",
        )
    if not re.fullmatch(SLUG_PATTERN, entity_id):
        return Problem(
            f"the file name `{path.name}` is not a valid id",
            path,
            hint="ids are lowercase letters, digits and dashes, e.g. `old-friend.yaml`",
            code="file-name",
        )
    if entity_id in seen:
        return Problem(
            f"duplicate id `{entity_id}`",
            path,
            hint=f"{seen[entity_id].name} has the same id; rename one of the files",
            code="duplicate-id",
        )
    return None
