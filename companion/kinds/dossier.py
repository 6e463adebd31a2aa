"""The personnel file: a field table, narrative sections, stamps and true redaction, laid
out as its organisation's office keeps its files (see `dossier_styles`)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, get_args

from markupsafe import Markup

from companion.campaign.labels import FALLBACK, PropLabels, label_table, prop_labels
from companion.campaign.models import (
    Campaign,
    DossierField,
    DossierFieldKey,
    DossierHandout,
    Organisation,
    Passage,
    Person,
    Redaction,
    Vocabulary,
    first_named,
)
from companion.kinds.base import (
    HandoutContext,
    PageSize,
    context_basics,
)
from companion.kinds.dossier_styles import STYLES, FileStyle, Fittings, fittings, stamp_turn
from companion.kinds.imprint import MarkPlace
from companion.kinds.redaction import Bar, bars
from companion.render.inks import ink
from companion.render.markup import markdown_inline, prop_html
from companion.render.typography import typeset, typeset_lines
from companion.seeds import seeded_random

# Rows of a file in the order it prints them.
FIELD_ORDER: tuple[str, ...] = get_args(DossierFieldKey)


# The stamps stand beside the photograph, which takes this much of the column (dossier.css).
PHOTO_ROOM_MM = 44


@dataclass(frozen=True)
class Label:
    """A label in the file's language; `gloss` is the English beside it in the GM copy."""

    text: str
    gloss: str | None


@dataclass(frozen=True)
class Entry:
    """A table row or a paragraph: its words, or a bar where players may not read."""

    label: Label | None
    body: Markup
    redacted: bool  # in a player copy: draw a bar; in the GM copy: tint the text
    hidden: bool  # GM copy only: the players' copy leaves this out entirely
    bar_lengths: tuple[int, ...] = ()  # in characters, one bar per line
    bars: tuple[Bar, ...] = ()  # the bars as drawn (see `_drawn`)
    revealed_in: int | None = None  # GM copy only: the session that lifts the redaction
    number: int | None = None  # a form's question, a minute sheet's minute


@dataclass(frozen=True)
class Section:
    label: Label
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Stamp:
    """A rubber stamp in the room left for it: turned by `angle_deg`, with `room_mm` above
    and below for its corners, set `shift_mm` in from where the room begins."""

    id: str
    text: str
    gloss: str | None
    angle_deg: float
    room_mm: float
    shift_mm: float


READING_THE_GM_COPY = (
    "Text on a grey tint is shown to the players as a black bar (until the session named, if "
    "any); outlined text, marked GM ONLY, is left out of their copy."
)


@dataclass(frozen=True, kw_only=True)
class DossierContext(HandoutContext):
    page: PageSize
    organisation: str  # its id, or `none` for a plain file
    ink: str  # the stamps' colour, CSS `r g b`
    agency_line: Label | None  # the organisation's name, none on a plain file
    letterhead: tuple[str, ...]
    department: str | None
    file_title: Label
    file_number: str
    opened: str | None
    classification: Label
    copy_line: str
    page_word: str
    of_word: str
    opened_word: Label
    subject_name: str
    portrait_url: str | None
    rows: tuple[Entry, ...]
    sections: tuple[Section, ...]
    stamps: tuple[Stamp, ...]  # in their own band under the title
    corner_stamps: tuple[Stamp, ...]  # in the header's corner, as on a file's cover
    style: FileStyle
    fittings: Fittings


