"""Loading a campaign folder into checked models, and projecting it for an audience."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from companion.campaign.ciphers import BadMessage, CipherProblem, check_cipher, encipher
from companion.campaign.files import (
    CAMPAIGN_FILE,
    CLUES_FILE,
    RESERVED_NAMES,
    entity_file,
    entity_files,
)
from companion.campaign.located import validate_document
from companion.campaign.marked_yaml import YamlDocument, load_yaml, problem_in_file
from companion.campaign.models import (
    CONCEALED_TEXT_FIELD,
    GM_ONLY,
    HANDOUT_KINDS,
    HANDOUT_MODELS,
    REDACTION_CHAR,
    SLUG_PATTERN,
    Campaign,
    CampaignInfo,
    CardHandout,
    CipherHandout,
    ClueBook,
    Concealable,
    DossierHandout,
    FloorPlan,
    FormHandout,
    HandoutBase,
    LetterHandout,
    Location,
    MapHandout,
    NoteHandout,
    Npc,
    Strict,
    kind_name,
)
from companion.campaign.organisations import BUILT_IN, first_named, organisations, stamp_problems
from companion.campaign.pictures import picture_problem
from companion.campaign.plan_geometry import inside, on_outline
from companion.errors import CampaignInvalid, CampaignNotFound, LocatedError, Problem
from companion.hints import did_you_mean, unknown_id

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")

# Picks the model for a file from its content, or records why it cannot and returns None.
ModelChooser = Callable[[YamlDocument, list[Problem]], type[Strict] | None]


@dataclass
class _Loaded:
    """A validated entity with the document it came from, for locating later problems."""

    model: Strict
    doc: YamlDocument


def load_campaign(path: Path) -> Campaign:
    """Load and check a whole campaign folder; raise CampaignInvalid listing every problem."""
    root = path.resolve()
    if not (root / CAMPAIGN_FILE).is_file():
        raise CampaignNotFound(f"{path} has no {CAMPAIGN_FILE}")
    problems: list[Problem] = []
    info = _load_one(root / CAMPAIGN_FILE, _always(CampaignInfo), problems)
    entities = {
        "npcs": _load_folder(root / "npcs", _always(Npc), problems),
        "locations": _load_folder(root / "locations", _always(Location), problems),
    }
    handouts = _load_folder(root / "handouts", _handout_model, problems)
    clues = None
    if (root / CLUES_FILE).exists():
        clues = _load_one(root / CLUES_FILE, _always(ClueBook), problems)
    if info is None:
        raise CampaignInvalid(problems)
    problems += _check_duplicates(info, clues)
    loaded = [info, *handouts.values(), *(e for f in entities.values() for e in f.values())]
    if clues is not None:
        loaded.append(clues)
    problems += _check_references(root, loaded, info, clues)
    problems += _check_stamps(loaded, info)
    problems += _check_ciphers(loaded)
    problems += _own_checks(loaded)
    if problems:
        raise CampaignInvalid(problems)
    campaign = Campaign(
        name=root.name,
        root=root,
        info=info.model,
        npcs={k: v.model for k, v in entities["npcs"].items()},
        locations={k: v.model for k, v in entities["locations"].items()},
        handouts={k: v.model for k, v in handouts.items()},
        clue_book=clues.model if clues else ClueBook(),
    )
    return _with_enciphered_messages(_with_authors_hands(_with_automatic_dossiers(campaign)))


def _with_automatic_dossiers(campaign: Campaign) -> Campaign:
    """NPCs marked `dossier: true` get a plain file built from their own fields, unless a
    dossier handout about them exists already."""
    covered = {h.subject for h in campaign.handouts.values() if isinstance(h, DossierHandout)}
    extra: dict[str, DossierHandout] = {}
    for npc in campaign.npcs.values():
        handout_id = f"file-{npc.id}"
        if npc.dossier and npc.id not in covered and handout_id not in campaign.handouts:
            extra[handout_id] = DossierHandout(
                id=handout_id,
                kind="dossier",
                title=f"File on {npc.name}",
                subject=npc.id,
                file_number=_file_number(campaign, npc, hash_id(npc.id) % 9000 + 1000),
            )
    if not extra:
        return campaign
    return campaign.model_copy(update={"handouts": {**campaign.handouts, **extra}})


def _file_number(campaign: Campaign, npc: Npc, number: int) -> str:
    """A number as the organisation keeping the file writes them (`CRO 4711`), or bare."""
    keeper = first_named(campaign.info, npc.organisation, campaign.info.organisation)
    pattern = keeper.file_number if keeper else "{n}"
    return pattern.replace("{n}", str(number))


def player_facing_title(campaign: Campaign, handout: HandoutBase) -> str:
    """The name the players may read for a handout. The GM's `title` can give a secret away
    ("Forged by the StB: a trap"), so players get `player_title`, or else what the prop
    itself shows."""
    if handout.player_title:
        return handout.player_title
    if isinstance(handout, DossierHandout):
        subject = campaign.person(handout.subject)
        return f"File: {subject.name}" if subject else "File"
    if isinstance(handout, MapHandout):
        location = campaign.locations.get(handout.location)
        return f"Plan: {location.name}" if location else "Plan"
    if isinstance(handout, CardHandout) and handout.front.heading:
        return handout.front.heading
    return kind_name(type(handout)).capitalize()


# Longest file name a player's copy gets, before `.pdf`: enough for any prop's heading.
MAX_FILE_STEM = 60
# A packet folder already holds `packet.pdf`.
TAKEN_STEMS = frozenset({"packet"})


def player_file_names(campaign: Campaign) -> dict[str, str]:
    """The file name (without suffix) of each handout's player copy, made from the name the
    players may read: a handout's id is the GM's and can say what the prop is really for.
    Names that would clash are numbered in id order, so a handout's name never depends on
    which others a build chose."""
    names: dict[str, str] = {}
    used = set(TAKEN_STEMS | RESERVED_NAMES)
    for handout_id in sorted(campaign.handouts):
        handout = campaign.handouts[handout_id]
        stem = file_stem(player_facing_title(campaign, handout)) or handout.kind
        name, number = stem, 1
        while name in used:
            number += 1
            name = f"{stem}-{number}"
        used.add(name)
        names[handout_id] = name
    return names


def file_stem(title: str) -> str:
    """`Plan: Blue Cup Café` -> `plan-blue-cup-café`: letters and digits of any script, each
    run of anything else one hyphen, cut at a word boundary."""
    words = re.sub(r"['’]", "", unicodedata.normalize("NFC", title).casefold())  # Karl's: karls
    stem = re.sub(r"[\W_]+", "-", words).strip("-")
    if len(stem) > MAX_FILE_STEM:
        stem = stem[:MAX_FILE_STEM].rsplit("-", 1)[0]
    return stem


def handout_problem(
    campaign: Campaign, handout_id: str, loc: tuple[str | int, ...], message: str, hint: str | None
) -> Problem:
    """A problem found while printing a handout, located at `loc` in its YAML file (or at
    the file alone, for a handout the loader made, such as an automatic dossier)."""
    path = entity_file(campaign.root, "handouts", handout_id)
    return problem_in_file(path, loc, message, hint, "does-not-fit")


def _with_authors_hands(campaign: Campaign) -> Campaign:
    """A note or letter without a `hand:` is in its author's hand, and a letter is signed in
    it. Settled here, on the whole campaign, because `author` is GM-only: a player's copy must
    look the same without knowing it."""
    handouts = {}
    for handout_id, handout in campaign.handouts.items():
        author = campaign.npcs.get(handout.author) if handout.author else None
        if (
            isinstance(handout, NoteHandout | LetterHandout | FormHandout)
            and author
            and author.hand
        ):
            update = {"hand": handout.hand or author.hand}
            if isinstance(handout, LetterHandout):
                update["signature_hand"] = handout.signature_hand or author.hand
            handout = handout.model_copy(update=update)
        handouts[handout_id] = handout
    return campaign.model_copy(update={"handouts": handouts})


def _with_enciphered_messages(campaign: Campaign) -> Campaign:
    """Each cipher's text computed from its plaintext and key, here, while both are still
    there: the players' view has neither, only what they compute to."""
    handouts = {}
    for handout_id, handout in campaign.handouts.items():
        if isinstance(handout, CipherHandout):
            done = encipher(handout.method, handout.plaintext or "", handout.key, handout_id)
            sheet = list(done.key_sheet) if handout.key_sheet else []
            handout = handout.model_copy(
                update={"cipher_text": done.text, "key_sheet_lines": sheet}
            )
        handouts[handout_id] = handout
    return campaign.model_copy(update={"handouts": handouts})


