"""The model of each handout kind (the `kind:` of a file in `handouts/`), and their union."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal, Self, get_args

from pydantic import (
    AliasChoices,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from companion.campaign import ciphers
from companion.campaign.labels import prop_labels
from companion.campaign.models.base import (
    DEFAULT_HAND,
    TYPED_HANDS,
    Cell,
    Check,
    HandName,
    KindCheck,
    Markdown,
    Reference,
    Slug,
    Strict,
    gm_only,
)
from companion.campaign.models.handouts import (
    CampaignView,
    Concealable,
    HandoutBase,
    Posted,
    Redaction,
    TypewriterFaults,
    authors_hand,
    redaction_choice,
    text_line_checks,
    typewriter_choice,
    typewriter_warnings,
)
from companion.campaign.models.info import first_named
from companion.campaign.models.people import (
    Classification,
    DossierFieldKey,
    DossierSectionKey,
    Npc,
    StampColour,
    StampText,
)
from companion.campaign.models.plan import Scale
from companion.hints import did_you_mean, unknown_id
from companion.seeds import hash_id

# A note is a small page, a ransom note letters cut out one by one: their text is short, and a
# long one would be laid out again and again as it is fitted (SECURITY.md lists the limits).
MAX_NOTE_TEXT = 5_000
MAX_RANSOM_TEXT = 1_000

ISSUER_LINES = (
    "Printed heading lines of your own, the first the name; with an `organisation`, lines "
    "under its name in place of its letterhead."
)

# The fields of a note or a letter written in its hand (the rest is printed).
HANDWRITTEN_FIELDS = ("text", "signature", "place", "date", "salutation", "closing", "envelope")


class NoteHandout(HandoutBase):
    """A handwritten note: a small page, handwriting font, ink and paper done in CSS."""

    kind: Literal["note"]
    text: Markdown = Field(description="The words on the note.", max_length=MAX_NOTE_TEXT)
    signature: str | None = Field(None, description="How it is signed, if at all.")
    ink: Literal["blue", "black", "pencil", "red"] = "blue"
    paper_style: Literal["cream", "white", "lined", "squared"] = "cream"
    size: Literal["a7", "a6", "a5"] = Field("a6", description="Size of one note.")
    layout: Literal["single", "sheet"] = Field(
        "single", description="`single`: the page is the note; `sheet`: copies with cut marks."
    )
    copies: int = Field(
        4,
        ge=1,
        le=16,
        description="How many notes to print when layout is `sheet`: as many to a sheet as "
        "fit inside the printer's margin, with cut lines.",
    )
    hand: HandName | None = Field(
        None,
        description="The hand it is written in (or `typewriter`). Default: the author's, "
        "else `caveat`.",
    )
    typewriter: TypewriterFaults | None = typewriter_choice()
    written_on: Slug | None = Field(
        None,
        description="The id of a card handout (a business or reservation card) this note is "
        "written on the back of: it prints as that card, its printed face on the front and "
        "this writing on the back, at the card's size.",
    )

    addition_places = ("margin", "after-line")

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        if self.written_on is not None:
            yield ("written_on",), "handouts", self.written_on

    def checks(self) -> Iterator[Check]:
        """An addition goes after a line the text has."""
        yield from super().checks()
        yield from text_line_checks(self.additions, self.text)

    def campaign_checks(self, campaign: CampaignView) -> Iterator[KindCheck]:
        """A note is written on the back of a flat card, and takes the card's size and paper."""
        if self.written_on is None:
            return
        card = campaign.handouts.get(self.written_on)
        if card is not None and not (
            isinstance(card, CardHandout) and card.style not in BOOKLET_STYLES
        ):
            kind = kind_name(type(card))
            what = "an ID booklet" if isinstance(card, CardHandout) else f"a {kind}"
            yield (
                ("written_on",),
                f"`{self.written_on}` is {what}: a note is written on the back of a card",
                "name a handout of `kind: card` with style business or reservation",
                "reference",
            )
        for field in ("size", "paper_style"):
            if field in self.model_fields_set:
                yield (
                    (field,),
                    f"a note written on a card has the card's {field.replace('_', ' ')}",
                    f"remove `{field}:` (or `written_on:`)",
                    "note",
                )

    def settled(self, campaign: CampaignView) -> Self:
        """Without a `hand:`, in its author's hand (see `authors_hand`)."""
        hand = authors_hand(self, campaign)
        return self.model_copy(update={"hand": self.hand or hand}) if hand else self

    def campaign_warnings(self, campaign: CampaignView) -> Iterator[KindCheck]:
        yield from typewriter_warnings(self, self.typewriter, self.hand)

    def hand_of(self, field: str) -> HandName | None:
        return (self.hand or DEFAULT_HAND) if field in HANDWRITTEN_FIELDS else None


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


