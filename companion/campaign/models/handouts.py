"""What every handout shares: audience, reveal, paper and its wear, and concealable text."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Protocol, Self

from pydantic import Field, field_validator, model_validator

from companion.campaign.models.base import (
    TYPED_HANDS,
    Cell,
    Check,
    HandName,
    KindCheck,
    Markdown,
    Reference,
    Slug,
    Strict,
    Title,
    gm_only,
)
from companion.campaign.models.info import CampaignInfo
from companion.campaign.models.location import Location
from companion.campaign.models.people import Npc, Person


class CampaignView(Protocol):
    """What a handout's hooks may read of the rest of its campaign. The `Campaign` model is
    one; a Protocol keeps the handout models free of an import cycle with it."""

    @property
    def info(self) -> CampaignInfo: ...
    @property
    def npcs(self) -> Mapping[str, Npc]: ...
    @property
    def locations(self) -> Mapping[str, Location]: ...
    @property
    def handouts(self) -> Mapping[str, HandoutBase]: ...
    def person(self, person_id: str) -> Person | None: ...


EdgeWear = Literal["clean", "torn", "burnt"]
SIDES = ("top", "right", "bottom", "left")


class EdgesWear(Strict):
    """Each edge of the sheet on its own: torn along one, scorched along another."""

    top: EdgeWear = "clean"
    right: EdgeWear = "clean"
    bottom: EdgeWear = "clean"
    left: EdgeWear = "clean"


class PaperWear(Strict):
    """How the sheet itself has aged and been handled, whatever is printed on it."""

    tone: Literal["plain", "aged", "blue", "grey", "onionskin"] = Field(
        "plain", description="`aged` (yellowed), `blue`, `grey`, `onionskin` (thin, see-through)."
    )
    foxed: bool = Field(False, description="Brown age spots.")
    edge: EdgeWear | EdgesWear = Field(
        "clean",
        description="`clean`, `torn` or `burnt` all round; or edge by edge: "
        "`{top: torn, right: burnt}` (an edge not named stays clean).",
    )
    carbon: bool = Field(False, description="A carbon copy: the words in faint violet.")
    folded: Literal["no", "in-two", "in-three"] = Field(
        "no", description="Fold lines across the sheet, moved into gaps between lines of text."
    )

    def edges(self) -> dict[str, EdgeWear]:
        """The wear of each edge, by side."""
        if isinstance(self.edge, EdgesWear):
            return {side: getattr(self.edge, side) for side in SIDES}
        return dict.fromkeys(SIDES, self.edge)


class TypewriterFaults(Strict):
    """A typewriter's faults by name, the same on every page it typed."""

    worn: str = Field(
        "", max_length=40, description="Letters whose typeface is worn: they strike faint."
    )
    sagging: str = Field(
        "", max_length=40, description="Letters whose typebar is bent: they sit below the line."
    )
    dropped_capitals: bool = Field(
        False, description="Capitals struck a little low, as a shift that does not rise fully."
    )


def typewriter_choice() -> Any:
    """The `typewriter:` field of a kind that may be typed."""
    return Field(
        None,
        description="With `hand: typewriter`, the machine's faults by name: `worn:` letters, "
        "`sagging:` letters, `dropped_capitals:`. Default: one worn letter, the same for "
        "every prop of its author.",
    )


def typewriter_warnings(
    handout: HandoutBase, faults: TypewriterFaults | None, hand: str | None
) -> Iterator[KindCheck]:
    """A typewriter's faults on a prop no typewriter types cannot show."""
    if faults is not None and hand != "typewriter":
        yield (
            ("typewriter",),
            f"`typewriter:` gives a typewriter's faults, and `{handout.id}` is "
            f"{'written in the hand ' + repr(hand) if hand else 'handwritten'}",
            "add `hand: typewriter`, or remove `typewriter:`",
            "not-shown",
        )


Ink = Literal["blue", "black", "pencil", "red"]


class Postmark(Strict):
    """The post office's cancellation: its town and the day, as the stamp inks them."""

    town: str | None = Field(
        None,
        description="Round the top of the date-stamp. Default: a letter's `place`, else none.",
    )
    date: str | None = Field(
        None,
        description="Across the middle, as the stamp strikes it: `14.VI.26`. Default: a "
        "letter's `date` in figures, else none.",
    )