def hash_id(text: str) -> int:
    """A stable number from an id (Python's hash() changes between runs)."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


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
) -> _Loaded | None:
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
    if doc.problems:
        return None
    return _Loaded(validated, doc) if isinstance(validated, Strict) else None


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


def _load_folder(folder: Path, choose: ModelChooser, problems: list[Problem]) -> dict[str, _Loaded]:
    loaded: dict[str, _Loaded] = {}
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


def _check_duplicates(info: _Loaded, clues: _Loaded | None) -> list[Problem]:
    """Ids inside lists (players, clues, conclusions) must be unique too."""
    lists: list[tuple[_Loaded, str, Iterable[Any]]] = [
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
                problems.append(loaded.doc.problem_at(loc, message, hint, code="duplicate-id"))
            seen.setdefault(item.id, index)
    return problems


def _own_checks(loaded: list[_Loaded]) -> list[Problem]:
    problems = []
    for item in loaded:
        for loc, message, hint in item.model.checks():
            problems.append(item.doc.problem_at(loc, message, hint, code="geometry"))
    return problems


def _file_ids(folder: Path) -> set[str]:
    return {path.stem for path in entity_files(folder)}


def _check_references(
    root: Path, loaded: list[_Loaded], info: _Loaded, clues: _Loaded | None
) -> list[Problem]:
    clue_book = clues.model if clues else ClueBook()
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
    }
    problems = []
    for item in loaded:
        for loc, kind, ref in item.model.references():
            if kind == "files":
                message, hint = _check_campaign_file(root, ref)
            elif ref in known[kind]:
                continue
            else:
                what = {"people": "person"}.get(kind, kind.removesuffix("s"))
                unknown = unknown_id(ref, known[kind], what)
                message, hint = unknown.message, unknown.hint
            if message:
                code = "picture" if kind == "files" else "reference"
                problems.append(item.doc.problem_at(loc, message, hint, code=code))
    return problems


def _check_stamps(loaded: list[_Loaded], info: _Loaded) -> list[Problem]:
    """A file's stamps must be ones its organisation has (its own, or the common ones)."""
    if not isinstance(info.model, CampaignInfo):
        return []
    people: dict[str, str | None] = {
        item.model.id: item.model.organisation for item in loaded if isinstance(item.model, Npc)
    }
    people |= {p.character.id: p.character.organisation for p in info.model.players}
    problems = []
    for item in loaded:
        handout = item.model
        if not isinstance(handout, DossierHandout):
            continue
        subject = people.get(handout.subject)
        keeper = first_named(info.model, handout.organisation, subject, info.model.organisation)
        for loc, message, hint in stamp_problems(handout, keeper):
            problems.append(item.doc.problem_at(loc, message, hint, code="reference"))
    return problems


