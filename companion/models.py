"""Pydantic models of a campaign folder; GM-only fields are marked in the schema itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal, Self, get_args

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from companion.hands import HandName

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=64)]
Markdown = Annotated[str, Field(description="Text; Markdown allowed (no raw HTML).")]
Paper = Literal["a4", "letter"]
NpcStatus = Literal["active", "missing", "burned", "turned", "defected", "dead"]

GM_ONLY = "gm_only"

# A reference found in a model: where it stands (pydantic-style loc), which collection, which id.
Reference = tuple[tuple[str | int, ...], str, str]
# A problem found by a model's own check: where, what, and a hint.
Check = tuple[tuple[str | int, ...], str, str | None]


def gm_only(description: str, **kwargs: Any) -> Any:
    """A field the players must never see; `for_audience` removes it from player views."""
    return Field(description=f"GM only. {description}", json_schema_extra={GM_ONLY: True}, **kwargs)


class Strict(BaseModel):
    """Unknown keys are errors (they are usually typos); values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    def references(self) -> Iterator[Reference]:
        """Ids this entity points at, for the cross-reference check."""
        return iter(())

    def checks(self) -> Iterator[Check]:
        """Problems only the whole entity can see (a table outside the walls, say)."""
        return iter(())


class Relationship(Strict):
    """A tie from one person to another, as the GM's book lists it."""

    npc: Slug = Field(description="Id of the other person (an NPC or a player's character).")
    kind: str = Field("associate", description="What they are to each other, e.g. `old friend`.")
    note: Markdown | None = None
    gm: bool = Field(False, description="A tie the players do not know about.")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        """`- sokolov` is short for `- {npc: sokolov}`."""
        return {"npc": value} if isinstance(value, str) else value


class Person(Strict):
    """Anyone the story knows: an NPC file, or a player's character in campaign.yaml."""

    id: Slug
    name: str = Field(description="Full name as it would stand on a file card.")
    role: str | None = Field(None, description="What the players can know they do.")
    summary: Markdown | None = Field(None, description="What the players may know of them.")
    appearance: Markdown | None = Field(None, description="How they look.")
    affiliation: str | None = Field(None, description="Employer or service, as publicly known.")
    organisation: Slug | None = Field(
        None, description="Whose file they have: an organisation's id (`kgb`, your own)."
    )
    nationality: str | None = None
    born: str | None = Field(None, description="Date or year of birth, written as you like.")
    aliases: list[str] = Field(default_factory=list, description="Other names and cover names.")
    languages: list[str] = Field(default_factory=list)
    status: NpcStatus = Field("active", description="Status at the start of the campaign.")
    associates: list[Slug] = Field(default_factory=list, description="Ids of other NPCs.")
    relationships: list[Relationship] = Field(
        default_factory=list,
        description="Ties to other people: `{npc, kind, note, gm}`, or just an id.",
    )
    portrait: str | None = Field(
        None, description="Picture inside the campaign folder, e.g. `images/natalia.jpg`."
    )
    dossier: bool = Field(
        False, description="Also build a plain dossier from these fields (handout `file-<id>`)."
    )
    hand: HandName | None = Field(
        None, description="How they write: every note they are the `author` of is in this hand."
    )
    secret: Markdown | None = gm_only("The truth about this person.", default=None)
    wants: Markdown | None = gm_only("What they really want.", default=None)
    gm_notes: Markdown | None = gm_only("How to play them; anything else for the GM.", default=None)

    def references(self) -> Iterator[Reference]:
        if self.organisation is not None:
            yield ("organisation",), "organisations", self.organisation
        for index, npc in enumerate(self.associates):
            yield ("associates", index), "npcs", npc
        for index, tie in enumerate(self.relationships):
            yield ("relationships", index, "npc"), "people", tie.npc
        if self.portrait is not None:
            yield ("portrait",), "files", self.portrait


class Npc(Person):
    """A non-player character: one file in npcs/, its id is the file name."""


class Player(Strict):
    """A person at the table and the character they play."""

    id: Slug = Field(description="Short id used on the command line, e.g. `anna`.")
    name: str = Field(description="The player's name.")
    character: Person


DossierFieldKey = Literal[
    "name", "aliases", "codename", "born", "nationality", "citizenship", "role", "affiliation",
    "rank", "party", "education", "languages", "marital", "height", "eyes", "marks",
    "status", "last_seen", "address",
]  # fmt: skip
DossierSectionKey = Literal["background", "associates", "assessment", "compromising", "notes"]
FileWordKey = Literal["page", "of", "opened", "copy"]
Classification = Literal["top-secret", "secret", "confidential"]
StampColour = Annotated[
    str,
    Field(
        pattern=r"^(red|violet|blue|black|green|#[0-9a-fA-F]{6})$",
        description="red, violet, blue, black, green, or `#rrggbb`.",
    ),
]
StampText = Annotated[str, Field(min_length=1, description="The stamp's words, as inked.")]