class Envelope(Strict):
    """The envelope a prop came in, printed as a page of its own after the prop; or a paper
    sleeve, or the label round a tin."""

    style: Literal["envelope", "sleeve", "tin-label"] = Field(
        "envelope",
        description="`envelope`; `sleeve`: a paper sleeve open at the top (a registry's, a "
        "photographer's), `to:` written on it, `sender:` printed; `tin-label`: the printed "
        "label round a tin, `sender:` the maker (its brand first), `to:` what the tin holds.",
    )
    to: list[str] = Field(
        min_length=1,
        description="The address, a line each; on a sleeve, whose it is; on a tin label, "
        "what the tin holds.",
    )
    sender: list[str] = Field(
        default_factory=list,
        description="The sender's lines, top left; a sleeve's or a tin's maker, printed.",
    )
    stamp: str | None = Field(
        None, description="The postage stamp's words, `KRALJEVINA SHS · 2 DIN`; none: by hand."
    )
    postmark: Postmark | Literal[False] | None = Field(
        None,
        description="The stamp's cancellation (only with a stamp; it has one unless "
        "`false`: never posted).",
    )
    by_hand: str = Field("By hand", description="Written where a stamp would be, when none.")
    size: Literal["dl", "c6", "c5"] = Field("dl", description="DL 220x110, C6, or C5 mm.")
    hand: HandName | None = Field(
        None,
        description="The hand the address is written in (or `typewriter`). Default: the "
        "prop's own hand if it is written, else its author's, else `caveat`.",
    )
    ink: Ink | None = Field(
        None, description="The address's ink. Default: the prop's own ink if it has one, else blue."
    )

    @field_validator("postmark", mode="before")
    @classmethod
    def _postmark_or_false(cls, value: Any) -> Any:
        if value is None or value is False or isinstance(value, dict | Postmark):
            return value
        raise ValueError(
            "a stamped envelope is postmarked already: give `postmark: {town: ..., date: ...}` "
            "for its words, or `postmark: false` if it was never posted"
        )

    @model_validator(mode="after")
    def _stamped_or_by_hand(self) -> Envelope:
        given: list[str] = []
        if self.style != "envelope":
            given = [
                key for key in ("stamp", "postmark", "by_hand") if key in self.model_fields_set
            ]
            if given:
                raise ValueError(
                    f"a {self.style.replace('-', ' ')} is not posted: `{given[0]}` is for "
                    "`style: envelope`; remove it"
                )
        if self.style == "tin-label":
            given = [key for key in ("hand", "ink", "size") if key in self.model_fields_set]
            if given:
                raise ValueError(
                    f"a tin label is printed, at the size of the tin it goes round: `{given[0]}` "
                    "is for an envelope or a sleeve; remove it"
                )
        if self.postmark is not None and self.stamp is None:
            raise ValueError("a postmark cancels a stamp: give `stamp:` too, or no postmark")
        if self.stamp is not None and "by_hand" in self.model_fields_set:
            raise ValueError(
                "`by_hand` is written where a stamp would be, and this envelope has a stamp: "
                "leave out one of them"
            )
        return self


# Where words added later can stand: any prop's margin; a form's ruled line or printed field.
AdditionPlace = Literal["margin", "after-line", "over-field"]