# The rows a file takes from its subject's own fields (`subject_fields`), `status` included.
SUBJECT_ROWS = ("name", "aliases", "born", "nationality", "role", "affiliation", "languages")


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
    redaction: Redaction = redaction_choice()

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        yield ("subject",), "people", self.subject
        if self.organisation is not None:
            yield ("organisation",), "organisations", self.organisation

    @classmethod
    def automatic(cls, campaign: CampaignView) -> dict[str, HandoutBase]:
        """NPCs marked `dossier: true` get a plain file built from their own fields, unless
        a dossier handout about them exists already."""
        covered = {h.subject for h in campaign.handouts.values() if isinstance(h, cls)}
        made: dict[str, HandoutBase] = {}
        for npc in campaign.npcs.values():
            handout_id = f"file-{npc.id}"
            if npc.dossier and npc.id not in covered and handout_id not in campaign.handouts:
                made[handout_id] = cls(
                    id=handout_id,
                    kind="dossier",
                    title=f"File on {npc.name}",
                    subject=npc.id,
                    file_number=_file_number(campaign, npc, hash_id(npc.id) % 9000 + 1000),
                )
        return made

    def campaign_checks(self, campaign: CampaignView) -> Iterator[KindCheck]:
        """Each stamp must be one its organisation has (its own, or the common ones)."""
        subject = campaign.person(self.subject)
        info = campaign.info
        keeper = first_named(
            info, self.organisation, subject.organisation if subject else None, info.organisation
        )
        known = [*COMMON_STAMPS, *(keeper.stamps if keeper else {})]
        for index, stamp in enumerate(self.stamps):
            if stamp not in known:
                unknown = unknown_id(stamp, set(known), "stamp")
                whose = f" for a file of {keeper.name}" if keeper else ""
                yield ("stamps", index), f"{unknown.message}{whose}", unknown.hint, "reference"

    def shown_title(self, campaign: CampaignView) -> str | None:
        """`File: Hinrich Bosse`, in the file's language (`Akte: ...`)."""
        subject = campaign.person(self.subject)
        word = prop_labels(self.file_language(campaign), campaign.info.labels).word("title-file")
        return f"{word}: {subject.name}" if subject else word

    def file_language(self, campaign: CampaignView) -> str:
        """The file's own `language:`, else its organisation's."""
        subject = campaign.person(self.subject)
        info = campaign.info
        keeper = first_named(
            info, self.organisation, subject.organisation if subject else None, info.organisation
        )
        return self.language or (keeper.language if keeper else "en")

    def printed_labels(self, campaign: CampaignView) -> Iterator[tuple[str, str]]:
        """The words round the file, those its organisation does not give."""
        subject = campaign.person(self.subject)
        info = campaign.info
        keeper = first_named(
            info, self.organisation, subject.organisation if subject else None, info.organisation
        )
        language = self.file_language(campaign)
        own = {str(key) for key in keeper.labels} if keeper else set()
        words = ["title-file", "page", "of", "copy", *(["opened"] if self.opened else [])]
        rows: list[str] = [row.key for row in self.fields if row.key]
        if self.subject_fields and subject is not None:
            rows += [key for key in SUBJECT_ROWS if getattr(subject, key)]
        words += [f"field-{key}" for key in dict.fromkeys(rows) if key not in own]
        words += [f"section-{s.key}" for s in self.sections if s.key and s.key not in own]
        if keeper is None or self.classification not in keeper.classification:
            words.append(f"classification-{self.classification}")
        words += [
            f"stamp-{stamp}" for stamp in self.stamps if not keeper or stamp not in keeper.stamps
        ]
        if self.subject_fields and subject is not None:
            status = subject.status or info.words().first_status
            if not keeper or status not in keeper.statuses:
                words.append(f"status-{status}")
        if keeper is None or keeper.file_title is None:
            words.append("personal-file")
        for key in words:
            yield key, language