class Organisation(Strict):
    """Who keeps files and writes on headed paper: a secret service, a police force, a
    newspaper, a ministry. Its papers print in its own language."""

    id: Slug
    name: str = Field(description="Its name in its own language, as its papers print it.")
    short: str | None = Field(None, description="What people call it: `KGB`, `the Courier`.")
    language: str = Field("en", description="The language of its files, e.g. `hr`, `ru`.")
    letterhead: list[str] = Field(
        default_factory=list, description="Lines under the name: a department, an address."
    )
    file_title: str = Field("Personal file", description="Printed before a file's number.")
    file_number: str = Field(
        "{n}",
        pattern=r"^[^{}]*\{n\}[^{}]*$",
        description="How its file numbers look; `{n}` stands for the number: `Br. {n}/26`.",
    )
    classification: dict[Classification, str] = Field(
        default_factory=dict, description="Its words for `top-secret`, `secret`, `confidential`."
    )
    stamps: dict[Slug, StampText] = Field(
        default_factory=dict,
        description="Its rubber stamps: an id and the words, `wanted: TRAŽI SE`.",
    )
    stamp_colour: StampColour = "red"
    statuses: dict[NpcStatus, str] = Field(
        default_factory=dict, description="Its words for a person's status: `dead: umro`."
    )
    labels: dict[DossierFieldKey | DossierSectionKey | FileWordKey, str] = Field(
        default_factory=dict,
        description="Its files' words in its language: row and section labels, `page`, `of`, "
        "`opened`, `copy`; e.g. `born: Rođen`.",
    )


class CampaignInfo(Strict):
    """campaign.yaml: the campaign as a whole."""

    title: str
    subtitle: str | None = None
    setting: Markdown | None = Field(None, description="Where and when; read to the players.")
    premise: Markdown | None = gm_only("What the story is about, in a paragraph.", default=None)
    endings: Markdown | None = gm_only("How it can end.", default=None)
    languages: list[str] = Field(default_factory=lambda: ["en"])
    paper: Paper = Field("a4", description="Paper size for page-sized handouts.")
    players: list[Player] = Field(default_factory=list)
    secret: Markdown | None = gm_only("What is really going on.", default=None)
    gm_notes: Markdown | None = gm_only("Notes on running the campaign.", default=None)
    organisations: list[Organisation] = Field(
        default_factory=list, description="Services, police forces, newspapers of the story."
    )
    organisation: Slug | None = Field(
        None, description="Who keeps the files of people who name no organisation."
    )

    def references(self) -> Iterator[Reference]:
        if self.organisation is not None:
            yield ("organisation",), "organisations", self.organisation
        for index, player in enumerate(self.players):
            for loc, kind, ref in player.character.references():
                yield ("players", index, "character", *loc), kind, ref


# --- floor plans ------------------------------------------------------------------------------

# Bounds a real building keeps (in metres or feet): they keep absurd numbers from a stranger's
# folder out of the geometry, and each is reported at its line.
MAX_EXTENT = 100_000
MAX_POINTS = 2_000
Coordinate = Annotated[float, Field(ge=-MAX_EXTENT, le=MAX_EXTENT)]
Length = Annotated[float, Field(gt=0, le=MAX_EXTENT)]
Point = tuple[Coordinate, Coordinate]
Extent = tuple[Length, Length]
SCALE_PATTERN = r"^(1:[1-9][0-9]{0,4}|1in=[1-9][0-9]{0,2}(\.[0-9]+)?ft)$"
Scale = Annotated[
    str,
    StringConstraints(pattern=SCALE_PATTERN),
    Field(description="`1:50` (paper : real), or `1in=5ft` (battle-map style)."),
]
FurnitureKind = Literal[
    "round-table", "table", "booth", "bar", "piano", "kitchen-pass", "cloakroom", "stairs",
    "plant", "sofa", "desk", "chair", "counter", "stove", "shelf", "safe", "stage", "lectern",
    "mirror", "toilet", "sink", "cabinet", "bed", "pillar", "telephone", "typewriter",
    "fireplace", "hearth", "spiral-stairs", "bathtub", "wardrobe", "armchair", "bookcase",
]  # fmt: skip
FURNITURE_SIZES: dict[str, Point] = {
    "round-table": (1.0, 1.0), "table": (1.2, 0.8), "booth": (1.8, 1.2), "bar": (4.0, 0.7),
    "piano": (1.5, 1.9), "kitchen-pass": (2.0, 0.5), "cloakroom": (2.5, 0.6), "stairs": (1.2, 3.0),
    "plant": (0.5, 0.5), "sofa": (2.0, 0.9), "desk": (1.5, 0.75), "chair": (0.5, 0.5),
    "counter": (2.0, 0.6), "stove": (1.2, 0.8), "shelf": (1.8, 0.4), "safe": (0.6, 0.6),
    "stage": (4.0, 2.5), "lectern": (0.7, 0.5), "mirror": (2.0, 0.1), "toilet": (0.4, 0.7),
    "sink": (0.6, 0.5), "cabinet": (1.0, 0.5), "bed": (1.4, 2.0), "pillar": (0.5, 0.5),
    "telephone": (0.25, 0.2), "typewriter": (0.45, 0.4),
    "fireplace": (1.6, 0.6), "hearth": (2.0, 1.6), "spiral-stairs": (1.6, 1.6),
    "bathtub": (1.7, 0.75), "wardrobe": (1.2, 0.6), "armchair": (0.8, 0.8),
    "bookcase": (1.8, 0.35),
}  # fmt: skip