class Addition(Strict):
    """Words added to a prop later, by someone else: in their own hand and ink, at a place
    on it (a note in the margin, an item written in after a line, a correction over a
    printed field)."""

    text: str | list[Cell] = Field(
        description="The words added; on a form's ruled line, a list gives one per column.",
    )
    hand: HandName = Field("hurried", description="Whose hand added them (or `typewriter`).")
    ink: Ink = Field("black", description="`blue`, `black`, `pencil` or `red`.")
    where: AdditionPlace = Field(
        "margin",
        description="`margin` (any prop), `after-line` (a form's ruled line, or a line of a "
        "note's or a letter's text, with `line:`), `over-field` (a form's printed box, with "
        "`field:`).",
    )
    line: int | None = Field(
        None,
        ge=0,
        description="With `after-line`: written after this line (0: before the first): a "
        "form's ruled line, or a line of a note's or letter's text as written, blank lines not "
        "counted.",
    )
    field: str | None = Field(
        None, description="With `over-field`: the printed label of the box written over."
    )

    @model_validator(mode="after")
    def _place_named(self) -> Addition:
        needs = {"after-line": "line", "over-field": "field"}
        for place, key in needs.items():
            given = getattr(self, key) is not None
            if self.where == place and not given:
                raise ValueError(
                    f"`where: {place}` says after which line: give `{key}:`"
                    if key == "line"
                    else f"`where: {place}` says over which box: give `{key}:` (its label)"
                )
            if self.where != place and given:
                raise ValueError(f"`{key}:` is for `where: {place}`: give that, or remove `{key}:`")
        if isinstance(self.text, list) and self.where != "after-line":
            raise ValueError("a list of words (one per column) is for `where: after-line`")
        return self


def written_lines(text: str) -> int:
    """The lines of a text as the YAML has them, blank ones not counted: what an addition's
    `line:` counts on a note or a letter."""
    return sum(1 for line in text.splitlines() if line.strip())


def text_line_checks(additions: list[Addition], text: str) -> Iterator[Check]:
    """Each addition after a line the text has not got, the text's count in the hint."""
    lines = written_lines(text)
    for index, addition in enumerate(additions):
        if addition.line is not None and addition.line > lines:
            yield (
                ("additions", index, "line"),
                f"after line {addition.line}, and the text has {lines} line"
                + ("" if lines == 1 else "s"),
                f"give a line from 0 to {lines} (blank lines are not counted)",
            )


@dataclass(frozen=True)
class Posted:
    """What a prop gives its envelope by default: where and when it was written (the
    postmark's town and day), whose headed stationery it is on (printed on the envelope
    too), and the ink it is written in."""

    place: str | None = None
    date: str | None = None
    organisation: str | None = None
    letterhead: tuple[str, ...] = ()
    ink: Ink | None = None