def dossier_context(campaign: Campaign, handout: DossierHandout, is_gm: bool) -> DossierContext:
    """`campaign` and `handout` are already projected for the audience."""
    subject = campaign.person(handout.subject)
    assert subject is not None  # references are checked when the campaign loads
    keeper = file_keeper(campaign, handout, subject)
    language = handout.language or (keeper.language if keeper else "en")
    labels = _Labeler(
        keeper, language, is_gm, campaign.info.words(), prop_labels(language, campaign.info.labels)
    )
    style = STYLES[keeper.file_style if keeper else "plain"]
    page = PageSize.named(campaign.info.paper)
    rows, sections = _written(campaign, handout, subject, labels, style)
    stamps = _stamps(handout, labels, style, page)
    entries = [*rows, *(entry for section in sections for entry in section.entries)]
    concealing = any(entry.redacted or entry.hidden for entry in entries)
    # On the GM's notes page, not under the file: a two-line legend must not take a page.
    legend = [("Reading the GM copy", READING_THE_GM_COPY if concealing else None)]
    return DossierContext(
        **context_basics(campaign, handout, is_gm, language, legend),
        page=page,
        organisation=keeper.id if keeper else "none",
        ink=ink(keeper),
        agency_line=_name_line(keeper, language, is_gm),
        letterhead=typeset_lines(keeper.letterhead if keeper else (), language),
        department=typeset(handout.department, language),
        file_title=_file_title(keeper, labels),
        file_number=handout.file_number,
        opened=typeset(handout.opened, language),
        classification=labels.classification(handout.classification),
        copy_line=labels.word("copy").text,
        page_word=labels.word("page").text,
        of_word=labels.word("of").text,
        opened_word=labels.word("opened"),
        subject_name=typeset(_file_name(handout, subject), language),
        portrait_url=f"campaign:{subject.portrait}?mono" if subject.portrait else None,
        rows=rows,
        sections=sections,
        stamps=tuple(s for s in stamps if s.id not in style.corner_stamps),
        corner_stamps=tuple(s for s in stamps if s.id in style.corner_stamps),
        style=style,
        fittings=fittings(style, page, keeper.id if keeper else "none", handout.id),
        # Typed like the file's own head and foot lines, as an archive's reference would be.
        mark_place=MarkPlace(face="mono"),
    )


def _name_line(keeper: Organisation | None, language: str, is_gm: bool) -> Label | None:
    """The organisation's name as its papers print it; the GM reads its short name beside a
    name in another language."""
    if keeper is None:
        return None
    gloss = keeper.short if is_gm and language != "en" and keeper.short else None
    return Label(typeset(keeper.name, language), gloss)


def _file_title(keeper: Organisation | None, labels: _Labeler) -> Label:
    """The organisation's title for its files, else `Personal file` in the file's language;
    the GM reads the English beside a title in another language."""
    own = keeper.file_title if keeper else None
    english = label_table()["personal-file"][FALLBACK]
    gloss = english if labels.is_gm and labels.language != FALLBACK else None
    return Label(own or labels.table.word("personal-file"), gloss)


class _Labeler:
    """Labels in the file's language: the organisation's own words first, else the built-in
    table's (campaign/labels.yaml); the GM copy carries the English beside any other."""

    def __init__(
        self,
        keeper: Organisation | None,
        language: str,
        is_gm: bool,
        words: Vocabulary,
        table: PropLabels,
    ) -> None:
        self.words = words
        self.table = table
        self.own = _words(keeper.labels if keeper else {})
        self.classifications = _words(keeper.classification if keeper else {})
        self.stamp_words = _words(keeper.stamps if keeper else {})
        self.statuses = _words(keeper.statuses if keeper else {})
        self.language = language
        self.is_gm = is_gm

    def _label(self, own: str | None, key: str) -> Label:
        """A label of campaign/labels.yaml: the organisation's word, else the table's in the
        file's language; the GM reads the English beside another."""
        text = own or self.table.word(key)
        english = label_table()[key][FALLBACK]
        gloss = english if self.is_gm and text != english else None
        return Label(typeset(text, self.language), typeset(gloss, "en"))

    def field(self, key: str) -> Label:
        return self._label(self.own.get(key), f"field-{key}")

    def section(self, key: str) -> Label:
        return self._label(self.own.get(key), f"section-{key}")

    def word(self, key: str) -> Label:
        return self._label(self.own.get(key), key)

    def classification(self, level: str) -> Label:
        return self._label(self.classifications.get(level), f"classification-{level}")

    def status(self, status: str | None) -> Label:
        """A status by id (None: the campaign's first); one of the campaign's own is printed
        as it names it."""
        status_id = status or self.words.first_status
        own = self.statuses.get(status_id)
        if f"status-{status_id}" in label_table():
            return self._label(own, f"status-{status_id}")
        return Label(typeset(own or self.words.status(status_id).printed, self.language), None)

    def stamp(self, stamp_id: str) -> Label:
        """A stamp's words: the organisation's, else a common stamp's in the file's language."""
        own = self.stamp_words.get(stamp_id)
        if f"stamp-{stamp_id}" in label_table():
            return self._label(own, f"stamp-{stamp_id}")
        return Label(typeset(own or "", self.language), None)