class Room(Strict):
    """A room: its outline is a polygon of corner points; walls are drawn along it."""

    name: str | None = None
    outline: list[Point] = Field(
        min_length=3, max_length=MAX_POINTS, description="Corners, e.g. [[0, 0], [8, 0], ...]"
    )
    label_at: Point | None = Field(None, description="Where to write the name (default: middle).")
    floor: Literal["plain", "parquet", "tiles", "carpet", "stone"] = "plain"
    gm: bool = Field(False, description="A room the players do not know about.")


class Wall(Strict):
    """An extra wall inside or between rooms."""

    id: Slug | None = Field(None, description="A name doors and windows can use: `wall: bar`.")
    start: Point
    end: Point
    gm: bool = False


WallRef = int | Slug
WALLS_NAMED = "walls are numbered from 1 in the order of `walls:`, or named by their `id`"


def _placed_on_wall(value: Any, what: str) -> Any:
    """A door or window written as `wall: N, at: DISTANCE` whose wall the plan does not have
    (the plan puts every one it can on its wall before this runs)."""
    if isinstance(value, dict) and value.get("wall") is not None:
        at = value.get("at")
        if isinstance(at, int | float) and not isinstance(at, bool):
            raise ValueError(
                f"the plan has no wall `{value['wall']}` for this {what} ({WALLS_NAMED})"
            )
    return value


class Door(Strict):
    """A door in a wall: `at` is the middle of the opening, or, with `wall`, its distance
    along that wall from the wall's start."""

    at: Point
    wall: WallRef | None = Field(None, description="The wall it is in: its number or `id`.")
    width: float = Field(0.9, gt=0, le=5)
    swing: Literal["left", "right", "double", "sliding", "none"] = Field(
        "left", description="Hinge side, seen from the side the door opens towards."
    )
    opens: Literal["north", "south", "east", "west"] = Field(
        "north", description="The side the leaf swings into (north is up on the plan)."
    )
    label: str | None = None
    gm: bool = Field(False, description="A door the players do not know about.")

    @model_validator(mode="before")
    @classmethod
    def _on_a_known_wall(cls, value: Any) -> Any:
        return _placed_on_wall(value, "door")


class Window(Strict):
    """A window from `start` to `end`, or `wall`, `at` (from the wall's start) and `length`."""

    start: Point
    end: Point
    wall: WallRef | None = None
    at: float | None = Field(None, ge=0, description="With `wall`: where the window starts.")
    length: float | None = Field(None, gt=0, description="With `wall`: how long it is.")

    @model_validator(mode="before")
    @classmethod
    def _on_a_known_wall(cls, value: Any) -> Any:
        if isinstance(value, dict) and value.get("wall") is not None and "start" not in value:
            raise ValueError(
                f"the plan has no wall `{value['wall']}` for this window ({WALLS_NAMED}), "
                "or `at` and `length` are missing"
            )
        return value


class Furniture(Strict):
    """A piece of furniture, centred on `at`."""

    kind: FurnitureKind
    at: Point
    size: Extent | None = Field(None, description="Width and depth; round tables: diameter.")
    rotation: float = Field(0, description="Degrees clockwise.")
    seats: int = Field(0, ge=0, le=24)
    number: int | None = Field(None, ge=0, description="Table number, printed on the plan.")
    label: str | None = None
    gm: bool = False

    def footprint(self, units: str) -> Point:
        """Width and depth in the plan's units; default sizes are given in metres."""
        if self.size is not None:
            return self.size
        width, depth = FURNITURE_SIZES[self.kind]
        factor = 1.0 if units == "m" else 1 / 0.3048
        return width * factor, depth * factor


class Label(Strict):
    text: str
    at: Point
    gm: bool = False


class Mark(Strict):
    """Something only the GM should see on the plan: a person, a bug, a route, an exit."""

    id: Slug | None = Field(None, description="A name a clue's `where` can point at.")
    kind: Literal["person", "microphone", "camera", "exit", "route", "sightline", "note"]
    label: str
    at: Point | None = Field(None, description="Where it is; for a route, where its label goes.")
    path: list[Point] = Field(
        default_factory=list, max_length=MAX_POINTS, description="For routes and sightlines."
    )
    gm: bool = Field(True, description="Marks are GM-only unless you say `gm: false`.")


class FloorPlan(Strict):
    """A floor plan drawn to scale; coordinates in `units` from the top-left corner (or from
    the bottom-left, as architects draw, with `origin: bottom-left`)."""

    origin: Literal["top-left", "bottom-left"] = Field(
        "top-left", description="Where x and y count from; y grows away from it."
    )
    units: Literal["m", "ft"] = "m"
    size: Extent = Field(description="Width and depth of the drawing area, in units.")
    scale: Scale = "1:50"
    grid: float | None = Field(
        None, gt=0, le=MAX_EXTENT, description="Square grid spacing, in units."
    )
    north: float = Field(0, description="Direction of north, degrees clockwise from up.")
    rooms: list[Room] = Field(min_length=1, max_length=MAX_POINTS)
    walls: list[Wall] = Field(default_factory=list)
    doors: list[Door] = Field(default_factory=list)
    windows: list[Window] = Field(default_factory=list)
    furniture: list[Furniture] = Field(default_factory=list)
    labels: list[Label] = Field(default_factory=list)
    marks: list[Mark] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _placed(cls, value: Any) -> Any:
        """Doors and windows given by wall and distance get their points, then a plan drawn
        from the bottom-left is turned the way the page runs."""
        from companion.plan_input import flipped, on_walls

        if not isinstance(value, dict):
            return value
        value = on_walls(value)
        return flipped(value) if value.get("origin") == "bottom-left" else value

    def checks(self) -> Iterator[Check]:
        from companion.geometry import floor_plan_problems

        return floor_plan_problems(self)


