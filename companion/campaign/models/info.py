"""`campaign.yaml`: the campaign's title, setting, languages, paper, players and organisations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, model_validator

from companion.campaign.genres import DEFAULT_GENRE, GenreName
from companion.campaign.models.base import (
    Markdown,
    Paper,
    Reference,
    Slug,
    Strict,
    gm_only,
)
from companion.campaign.models.people import (
    Classification,
    DossierFieldKey,
    DossierSectionKey,
    FileWordKey,
    Player,
    StampColour,
    StampText,
)
from companion.campaign.models.vocabulary import (
    LocationKind,
    MarkKind,
    StatusWord,
    Vocabulary,
    merged,
)

# How an organisation's files look (see kinds/dossier_styles.py): a printed KGB form, a British
# registry file, a 1920s police record, a newspaper's cuttings file, or a plain office file.
FileStyle = Literal["plain", "soviet", "british", "police-1920s", "newspaper-morgue"]
# The ink a style's office stamps with, when the organisation names none.
STYLE_INKS: dict[str, str] = {
    "plain": "red",
    "soviet": "violet",
    "british": "red",
    "police-1920s": "blue",
    "newspaper-morgue": "violet",
}


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
    file_title: str | None = Field(
        None,
        description="Printed before a file's number; default: `Personal file` in its language "
        "(the label `personal-file`).",
    )
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
    file_style: FileStyle = Field(
        "plain",
        description="How its files look: `soviet` (a KGB personal file), `british` (an SIS "
        "registry file), `police-1920s`, `newspaper-morgue` (a cuttings file) or `plain`.",
    )
    stamp_colour: StampColour = Field(
        "red", description="Its stamps' ink; without one, its file style's (`soviet`: violet)."
    )
    statuses: dict[Slug, str] = Field(
        default_factory=dict,
        description="Its words for the campaign's statuses (see `statuses:`): `dead: umro`.",
    )
    labels: dict[DossierFieldKey | DossierSectionKey | FileWordKey, str] = Field(
        default_factory=dict,
        description="Its files' words in its language: row and section labels, `page`, `of`, "
        "`opened`, `copy`; e.g. `born: Rođen`.",
    )

    @model_validator(mode="before")
    @classmethod
    def _style_ink(cls, data: Any) -> Any:
        """No `stamp_colour`: the ink its kind of office stamps with (a Soviet one, violet)."""
        if isinstance(data, dict) and "stamp_colour" not in data:
            style = data.get("file_style", "plain")
            return {**data, "stamp_colour": STYLE_INKS.get(str(style), "red")}
        return data


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
    genre: GenreName = Field(
        DEFAULT_GENRE,
        description="Whose words the campaign speaks: the statuses, plan marks and kinds of "
        "place of `spy` (Ozola's), `mystery`, `gothic-horror` or `fantasy`.",
    )
    statuses: list[StatusWord] = Field(
        default_factory=list,
        description="Your own statuses, beside the genre's (the same id replaces one): "
        "`{id, name, gone, recap}`.",
    )
    marks: list[MarkKind] = Field(
        default_factory=list,
        description="Your own kinds of plan mark, beside the genre's: `{id, symbol, line}`.",
    )
    location_kinds: list[LocationKind] = Field(
        default_factory=list,
        description="Your own kinds of place, beside the genre's: `lighthouse`, or `{id, name}`.",
    )

    labels: dict[str, dict[Slug, str]] = Field(
        default_factory=dict,
        description="Words props print, by language and label: `el: {signature: Υπογραφή}` "
        "(see docs/labels.md for every label); yours win over the built-in ones.",
    )

    def words(self) -> Vocabulary:
        """The campaign's statuses, mark kinds and kinds of place: its genre's and its own."""
        return merged(self.genre, self.statuses, self.marks, self.location_kinds)

    def references(self) -> Iterator[Reference]:
        if self.organisation is not None:
            yield ("organisation",), "organisations", self.organisation
        for organisation_index, org in enumerate(self.organisations):
            for status in org.statuses:
                yield ("organisations", organisation_index, "statuses", status), "statuses", status
        for index, player in enumerate(self.players):
            for loc, kind, ref in player.character.references():
                yield ("players", index, "character", *loc), kind, ref


# Two services of the Cold War, a 1920s police force and a newspaper's cuttings library. A
# campaign's own organisations (campaign.yaml) may use the same ids to replace them.
BUILT_IN: dict[str, Organisation] = {
    org.id: org
    for org in (
        Organisation(
            id="kgb",
            name="КГБ СССР",
            short="KGB",
            language="ru",
            file_title="ЛИЧНОЕ ДЕЛО №",
            file_number="{n}",
            file_style="soviet",
        ),
        Organisation(
            id="sis",
            name="Secret Intelligence Service",
            short="SIS",
            file_title="Personal File",
            file_number="PF {n}",
            file_style="british",
        ),
        Organisation(
            id="met-police-1920s",
            name="Metropolitan Police",
            short="Scotland Yard",
            letterhead=["Criminal Investigation Department", "New Scotland Yard, S.W.1"],
            file_title="Criminal Record Office, file",
            file_number="CRO {n}",
            classification={
                "top-secret": "FOR THE COMMISSIONER ONLY",
                "secret": "CONFIDENTIAL",
                "confidential": "NOT TO BE SHOWN TO THE PRESS",
            },
            stamps={
                "wanted": "WANTED",
                "convicted": "CONVICTED",
                "released": "RELEASED ON LICENCE",
            },
            file_style="police-1920s",
        ),
        Organisation(
            id="newspaper",
            name="The Daily Courier",
            short="the Courier",
            letterhead=["Cuttings Library", "Fleet Street, London, E.C.4"],
            file_title="Cuttings file",
            file_number="No. {n}",
            classification={
                "top-secret": "EDITOR ONLY",
                "secret": "NOT FOR PUBLICATION",
                "confidential": "LIBRARY USE ONLY",
            },
            stamps={"obituary": "OBITUARY SET", "libel": "LIBEL RISK: SEE LAWYER"},
            file_style="newspaper-morgue",
        ),
    )
}


def organisations(info: CampaignInfo) -> dict[str, Organisation]:
    """Every organisation a campaign can name: the built-in ones, then its own."""
    return {**BUILT_IN, **{org.id: org for org in info.organisations}}


def first_named(info: CampaignInfo, *named: str | None) -> Organisation | None:
    """The first organisation named, from the most particular to the campaign's default;
    none named (or an id the campaign does not know, reported where it is written), none."""
    chosen = next((name for name in named if name), None)
    return organisations(info).get(chosen) if chosen else None
