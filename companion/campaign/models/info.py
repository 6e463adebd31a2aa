"""`campaign.yaml`: the campaign's title, setting, languages, paper, players and organisations."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import (
    Field,
)

from companion.campaign.models.base import (
    Markdown,
    NpcStatus,
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