class Location(Strict):
    """A place: one file in locations/, its id is the file name."""

    id: Slug
    name: str
    address: str | None = None
    description: Markdown | None = Field(None, description="What the players see.")
    staff: list[Slug] = Field(default_factory=list, description="Ids of NPCs working here.")
    floor_plan: FloorPlan | None = Field(None, description="A plan to print as a map handout.")
    secret: Markdown | None = gm_only("What the place hides.", default=None)
    gm_notes: Markdown | None = gm_only("Notes for running scenes here.", default=None)

    def references(self) -> Iterator[Reference]:
        for index, npc in enumerate(self.staff):
            yield ("staff", index), "npcs", npc

    def checks(self) -> Iterator[Check]:
        if self.floor_plan is not None:
            for loc, message, hint in self.floor_plan.checks():
                yield ("floor_plan", *loc), message, hint


class PaperWear(Strict):
    """How the sheet itself has aged and been handled, whatever is printed on it."""

    tone: Literal["plain", "aged", "blue", "grey", "onionskin"] = Field(
        "plain", description="`aged` (yellowed), `blue`, `grey`, `onionskin` (thin, see-through)."
    )
    foxed: bool = Field(False, description="Brown age spots.")
    edge: Literal["clean", "torn", "burnt"] = "clean"
    carbon: bool = Field(False, description="A carbon copy: the words in faint violet.")
    folded: Literal["no", "in-two", "in-three"] = Field(
        "no", description="Fold lines across the sheet, moved into gaps between lines of text."
    )


class HandoutBase(Strict):
    """What every handout kind shares: who gets it, when, and the GM's side of it."""

    id: Slug
    title: str = Field(description="Name of the handout, for lists and the GM copy.")
    player_title: str | None = Field(
        None,
        description="Its name on the players' copies (PDF title, bookmark, sheet label, "
        "recap); default: what the prop itself shows, such as a file's subject.",
    )
    to: list[Slug] | Literal["all"] = Field(
        "all", description="Player ids who receive it, or `all`."
    )
    language: str | None = Field(None, description="Language of the text, e.g. `en` or `ru`.")
    location: Slug | None = Field(None, description="Id of the location where it turns up.")
    reveal: str | None = gm_only("When and how the players get it.", default=None)
    author: Slug | None = gm_only("Id of the NPC who made it.", default=None)
    gm_notes: Markdown | None = gm_only("Why it exists and what it leads to.", default=None)
    paper: PaperWear | None = Field(
        None, description="Aged, foxed, torn or burnt, a carbon copy, folded: the sheet's wear."
    )

    def references(self) -> Iterator[Reference]:
        if self.to != "all":
            for index, player in enumerate(self.to):
                yield ("to", index), "players", player
        if self.location is not None:
            yield ("location",), "locations", self.location
        if self.author is not None:
            yield ("author",), "npcs", self.author


class NoteHandout(HandoutBase):
    """A handwritten note: a small page, handwriting font, ink and paper done in CSS."""

    kind: Literal["note"]
    text: Markdown = Field(description="The words on the note.")
    signature: str | None = Field(None, description="How it is signed, if at all.")
    ink: Literal["blue", "black", "pencil", "red"] = "blue"
    paper_style: Literal["cream", "white", "lined", "squared"] = "cream"
    size: Literal["a7", "a6", "a5"] = Field("a6", description="Size of one note.")
    layout: Literal["single", "sheet"] = Field(
        "single", description="`single`: the page is the note; `sheet`: copies with cut marks."
    )
    copies: int = Field(4, ge=1, le=16, description="Notes per sheet when layout is `sheet`.")
    hand: HandName | None = Field(
        None,
        description="The hand it is written in (or `typewriter`). Default: the author's, "
        "else `caveat`.",
    )


class Concealable(Strict):
    """A piece of a document prop that players may not (yet) read.

    `redacted`: players see a black bar where it stands. `gm`: players do not see it at all.
    `revealed_in`: hidden (as a bar) until that session, readable from then on.
    """

    redacted: bool = Field(False, description="Players see a black bar instead of the text.")
    gm: bool = Field(False, description="Players do not see this at all.")
    revealed_in: int | None = Field(
        None, ge=1, description="Session number from which players may read it."
    )

    def concealed(self, revealed_through: int) -> bool:
        """Whether players must not read it after session `revealed_through`."""
        if self.gm:
            return True
        if self.revealed_in is not None:
            return self.revealed_in > revealed_through
        return self.redacted

    def for_players(self, revealed_through: int) -> Self:
        """The player's copy: concealed text becomes block characters of about its length, so
        the prop can draw a bar of plausible size; the words themselves are gone."""
        if not self.concealed(revealed_through):
            return self.model_copy(update={"redacted": False, "revealed_in": None})
        text = getattr(self, CONCEALED_TEXT_FIELD)
        return self.model_copy(update={CONCEALED_TEXT_FIELD: redaction_bar(text), "redacted": True})


CONCEALED_TEXT_FIELD = "text"
REDACTION_CHAR = "\u2588"


