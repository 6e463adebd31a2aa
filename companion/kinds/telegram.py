"""The telegram: the form of its era and country, the message in capitals on strips of paper
tape pasted onto it, STOP for each full stop (ТЧК on a Soviet form), and its word count.
The players' printed recap is a telegram too."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from companion.campaign.models import Campaign, TelegramHandout
from companion.kinds.base import HandoutContext, PageSize, context_basics
from companion.render.typography import typeset

# The words a clerk typed for a full stop and a comma, by the message's language (an
# international telegram received on a Soviet form still says STOP).
PUNCTUATION_WORDS: dict[str, tuple[str, str | None]] = {"ru": ("ТЧК", "ЗПТ")}
ENGLISH_PUNCTUATION: tuple[str, str | None] = ("STOP", None)
# The tape's width in characters of its typeface: a longer message goes on another strip.
TAPE_CHARACTERS = 44


@dataclass(frozen=True)
class TelegramForm:
    """A printed form: its office line, title, field labels and small print, in its
    language."""

    office: str
    heading: str
    priority: str
    number: str
    handed_in: str
    origin: str
    words: str
    to: str
    footer: str
    page: PageSize
    paper: str  # the form's colour


FORMS: dict[str, TelegramForm] = {
    "gpo": TelegramForm(
        office="Post Office Telegram",
        heading="Telegram",
        priority="Priority",
        number="No.",
        handed_in="Handed in",
        origin="Office of origin",
        words="Words",
        to="To",
        footer='For free repetition of doubtful words telephone "TELEGRAMS ENQUIRY"',
        page=PageSize.named("a5"),
        paper="#efe6cf",
    ),
    "soviet": TelegramForm(
        office="Министерство связи СССР",
        heading="Телеграмма",
        priority="Категория",
        number="№",
        handed_in="Принята",
        origin="Откуда",
        words="Слов",
        to="Кому",
        footer="Телеграмма доставлена. Справки по телефону 06",
        page=PageSize(210.0, 148.0),
        paper="#e4e6e0",
    ),
    "american": TelegramForm(
        office="Transcontinental Telegraph Company",
        heading="Telegram",
        priority="Class of service",
        number="Check",
        handed_in="Filed",
        origin="Sent from",
        words="Words",
        to="To",
        footer="The company will appreciate suggestions from its patrons concerning its service",
        page=PageSize(210.0, 148.0),
        paper="#f3e7a6",
    ),
}


@dataclass(frozen=True, kw_only=True)
class TelegramContext(HandoutContext):
    page: PageSize
    paper: str
    form: str  # its CSS class
    office: str
    heading: str
    fields: tuple[tuple[str, str], ...]  # printed label, filled-in value
    to_label: str  # printed on the form, "To" or "Кому"
    to_line: str | None  # typed in by the clerk
    strips: tuple[str, ...]  # the message, as strips of tape pasted onto the form
    footer: str


def telegram_context(campaign: Campaign, handout: TelegramHandout, is_gm: bool) -> TelegramContext:
    """`campaign` and `handout` are already projected for the audience."""
    form = FORMS[handout.form]
    language = handout.language or campaign.info.languages[0]
    message = handout.text
    if handout.telegraphese:
        stop, comma = PUNCTUATION_WORDS.get(language, ENGLISH_PUNCTUATION)
        message = telegraphese(message, stop, comma)
    words = [*message.upper().split(), *(handout.sender or "").upper().split()]
    strips = tape(message.upper()) + ((handout.sender.upper(),) if handout.sender else ())
    filled = (
        (form.priority, handout.priority),
        (form.number, handout.serial),
        (form.handed_in, handout.handed_in),
        (form.words, str(len(words))),
        (form.origin, handout.origin),
    )
    return TelegramContext(
        **context_basics(campaign, handout, is_gm, language),
        page=form.page,
        paper=form.paper,
        form=handout.form,
        office=form.office,
        heading=form.heading,
        fields=tuple((label, value) for label, value in filled if value),
        # The address is typed on the form and wraps like any line; the message is the tape
        # as it came off the machine, left exactly as sent.
        to_label=form.to,
        to_line=typeset(handout.addressee, language),
        strips=strips,
        footer=form.footer,
    )


def tape(message: str) -> tuple[str, ...]:
    """The message cut into strips as the tape came off the machine: at word boundaries,
    never wider than the tape."""
    return tuple(textwrap.wrap(message, TAPE_CHARACTERS, break_on_hyphens=False))


# Abbreviations keep their words together: a telegram writes "DR BELOV", not "DR STOP BELOV".
_ABBREVIATION = re.compile(
    r"\b(Dr|Mr|Mrs|Ms|Mme|St|Mt|No|Nr|Gen|Col|Capt|Lt|Sgt|Prof|Rev|Jr|Sr|Co|Ltd|Inc|vs|etc|"
    r"ул|д|г|гг|кв|тов|им|ст|пр|пл)\.(?=\s|$)",
    re.IGNORECASE,
)
# An initial before a name: "V. V. Sokolov" is "V V SOKOLOV".
_INITIAL = re.compile(r"\b([A-ZА-ЯЁ])\.(?=\s*[A-ZА-ЯЁ])")


def telegraphese(text: str, stop: str = "STOP", comma: str | None = None) -> str:
    """Capitals, no emphasis marks, and STOP for every full stop, as telegrams were sent;
    abbreviations and initials lose their dots instead of ending a sentence. Where the office
    spelt out commas too (ЗПТ), so does this."""
    plain = re.sub(r"[*_`]", "", text)
    plain = _INITIAL.sub(r"\1", _ABBREVIATION.sub(r"\1", plain)).upper()
    if comma:
        plain = re.sub(r"\s*,\s*", f" {comma} ", plain)
    sentences = [s.strip() for s in re.split(r"[.!?]+(?:\s+|$)", plain) if s.strip()]
    return f" {stop} ".join(sentences) + f" {stop}"
