"""Campaigns generated from the models: every kind with every option and every value of each
choice, texts from a word to a page in Latin with diacritics, Cyrillic and Greek, GM-only parts
in every place a GM can write them.

The generator walks the pydantic models, so a field added to a model is generated without a
change here; a field whose values depend on the rest of the campaign (an id, a cipher's key)
has a rule below, and a reference-like field without one stops the generator, so nothing new
goes untried. Its choices come from a `Chooser`: `Covering` walks each choice's values in turn
so that a few campaigns try every value; `Drawn` lets Hypothesis choose (`make fuzz`).

Words: what players may read comes from `PLAYER_WORDS`, what only the GM may read from
`GM_WORDS` (invented words that no prop prints by chance), so a leak is a GM word in a player
file and a lost word is a player word missing from it.
"""

from __future__ import annotations

import types
import typing
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar, get_args, get_origin

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from companion.campaign import ciphers
from companion.campaign.genres import GENRES
from companion.campaign.models import (
    HANDOUT_KINDS,
    HANDOUT_MODELS,
    Addition,
    CampaignInfo,
    CardFace,
    CardHandout,
    CipherHandout,
    ClippingHandout,
    ClippingReverse,
    DossierField,
    DossierHandout,
    DossierSection,
    Envelope,
    FloorPlan,
    FormField,
    FormHandout,
    FormTable,
    LetterHandout,
    LocationKind,
    MarkKind,
    NoteHandout,
    Npc,
    Organisation,
    Person,
    StatusWord,
)
from companion.campaign.models.base import GM_ONLY, SLUG_PATTERN
from companion.campaign.models.info import BUILT_IN
from companion.campaign.models.kinds import BOOKLET_STYLES, COMMON_STAMPS
from tests.generated.room import OVERFLOWING, card_sizes, keep_to_room, overflowing_words

T = TypeVar("T")
SCRIPTS = ("latin", "cyrillic", "greek")
Script = Literal["latin", "cyrillic", "greek"]

PLAYER_WORDS: dict[str, tuple[str, ...]] = {
    "latin": (
        "Šime", "Đurđica", "žarko", "noćas", "čekaj", "gęś", "żółć", "Wrocław", "książę",
        "façade", "naïve", "Größe", "Ålesund", "señora", "pier", "ledger", "lantern", "harbour",
        "midnight", "tide", "rope", "brass", "orchard", "whistle",
    ),
    "cyrillic": (
        "Встретимся", "в", "восемь", "вечера", "приходите", "один", "ресторан", "столик",
        "записка", "посольство", "Ёлка", "щука", "подъезд", "мост", "лёд",
    ),
    "greek": (
        "Συνάντηση", "στο", "λιμάνι", "απόψε", "φέρε", "το", "κλειδί", "θάλασσα", "ψάρι",
        "γέφυρα", "ώρα", "Ιθάκη", "καφενείο",
    ),
}  # fmt: skip
# Made up, so that no template or built-in word contains one; long enough to be telling.
GM_WORDS: dict[str, tuple[str, ...]] = {
    "latin": (
        "Qorvathin", "Brisquelde", "Žentharov", "Vulmorqi", "Pexandrú", "Gwyndlefar",
        "Ozquimbar", "Třeskovald",
    ),
    "cyrillic": ("Гравелинск", "Жмуршатов", "Щелбарнов", "Оршанцева", "Кювельдам"),
    "greek": ("Ξυλομαντώ", "Θεμπριλάς", "Ψαργυρέλ", "Γκουλντάρ", "Ζαφειροπλ"),
}  # fmt: skip
# Words that are neither (keys, the book of a book cipher): the players may or may not read them.
NEUTRAL_WORDS = ("seven", "north", "window", "garden", "silver", "candle", "morning", "paper")

# Text lengths in words: a word, a line, a paragraph, a page. A field of one line (no length
# limit of its own) is tried up to a long line; a text (Markdown) up to a page.
LINE_LENGTHS = (1, 4, 12)
TEXT_LENGTHS = (1, 4, 25, 220)
LONG_TEXT = 5_000  # a field allowing this many characters holds prose
PORTRAIT = "images/portrait.jpg"
# Lists whose items choose among many values, and are long in life: a file's rows.
LIST_COUNTS = {"dossier.fields": (10, 14, 6, 0), "dossier.sections": (2, 3, 4, 1)}


class Chooser(Protocol):
    """Where every choice of a generated campaign comes from."""

    # Whether a choice with a default is sometimes left out (its default is one of its
    # values, so covering campaigns write it always, and try every value sooner).
    leaves_out_choices: bool
    # The most copies of a kind's prop it asks for, where fewer than the kind allows.
    most_copies: dict[str, int]

    def pick(self, where: str, options: Sequence[T]) -> T: ...


@dataclass
class Covering:
    """Each choice takes its options in turn, round the campaigns made with one chooser: a
    few campaigns try every value of every choice at least once."""

    turns: Counter[str] = field(default_factory=Counter)
    leaves_out_choices: bool = False
    # Enough to start a second sheet (a sheet holds ten cards at the most, four notes, one
    # clipping): more are the same sheet again, each a whole prop's cost (sixty worn
    # booklets, 16 CPU seconds; twelve clippings, 5). `make fuzz` asks for up to the bound.
    most_copies: dict[str, int] = field(
        default_factory=lambda: {"card": 12, "note": 5, "clipping": 2}
    )

    def pick(self, where: str, options: Sequence[T]) -> T:
        # Offsetting each choice by its own name keeps choices from moving in lockstep.
        turn = self.turns[where] + zlib.crc32(where.encode())
        self.turns[where] += 1
        return options[turn % len(options)]


