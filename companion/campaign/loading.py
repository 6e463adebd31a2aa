"""Loading a campaign folder into checked models: every file read with its marks, validated
and cross-checked, then settled (automatic handouts made, what each handout takes from the rest
of the campaign filled in). Every problem is reported at once."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from companion.campaign.checks import (
    Loaded,
    check_duplicates,
    check_references,
    kind_checks,
    own_checks,
)
from companion.campaign.files import CAMPAIGN_FILE, CLUES_FILE, RESERVED_NAMES, entity_files
from companion.campaign.located import valid_part, validate_document
from companion.campaign.marked_yaml import YamlDocument, load_yaml
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


def load_campaign(path: Path) -> Campaign:
    """Load and check a whole campaign folder; raise CampaignInvalid listing every problem."""
    root = path.resolve()
    if not (root / CAMPAIGN_FILE).is_file():
        raise CampaignNotFound(f"{path} has no {CAMPAIGN_FILE}")
    problems: list[Problem] = []
    info = _load_one(root / CAMPAIGN_FILE, _always(CampaignInfo), problems)
    npcs = _load_folder(root / "npcs", _always(Npc), problems)
    locations = _load_folder(root / "locations", _always(Location), problems)
    handouts = _load_folder(root / "handouts", _handout_model, problems)
    clues = None
    if (root / CLUES_FILE).exists():
        clues = _load_one(root / CLUES_FILE, _always(ClueBook), problems)
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


def _read(path: Path, problems: list[Problem]) -> YamlDocument | None:
    try:
        return load_yaml(path)
    except LocatedError as error:
        problems.extend(error.problems)
        return None


def _always(model: type[Strict]) -> ModelChooser:
    return lambda doc, problems: model


def _load_one(
    path: Path, choose: ModelChooser, problems: list[Problem], extra: dict[str, Any] | None = None
) -> Loaded | None:
    doc = _read(path, problems)
    if doc is None:
        return None
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
        return None
    validated, found = validate_document(model, doc, extra)
    if validated is None and not found and not doc.problems:  # never vanish without a word
        found = [Problem("the file could not be read as a campaign file", path)]
    # A refused value was read as empty: the schema's word on it would only repeat ours.
    refused = {(p.line, p.column) for p in doc.problems}
    problems.extend(p for p in found if (p.line, p.column) not in refused)
    if validated is None or doc.problems:
        # What it refers to (ids, statuses, marks) is checked all the same, so that one run
        # reports every problem of the file; its own checks wait until it is whole.
        part = validated if validated is not None else valid_part(model, doc, extra)
        return Loaded(part, doc, whole=False) if isinstance(part, Strict) else None
    return Loaded(validated, doc) if isinstance(validated, Strict) else None


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


def _load_folder(folder: Path, choose: ModelChooser, problems: list[Problem]) -> dict[str, Loaded]:
    loaded: dict[str, Loaded] = {}
    seen: dict[str, Path] = {}
    for path in entity_files(folder):
        entity_id = path.stem
        if not path.is_file():  # a named pipe, a socket, a device: never read, never skipped
            problems.append(
                Problem(
                    "this is not an ordinary file, so it cannot be read",
                    path,
                    hint="replace it with a plain text file, or remove it",
                    code="not-a-file",
                )
            )
            continue
        if entity_id in RESERVED_NAMES:
            problems.append(
                Problem(
                    f"`{path.name}`: Windows keeps the name `{entity_id}` for a device, so the "
                    "campaign could not be copied or checked out there",
                    path,
                    hint=f"rename the file, e.g. `{entity_id}-1.yaml`",
                    code="reserved-name",
                )
            )
            continue
        if not re.fullmatch(SLUG_PATTERN, entity_id):
            problems.append(
                Problem(
                    f"the file name `{path.name}` is not a valid id",
                    path,
                    hint="ids are lowercase letters, digits and dashes, e.g. `old-friend.yaml`",
                    code="file-name",
                )
            )
            continue
        if entity_id in seen:
            problems.append(
                Problem(
                    f"duplicate id `{entity_id}`",
                    path,
                    hint=f"{seen[entity_id].name} has the same id; rename one of the files",
                    code="duplicate-id",
                )
            )
            continue
        seen[entity_id] = path
        entity = _load_one(path, choose, problems, {"id": entity_id})
        if entity is not None:
            loaded[entity_id] = entity
    return loaded