def _check_ciphers(loaded: list[_Loaded]) -> list[Problem]:
    """A cipher needs a message, and a key that fits its method."""
    problems = []
    for item in loaded:
        handout = item.model
        if not isinstance(handout, CipherHandout):
            continue
        if not (handout.plaintext or "").strip():
            message, hint = "a cipher needs its message", "add `plaintext: ...` (GM only)"
            problems.append(item.doc.problem_at(("method",), message, hint, code="cipher"))
            continue
        try:
            check_cipher(handout.method, handout.key, handout.plaintext or "")
        except BadMessage as bad:
            problems.append(item.doc.problem_at(("plaintext",), str(bad), bad.hint, code="cipher"))
        except CipherProblem as bad:
            where = ("key",) if handout.key is not None else ("method",)
            problems.append(item.doc.problem_at(where, str(bad), bad.hint, code="cipher"))
    return problems


def _mark_ids(loaded: list[_Loaded]) -> set[str]:
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


# --- audiences ------------------------------------------------------------------------------

GM = "gm"


def for_audience(campaign: Campaign, audience: str, revealed_through: int = 0) -> Campaign:
    """The campaign as `audience` may see it after session `revealed_through`: `gm` sees all;
    players get every GM-only value removed (not hidden) before any template runs."""
    if audience == GM:
        return campaign
    stripped = _strip_gm_only(campaign, revealed_through)
    assert isinstance(stripped, Campaign)
    return stripped