def _words(table: Mapping[Any, str]) -> dict[str, str]:
    """An organisation's words by plain string keys."""
    return {str(key): words for key, words in table.items()}


def _file_name(handout: DossierHandout, subject: Person) -> str:
    """The name as the file writes it: its own `name` row (a Soviet file says Озола К. Я.),
    else the subject's name."""
    row = next((r for r in handout.fields if r.key == "name" and not r.redacted), None)
    return row.text.splitlines()[0] if row and row.text else subject.name


def _subject_rows(subject: Person, labels: _Labeler) -> list[DossierField]:
    """The rows a file takes from the subject's own data: public fields only, since the
    subject has already been projected for the audience."""
    status_word = labels.status(subject.status).text
    values = {
        "name": subject.name,
        "aliases": "; ".join(subject.aliases),
        "born": subject.born,
        "nationality": subject.nationality,
        "role": subject.role,
        "affiliation": subject.affiliation,
        "languages": ", ".join(subject.languages),
        "status": status_word,
    }
    return [DossierField(key=key, text=value) for key, value in values.items() if value]


def _rows(handout: DossierHandout, subject: Person, labels: _Labeler) -> list[Entry]:
    own = {row.key for row in handout.fields if row.key}
    inherited = _subject_rows(subject, labels) if handout.subject_fields else []
    rows = [row for row in inherited if row.key not in own] + list(handout.fields)
    order = list(FIELD_ORDER)
    rows.sort(key=lambda row: order.index(row.key) if row.key else len(order))
    return [_row(row, labels) for row in rows]


def _row(row: DossierField, labels: _Labeler) -> Entry:
    own_label = Label(typeset(row.label or "", labels.language), None)
    label = labels.field(row.key) if row.key else own_label
    return _entry(row, label, labels.is_gm, inline=True, language=labels.language)


def _entry(
    item: DossierField | Passage, label: Label | None, is_gm: bool, *, inline: bool, language: str
) -> Entry:
    if item.redacted and not is_gm:
        # The player view holds only block characters here (see Concealable.for_players).
        return Entry(label, Markup(), True, False, _bar_lengths(len(item.text), inline))
    if inline:
        body = markdown_inline(item.text, language=language)
    else:
        body = prop_html(item.text, language=language)
    concealed = item.redacted or item.revealed_in is not None
    return Entry(label, body, concealed, item.gm, revealed_in=item.revealed_in)


def _drawn(
    entries: tuple[Entry, ...], redaction: Redaction, pen: random.Random
) -> tuple[Entry, ...]:
    """The entries with their bars drawn as the file's censor drew them."""
    return tuple(
        replace(entry, bars=bars(entry.bar_lengths, redaction, pen)) if entry.bar_lengths else entry
        for entry in entries
    )


def _bar_lengths(characters: int, inline: bool) -> tuple[int, ...]:
    """Bars as a censor's marker would draw them: line by line, the last one shorter."""
    line = 48 if inline else 78
    full, rest = divmod(characters, line)
    return (line,) * full + ((rest,) if rest else ())