@dataclass
class Drawn:
    """Hypothesis chooses (its `data.draw`), so it can shrink a failing campaign."""

    draw: Callable[[Any], Any]
    leaves_out_choices: bool = True
    most_copies: dict[str, int] = field(default_factory=dict)

    def pick(self, where: str, options: Sequence[T]) -> T:
        from hypothesis import strategies as st

        return self.draw(st.sampled_from(list(options)))  # type: ignore[no-any-return]


OMIT = object()  # a rule's answer: leave the field out of the YAML


@dataclass
class GeneratedCampaign:
    """A campaign as files (path in the folder: YAML data), and the choices made for it;
    `overflowing`: the handout made too long for its prop on purpose, if there is one."""

    files: dict[str, Any]
    choices: Counter[tuple[str, str]]
    overflowing: str | None = None

    def choices_in(self, built: set[str]) -> Counter[tuple[str, str]]:
        """The choices made for the props among these handouts, and for no other part: a
        prop's choices are named after its kind, its id is `<kind>-prop`."""
        return Counter(
            {
                (where, value): count
                for (where, value), count in self.choices.items()
                if f"{where.partition('.')[0]}-prop" in built
            }
        )

    def write(self, folder: Path, portrait: bytes) -> Path:
        for name, data in self.files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(as_yaml(data), encoding="utf-8")
        (folder / PORTRAIT).parent.mkdir(parents=True, exist_ok=True)
        (folder / PORTRAIT).write_bytes(portrait)
        return folder

    def as_yaml(self) -> str:
        """The whole campaign, file by file, to keep a failing one as a regression test."""
        return "\n".join(f"# --- {name}\n{as_yaml(data)}" for name, data in self.files.items())


def as_yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