# Card styles that fold in the middle like a booklet: the front face is the cover.
BOOKLET_STYLES = ("soviet-id", "booklet")
# A card's side: smaller is no card, larger no longer fits a sheet with its cut marks.
CardMillimetres = Annotated[float, Field(ge=20, le=270)]


def _named(fields: list[str], joined_by: str = "and") -> str:
    """`signature` and `seal`, as a message names fields."""
    quoted = [f"`{field}`" for field in fields]
    if len(quoted) == 1:
        return quoted[0]
    return f"{', '.join(quoted[:-1])} {joined_by} {quoted[-1]}"


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
    emblem: Literal["none", "star", "crest"] = Field(
        "none", description="A star, or a crest: a shield with the heading's initials."
    )
    signature: str | None = Field(
        None, description="Signed by hand beside the seal, inside an ID booklet."
    )
    seal: str | None = Field(
        None,
        description="The words round the edge of the round seal inside an ID booklet; "
        "default: the cover's heading.",
    )

    def references(self) -> Iterator[Reference]:
        if self.photo is not None:
            yield ("photo",), "people", self.photo


class CardHandout(HandoutBase):
    """Small cards (business cards, a reservation card) and ID booklets that fold in the
    middle, several to a sheet, with backs (a booklet's inside) that line up when the sheet is
    printed on both sides."""

    kind: Literal["card"]
    style: Literal["business", "soviet-id", "booklet", "reservation"] = Field(
        "business",
        description="`soviet-id` and `booklet` fold in the middle: the front is the cover, "
        "the back the inside.",
    )
    size: tuple[CardMillimetres, CardMillimetres] = Field(
        (85, 55), description="Card width and height in mm; a booklet's as it is closed."
    )
    copies: int = Field(10, ge=1, le=60)
    front: CardFace
    back: CardFace | None = Field(None, description="Printed on the back (duplex).")

    @field_validator("front", "back")
    @classmethod
    def _parts_where_the_style_prints_them(
        cls, face: CardFace | None, info: ValidationInfo
    ) -> CardFace | None:
        style = info.data.get("style")
        if face is None or style is None:
            return face
        inside_only = [name for name in ("signature", "seal") if getattr(face, name)]
        if style not in BOOKLET_STYLES and inside_only:
            one = len(inside_only) == 1
            raise ValueError(
                f"{_named(inside_only)} {'is' if one else 'are'} printed inside an ID booklet "
                f"only: give the card `style: soviet-id` or `booklet`, or leave "
                f"{'it' if one else 'them'} out"
            )
        on_the_cover = [name for name in ("photo", *inside_only) if getattr(face, name)]
        if style in BOOKLET_STYLES and info.field_name == "front" and on_the_cover:
            goes = "it goes" if len(on_the_cover) == 1 else "they go"
            raise ValueError(
                f"a booklet's cover carries no {_named(on_the_cover, 'or')}: {goes} inside "
                "the booklet, under `back:`"
            )
        return face

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        for side in ("front", "back"):
            face = getattr(self, side)
            if face is not None:
                for loc, kind, ref in face.references():
                    yield (side, *loc), kind, ref

    def shown_title(self, campaign: CampaignView) -> str | None:
        return self.front.heading or None

    def printed_labels(self, campaign: CampaignView) -> Iterator[tuple[str, str]]:
        """A booklet's seal that names no issuing body says `Official seal` in its words; the
        sheet's own line (which side, how to print and cut) is in them too."""
        language = self.prop_language(campaign)
        inside = self.back
        booklet = self.style in BOOKLET_STYLES and inside is not None
        if booklet and not (inside and inside.seal) and not self.front.heading:
            yield "official-seal", language
        sides = ["sheet-outside", "sheet-inside", "sheet-cut-fold"] if booklet else ["sheet-front"]
        if self.back is not None:
            sides += ["sheet-flip-long", "sheet-flip-short"]
            sides += [] if booklet else ["sheet-back"]
        for key in sides:
            yield key, language


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

    def shown_title(self, campaign: CampaignView) -> str | None:
        """`Plan: The Hollow Light`, in the plan's language (`Tlocrt: ...`)."""
        location = campaign.locations.get(self.location)
        labels = prop_labels(self.prop_language(campaign), campaign.info.labels)
        word = labels.word("title-plan")
        return f"{word}: {location.name}" if location else word

    def printed_labels(self, campaign: CampaignView) -> Iterator[tuple[str, str]]:
        """The title block's words, and the legend's for what the plan has."""
        location = campaign.locations.get(self.location)
        plan = location.floor_plan if location else None
        language = self.prop_language(campaign)
        keys = ["title-plan", "floor-plan", "scale", "legend-wall", "legend-door"]
        if plan is not None:
            keys += ["legend-window"] if plan.windows else []
            keys += (
                ["legend-table-number"] if any(p.number is not None for p in plan.furniture) else []
            )
            keys += ["legend-grid"] if plan.grid else []
            keys += ["legend-marks"] if any(not m.gm for m in plan.marks) else []
        keys += ["calibration", "fitted-to-page"] if self.fit else ["calibration-true"]
        keys.append("calibration-check")
        if not self.fit:  # a plan at its scale may be printed in tiles
            keys += ["tiles-heading", "tiles-how", "tiles-left-out", "tile-page"]
        for key in keys:
            yield key, language

    def at_scale(self, scale: str) -> Self:
        return self.model_copy(update={"scale": scale, "fit": False})