class HandoutBase(Strict):
    """What every handout kind shares: who gets it, when, and the GM's side of it."""

    id: Slug
    title: Title = Field(description="Name of the handout, for lists and the GM copy.")
    player_title: Title | None = Field(
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
    envelope: Envelope | None = Field(
        None,
        description="The envelope it came in, printed after it: addressed, stamped and "
        "postmarked, or delivered by hand.",
    )
    additions: list[Addition] = Field(
        default_factory=list,
        max_length=20,
        description="Words added later in another hand and ink, at a place on the prop.",
    )

    # The places on this kind's props where words can be added (`Addition.where`).
    addition_places: ClassVar[tuple[str, ...]] = ("margin",)
    # --- the kind's hooks: a kind overrides those it needs; nothing outside the kinds' own
    # models and modules asks which kind a handout is. --------------------------------------

    @classmethod
    def automatic(cls, campaign: CampaignView) -> dict[str, HandoutBase]:
        """Handouts of this kind the loader makes without a file (by id)."""
        return {}

    def settled(self, campaign: CampaignView) -> Self:
        """The handout with what it takes from the rest of the campaign filled in as it
        loads (an author's hand, a cipher's text): settled on the whole campaign, before the
        audience projection removes the GM-only fields it came from."""
        return self

    def campaign_checks(self, campaign: CampaignView) -> Iterator[KindCheck]:
        """Problems only the campaign around it shows (a stamp its organisation lacks)."""
        return iter(())

    def campaign_warnings(self, campaign: CampaignView) -> Iterator[KindCheck]:
        """What the YAML asks for that the prop cannot show (an ink on typed groups): `validate`
        warns, at its line, rather than drop it without a word."""
        return iter(())

    def checks(self) -> Iterator[Check]:
        """Each addition at a place this kind has."""
        for index, addition in enumerate(self.additions):
            if addition.where not in self.addition_places:
                places = ", ".join(f"`{place}`" for place in self.addition_places)
                yield (
                    ("additions", index, "where"),
                    f"a {self.__class__.__name__.removesuffix('Handout').lower()} has no "
                    f"`{addition.where}` to add words at",
                    f"this kind takes additions at {places}",
                )

    def parts_warnings(self) -> Iterator[KindCheck]:
        """What the parts every kind may have ask for and cannot show (see
        `campaign_warnings`): an ink on a typed address."""
        envelope = self.envelope
        if envelope is not None and envelope.ink is not None and envelope.hand in TYPED_HANDS:
            yield (
                ("envelope", "ink"),
                f"`ink: {envelope.ink}` is for an address written by hand, and this one is "
                f"typed (`hand: {envelope.hand}`): it prints in the ribbon's black",
                "remove `ink:`, or give the envelope a writing hand",
                "not-shown",
            )

    def posted(self) -> Posted:
        """What the prop gives its envelope by default (see `Posted`); a kind with a place
        and date of its own (a letter) gives them."""
        return Posted()

    def with_parts_settled(self, campaign: CampaignView) -> Self:
        """The parts every kind may have, settled on the whole campaign as it loads: an
        envelope without a `hand:` is addressed in the prop's hand if it is written, else
        its author's (GM-only, so settled here, before players' views leave it out)."""
        envelope = self.envelope
        if envelope is None or envelope.hand is not None or envelope.style == "tin-label":
            return self
        hand = self.hand_of("envelope") or authors_hand(self, campaign)
        if hand is None:
            return self
        return self.model_copy(update={"envelope": envelope.model_copy(update={"hand": hand})})

    def printed_labels(self, campaign: CampaignView) -> Iterator[tuple[str, str]]:
        """The fixed labels its prop prints (campaign/labels.yaml), each with the language it
        prints them in: `validate` warns about a language with no word for one."""
        return iter(())

    def parts_labels(self, campaign: CampaignView) -> Iterator[tuple[str, str]]:
        """The fixed labels its parts print, as `printed_labels`: a sleeve's or a tin
        label's own words."""
        words = {"sleeve": "sleeve-words", "tin-label": "tin-words"}
        if self.envelope is not None and self.envelope.style in words:
            yield words[self.envelope.style], self.prop_language(campaign)

    def prop_language(self, campaign: CampaignView) -> str:
        """The language its prop is printed in."""
        return self.language or campaign.info.languages[0]

    def shown_title(self, campaign: CampaignView) -> str | None:
        """What the prop itself shows as its name, for players when there is no
        `player_title` (a file's subject, a plan's place)."""
        return None

    def hand_of(self, field: str) -> HandName | None:
        """The hand a top-level text field is written in; None: it is printed."""
        return None

    def at_scale(self, scale: str) -> Self:
        """The handout printed at a map scale the build asks for (only plans have one)."""
        return self

    def references(self) -> Iterator[Reference]:
        if self.to != "all":
            for index, player in enumerate(self.to):
                yield ("to", index), "players", player
        if self.location is not None:
            yield ("location",), "locations", self.location
        if self.author is not None:
            yield ("author",), "npcs", self.author


def authors_hand(handout: HandoutBase, campaign: CampaignView) -> HandName | None:
    """The hand of a handout's author, if the author has one. A handout without a `hand:` is
    in it; settled on the whole campaign as it loads, because `author` is GM-only and a
    player's copy must look the same without knowing it."""
    author = campaign.npcs.get(handout.author) if handout.author else None
    return author.hand if author else None


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


# How a prop's redacted parts were blacked out (its kind draws the bars).
Redaction = Literal["bar", "marker"]


def redaction_choice() -> Any:
    """The `redaction:` field of a kind with redactable parts."""
    return Field(
        "bar",
        description="How redacted parts are blacked out: `bar` (ruled bars, a censor's "
        "office) or `marker` (a felt pen's uneven strokes, by hand).",
    )


CONCEALED_TEXT_FIELD = "text"
REDACTION_CHAR = "\u2588"


def redaction_bar(text: str) -> str:
    """Block characters standing for `text`, rounded up to 6 so the bar hides exact length."""
    length = len(" ".join(text.split()))
    return REDACTION_CHAR * (-(-length // 6) * 6)