class Generator:
    """Makes one campaign: a fixed cast (players, NPCs, organisations, a located plan) with
    generated fields, and one handout of every kind."""

    def __init__(self, chooser: Chooser) -> None:
        self.chooser = chooser
        self.choices: Counter[tuple[str, str]] = Counter()
        self.players = ["anna", "ben"]
        self.npcs = ["vera", "oskar"]
        self.organisations = [*BUILT_IN, "port-police"]
        self.people_orgs: dict[str, str | None] = {}
        # The campaign's words (its genre's and its own), chosen with campaign.yaml.
        self.statuses: list[str] = []
        self.mark_kinds: list[str] = []
        self.location_kinds: list[str] = []

    # --- choices ------------------------------------------------------------------------

    def pick(self, where: str, options: Sequence[T]) -> T:
        chosen = self.chooser.pick(where, options)
        self.choices[(where, str(chosen))] += 1
        return chosen

    def present(self, where: str) -> bool:
        """Whether an optional part is written: mostly yes, so what is inside it is tried."""
        return self.pick(f"{where}?", (True, True, True, True, False))

    def written(self, info: FieldInfo, where: str) -> bool:
        """Whether an optional field is written."""
        if self.chooser.leaves_out_choices:
            return self.present(where)
        # Covering campaigns write every choice and every part made of choices (paper wear):
        # left out, they take their defaults, which are among the values tried.
        choices = literal_values(info.annotation) or model_in(info.annotation)
        return bool(choices) or self.present(where)

    def words(self, where: str, gm: bool, max_length: int | None = None) -> str:
        script: Script = self.pick(f"{where}:script", SCRIPTS)
        prose = max_length is not None and max_length >= LONG_TEXT
        count = self.pick(f"{where}:length", TEXT_LENGTHS if prose else LINE_LENGTHS)
        return self.text_of(where, script, count, gm, max_length)

    def text_of(
        self, where: str, script: str, count: int, gm: bool, max_length: int | None = None
    ) -> str:
        vocabulary = (GM_WORDS if gm else PLAYER_WORDS)[script]
        start = self.pick(f"{where}:start", range(len(vocabulary)))
        chosen = [vocabulary[(start + n * 3) % len(vocabulary)] for n in range(count)]
        text = " ".join(chosen)
        if count > 8:  # sentences, so telegrams have their STOPs and notes their full stops
            text = ". ".join(" ".join(chosen[i : i + 8]) for i in range(0, count, 8)) + "."
        if max_length is not None and len(text) > max_length:
            text = text[:max_length].rsplit(" ", 1)[0]
        return text

    # --- the campaign -------------------------------------------------------------------

    def campaign(
        self, kinds: Sequence[str] = HANDOUT_KINDS, overflow: bool = False
    ) -> GeneratedCampaign:
        """`overflow`: with a handout too long for its prop, whose build is refused."""
        files: dict[str, Any] = {}
        files["campaign.yaml"] = self.campaign_info()
        for npc in self.npcs:
            files[f"npcs/{npc}.yaml"] = self.model(Npc, f"npc.{npc}", skip={"id"})
        files["locations/office-7.yaml"] = self.location()
        for kind in kinds:
            handout = self.model(HANDOUT_MODELS[kind], kind, skip={"id"})
            files[f"handouts/{kind}-prop.yaml"] = {"kind": kind, **handout}
        if "note" in kinds:
            files[f"handouts/{TABLE_CARD}.yaml"] = self.table_card()
        if overflow:
            files[f"handouts/{OVERFLOWING}.yaml"] = self.overflowing_note()
        files["clues.yaml"] = self.clues()
        return GeneratedCampaign(files, self.choices, OVERFLOWING if overflow else None)

    def overflowing_note(self) -> dict[str, Any]:
        """Notes on a sheet with more words than one of them holds (see `room.OVERFLOWING`)."""
        return {
            "kind": "note",
            "title": "Too long",
            "to": "all",
            "layout": "sheet",
            "size": "a7",
            "text": self.text_of("overflowing.text", "latin", overflowing_words(), gm=False),
        }

    def table_card(self) -> dict[str, Any]:
        """A plain card a note may be written on (`written_on:`), whatever else is tried."""
        return {
            "kind": "card",
            "title": "Table card",
            "to": "all",
            "style": "reservation",
            "front": {"heading": self.text_of("table-card.heading", "latin", 2, gm=False)},
        }

    def campaign_info(self) -> dict[str, Any]:
        info = self.model(
            CampaignInfo, "campaign", skip={"players", "organisations", "organisation"}
        )
        info["title"] = self.text_of("campaign.title", "latin", 3, gm=False)
        info["organisations"] = [
            self.model(Organisation, "organisation", fixed={"id": "port-police"})
        ]
        info["players"] = [self.player(player) for player in self.players]
        organisation = self.pick("campaign.organisation", [None, *self.organisations])
        if organisation:
            info["organisation"] = organisation
        return info

    def player(self, player_id: str) -> dict[str, Any]:
        character = self.model(Person, "character", fixed={"id": f"{player_id}-character"})
        self.people_orgs[f"{player_id}-character"] = character.get("organisation")
        return {"id": player_id, "name": player_id.title(), "character": character}

    def location(self) -> dict[str, Any]:
        """A harbour office: the plan's own options are tried by the plan tests; here every
        map option prints it."""
        return {
            "name": "Harbour office",
            "kind": self.pick("location.kind", self.location_kinds),
            "description": self.text_of("location.description", "latin", 6, gm=False),
            "secret": self.text_of("location.secret", "latin", 6, gm=True),
            "floor_plan": self.floor_plan(),
        }

    def floor_plan(self) -> dict[str, Any]:
        furniture_kinds = get_args(FloorPlan.model_fields["furniture"].annotation)[0]
        kinds = get_args(furniture_kinds.model_fields["kind"].annotation)
        spots = [(3 + 5 * (n % 3), 3 + 5 * (n // 3)) for n in range(6)]
        pieces = [{"kind": self.pick("furniture.kind", kinds), "at": list(spot)} for spot in spots]
        pieces[-1]["gm"] = True
        pieces[-1]["label"] = self.text_of("furniture.label", "latin", 1, gm=True)
        return {
            "size": [20, 12],
            "scale": "1:50",
            "grid": 1,
            "rooms": [
                {"name": "Office", "outline": [[0, 0], [16, 0], [16, 12], [0, 12]]},
                {
                    "name": self.text_of("room.name", "latin", 1, gm=True),
                    "outline": [[16, 0], [20, 0], [20, 12], [16, 12]],
                    "gm": True,
                },
            ],
            "doors": [{"at": [8, 12], "swing": "left", "opens": "north", "label": "Quay door"}],
            "furniture": pieces,
            "marks": [
                {
                    "kind": self.pick("mark.kind", self.mark_kinds),
                    "at": [6, 4],
                    "label": self.text_of("mark.label", "latin", 2, gm=True),
                },
                {
                    "kind": self.pick("mark.kind", self.mark_kinds),
                    "at": [11, 8],
                    "path": [[10, 9], [13, 9], [13, 4]],
                    "label": self.text_of("mark.label", "latin", 1, gm=True),
                },
            ],
        }

    def clues(self) -> dict[str, Any]:
        return {
            "conclusions": [
                {
                    "id": "the-smuggler",
                    "title": self.text_of("conclusion.title", "latin", 3, gm=True),
                }
            ],
            "clues": [
                {
                    "id": "wet-ledger",
                    "text": self.text_of("clue.text", "latin", 6, gm=True),
                    "points_to": ["the-smuggler"],
                    "handout": "note-prop",
                }
            ],
        }

    # --- the model walker ---------------------------------------------------------------

    def model(
        self,
        model: type[BaseModel],
        where: str,
        gm: bool = False,
        skip: set[str] | None = None,
        fixed: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A YAML mapping for `model`: required fields always, optional ones mostly."""
        data: dict[str, Any] = dict(fixed or {})
        rule = MODEL_RULES.get(model)
        if rule is not None:
            data.update(rule(self, where, gm))
        for name, info in model.model_fields.items():
            if name in data or name in (skip or set()) or name == "kind":
                continue
            if info.description and info.description.startswith("Computed"):
                continue
            if not info.is_required() and not self.written(info, f"{where}.{name}"):
                continue
            value = self.field_value(model, name, info, f"{where}.{name}", gm)
            if value is not OMIT:
                data[name] = value
        data = {name: value for name, value in data.items() if value is not OMIT}
        keep_to_room(model, data)
        return data

    def field_value(
        self, model: type[BaseModel], name: str, info: FieldInfo, where: str, gm: bool
    ) -> Any:
        names = [f"{cls.__name__}.{name}" for cls in model.__mro__] + [f"*.{name}"]
        rule = next((FIELD_RULES[n] for n in names if n in FIELD_RULES), None)
        secret = gm or bool((info.json_schema_extra or {}).get(GM_ONLY))  # type: ignore[union-attr]
        if rule is not None:
            return rule(self, where, secret)
        default = info.default if isinstance(info.default, int | float) else None
        return self.value(info.annotation, info.metadata, where, secret, default)

    def value(
        self,
        annotation: Any,
        metadata: list[Any],
        where: str,
        gm: bool,
        default: float | None = None,
    ) -> Any:
        origin = get_origin(annotation)
        arguments = get_args(annotation)
        if origin is typing.Annotated:
            return self.value(arguments[0], [*metadata, *arguments[1:]], where, gm)
        if origin in (typing.Union, types.UnionType):
            options = [option for option in arguments if option is not type(None)]
            return self.value(self.pick(f"{where}:type", options), metadata, where, gm)
        if origin is Literal:
            return self.pick(where, arguments)
        if origin is list:
            least = next((m.min_length for m in metadata if hasattr(m, "min_length")), 0)
            counts = LIST_COUNTS.get(where, (1, 2, 3, 0))
            count = self.pick(f"{where}:count", [n for n in counts if n >= least])
            return [self.value(arguments[0], [], f"{where}[]", gm) for _ in range(count)]
        if origin is dict:
            return self.mapping(arguments, where, gm)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return self.model(annotation, where, gm)
        if annotation is bool:
            return self.pick(where, (True, False))
        if annotation in (int, float):
            return self.number(metadata, where, default)
        if annotation is str:
            if any(getattr(item, "pattern", None) == SLUG_PATTERN for item in metadata):
                raise LookupError(f"{where} is an id: give it a rule in FIELD_RULES")
            return self.words(where, gm, max_length(metadata))
        raise LookupError(f"{where}: no generator for {annotation!r}")

    def number(self, metadata: list[Any], where: str, default: float | None) -> float:
        """The default, and each bound in turn. Copies are the same prop again, each a whole
        prop's cost: one copy comes most turns, the default now and then, and the most copies
        the chooser asks for once in eight turns, once in the covering set (a kind takes
        eight turns at most)."""
        low = next((getattr(m, "ge", None) for m in metadata if hasattr(m, "ge")), 0)
        high = next((getattr(m, "le", None) for m in metadata if hasattr(m, "le")), 10)
        middle = default if default is not None else (low + high) // 2
        if where.endswith(".copies"):
            most = min(high, self.chooser.most_copies.get(where.partition(".")[0], high))
            return self.pick(where, (most, low, middle, low, low, middle, low, low))
        return self.pick(where, list(dict.fromkeys((middle, low, high))))

    def mapping(self, arguments: tuple[Any, ...], where: str, gm: bool) -> dict[str, Any]:
        key_type, value_type = arguments
        keys = literal_values(key_type)
        count = self.pick(f"{where}:count", (0, 2, 5))
        chosen = {self.pick(f"{where}:key", keys) for _ in range(count)}
        return {key: self.value(value_type, [], f"{where}.value", gm) for key in sorted(chosen)}


def literal_values(annotation: Any) -> tuple[Any, ...]:
    """The values of a Literal, or of a union of Literals."""
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    return tuple(value for part in get_args(annotation) for value in literal_values(part))


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The model an optional field holds (`PaperWear | None`), if it holds one."""
    for part in (annotation, *get_args(annotation)):
        if isinstance(part, type) and issubclass(part, BaseModel):
            return part
    return None


def max_length(metadata: list[Any]) -> int | None:
    return next((m.max_length for m in metadata if getattr(m, "max_length", None)), None)


# --- rules for fields whose values depend on the campaign --------------------------------

FieldRule = Callable[[Generator, str, bool], Any]


def _players(gen: Generator, where: str, gm: bool) -> Any:
    return gen.pick(where, ("all", ["anna"], ["anna", "ben"]))


def _npc(gen: Generator, where: str, gm: bool) -> Any:
    return gen.pick(where, gen.npcs)


def _person(gen: Generator, where: str, gm: bool) -> Any:
    return gen.pick(where, [*gen.npcs, "anna-character", "ben-character"])


def _organisation(gen: Generator, where: str, gm: bool) -> Any:
    return gen.pick(where, gen.organisations)


def _portrait(gen: Generator, where: str, gm: bool) -> Any:
    return PORTRAIT


def _scale(gen: Generator, where: str, gm: bool) -> Any:
    return gen.pick(where, ("1:50", "1:100", "1:25", "1in=5ft"))


def _language(gen: Generator, where: str, gm: bool) -> Any:
    return gen.pick(where, ("en", "hr", "ru", "el", "pl"))


def _languages(gen: Generator, where: str, gm: bool) -> Any:
    return gen.pick(where, (["en"], ["hr", "it", "el"], ["ru", "en"]))


def _campaign_words(gen: Generator, where: str, gm: bool) -> dict[str, Any]:
    """A genre, and words of the campaign's own beside it: what people, marks and places
    may then name."""
    genre = gen.pick(f"{where}.genre", list(GENRES))
    own = {
        "statuses": [
            gen.model(StatusWord, f"{where}.statuses[]", gm, fixed={"id": word})
            for word in gen.pick(f"{where}.statuses", ([], ["drowned"], ["in-hiding", "sainted"]))
        ],
        "marks": [
            gen.model(MarkKind, f"{where}.marks[]", gm, fixed={"id": word})
            for word in gen.pick(f"{where}.marks", ([], ["lantern"], ["ward", "smuggled-goods"]))
        ],
        "location_kinds": [
            gen.model(LocationKind, f"{where}.location_kinds[]", gm, fixed={"id": word})
            for word in gen.pick(f"{where}.location_kinds", ([], ["boathouse"]))
        ],
    }
    gen.statuses = [s["id"] for s in GENRES[genre]["statuses"]] + [s["id"] for s in own["statuses"]]
    gen.mark_kinds = [m["id"] for m in GENRES[genre]["marks"]] + [m["id"] for m in own["marks"]]
    gen.location_kinds = [k["id"] for k in GENRES[genre]["location_kinds"]] + [
        k["id"] for k in own["location_kinds"]
    ]
    return {"genre": genre, **{key: words or OMIT for key, words in own.items()}}


def _labels(gen: Generator, where: str, gm: bool) -> Any:
    """Words of the campaign's own for labels props print, in a language of the handouts."""
    language = gen.pick(f"{where}:language", ("el", "hr", "pl", "pt"))
    keys = gen.pick(f"{where}:keys", ((), ("signature",), ("signature", "page", "floor-plan")))
    return {language: {key: gen.words(f"{where}.value", gm, 40) for key in keys}}


def _status_words(gen: Generator, where: str, gm: bool) -> Any:
    count = gen.pick(f"{where}:count", (0, 2, 5))
    chosen = {gen.pick(f"{where}:key", gen.statuses) for _ in range(count)}
    return {key: gen.words(f"{where}.value", gm, 40) for key in sorted(chosen)}


def _stamp_ids(gen: Generator, where: str, gm: bool) -> Any:
    count = gen.pick(f"{where}:count", (1, 2, 0))
    return {
        gen.pick(f"{where}:id", ("smuggler", "seized")): gen.words(where, gm) for _ in range(count)
    }


def _revealed_in(gen: Generator, where: str, gm: bool) -> Any:
    return gen.pick(where, (1, 2))


def _form_table(gen: Generator, where: str, gm: bool) -> Any:
    columns = gen.pick(f"{where}.columns:count", (1, 3, 5))
    rows = gen.pick(f"{where}.rows:count", (0, 2, 6))
    table = gen.model(FormTable, where, gm, skip={"columns", "rows"})
    table["columns"] = [gen.text_of(f"{where}.column", "latin", 1, gm) for _ in range(columns)]
    table["rows"] = [
        [gen.pick(f"{where}.cell", (640, gen.text_of(f"{where}.cell", "latin", 1, gm)))]
        * gen.pick(f"{where}.cells", range(1, columns + 1))
        for _ in range(rows)
    ]
    return table


def _margin_notes(gen: Generator, where: str, gm: bool) -> Any:
    """Words added in the margin, the one place every kind has (a form's rule adds the
    others: see `_form`)."""
    count = gen.pick(f"{where}:count", (1, 0, 2))
    return [_addition(gen, f"{where}[]", gm, "margin") for _ in range(count)] or OMIT


def _addition(gen: Generator, where: str, gm: bool, place: str, **at: Any) -> dict[str, Any]:
    place = gen.pick(f"{where}.where", (place,))  # chosen by the rule: counted as tried
    fixed = {"where": place, "line": at.get("line", OMIT), "field": at.get("field", OMIT)}
    if "cells" in at:
        fixed["text"] = at["cells"]
    else:
        fixed["text"] = gen.words(f"{where}.text", gm, 60)
    return gen.model(Addition, where, gm, fixed=fixed)


def _lines_added(gen: Generator, where: str, gm: bool) -> list[dict[str, Any]]:
    """A note's or a letter's additions: in the margin, and one after a line of its text
    (which the generator writes as one line: before it, or after it)."""
    margin = _margin_notes(gen, f"{where}.additions", gm)
    line = gen.pick(f"{where}.additions.line", (1, 0))
    after = _addition(gen, f"{where}.additions[]", gm, "after-line", line=line)
    return [*(margin if margin is not OMIT else []), after]


def _sometimes_an_envelope(gen: Generator, where: str, gm: bool) -> Any:
    """One handout in three comes in an envelope: enough for every value of its choices to
    come up on some kind (see SHARED_PARTS), without an envelope page on every prop."""
    if gen.pick(f"{where}?", (True, False, False)):
        return gen.model(Envelope, where, gm)
    return OMIT


FIELD_RULES: dict[str, FieldRule] = {
    "HandoutBase.to": _players,
    "HandoutBase.envelope": _sometimes_an_envelope,
    "HandoutBase.additions": _margin_notes,
    "*.author": _npc,
    "*.organisation": _organisation,
    "*.portrait": _portrait,
    "*.language": _language,
    "*.languages": _languages,
    "*.revealed_in": _revealed_in,
    "*.location": lambda gen, where, gm: "office-7",
    "*.associates": lambda gen, where, gm: gen.npcs[:1],
    "*.photo": lambda gen, where, gm: (
        _person(gen, where, gm) if ".front" in where or ".back" in where else PORTRAIT
    ),
    "Relationship.npc": _person,
    "Person.relationships": lambda gen, where, gm: [
        gen.model(
            type_of(Person, "relationships"),
            f"{where}[]",
            gm,
            fixed={"npc": _person(gen, where, gm)},
        )
    ],
    "DossierHandout.subject": _person,
    "DossierHandout.stamps": lambda gen, where, gm: [gen.pick(where, COMMON_STAMPS)],
    "ClippingHandout.newspaper": _organisation,
    "MapHandout.scale": _scale,
    "Organisation.stamps": _stamp_ids,
    "Organisation.statuses": _status_words,
    "Person.status": lambda gen, where, gm: gen.pick(where, [OMIT, *gen.statuses]),
    "Organisation.file_number": lambda gen, where, gm: gen.pick(
        where, ("{n}", "Br. {n}/26", "№ {n}")
    ),
    "Organisation.stamp_colour": lambda gen, where, gm: gen.pick(
        where, ("red", "violet", "blue", "black", "green", "#336699")
    ),
    "FormStamp.colour": lambda gen, where, gm: gen.pick(where, ("red", "violet", "#aa3300")),
    "FormHandout.table": _form_table,
    "CampaignInfo.paper": lambda gen, where, gm: gen.pick(where, ("a4", "letter")),
    # A machine's faulty letters: letters of the text's scripts, none, or one not in it.
    "TypewriterFaults.worn": lambda gen, where, gm: gen.pick(where, ("e", "ta", "", "жλ")),
    "TypewriterFaults.sagging": lambda gen, where, gm: gen.pick(where, ("t", "", "eoа", "Šq")),
    "CampaignInfo.labels": _labels,
}


def type_of(model: type[BaseModel], name: str) -> type[BaseModel]:
    """The model of a list field's items."""
    (item,) = get_args(model.model_fields[name].annotation)
    return item  # type: ignore[no-any-return]


# --- rules for models whose fields hang together ------------------------------------------

ModelRule = Callable[[Generator, str, bool], dict[str, Any]]


def _concealment(gen: Generator, where: str, gm: bool) -> dict[str, Any]:
    """Concealed parts hold GM words, so a bar that lets them through is seen as a leak."""
    how = gen.pick(f"{where}:concealed", ("open", "redacted", "gm", "revealed_in", "open"))
    flags: dict[str, Any] = {}
    if how == "redacted":
        flags["redacted"] = True
    elif how == "gm":
        flags["gm"] = True
    elif how == "revealed_in":
        flags["revealed_in"] = _revealed_in(gen, where, gm)
    flags["text"] = gen.words(f"{where}.text", gm or how != "open")
    flags.setdefault("redacted", OMIT)
    flags.setdefault("gm", OMIT)
    flags.setdefault("revealed_in", OMIT)
    return flags


def _one_of(first: str, second: str, keys: tuple[str, ...]) -> ModelRule:
    """Models that take either a known key or a text of one's own."""

    def rule(gen: Generator, where: str, gm: bool) -> dict[str, Any]:
        if gen.pick(f"{where}:{first}-or-{second}", (first, first, second)) == first:
            return {first: gen.pick(f"{where}.{first}", keys), second: OMIT}
        return {first: OMIT, second: gen.words(f"{where}.{second}", gm)}

    return rule


def _dossier_field(gen: Generator, where: str, gm: bool) -> dict[str, Any]:
    keys = literal_values(DossierField.model_fields["key"].annotation)
    return {**_one_of("key", "label", keys)(gen, where, gm), **_concealment(gen, where, gm)}


def _dossier_section(gen: Generator, where: str, gm: bool) -> dict[str, Any]:
    keys = literal_values(DossierSection.model_fields["key"].annotation)
    chosen = _one_of("key", "heading", keys)(gen, where, gm)
    count = gen.pick(f"{where}.paragraphs:count", (1, 2, 3))
    paragraphs: list[Any] = []
    for _ in range(count):
        if gen.pick(f"{where}.paragraph:type", ("passage", "plain")) == "plain":
            paragraphs.append(gen.words(f"{where}.paragraph", gm))
        else:
            paragraphs.append(
                {
                    k: v
                    for k, v in _concealment(gen, f"{where}.passage", gm).items()
                    if v is not OMIT
                }
            )
    return {**chosen, "paragraphs": paragraphs}


def _form_field(gen: Generator, where: str, gm: bool) -> dict[str, Any]:
    if gen.pick(f"{where}:blank", (False, False, True)):
        return {"text": OMIT, "redacted": OMIT, "gm": OMIT, "revealed_in": OMIT}
    return _concealment(gen, where, gm)


def _envelope(gen: Generator, where: str, gm: bool) -> dict[str, Any]:
    """An envelope, stamped or by hand; a sleeve (not posted); or a tin's printed label (not
    posted, and no hand, ink or size of its own)."""
    style = gen.pick(f"{where}.style", ("envelope", "sleeve", "envelope", "tin-label"))
    unposted = {"style": style, "stamp": OMIT, "postmark": OMIT, "by_hand": OMIT}
    if style == "tin-label":
        return unposted | {"hand": OMIT, "ink": OMIT, "size": OMIT}
    if style == "sleeve":
        return unposted
    if gen.present(f"{where}.stamp"):
        return {"style": style, "stamp": gen.words(f"{where}.stamp", gm, 60), "by_hand": OMIT}
    return {"style": style, "stamp": OMIT, "postmark": OMIT}


def _card(gen: Generator, where: str, gm: bool) -> dict[str, Any]:
    """A booklet's seal, signature and photograph go inside it (its back), never on its
    cover; a flat card has no seal or signature. Both are short, as on a real card. A size
    the style is measured for (an open booklet of 148 mm is wider than the paper)."""
    style = gen.pick(f"{where}.style", literal_values(CardHandout.model_fields["style"].annotation))
    size = list(gen.pick(f"{where}.size", card_sizes(style)))
    booklet = style in BOOKLET_STYLES
    inside = {
        name: gen.words(f"{where}.back.{name}", gm, 24) if booklet else OMIT
        for name in ("seal", "signature")
    }
    cover = {"seal": OMIT, "signature": OMIT, **({"photo": OMIT} if booklet else {})}
    front = gen.model(CardFace, f"{where}.front", gm, fixed=cover)
    back = OMIT
    if gen.written(CardHandout.model_fields["back"], f"{where}.back"):
        back = gen.model(CardFace, f"{where}.back", gm, fixed=inside)
    return {"style": style, "size": size, "front": front, "back": back}


TABLE_CARD = "table-card"


def _note(gen: Generator, where: str, gm: bool) -> dict[str, Any]:
    """Now and then written on the back of the campaign's table card, which gives it its
    size and paper."""
    additions = _lines_added(gen, where, gm)
    if gen.pick(f"{where}:written_on", (False, False, True)):
        return {
            "written_on": TABLE_CARD,
            "size": OMIT,
            "paper_style": OMIT,
            "additions": additions,
        }
    return {"written_on": OMIT, "additions": additions}


def _cipher(gen: Generator, where: str, gm: bool) -> dict[str, Any]:
    """A message in a script its method enciphers, and a key that fits the method."""
    method = gen.pick(
        f"{where}.method", literal_values(CipherHandout.model_fields["method"].annotation)
    )
    scripts = [s for s in SCRIPTS if s in ciphers_scripts(method)]
    script = gen.pick(f"{where}.plaintext:script", scripts)
    count = gen.pick(f"{where}.plaintext:length", (1, 4, 25, 120))
    key_sheet = gen.pick(f"{where}.key_sheet", (False, True))
    # A printed book holds the message's words: they are not the GM's then, only the order.
    plaintext = gen.text_of(
        f"{where}.plaintext", script, count, gm=not (method == "book" and key_sheet)
    )
    return {
        "method": method,
        "plaintext": plaintext,
        "key": cipher_key(gen, where, method, script, plaintext),
        "key_sheet": key_sheet,
    }


def ciphers_scripts(method: str) -> tuple[str, ...]:
    """The scripts a method enciphers (the pad takes Latin and Cyrillic only)."""
    if method == "book":  # words, in any script its book is written in
        return SCRIPTS
    samples = {"latin": "abc", "cyrillic": "абв", "greek": "αβγ"}
    usable = []
    for script, sample in samples.items():
        try:
            ciphers.message_text(method, sample)
        except ciphers.BadMessage:
            continue
        usable.append(script)
    return tuple(usable)


def cipher_key(gen: Generator, where: str, method: str, script: str, plaintext: str) -> Any:
    if method == "shift":
        return gen.pick(f"{where}.key", (3, 7, 13))
    if method == "vigenere":
        return gen.pick(
            f"{where}.key",
            {"latin": ("ORCHID", "lantern"), "cyrillic": ("ключ",), "greek": ("κλειδί",)}[script],
        )
    if method == "one-time-pad":
        return gen.pick(f"{where}.key", (OMIT, "4821 0937 5561 2208 " * 40))
    words = plaintext.replace(".", "").split()
    return " ".join(word for pair in zip(NEUTRAL_WORDS * 40, words, strict=False) for word in pair)


def _form(gen: Generator, where: str, gm: bool) -> dict[str, Any]:
    """A form with its boxes and ruled table, and words added at each of its places: in
    the margin, after one of its lines, over one of its boxes."""
    count = gen.pick(f"{where}.fields:count", (1, 3, 0))
    fields = [gen.model(FormField, f"{where}.fields[]", gm) for _ in range(count)]
    table = _form_table(gen, f"{where}.table", gm)
    additions = [_addition(gen, f"{where}.additions[]", gm, "margin")]
    printed = table.get("printed_rows", FormTable.model_fields["printed_rows"].default)
    line = gen.pick(f"{where}.additions.line", (0, len(table["rows"]), printed))
    cells = [gen.text_of(f"{where}.additions.cell", "latin", 1, gm) for _ in table["columns"]]
    whole = gen.pick(f"{where}.additions.cells", (True, False))
    at_line = {"line": line, **({"cells": cells} if whole else {})}
    additions.append(_addition(gen, f"{where}.additions[]", gm, "after-line", **at_line))
    if fields:
        label = fields[0]["label"]
        additions.append(_addition(gen, f"{where}.additions[]", gm, "over-field", field=label))
    return {"fields": fields or OMIT, "table": table, "additions": additions}


def _reverse(gen: Generator, where: str, gm: bool) -> dict[str, Any]:
    """The back of a cutting, with a word of it cut out (or none)."""
    text = gen.words(f"{where}.text", gm, LONG_TEXT)
    words = text.replace(".", "").split()
    cut = [gen.pick(f"{where}.cut_out", words)] if gen.present(f"{where}.cut_out") else []
    return {"text": text, "cut_out": cut}


MODEL_RULES: dict[type[BaseModel], ModelRule] = {
    CampaignInfo: _campaign_words,
    DossierField: _dossier_field,
    DossierSection: _dossier_section,
    FormField: _form_field,
    Envelope: _envelope,
    ClippingHandout: lambda gen, where, gm: (
        {}
        if gen.present(f"{where}.photo")
        else {
            "photo": OMIT,
            "caption": OMIT,
        }
    ),
    CipherHandout: _cipher,
    CardHandout: _card,
    NoteHandout: _note,
    LetterHandout: lambda gen, where, gm: {"additions": _lines_added(gen, where, gm)},
    FormHandout: _form,
    ClippingReverse: _reverse,
    DossierHandout: lambda gen, where, gm: {
        "file_number": gen.pick(f"{where}.file_number", ("604/1147", "A-12"))
    },
}


# Parts any kind may have that one template draws alike for every kind (the envelope after
# the prop): each of their values is tried on some kind, not on every kind, which would take
# every kind through as many campaigns as the part has values.
SHARED_PARTS = ("envelope", "additions")


def every_choice_value() -> set[tuple[str, str]]:
    """What the covering campaigns must try: every value of every choice (a Literal) of
    every handout kind, nested parts included, named as the generator names them
    (`note.paper.tone`, `dossier.fields[].key`); a shared part's as `*.envelope.size`."""
    wanted: set[tuple[str, str]] = set()
    for kind, model in HANDOUT_MODELS.items():
        for name, info in model.model_fields.items():
            if name != "kind":
                wanted |= _choices_in(info.annotation, f"{_owner(kind, name)}.{name}")
    return wanted


def _owner(kind: str, name: str) -> str:
    return "*" if name in SHARED_PARTS else kind


def choices_tried(choices: Counter[tuple[str, str]]) -> set[tuple[str, str]]:
    """The choices a campaign made, named as `every_choice_value` names them."""
    named = set()
    for where, value in choices:
        kind, _, rest = where.partition(".")
        part = rest.split(".")[0].split(":")[0].removesuffix("[]")
        named.add((f"{_owner(kind, part)}.{rest}", value))
    return named


def _choices_in(annotation: Any, where: str) -> set[tuple[str, str]]:
    origin, arguments = get_origin(annotation), get_args(annotation)
    if origin is Literal:
        return {(where, str(value)) for value in arguments}
    if origin is list:
        return _choices_in(arguments[0], f"{where}[]")
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        parts = arguments[:1] if origin is typing.Annotated else arguments
        return set().union(*(_choices_in(part, where) for part in parts))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        fields = annotation.model_fields.items()
        return set().union(*(_choices_in(i.annotation, f"{where}.{n}") for n, i in fields))
    return set()


def generate(
    chooser: Chooser, kinds: Sequence[str] = HANDOUT_KINDS, overflow: bool = False
) -> GeneratedCampaign:
    return Generator(chooser).campaign(kinds, overflow)


def turns_needed(kind: str) -> int:
    """How many handouts of a kind covering campaigns need for every value of its choices
    to come up: the most values one choice has (the items of a list take turns among
    themselves); a choice between forms (`edge: torn`, or edge by edge) takes its forms in
    turn, so it needs the turns of each form."""
    model = HANDOUT_MODELS[kind]
    fields = [info for name, info in model.model_fields.items() if name != "kind"]
    shared = [info for name, info in model.model_fields.items() if name in SHARED_PARTS]
    return max((_turns_in(i.annotation) for i in fields if i not in shared), default=1)


def _turns_in(annotation: Any) -> int:
    origin, arguments = get_origin(annotation), get_args(annotation)
    if origin is Literal:
        return len(arguments)
    if origin is typing.Annotated:
        return _turns_in(arguments[0])
    if origin in (typing.Union, types.UnionType):
        forms = [_turns_in(part) for part in arguments if part is not type(None)]
        chosen = [turns for turns in forms if turns > 1]
        return sum(chosen) if len(chosen) > 1 else max(forms, default=1)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return max((_turns_in(i.annotation) for i in annotation.model_fields.values()), default=1)
    return 1