class LetterHandout(HandoutBase):
    """A letter: handwritten or typed, on an organisation's headed paper or plain; the place
    and date, salutation, body, closing and a signature drawn in the author's hand (its
    envelope, like any prop's, is a part every handout may have: `HandoutBase.envelope`)."""

    kind: Literal["letter"]
    organisation: Slug | None = Field(
        None, description="Headed paper of this organisation (its name and letterhead)."
    )
    letterhead: list[str] = Field(
        default_factory=list,
        description="Your own headed lines (a hotel, a firm), the first the name; with an "
        "`organisation`, lines under its name in place of its letterhead.",
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
    typewriter: TypewriterFaults | None = typewriter_choice()
    ink: Literal["blue", "black", "pencil", "red"] = "blue"
    paper_style: Literal["cream", "white", "lined", "squared"] = "white"
    size: Literal["a5", "paper"] = Field(
        "paper", description="`paper`: the campaign's A4 or letter; or A5 notepaper."
    )

    addition_places = ("margin", "after-line")

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        if self.organisation is not None:
            yield ("organisation",), "organisations", self.organisation

    def checks(self) -> Iterator[Check]:
        """An addition goes after a line the text has."""
        yield from super().checks()
        yield from text_line_checks(self.additions, self.text)

    def settled(self, campaign: CampaignView) -> Self:
        """Without a `hand:`, in its author's hand, and signed in it (see `authors_hand`)."""
        hand = authors_hand(self, campaign)
        if hand is None:
            return self
        update = {"hand": self.hand or hand, "signature_hand": self.signature_hand or hand}
        return self.model_copy(update=update)

    def campaign_warnings(self, campaign: CampaignView) -> Iterator[KindCheck]:
        yield from typewriter_warnings(self, self.typewriter, self.hand)

    def hand_of(self, field: str) -> HandName | None:
        if field == "signature":  # a typed letter is still signed by hand
            body = self.hand or DEFAULT_HAND
            return self.signature_hand or (DEFAULT_HAND if body in TYPED_HANDS else body)
        return (self.hand or DEFAULT_HAND) if field in HANDWRITTEN_FIELDS else None

    def posted(self) -> Posted:
        return Posted(self.place, self.date, self.organisation, tuple(self.letterhead), self.ink)


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
    text: str = Field(
        description="The message; each sentence ends in STOP, as telegrams did.",
        max_length=MAX_NOTE_TEXT,
    )
    sender: str | None = Field(None, description="The name it is signed with, last.")
    telegraphese: bool = Field(
        True, description="Capitals and STOP for each full stop; off: the text as written."
    )


# The label of a key sheet's title for each method (campaign/labels.yaml).
CIPHER_KEY_TITLES = {
    "shift": "cipher-shift",
    "vigenere": "cipher-vigenere",
    "one-time-pad": "one-time-pad",
    "book": "cipher-book",
}


class CipherHandout(HandoutBase):
    """A message enciphered by a stated method. The players get the cipher text as a prop
    (typed groups, or a pencil worksheet); the GM's copy adds the plaintext and the key. The
    enciphering is computed when the campaign loads."""

    kind: Literal["cipher"]
    method: Literal["shift", "vigenere", "one-time-pad", "book"] = Field(
        description="`shift` (Caesar), `vigenere`, `one-time-pad` (number groups), `book`."
    )
    plaintext: str | None = gm_only("The message in clear.", default=None, max_length=MAX_NOTE_TEXT)
    key: str | int | None = gm_only(
        "shift: places (3); vigenere: a keyword; one-time-pad: the pad's digits (none: a "
        "random pad); book: the book's text.",
        default=None,
    )
    style: Literal["typed-groups", "pencil-grid"] = Field(
        "typed-groups", description="Typed in groups of five, or pencilled into a grid."
    )
    heading: str | None = Field(None, description="A line above the groups, as on the prop.")
    hand: HandName | None = Field(
        None,
        description="Written out in pencil in this hand, as a listener copies groups by ear "
        "(on a worksheet: its letters' hand), or `typewriter` / `teleprinter`. None: typed.",
    )
    paper_style: Literal["squared", "lined", "plain"] | None = Field(
        None,
        description="The pad the groups are on: `squared` (default for a copy by hand), "
        "`lined`, or `plain` (default when typed).",
    )
    ink: Literal["pencil", "blue", "black", "red"] = Field(
        "pencil",
        description="What the groups or the worksheet are written in by hand: `pencil` (with "
        "the odd figure rubbed out and written again), or a pen's `blue`, `black`, `red`.",
    )
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

    def campaign_checks(self, campaign: CampaignView) -> Iterator[KindCheck]:
        """A message, and a key that fits its method and enciphers every character."""
        if not (self.plaintext or "").strip():
            yield (
                ("method",),
                "a cipher needs its message",
                "add `plaintext: ...` (GM only)",
                "cipher",
            )
            return
        try:
            ciphers.check_cipher(self.method, self.key, self.plaintext or "")
        except ciphers.BadMessage as bad:
            yield ("plaintext",), str(bad), bad.hint, "cipher"
        except ciphers.CipherProblem as bad:
            where = ("key",) if self.key is not None else ("method",)
            yield where, str(bad), bad.hint, "cipher"

    def handwritten(self) -> bool:
        """Whether a hand writes it out: a worksheet always, groups when `hand:` is a hand."""
        typed = self.hand is None or self.hand in TYPED_HANDS
        return (self.style == "pencil-grid" and self.hand not in TYPED_HANDS) or not typed

    def printed_labels(self, campaign: CampaignView) -> Iterator[tuple[str, str]]:
        """A key sheet's title; a pad's code table names its space and end."""
        if self.key_sheet:
            language = self.prop_language(campaign)
            yield CIPHER_KEY_TITLES[self.method], language
            if self.method == "one-time-pad":
                yield "cipher-space", language
                yield "cipher-end", language

    def campaign_warnings(self, campaign: CampaignView) -> Iterator[KindCheck]:
        """An ink for groups no hand writes out cannot show."""
        if "ink" in self.model_fields_set and not self.handwritten():
            yield (
                ("ink",),
                f"`ink: {self.ink}` is for groups written out by hand, and these are typed",
                "give `hand:` a hand (caveat, neat, ...) to have them copied down in this ink, "
                "or remove `ink:`",
                "not-shown",
            )

    def settled(self, campaign: CampaignView) -> Self:
        """The cipher text computed from the plaintext and key, here, while both are still
        there: the players' view has neither, only what they compute to."""
        done = ciphers.encipher(self.method, self.plaintext or "", self.key, self.id)
        sheet = list(done.key_sheet) if self.key_sheet else []
        return self.model_copy(update={"cipher_text": done.text, "key_sheet_lines": sheet})

    def hand_of(self, field: str) -> HandName | None:
        """The heading is written as the groups are; no author's hand is taken: the one who
        enciphered a message is seldom the one who copied it down."""
        return self.hand if field == "heading" else None


class Article(Strict):
    """A further article on the same cutting, under the first: its own headline and text."""

    headline: str
    subheadline: str | None = None
    byline: str | None = None
    text: Markdown = Field(description="The article.")


class ClippingReverse(Strict):
    """What was printed on the back of the cutting: whatever stood behind the article on
    the page, cut through where the article was cut."""

    headline: str | None = None
    text: Markdown = Field(description="The words on the back, as far as the cutting goes.")
    cut_out: list[str] = Field(
        default_factory=list,
        max_length=40,
        description="Words of the back's text cut out of it (for a ransom note, say): each "
        "is a hole where it stood, its neighbours still there to read.",
    )


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
    articles: list[Article] = Field(
        default_factory=list,
        max_length=6,
        description="Further articles on the same cutting, each under its own headline.",
    )
    reverse: ClippingReverse | None = Field(
        None,
        description="What is printed on the back: a second sheet, each back behind its "
        "clipping when the sheet is printed on both sides.",
    )

    def checks(self) -> Iterator[Check]:
        """Each word cut out of the back stands in the back's text."""
        yield from super().checks()
        if self.reverse is None:
            return
        for index, word in enumerate(self.reverse.cut_out):
            if word not in self.reverse.text:
                yield (
                    ("reverse", "cut_out", index),
                    f"`{word}` is not in the text on the back, so it cannot be cut out of it",
                    "copy the words exactly as `reverse: text:` has them",
                )

    @field_validator("caption")
    @classmethod
    def _caption_needs_a_photo(cls, caption: str | None, info: ValidationInfo) -> str | None:
        if caption is not None and info.data.get("photo") is None:
            raise ValueError("a caption is printed under a photograph: give `photo:` too")
        return caption

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
    issuer: list[str] = Field(default_factory=list, description=ISSUER_LINES)
    form_title: str = Field(description="The printed title: `Δηλωτικόν φορτίου`.")
    form_number: str | None = Field(None, description="The printer's form number: `Obr. 7`.")
    fields: list[FormField] = Field(default_factory=list)
    redaction: Redaction = redaction_choice()
    table: FormTable | None = None
    stamps: list[FormStamp] = Field(default_factory=list)
    signature: str | None = Field(None, description="Signed in the writer's hand.")
    signature_label: str | None = Field(
        None,
        description="Printed under the signature line; default: `Signature` in the form's "
        "language (see `labels:` in campaign.yaml).",
    )
    hand: HandName | None = Field(
        None, description="Who filled it in: a hand or `typewriter`. Default: the author's."
    )
    ink: Literal["blue", "black", "pencil", "red"] = "blue"
    printed_in: Literal["black", "violet", "blue", "red", "green"] = Field(
        "black", description="The ink the form itself is printed in: its words and rules."
    )
    size: Literal["a5", "a5-landscape", "paper"] = "a5"

    addition_places = ("margin", "after-line", "over-field")

    def shown_title(self, campaign: CampaignView) -> str | None:
        """The title printed at the head of the form."""
        return self.form_title

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        if self.organisation is not None:
            yield ("organisation",), "organisations", self.organisation

    def checks(self) -> Iterator[Check]:
        """An addition goes after a line the form has, or over a box it prints."""
        yield from super().checks()
        lines = max(len(self.table.rows), self.table.printed_rows) if self.table else 0
        labels = [field.label for field in self.fields]
        for index, addition in enumerate(self.additions):
            if addition.line is not None and (not self.table or addition.line > lines):
                has = f"{lines} ruled lines" if self.table else "no ruled lines (no `table:`)"
                yield (
                    ("additions", index, "line"),
                    f"after line {addition.line}, and the form has {has}",
                    f"give a line from 0 to {lines}" if lines else "add a `table:`",
                )
            if (
                isinstance(addition.text, list)
                and self.table
                and len(addition.text) > len(self.table.columns)
            ):
                yield (
                    ("additions", index, "text"),
                    f"{len(addition.text)} words for {len(self.table.columns)} columns",
                    "give one per column, or fewer",
                )
            if addition.field is not None and addition.field not in labels:
                yield (
                    ("additions", index, "field"),
                    f"no box labelled `{addition.field}` on this form",
                    did_you_mean(addition.field, labels, "label")
                    or "give a `label:` of one of its `fields:`",
                )

    def settled(self, campaign: CampaignView) -> Self:
        """Without a `hand:`, in its author's hand (see `authors_hand`)."""
        hand = authors_hand(self, campaign)
        return self.model_copy(update={"hand": self.hand or hand}) if hand else self

    def campaign_warnings(self, campaign: CampaignView) -> Iterator[KindCheck]:
        """Words written over a box only the GM's copy prints: the players' copy has
        neither the box nor the words."""
        yield from super().campaign_warnings(campaign)
        gm_boxes = {field.label for field in self.fields if field.gm}
        for index, addition in enumerate(self.additions):
            if addition.field in gm_boxes:
                yield (
                    ("additions", index, "field"),
                    f"written over `{addition.field}`, a box only the GM's copy prints: the "
                    "players' copy shows neither the box nor these words",
                    "write them in the margin, or make the box one the players see",
                    "not-shown",
                )

    def printed_labels(self, campaign: CampaignView) -> Iterator[tuple[str, str]]:
        if self.signature_label is None:
            yield "signature", self.prop_language(campaign)


class PosterHandout(HandoutBase):
    """A printed notice or poster in letterpress style: the authority's line, a great
    headline, the text, the small print. Larger than the paper, it prints in overlapping
    tiles to be pasted together, as a large plan does."""

    kind: Literal["poster"]
    organisation: Slug | None = Field(None, description="Who posts it: its name heads it.")
    issuer: list[str] = Field(default_factory=list, description=ISSUER_LINES)
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

    def printed_labels(self, campaign: CampaignView) -> Iterator[tuple[str, str]]:
        """A poster larger than A4 prints in tiles, each saying which page it is and how to
        paste them up."""
        if self.size != "a4":
            language = self.prop_language(campaign)
            yield "tile-page", language
            yield "poster-paste", language


class RansomHandout(HandoutBase):
    """A message pasted together from letters cut out of newspapers and magazines: every
    letter its own face, size, tilt and scrap of paper, chosen by the handout's seed."""

    kind: Literal["ransom"]
    text: str = Field(
        description="The message; its line breaks are kept.", max_length=MAX_RANSOM_TEXT
    )
    size: Literal["a5", "paper"] = Field("a5", description="A5, or the campaign's paper.")
    paper_style: Literal["cream", "white", "lined", "squared"] = "white"


class MatchboxLabel(Strict):
    """The printed label on a matchbox's face, as a match factory or a restaurant had it
    made: a name across it, a few lines, small print along the foot."""

    heading: str = Field(description="The big words: a brand, a restaurant's name.")
    lines: list[str] = Field(default_factory=list, description="Lines under it, in order.")
    small_print: str | None = Field(None, description="Along the foot: a factory, a price.")
    colour: Literal["red", "blue", "green", "black", "yellow"] = Field(
        "red", description="The label's ground; the words print in a colour that reads on it."
    )
    emblem: Literal["none", "star", "moon", "crown", "sun"] = "none"


class MatchboxHandout(HandoutBase):
    """A matchbox with a message hidden inside: its label (to glue on a real box), the two
    brown striking strips for its sides, and a strip of cigarette paper written in a hand,
    folded around the matches. Cut out along the grey lines."""

    kind: Literal["matchbox"]
    label: MatchboxLabel
    text: str = Field(
        description="What is written on the strip inside; its line breaks are kept.",
        max_length=MAX_RANSOM_TEXT,
    )
    signature: str | None = Field(None, description="How it is signed, if at all.")
    hand: HandName | None = Field(
        None, description="The hand it is written in. Default: the author's, else `caveat`."
    )
    ink: Literal["blue", "black", "pencil", "red"] = "pencil"

    def settled(self, campaign: CampaignView) -> Self:
        """Without a `hand:`, in its author's hand (see `authors_hand`)."""
        hand = authors_hand(self, campaign)
        return self.model_copy(update={"hand": self.hand or hand}) if hand else self

    def hand_of(self, field: str) -> HandName | None:
        return (self.hand or DEFAULT_HAND) if field in ("text", "signature") else None

    def shown_title(self, campaign: CampaignView) -> str | None:
        return self.label.heading


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
    | MatchboxHandout
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


def _file_number(campaign: CampaignView, npc: Npc, number: int) -> str:
    """A number as the organisation keeping the file writes them (`CRO 4711`), or bare."""
    keeper = first_named(campaign.info, npc.organisation, campaign.info.organisation)
    pattern = keeper.file_number if keeper else "{n}"
    return pattern.replace("{n}", str(number))
