"""The personnel file: a field table, narrative sections, stamps and true redaction."""

from __future__ import annotations

import random
from dataclasses import dataclass

from markupsafe import Markup

from companion.handouts.common import (
    HandoutContext,
    PageSize,
    context_basics,
    seeded_random,
)
from companion.markup import markdown_html, markdown_inline
from companion.models import (
    Campaign,
    DossierField,
    DossierHandout,
    Passage,
    Person,
)

# Labels as each agency's paperwork prints them. A KGB file is in Russian; the GM copy
# carries the English beside it.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "name": ("Name", "Фамилия, имя, отчество"),
    "aliases": ("Known aliases", "Псевдонимы"),
    "codename": ("Code name", "Оперативный псевдоним"),
    "born": ("Born", "Дата и место рождения"),
    "nationality": ("Nationality", "Национальность"),
    "citizenship": ("Citizenship", "Гражданство"),
    "role": ("Occupation", "Должность"),
    "affiliation": ("Affiliation", "Место работы"),
    "rank": ("Rank", "Звание"),
    "party": ("Party membership", "Партийность"),
    "education": ("Education", "Образование"),
    "languages": ("Languages", "Владение иностранными языками"),
    "marital": ("Marital status", "Семейное положение"),
    "height": ("Height", "Рост"),
    "eyes": ("Eyes", "Цвет глаз"),
    "marks": ("Distinguishing marks", "Особые приметы"),
    "status": ("Status", "Статус"),
    "last_seen": ("Last seen", "Последнее местонахождение"),
    "address": ("Address", "Адрес"),
}
SECTION_LABELS: dict[str, tuple[str, str]] = {
    "background": ("Background", "Биографические данные"),
    "associates": ("Known associates", "Связи"),
    "assessment": ("Assessment", "Характеристика"),
    "compromising": ("Compromising material", "Компрометирующие материалы"),
    "notes": ("Notes", "Примечания"),
}
STATUS_WORDS: dict[str, tuple[str, str]] = {
    "active": ("Active", "действующий"),
    "missing": ("Missing", "пропал без вести"),
    "burned": ("Burned", "раскрыт"),
    "turned": ("Turned", "перевербован"),
    "defected": ("Defected", "перебежчик"),
    "dead": ("Deceased", "умер"),
}
CLASSIFICATIONS: dict[str, tuple[str, str]] = {
    "top-secret": ("TOP SECRET", "СОВЕРШЕННО СЕКРЕТНО"),
    "secret": ("SECRET", "СЕКРЕТНО"),
    "confidential": ("CONFIDENTIAL", "ДЛЯ СЛУЖЕБНОГО ПОЛЬЗОВАНИЯ"),
}
STAMPS: dict[str, tuple[str, str]] = {
    "burned": ("BURNED", "РАСКРЫТ"),
    "defector": ("DEFECTOR", "ПЕРЕБЕЖЧИК"),
    "traitor": ("TRAITOR", "ИЗМЕННИК РОДИНЫ"),
    "keep-forever": ("RETAIN PERMANENTLY", "ХРАНИТЬ ВЕЧНО"),
    "declassified": ("DECLASSIFIED", "РАССЕКРЕЧЕНО"),
    "wanted": ("WANTED", "В РОЗЫСКЕ"),
    "deceased": ("DECEASED", "УМЕР"),
    "eyes-only": ("UK EYES ONLY", "ТОЛЬКО ЛИЧНО"),
}
AGENCY_LINES: dict[str, tuple[str, str]] = {
    "kgb": ("KGB of the USSR", "КГБ СССР"),
    "sis": ("Secret Intelligence Service", "Secret Intelligence Service"),
}
FILE_TITLE: dict[str, tuple[str, str]] = {
    "kgb": ("Personal file No.", "ЛИЧНОЕ ДЕЛО №"),
    "sis": ("Personal File", "Personal File"),
}


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
    revealed_in: int | None = None  # GM copy only: the session that lifts the redaction


@dataclass(frozen=True)
class Section:
    label: Label
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Stamp:
    text: str
    gloss: str | None
    angle_deg: float
    x_pct: float
    y_mm: float


READING_THE_GM_COPY = (
    "Text on a grey tint is shown to the players as a black bar (until the session named, if "
    "any); outlined text, marked GM ONLY, is left out of their copy."
)


@dataclass(frozen=True, kw_only=True)
class DossierContext(HandoutContext):
    page: PageSize
    agency: str
    soviet: bool
    agency_line: Label
    department: str | None
    file_title: Label
    file_number: str
    opened: str | None
    classification: Label
    copy_line: str
    subject_name: str
    portrait_url: str | None
    rows: tuple[Entry, ...]
    sections: tuple[Section, ...]
    stamps: tuple[Stamp, ...]
    ring_x_pct: float
    ring_y_mm: float
    clip_x_pct: float