def _sections(
    campaign: Campaign,
    handout: DossierHandout,
    subject: Person,
    labels: _Labeler,
    language: str,
) -> list[Section]:
    sections = []
    for section in handout.sections:
        own_label = Label(typeset(section.heading or "", language), None)
        label = labels.section(section.key) if section.key else own_label
        entries = tuple(_paragraph(p, labels.is_gm, language) for p in section.paragraphs)
        sections.append(Section(label, entries))
    if not handout.sections:
        sections += _default_sections(campaign, subject, labels, language)
    return sections


def _paragraph(paragraph: Passage | str, is_gm: bool, language: str) -> Entry:
    if isinstance(paragraph, str):
        paragraph = Passage(text=paragraph)
    return _entry(paragraph, None, is_gm, inline=False, language=language)


def _default_sections(
    campaign: Campaign, subject: Person, labels: _Labeler, language: str
) -> list[Section]:
    """A file made from an NPC alone: what players may know of them, and who they know."""
    sections = []
    if subject.summary:
        summary = _paragraph(subject.summary, labels.is_gm, language)
        sections.append(Section(labels.section("background"), (summary,)))
    associates = [campaign.person(a) for a in subject.associates]
    names = [f"{p.name}" + (f" — {p.role}" if p.role else "") for p in associates if p]
    if names:
        entries = tuple(_paragraph(name, labels.is_gm, language) for name in names)
        sections.append(Section(labels.section("associates"), entries))
    return sections


def _written(
    campaign: Campaign,
    handout: DossierHandout,
    subject: Person,
    labels: _Labeler,
    style: FileStyle,
) -> tuple[tuple[Entry, ...], tuple[Section, ...]]:
    """The table's rows and the narrative's sections, their bars drawn, numbered as the
    style's office numbers them."""
    pen = seeded_random("redaction", handout.id)  # its own, so bars never move the stamps
    rows = _drawn(tuple(_rows(handout, subject, labels)), handout.redaction, pen)
    sections = tuple(
        replace(section, entries=_drawn(section.entries, handout.redaction, pen))
        for section in _sections(campaign, handout, subject, labels, labels.language)
    )
    if style.numbered_rows:
        rows = _numbered(rows)
    if style.minutes:
        sections = _minuted(sections)
    return rows, sections


def _numbered(entries: tuple[Entry, ...], start: int = 1) -> tuple[Entry, ...]:
    """The entries numbered as a form or a minute sheet numbers them. Only what the players'
    copy shows counts, so the GM's copy and theirs agree on every number; a GM-only entry
    has none."""
    numbered = []
    number = start
    for entry in entries:
        numbered.append(replace(entry, number=None if entry.hidden else number))
        number += 0 if entry.hidden else 1
    return tuple(numbered)


def _minuted(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """A minute sheet's paragraphs, numbered on from section to section."""
    minuted = []
    after = 0
    for section in sections:
        entries = _numbered(section.entries, after + 1)
        after = max((e.number for e in entries if e.number is not None), default=after)
        minuted.append(replace(section, entries=entries))
    return tuple(minuted)


def _stamps(
    handout: DossierHandout, labels: _Labeler, style: FileStyle, page: PageSize
) -> list[Stamp]:
    """The stamps, each turned a little as a hand sets one down, the same on every build."""
    chance = seeded_random("dossier", handout.id)
    column = page.width_mm - style.margins.left_mm - style.margins.right_mm - PHOTO_ROOM_MM
    stamps = []
    for name in handout.stamps:
        label = labels.stamp(name)
        angle, room = stamp_turn(label.text, column, chance)
        shift = round(chance.uniform(0, 8), 1)
        stamps.append(Stamp(name, label.text, label.gloss, angle, room, shift))
    return stamps


def file_keeper(
    campaign: Campaign, handout: DossierHandout, subject: Person
) -> Organisation | None:
    """Whose file this is: the handout's organisation, else the subject's, else the
    campaign's; none of them, and the file is a plain one with no service named."""
    info = campaign.info
    return first_named(info, handout.organisation, subject.organisation, info.organisation)