def redaction_bar(text: str) -> str:
    """Block characters standing for `text`, rounded up to 6 so the bar hides exact length."""
    length = len(" ".join(text.split()))
    return REDACTION_CHAR * (-(-length // 6) * 6)


class Passage(Concealable):
    """A paragraph of a document prop."""

    text: Markdown


class DossierField(Concealable):
    """One row of a dossier's table: a known `key` (labelled in the dossier's language) or
    your own `label`."""

    key: DossierFieldKey | None = None
    label: str | None = None
    text: Markdown = Field(description="The value, as the file records it.")

    @model_validator(mode="after")
    def _key_or_label(self) -> Self:
        if (self.key is None) == (self.label is None):
            raise ValueError("give either `key` (a known field) or `label` (your own), not both")
        return self


class DossierSection(Strict):
    """A heading and its paragraphs; each paragraph may be plain text or a concealable passage."""

    key: DossierSectionKey | None = None
    heading: str | None = None
    paragraphs: list[Passage | str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _key_or_heading(self) -> Self:
        if (self.key is None) == (self.heading is None):
            raise ValueError("give either `key` (a known section) or `heading`, not both")
        return self


class DossierHandout(HandoutBase):
    """A personnel file on one person, as an agency kept it."""

    kind: Literal["dossier"]
    subject: Slug = Field(description="Id of the NPC, or of a player's character.")
    organisation: Slug | None = Field(
        None,
        validation_alias=AliasChoices("organisation", "agency"),
        description="Whose file: `kgb` (in Russian), `sis`, `met-police-1920s`, `newspaper`, "
        "or one of campaign.yaml's `organisations`; else the subject's, else the campaign's.",
    )
    department: str | None = Field(None, description="Second header line, e.g. a directorate.")
    file_number: str = Field(description="As printed after the file title, e.g. `604/1147`.")
    classification: Classification = "secret"
    stamps: list[Slug] = Field(
        default_factory=list,
        description="Rubber stamps on the file: `burned`, `defector`, `traitor`, `keep-forever`, "
        "`declassified`, `wanted`, `deceased`, `eyes-only`, or its organisation's own.",
    )
    opened: str | None = Field(None, description="Date the file was opened, as printed.")
    subject_fields: bool = Field(
        True, description="Fill name, aliases, born, ... from the subject's own file."
    )
    fields: list[DossierField] = Field(default_factory=list)
    sections: list[DossierSection] = Field(default_factory=list)

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        yield ("subject",), "people", self.subject
        if self.organisation is not None:
            yield ("organisation",), "organisations", self.organisation


class CardField(Strict):
    label: str
    text: str


class CardFace(Strict):
    """One side of a card. Every part is optional; the style decides how they are set."""

    heading: str | None = Field(None, description="Largest line: a name, an agency, a venue.")
    subheading: str | None = None
    lines: list[str] = Field(default_factory=list, description="Lines of text, in order.")
    fields: list[CardField] = Field(default_factory=list, description="Labelled values.")
    photo: Slug | None = Field(None, description="Id of the person whose portrait to show.")
    footer: str | None = None
    emblem: Literal["none", "star", "crest"] = "none"

    def references(self) -> Iterator[Reference]:
        if self.photo is not None:
            yield ("photo",), "people", self.photo


class CardHandout(HandoutBase):
    """Small cards (business cards, ID cards, a reservation card), several to a sheet, with
    backs that line up when the sheet is printed on both sides."""

    kind: Literal["card"]
    style: Literal["business", "soviet-id", "reservation"] = "business"
    size: Point = Field((85, 55), description="Card width and height in mm.")
    copies: int = Field(10, ge=1, le=60)
    front: CardFace
    back: CardFace | None = Field(None, description="Printed on the back (duplex).")

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        for side in ("front", "back"):
            face = getattr(self, side)
            if face is not None:
                for loc, kind, ref in face.references():
                    yield (side, *loc), kind, ref


class MapHandout(HandoutBase):
    """The floor plan of a location, printed to scale (tiled over pages when large)."""

    kind: Literal["map"]
    location: Slug = Field(description="Id of the location whose floor plan to print.")
    scale: Scale | None = Field(None, description="Overrides the plan's scale, e.g. `1:100`.")
    fit: bool = Field(False, description="Shrink the plan onto one page; the true scale is shown.")
    grid: bool = Field(True, description="Draw the plan's square grid, if it has one.")
    style: Literal["architect", "surveillance"] = Field(
        "architect", description="A clean drawing, or a pencil sketch by a watcher."
    )


class Postmark(Strict):
    """The post office's cancellation: its town and the day, as the stamp inks them."""

    town: str
    date: str


class Envelope(Strict):
    """The envelope a letter came in, printed as a page of its own."""

    to: list[str] = Field(min_length=1, description="The address, a line each.")
    sender: list[str] = Field(default_factory=list, description="The sender's lines, top left.")
    stamp: str | None = Field(
        None, description="The postage stamp's words, `KRALJEVINA SHS · 2 DIN`; none: by hand."
    )
    postmark: Postmark | None = Field(None, description="Only with a stamp.")
    by_hand: str = Field("By hand", description="Written where a stamp would be, when none.")
    size: Literal["dl", "c6", "c5"] = Field("dl", description="DL 220x110, C6, or C5 mm.")

    @model_validator(mode="after")
    def _postmark_needs_a_stamp(self) -> Envelope:
        if self.postmark is not None and self.stamp is None:
            raise ValueError("a postmark cancels a stamp: give `stamp:` too, or no postmark")
        return self


class LetterHandout(HandoutBase):
    """A letter: handwritten or typed, on an organisation's headed paper or plain; the place
    and date, salutation, body, closing and a signature drawn in the author's hand; and, if
    given, its envelope as a page of its own."""

    kind: Literal["letter"]
    organisation: Slug | None = Field(
        None, description="Headed paper of this organisation (its name and letterhead)."
    )
    letterhead: list[str] = Field(
        default_factory=list, description="Or your own headed lines: a hotel, a firm."
    )
    place: str | None = Field(None, description="Where it was written: `Sv. Petar`.")
    date: str | None = Field(None, description="When, as the writer put it.")
    recipient: list[str] = Field(
        default_factory=list, description="An address block above the salutation (typed letters)."
    )
    salutation: str | None = Field(None, description="`Draga moja Kate,`")
    text: Markdown = Field(description="The body of the letter.")
    closing: str | None = Field(None, description="`Yours faithfully,`")
    signature: str | None = Field(None, description="Signed in the author's hand.")
    signed_name: str | None = Field(
        None, description="The name typed under the signature: `J. Harker, Inspector`."
    )
    hand: HandName | None = Field(
        None, description="The body's hand, or `typewriter`. Default: the author's, else `caveat`."
    )
    signature_hand: HandName | None = Field(
        None, description="The signature's hand. Default: the author's, else the body's."
    )
    ink: Literal["blue", "black", "pencil", "red"] = "blue"
    paper_style: Literal["cream", "white", "lined", "squared"] = "white"
    size: Literal["a5", "paper"] = Field(
        "paper", description="`paper`: the campaign's A4 or letter; or A5 notepaper."
    )
    envelope: Envelope | None = None

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        if self.organisation is not None:
            yield ("organisation",), "organisations", self.organisation


class TelegramHandout(HandoutBase):
    """A telegram as delivered: the form of its era and country, the message typed on paper
    tape in capitals with STOP (ТЧК in Russian), pasted onto it, and its word count."""

    kind: Literal["telegram"]
    form: Literal["gpo", "soviet", "american"] = Field(
        "gpo",
        description="`gpo`: a British Post Office form; `soviet`: a Soviet form, in Russian; "
        "`american`: an American telegraph company's.",
    )
    addressee: str = Field(description="To whom and where, as the clerk wrote it.")
    origin: str | None = Field(None, description="The office it was sent from: `STOCKHOLM`.")
    handed_in: str | None = Field(None, description="When it was handed in: `14.10.88 11.40`.")
    priority: str | None = Field(None, description="`URGENT`, `СРОЧНАЯ`, ...")
    serial: str | None = Field(None, description="The office's number for it.")
    text: str = Field(description="The message; each sentence ends in STOP, as telegrams did.")
    sender: str | None = Field(None, description="The name it is signed with, last.")
    telegraphese: bool = Field(
        True, description="Capitals and STOP for each full stop; off: the text as written."
    )


class CipherHandout(HandoutBase):
    """A message enciphered by a stated method. The players get the cipher text as a prop
    (typed groups, or a pencil worksheet); the GM's copy adds the plaintext and the key. The
    enciphering is computed when the campaign loads."""

    kind: Literal["cipher"]
    method: Literal["shift", "vigenere", "one-time-pad", "book"] = Field(
        description="`shift` (Caesar), `vigenere`, `one-time-pad` (number groups), `book`."
    )
    plaintext: str | None = gm_only("The message in clear.", default=None)
    key: str | int | None = gm_only(
        "shift: places (3); vigenere: a keyword; one-time-pad: the pad's digits (none: a "
        "random pad); book: the book's text.",
        default=None,
    )
    style: Literal["typed-groups", "pencil-grid"] = Field(
        "typed-groups", description="Typed in groups of five, or pencilled into a grid."
    )
    heading: str | None = Field(None, description="A line above the groups, as on the prop.")
    key_sheet: bool = Field(
        False,
        description="Print the key as a prop too, on a page of its own (the pad, the book "
        "with its lines numbered, the alphabet shifted): it is no longer secret then.",
    )
    # Filled in when the campaign loads, before the GM-only fields leave the players' view.
    cipher_text: str = Field("", description="Computed: do not write it.")
    key_sheet_lines: list[str] = Field(default_factory=list, description="Computed.")

    @model_validator(mode="before")
    @classmethod
    def _not_written(cls, data: Any) -> Any:
        if isinstance(data, dict) and ("cipher_text" in data or "key_sheet_lines" in data):
            raise ValueError("`cipher_text` is computed from the plaintext and key: remove it")
        return data


class ClippingHandout(HandoutBase):
    """A newspaper cutting: the paper's name and date line, a headline, the article in
    columns, perhaps a photograph; its edges torn or cut, never twice alike."""

    kind: Literal["clipping"]
    newspaper: Slug | None = Field(
        None, description="An organisation (a newspaper) whose name is the masthead."
    )
    masthead: str | None = Field(None, description="Or the paper's name, as printed.")
    date_line: str | None = Field(
        None, description="Under the masthead: `Split, nedjelja 27. lipnja 1926 · Cijena 1 Din`."
    )
    headline: str
    subheadline: str | None = None
    byline: str | None = None
    text: Markdown = Field(description="The article.")
    photo: str | None = Field(None, description="A picture in the campaign folder.")
    caption: str | None = None
    columns: int = Field(2, ge=1, le=4, description="Columns of text, 1 to 4.")
    width_mm: float = Field(95, ge=40, le=190, description="How wide it was cut, in millimetres.")
    edges: Literal["torn", "cut"] = "torn"
    copies: int = Field(1, ge=1, le=12, description="Clippings on the sheet, one per player.")

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        if self.newspaper is not None:
            yield ("newspaper",), "organisations", self.newspaper
        if self.photo is not None:
            yield ("photo",), "files", self.photo


class FormField(Concealable):
    """A printed box: its label in the form's language, and what was written in it."""

    label: str = Field(description="The printed label: `Prezime i ime / Surname`.")
    text: str | None = Field(None, description="What was filled in; none: left blank.")
    width: Literal["full", "half", "third"] = Field("full", description="Of the form's width.")
    lines: int = Field(1, ge=1, le=8, description="How many lines the box holds.")

    @model_validator(mode="after")
    def _concealed_needs_text(self) -> FormField:
        if (self.redacted or self.revealed_in is not None) and not self.text:
            raise ValueError("only filled-in text can be hidden: give `text:`")
        return self


def _number_as_written(value: Any) -> Any:
    """`640` in a form's table is written as 640: numbers are the words a clerk wrote."""
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return format(value, "g") if is_number else value


Cell = Annotated[str, BeforeValidator(_number_as_written)]


class FormTable(Strict):
    """A ruled table: printed column headings, and the rows filled in by hand."""

    columns: list[str] = Field(min_length=1, description="The printed headings.")
    rows: list[list[Cell]] = Field(default_factory=list, description="The filled-in rows.")
    printed_rows: int = Field(6, ge=1, le=30, description="Ruled rows on the form.")

    @model_validator(mode="after")
    def _rows_fit(self) -> FormTable:
        for index, row in enumerate(self.rows, start=1):
            if len(row) > len(self.columns):
                raise ValueError(
                    f"row {index} has {len(row)} entries for {len(self.columns)} columns"
                )
        return self


class FormStamp(Strict):
    text: StampText
    colour: StampColour = "violet"


class FormHandout(HandoutBase):
    """An official printed form filled in by hand or on a typewriter: a shipping manifest, a
    police report, a visa, a hotel registration card. The printed words are in the form's
    language; the filled-in ones in the writer's hand; stamps and a signature on top."""

    kind: Literal["form"]
    organisation: Slug | None = Field(None, description="Whose form: its name heads it.")
    issuer: list[str] = Field(
        default_factory=list, description="Or the printed heading lines of your own."
    )
    form_title: str = Field(description="The printed title: `Δηλωτικόν φορτίου`.")
    form_number: str | None = Field(None, description="The printer's form number: `Obr. 7`.")
    fields: list[FormField] = Field(default_factory=list)
    table: FormTable | None = None
    stamps: list[FormStamp] = Field(default_factory=list)
    signature: str | None = Field(None, description="Signed in the writer's hand.")
    signature_label: str = Field("Signature", description="Printed under the signature line.")
    hand: HandName | None = Field(
        None, description="Who filled it in: a hand or `typewriter`. Default: the author's."
    )
    ink: Literal["blue", "black", "pencil", "red"] = "blue"
    size: Literal["a5", "a5-landscape", "paper"] = "a5"

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        if self.organisation is not None:
            yield ("organisation",), "organisations", self.organisation


class PosterHandout(HandoutBase):
    """A printed notice or poster in letterpress style: the authority's line, a great
    headline, the text, the small print. Larger than the paper, it prints in overlapping
    tiles to be pasted together, as a large plan does."""

    kind: Literal["poster"]
    organisation: Slug | None = Field(None, description="Who posts it: its name heads it.")
    issuer: list[str] = Field(default_factory=list, description="Or heading lines of your own.")
    headline: str = Field(description="The great words across the top: `WANTED`, `ZABRANA`.")
    subheadline: str | None = None
    text: Markdown = Field(description="The notice itself.")
    footer: str | None = Field(None, description="Small print: place, date, signature.")
    size: Literal["a4", "a3", "a2"] = Field("a4", description="The poster's own size.")
    paper_colour: Literal["white", "cream", "yellow", "pink", "blue"] = "cream"
    ink: Literal["black", "red", "two-colour"] = Field(
        "black", description="`two-colour`: the headline in red, the rest in black."
    )
    border: bool = Field(True, description="A printer's rule round the notice.")

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        if self.organisation is not None:
            yield ("organisation",), "organisations", self.organisation


class RansomHandout(HandoutBase):
    """A message pasted together from letters cut out of newspapers and magazines: every
    letter its own face, size, tilt and scrap of paper, chosen by the handout's seed."""

    kind: Literal["ransom"]
    text: str = Field(description="The message; its line breaks are kept.")
    size: Literal["a5", "paper"] = Field("a5", description="A5, or the campaign's paper.")
    paper_style: Literal["cream", "white", "lined", "squared"] = "white"


Handout = Annotated[
    NoteHandout
    | DossierHandout
    | MapHandout
    | CardHandout
    | LetterHandout
    | TelegramHandout
    | CipherHandout
    | ClippingHandout
    | RansomHandout
    | FormHandout
    | PosterHandout,
    Field(discriminator="kind"),
]


def kind_name(model: type[HandoutBase]) -> str:
    """The `kind:` value that selects a handout model."""
    (name,) = get_args(model.model_fields["kind"].annotation)
    return str(name)


# Derived from the union, so a kind is listed once; the handout registry is tested against it.
HANDOUT_MODELS: dict[str, type[HandoutBase]] = {
    kind_name(model): model for model in get_args(get_args(Handout)[0])
}
HANDOUT_KINDS = tuple(HANDOUT_MODELS)


class Conclusion(Strict):
    """Something the players can work out; the clues point to it."""

    id: Slug
    title: str
    summary: Markdown | None = None


class ClueWhere(Strict):
    """Where a clue is found: a location, a mark on its plan, a scene."""

    location: Slug | None = None
    mark: Slug | None = Field(None, description="Id of a mark on the location's floor plan.")
    scene: Slug | None = None

    def checks(self) -> Iterator[Check]:
        if self.mark is not None and self.location is None:
            yield ("mark",), "a mark needs the location whose plan it is on", "add `location:`"


class Clue(Strict):
    """A fact the players can find, the conclusions it supports and the scenes it leads to."""

    id: Slug
    text: Markdown
    points_to: list[Slug] = Field(default_factory=list, description="Ids of conclusions.")
    leads_to: list[Slug] = Field(default_factory=list, description="Ids of scenes it leads to.")
    where: ClueWhere | None = None
    found_by: Markdown | None = Field(None, description="How the players can find it.")
    location: Slug | None = Field(None, description="Short for `where: {location: ...}`.")
    npc: Slug | None = None
    handout: Slug | None = None

    @property
    def found_at(self) -> ClueWhere:
        """`where`, with the `location:` shorthand folded in."""
        where = self.where or ClueWhere()
        if where.location is None and self.location is not None:
            return where.model_copy(update={"location": self.location})
        return where

    def references(self) -> Iterator[Reference]:
        for index, conclusion in enumerate(self.points_to):
            yield ("points_to", index), "conclusions", conclusion
        for index, scene in enumerate(self.leads_to):
            yield ("leads_to", index), "scenes", scene
        for field, kind in (("location", "locations"), ("npc", "npcs"), ("handout", "handouts")):
            ref = getattr(self, field)
            if ref is not None:
                yield (field,), kind, ref
        if self.where is not None:
            if self.where.location is not None:
                yield ("where", "location"), "locations", self.where.location
            if self.where.scene is not None:
                yield ("where", "scene"), "scenes", self.where.scene
            if self.where.mark is not None and self.where.location is not None:
                yield ("where", "mark"), "marks", f"{self.where.location}/{self.where.mark}"

    def checks(self) -> Iterator[Check]:
        if self.where is not None:
            for loc, message, hint in self.where.checks():
                yield ("where", *loc), message, hint
            if self.location is not None:
                yield ("location",), "`location:` and `where:` both say where", "keep `where:`"


class Scene(Strict):
    """A scene (or any node of the story): where it happens, who is there, where it leads."""

    id: Slug
    title: str
    location: Slug | None = None
    summary: Markdown | None = None
    start: bool = Field(False, description="Play begins here: it needs no leads in.")
    npcs: list[Slug] = Field(default_factory=list, description="Ids of NPCs in the scene.")
    leads_to: list[Slug] = Field(default_factory=list, description="Ids of scenes it leads to.")

    def references(self) -> Iterator[Reference]:
        if self.location is not None:
            yield ("location",), "locations", self.location
        for index, npc in enumerate(self.npcs):
            yield ("npcs", index), "npcs", npc
        for index, scene in enumerate(self.leads_to):
            yield ("leads_to", index), "scenes", scene


class ClueBook(Strict):
    """clues.yaml: the scenes in playing order, the conclusions, and the clues toward them."""

    scenes: list[Scene] = Field(default_factory=list)
    conclusions: list[Conclusion] = Field(default_factory=list)
    clues: list[Clue] = Field(default_factory=list)

    def references(self) -> Iterator[Reference]:
        for field in ("scenes", "clues"):
            for index, item in enumerate(getattr(self, field)):
                for loc, kind, ref in item.references():
                    yield (field, index, *loc), kind, ref

    def checks(self) -> Iterator[Check]:
        for index, clue in enumerate(self.clues):
            for loc, message, hint in clue.checks():
                yield ("clues", index, *loc), message, hint


class Campaign(Strict):
    """A whole campaign folder, validated and cross-checked. `root` is where it was loaded from."""

    name: str
    root: Annotated[Any, Field(exclude=True)]  # pathlib.Path; Any keeps the JSON schema simple
    info: CampaignInfo
    npcs: dict[str, Npc] = Field(default_factory=dict)
    locations: dict[str, Location] = Field(default_factory=dict)
    handouts: dict[str, Handout] = Field(default_factory=dict)
    clue_book: ClueBook = gm_only("Clues and conclusions.", default_factory=ClueBook)

    def player_ids(self) -> list[str]:
        return [player.id for player in self.info.players]

    def person(self, person_id: str) -> Person | None:
        """An NPC or a player's character by id."""
        if person_id in self.npcs:
            return self.npcs[person_id]
        return next((p.character for p in self.info.players if p.character.id == person_id), None)
