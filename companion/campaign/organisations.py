"""Organisations that keep files and write on headed paper: the built-in ones, and how a
campaign's own are found, checked and printed (labels in their language, stamp colours)."""

from __future__ import annotations

from companion.campaign.models import Campaign, CampaignInfo, DossierHandout, Organisation, Person
from companion.hints import unknown_id

# The stamps every organisation has, worded in its language by the dossier (English or
# Russian); an organisation adds its own in `stamps:`.
COMMON_STAMPS = (
    "burned",
    "defector",
    "traitor",
    "keep-forever",
    "declassified",
    "wanted",
    "deceased",
    "eyes-only",
)

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
            stamp_colour="violet",
        ),
        Organisation(
            id="sis",
            name="Secret Intelligence Service",
            short="SIS",
            file_title="Personal File",
            file_number="PF {n}",
            stamp_colour="red",
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
            stamp_colour="blue",
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
            stamp_colour="violet",
        ),
    )
}

# Stamp inks as the CSS uses them: red, green, blue triplets.
INKS = {
    "red": "163 36 28",
    "violet": "79 58 134",
    "blue": "35 64 140",
    "black": "34 34 34",
    "green": "30 100 60",
}


def organisations(info: CampaignInfo) -> dict[str, Organisation]:
    """Every organisation a campaign can name: the built-in ones, then its own."""
    return {**BUILT_IN, **{org.id: org for org in info.organisations}}


def file_keeper(
    campaign: Campaign, handout: DossierHandout, subject: Person
) -> Organisation | None:
    """Whose file this is: the handout's organisation, else the subject's, else the
    campaign's; none of them, and the file is a plain one with no service named."""
    info = campaign.info
    return first_named(info, handout.organisation, subject.organisation, info.organisation)


def first_named(info: CampaignInfo, *named: str | None) -> Organisation | None:
    """The first organisation named, from the most particular to the campaign's default;
    none named (or an id the campaign does not know, reported where it is written), none."""
    chosen = next((name for name in named if name), None)
    return organisations(info).get(chosen) if chosen else None


def ink(organisation: Organisation | None) -> str:
    """The organisation's stamp colour as CSS `r g b` numbers."""
    return ink_colour(organisation.stamp_colour if organisation else "red")


def ink_colour(colour: str) -> str:
    """A stamp colour (a name, or `#rrggbb`) as CSS `r g b` numbers."""
    if colour.startswith("#"):
        return " ".join(str(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return INKS[colour]


def stamp_problems(
    handout: DossierHandout, keeper: Organisation | None
) -> list[tuple[tuple[str | int, ...], str, str | None]]:
    """Each stamp the file's organisation does not have: (where, message, hint)."""
    known = [*COMMON_STAMPS, *(keeper.stamps if keeper else {})]
    problems: list[tuple[tuple[str | int, ...], str, str | None]] = []
    for index, stamp in enumerate(handout.stamps):
        if stamp not in known:
            unknown = unknown_id(stamp, set(known), "stamp")
            whose = f" for a file of {keeper.name}" if keeper else ""
            problems.append((("stamps", index), f"{unknown.message}{whose}", unknown.hint))
    return problems