def dossier_context(campaign: Campaign, handout: DossierHandout, is_gm: bool) -> DossierContext:
    """`campaign` and `handout` are already projected for the audience."""
    soviet = handout.agency == "kgb"
    language = handout.language or ("ru" if soviet else "en")
    russian = language == "ru"
    subject = campaign.person(handout.subject)
    assert subject is not None  # references are checked when the campaign loads
    labels = _Labeler(russian, is_gm)
    variation = seeded_random("dossier", handout.id)
    paper = campaign.info.paper
    rows = tuple(_rows(handout, subject, labels, russian))
    sections = tuple(_sections(campaign, handout, subject, labels, language))
    entries = [*rows, *(entry for section in sections for entry in section.entries)]
    concealing = any(entry.redacted or entry.hidden for entry in entries)
    # On the GM's notes page, not under the file: a two-line legend must not take a page.
    legend = [("Reading the GM copy", READING_THE_GM_COPY if concealing else None)]
    return DossierContext(
        **context_basics(campaign, handout, is_gm, language, legend),
        page=PageSize.named(paper),
        agency=handout.agency,
        soviet=soviet,
        agency_line=labels.pick(AGENCY_LINES[handout.agency]),
        department=handout.department,
        file_title=labels.pick(FILE_TITLE[handout.agency]),
        file_number=handout.file_number,
        opened=handout.opened,
        classification=labels.pick(CLASSIFICATIONS[handout.classification]),
        copy_line="Экз. №" if russian else "Copy No.",
        subject_name=_file_name(handout, subject),
        portrait_url=f"campaign:{subject.portrait}?mono" if subject.portrait else None,
        rows=rows,
        sections=sections,
        stamps=tuple(_stamps(handout, labels, variation)),
        ring_x_pct=round(variation.uniform(55, 85), 1),
        ring_y_mm=round(variation.uniform(55, 85), 1),
        clip_x_pct=round(variation.uniform(62, 72), 1),
    )


class _Labeler:
    """Picks the label in the file's language, with the English gloss for the GM."""

    def __init__(self, russian: bool, is_gm: bool) -> None:
        self.russian = russian
        self.is_gm = is_gm

    @property
    def language(self) -> str:
        return "ru" if self.russian else "en"

    def pick(self, pair: tuple[str, str]) -> Label:
        english, russian = pair
        if not self.russian or english == russian:
            return Label(english, None)
        return Label(russian, english if self.is_gm else None)


def _file_name(handout: DossierHandout, subject: Person) -> str:
    """The name as the file writes it: its own `name` row (a Soviet file says Озола К. Я.),
    else the subject's name."""
    row = next((r for r in handout.fields if r.key == "name" and not r.redacted), None)
    return row.text.splitlines()[0] if row and row.text else subject.name


def _subject_rows(subject: Person, russian: bool) -> list[DossierField]:
    """The rows a file takes from the subject's own data: public fields only, since the
    subject has already been projected for the audience."""
    status_word = STATUS_WORDS[subject.status][1 if russian else 0]
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


def _rows(handout: DossierHandout, subject: Person, labels: _Labeler, russian: bool) -> list[Entry]:
    own = {row.key for row in handout.fields if row.key}
    inherited = _subject_rows(subject, russian) if handout.subject_fields else []
    rows = [row for row in inherited if row.key not in own] + list(handout.fields)
    order = list(FIELD_LABELS)
    rows.sort(key=lambda row: order.index(row.key) if row.key else len(order))
    return [_row(row, labels) for row in rows]


def _row(row: DossierField, labels: _Labeler) -> Entry:
    label = labels.pick(FIELD_LABELS[row.key]) if row.key else Label(row.label or "", None)
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
        body = markdown_html(item.text, language=language)
    concealed = item.redacted or item.revealed_in is not None
    return Entry(label, body, concealed, item.gm, revealed_in=item.revealed_in)


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
        label = (
            labels.pick(SECTION_LABELS[section.key])
            if section.key
            else Label(section.heading or "", None)
        )
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
        sections.append(Section(labels.pick(SECTION_LABELS["background"]), (summary,)))
    associates = [campaign.person(a) for a in subject.associates]
    names = [f"{p.name}" + (f" — {p.role}" if p.role else "") for p in associates if p]
    if names:
        entries = tuple(_paragraph(name, labels.is_gm, language) for name in names)
        sections.append(Section(labels.pick(SECTION_LABELS["associates"]), entries))
    return sections


def _stamps(handout: DossierHandout, labels: _Labeler, variation: random.Random) -> list[Stamp]:
    stamps = []
    for index, name in enumerate(handout.stamps):
        label = labels.pick(STAMPS[name])
        stamps.append(
            Stamp(
                text=label.text,
                gloss=label.gloss,
                angle_deg=round(variation.uniform(-14, 9), 1),
                x_pct=round(variation.uniform(6, 30), 1),
                y_mm=round(150 + index * 38 + variation.uniform(-8, 8), 1),
            )
        )
    return stamps