def _is_gm_only(model: type[BaseModel], field: str) -> bool:
    extra = model.model_fields[field].json_schema_extra
    return isinstance(extra, dict) and bool(extra.get(GM_ONLY))


def _strip_gm_only(value: Any, revealed_through: int) -> Any:
    if isinstance(value, BaseModel):
        if isinstance(value, Concealable):
            value = value.for_players(revealed_through)
        if isinstance(value, FloorPlan):
            value = _without_hidden_rooms(value)
        cls = type(value)
        updates = {}
        for name, info in cls.model_fields.items():
            if _is_gm_only(cls, name):
                updates[name] = info.get_default(call_default_factory=True)
            else:
                updates[name] = _strip_gm_only(getattr(value, name), revealed_through)
        return value.model_copy(update=updates)
    if isinstance(value, list):
        return [_strip_gm_only(v, revealed_through) for v in value if not _gm_item(v)]
    if isinstance(value, dict):
        return {k: _strip_gm_only(v, revealed_through) for k, v in value.items() if not _gm_item(v)}
    return value


def _without_hidden_rooms(plan: FloorPlan) -> FloorPlan:
    """What stands in a GM-only room leaves the players' plan with the room: its furniture,
    labels, marks and windows, the doors in its walls, and any route that passes through it."""
    hidden = [room.outline for room in plan.rooms if room.gm]
    if not hidden:
        return plan

    def in_hidden(point: tuple[float, float]) -> bool:
        return any(inside(point, outline) for outline in hidden)

    def midpoint(start: tuple[float, float], end: tuple[float, float]) -> tuple[float, float]:
        return (start[0] + end[0]) / 2, (start[1] + end[1]) / 2

    return plan.model_copy(
        update={
            "furniture": [f for f in plan.furniture if not in_hidden(f.at)],
            "labels": [label for label in plan.labels if not in_hidden(label.at)],
            "marks": [
                m
                for m in plan.marks
                if not any(in_hidden(p) for p in [*([m.at] if m.at else []), *m.path])
            ],
            "windows": [w for w in plan.windows if not in_hidden(midpoint(w.start, w.end))],
            "doors": [d for d in plan.doors if not any(on_outline(d.at, o) for o in hidden)],
        }
    )


def _concealed_text(value: BaseModel, field: str, revealed_through: int) -> bool:
    """The words of a redacted passage are secret; its label (a row name) is not."""
    return (
        isinstance(value, Concealable)
        and field == CONCEALED_TEXT_FIELD
        and value.concealed(revealed_through)
    )


def _gm_item(value: Any) -> bool:
    """List items marked `gm: true` (map marks, dossier rows) vanish from player views."""
    return bool(getattr(value, "gm", False))


def gm_only_texts(campaign: Campaign, revealed_through: int = 0) -> list[str]:
    """Every text the players must not see after session `revealed_through`: the leak tests
    search player PDFs for these."""
    return sorted(set(_texts(campaign, True, False, revealed_through)))


def visible_texts(campaign: Campaign, audience: str, revealed_through: int = 0) -> list[str]:
    """Every text `audience` may see (a GM note may quote these without leaking anything)."""
    view = for_audience(campaign, audience, revealed_through)
    return sorted(set(_texts(view, False, False, revealed_through)))


def _texts(value: Any, gm_only: bool, inside_gm: bool, revealed_through: int) -> Iterator[str]:
    """The strings of a model tree, either those under GM-only fields or those outside them."""
    if isinstance(value, str):
        # Ids are references, not prose: `location: restaurant` leaks nothing; nor does the
        # bar that stands in for a redacted passage in a player view.
        is_id = re.fullmatch(SLUG_PATTERN, value)
        is_bar = value and set(value) == {REDACTION_CHAR}
        if inside_gm == gm_only and not (is_id or is_bar):
            yield value
    elif isinstance(value, BaseModel):
        # A concealed passage hides only its words (below), not its row label.
        hidden = inside_gm or (_gm_item(value) and not isinstance(value, Concealable))
        cls = type(value)
        for name in cls.model_fields:
            concealed = _concealed_text(value, name, revealed_through)
            secret = hidden or _is_gm_only(cls, name) or concealed
            yield from _texts(getattr(value, name), gm_only, secret, revealed_through)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item, gm_only, inside_gm, revealed_through)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item, gm_only, inside_gm, revealed_through)
