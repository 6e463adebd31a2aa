"""Typography by language: where a line may not break, written into the text as no-break spaces.

A compositor keeps initials with the surname, an abbreviation with the name or number it
stands before ("ул. Герцена", "Mr. Harker", "č. 5"), a number with its unit or year word
("20 mm", "1983 г."), a one-letter preposition with the word it governs ("в Москве"), and a
spaced dash with the word before it. WeasyPrint breaks lines wherever a space allows, so each
of these spaces becomes U+00A0 (or the narrow U+202F where French sets a thin one). The rules
are a table per language: adding a language is one entry in `RULES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import overload

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"


def _letters(test: Callable[[str], bool]) -> str:
    """A character class body of the Latin, Greek and Cyrillic letters passing `test`."""
    ranges = ((0x41, 0x24F), (0x370, 0x3FF), (0x400, 0x52F))
    found = (chr(c) for start, end in ranges for c in range(start, end + 1))
    return "".join(re.escape(c) for c in found if c.isalpha() and test(c))


UPPER = _letters(str.isupper)
LOWER = _letters(str.islower)
GAP = r"(?P<gap>[ \t]+)"  # a line break written in the text stays one
WORD_BEFORE = r"(?<![\w'’.-])"  # the token starts a word: nothing of another word before it
WORD_ENDS = r"(?![\w'’-])"
# A name's initial: one capital, or the digraphs transliteration writes ("Yu. S. Belov").
INITIAL = rf"(?:[{UPPER}]|Yu|Ya|Yo|Zh|Kh|Ch|Sh|Ts|Th|Dž|Lj|Nj)\."

# Units and symbols that follow a number in every language here.
UNITS = (
    "mm cm dm m km m² km² ha mg g kg t ml l L °C °F ° % ‰ h min s Hz kHz MHz W kW V km/h "
    "mph in. ft yd mi lb lbs oz gal € $ £ "
    "мм см м км га мг г кг т мл л ч мин с сек руб. коп. р. тыс. млн млрд км/ч"
)
# Signs bound to the number that follows them.
SIGNS = "№ § ¶"


@dataclass(frozen=True)
class Rules:
    """One language's no-break rules. Words are written as in running text, dot included;
    a word's capitalised form (a sentence's first word) is bound the same way."""

    # Prepositions and conjunctions of one letter, bound to the word after them.
    short_words: str = ""
    # Abbreviations bound to the name or number after them: "ул. Герцена", "Dr. Belov".
    before: str = ""
    # Words bound to the number before them: "1983 г.", "8 pm", "19. st.".
    after_number: str = ""
    # Particles bound to the word before them: "знал бы", "John Smith Jr.".
    after_word: str = ""
    # "12. lipnja", "1983. godine", "1. 1.": an ordinal's dot, bound to what it numbers.
    ordinal_dot: bool = False
    # The space grouping thousands ("10 000"), where the language groups them with one.
    thousands: str | None = None
    # French: a thin no-break space before ; ! ?, a no-break one before : and inside « ».
    french_spacing: bool = False


_SOUTH_SLAVIC_LATIN = "br. ul. sv. dr. prof. ing. mr. gđa gđica gosp. tzv. npr. tj. str. čl. br"
RULES: dict[str, Rules] = {
    "en": Rules(
        before="Mr. Mrs. Ms. Dr. St. Mt. Ft. Prof. Rev. Fr. Capt. Col. Gen. Lt. Maj. Sgt. Cpl. "
        "Adm. Cdr. Insp. Supt. No. Nos. p. pp. vol. ch. fig. Fig.",
        after_number="am pm a.m. p.m. BC BCE AD CE",
        after_word="Jr. Sr. Esq.",
    ),
    "ru": Rules(
        short_words="в к с о у и а я",
        before="г. ул. пр. пер. пл. наб. б-р д. кв. корп. стр. ст. п. пос. с. им. тов. гр. "
        "т. тт. рис. гл. ч. акад. проф. ген.",
        after_number="г. гг. в. вв. чел. экз.",
        after_word="ли ль же ж бы б",
        thousands=NBSP,
    ),
    "hr": Rules(
        short_words="a i k o s u",
        before=_SOUTH_SLAVIC_LATIN,
        after_number="g. god. st. kn h",
        ordinal_dot=True,
    ),
    "sr": Rules(
        short_words="a i k o s u а и к о с у",
        before=f"{_SOUTH_SLAVIC_LATIN} бр. ул. св. др. проф. инж. г. гђа гђица тзв. нпр. тј. "
        "стр. чл.",
        after_number="g. god. st. din. h г. год. в. дин.",
        ordinal_dot=True,
    ),
    "sl": Rules(
        short_words="a h k o s v z",
        before="št. ul. sv. dr. prof. ing. g. ga. gdč. npr. tj. str. čl.",
        after_number="h st. l. ur",
        ordinal_dot=True,
        thousands=NBSP,
    ),
    "cs": Rules(
        short_words="a i k o s u v z",
        before="č. čp. ul. nám. sv. tzv. tj. např. str. s. p. pí sl. MUDr. JUDr. PhDr. RNDr. "
        "Ing. Mgr. Bc. prof. doc. r. čl. odst. pplk. plk. mjr. kpt.",
        after_number="hod. Kč h",
        ordinal_dot=True,
        thousands=NBSP,
    ),
    "sk": Rules(
        short_words="a i k o s u v z",
        before="č. ul. nám. sv. tzv. t. napr. str. s. p. MUDr. JUDr. PhDr. RNDr. Ing. Mgr. "
        "Bc. prof. doc. r. čl. ods.",
        after_number="hod. Sk Kčs h",
        ordinal_dot=True,
        thousands=NBSP,
    ),
    "pl": Rules(
        short_words="a i o u w z",
        before="ul. al. pl. os. nr św. dr mgr inż. prof. ks. płk gen. mjr kpt. por. tzw. np. "
        "godz. s. str. p.",
        after_number="r. w. zł gr tys. mln mld",
        ordinal_dot=True,
        thousands=NBSP,
    ),
    "lv": Rules(
        before="Nr. pl. Dr. prof. piem.",
        after_number="g. gs. lpp. Ls sant.",
        ordinal_dot=True,
        thousands=NBSP,
    ),
    "it": Rules(
        short_words="a e i o",
        before="Sig. Sig.ra Sigg. Dott. Dott.ssa Prof. Avv. Ing. Arch. On. Mons. S. SS. p. "
        "pag. n. art. cap. fig. vol.",
        after_number="a.C. d.C.",
    ),
    "el": Rules(
        short_words="ο η ή",
        before="κ. κα Αγ. αρ. οδ. σελ. Δρ. καθ.",
        after_number="π.Χ. μ.Χ. δρχ. χλμ. εκ. λ.",
    ),
    "de": Rules(
        before="Nr. Dr. Prof. Hr. Fr. St. S. Abs. Bd. Kap. ca. Hbf.",
        after_number="Uhr Jh. DM Pf.",
        after_word="jun. sen.",
        ordinal_dot=True,
    ),
    "fr": Rules(
        short_words="à",
        before="M. MM. Mme Mmes Mlle Mlles Me Dr Pr St Ste n° p. art. av. bd fig. vol. chap.",
        after_number="F fr. av. apr.",
        thousands=NARROW_NBSP,
        french_spacing=True,
    ),
}
# A language without rules of its own still keeps initials, numbers, signs and dashes.
COMMON = Rules()


@overload
def typeset(text: str, language: str) -> str: ...
@overload
def typeset(text: None, language: str) -> None: ...
def typeset(text: str | None, language: str) -> str | None:
    """`text` with no-break spaces where `language`'s typography forbids a line break."""
    if not text:
        return text
    for rule in _compiled(language.split("-")[0].lower()):
        text = rule(text)
    return text


def typeset_lines(lines: Iterable[str], language: str) -> tuple[str, ...]:
    """Each line of an address, a letterhead or a list of fields, typeset."""
    return tuple(typeset(line, language) for line in lines)


Rule = Callable[[str], str]


@cache
def _compiled(language: str) -> tuple[Rule, ...]:
    rules = RULES.get(language, COMMON)
    after_number = f"{UNITS} {rules.after_number}".split()
    return tuple(
        rule
        for rule in (
            _dash(),
            _initials(),
            _surname_before_initials(),
            _paired_abbreviations(),
            _before(rules.before.split(), ambiguous=set(after_number)),
            _bound(rf"(?<![\w.])(?:{_any(SIGNS.split())})", r"(?=\d)"),
            _bound(r"\d", rf"(?=(?:{_any(after_number)})(?![\w/]))"),
            _counted(),
            _ordinal() if rules.ordinal_dot else None,
            _short_words(rules.short_words.split()),
            _after_word(rules.after_word.split()),
            _thousands(rules.thousands),
            _french() if rules.french_spacing else None,
        )
        if rule is not None
    )


def _bound(left: str, right: str, space: str = NBSP) -> Rule:
    """Replace the gap between `left` and a lookahead `right` with a no-break space."""
    pattern = re.compile(left + GAP + right)

    def bind(match: re.Match[str]) -> str:
        start, end = match.span("gap")
        whole, offset = match.group(0), match.start()
        return whole[: start - offset] + space + whole[end - offset :]

    return lambda text: pattern.sub(bind, text)


def _any(words: Iterable[str]) -> str:
    """An alternation of `words` and their capitalised forms, longest first."""
    forms = {form for word in words for form in (word, word[:1].upper() + word[1:])}
    # Longest first, then in order: the same pattern in every process, whatever its hash seed.
    return "|".join(re.escape(w) for w in sorted(forms, key=lambda w: (-len(w), w)))


def _dash() -> Rule:
    # A line may end before a spaced dash but never start with one.
    return _bound(r"(?<=\S)", r"(?=[—–-](?:[ \t]|$))")


def _initials() -> Rule:
    """Each initial to the next initial or the surname after it: "В. А. Соколова"."""
    return _bound(rf"{WORD_BEFORE}{INITIAL}", rf"(?=[{UPPER}])")


def _surname_before_initials() -> Rule:
    """A surname to the initials written after it, as Soviet files do: "СОКОЛОВА В. А."."""
    return _bound(rf"{WORD_BEFORE}[{UPPER}][\w'’-]*", rf"(?={INITIAL}(?!\w))")


def _paired_abbreviations() -> Rule:
    """The halves of a two-part abbreviation: "т. е.", "d. h.", "i. e.", "z. B."."""
    return _bound(rf"{WORD_BEFORE}[{LOWER}]\.", rf"(?=[{UPPER}{LOWER}]\.(?!\w))")


def _before(words: list[str], ambiguous: set[str]) -> Rule | None:
    """An abbreviation to the name, number or quotation after it. One that is also a unit
    ("г." is both town and year) after a number is the unit, and binds backwards only."""
    if not words:
        return None
    pattern = re.compile(rf"{WORD_BEFORE}(?P<word>{_any(words)}){GAP}(?=[{UPPER}\d«\"„“(])")

    def bind(match: re.Match[str]) -> str:
        text = match.string
        before = text[max(0, match.start() - 2) : match.start()]
        is_unit = match.group("word") in ambiguous and re.fullmatch(r"\d[ \t]", before)
        return match.group(0) if is_unit else match.group("word") + NBSP

    return lambda text: pattern.sub(bind, text)


def _counted() -> Rule:
    """A small number to what it counts: "3 men", "5 человек" (a year is left free)."""
    return _bound(r"(?<![\w.,:])\d{1,3}", rf"(?=[{LOWER}])")


def _ordinal() -> Rule:
    """A day to its month ("12. lipnja", "12. Juni", "1. 1. 1993"), a year to its word
    ("1983. godine"); a four-digit number before a capital ends a sentence."""
    day = _bound(r"(?<![\w.])\d{1,2}\.", rf"(?=[{UPPER}{LOWER}]|\d{{1,2}}\.)")
    year = _bound(r"(?<![\w.])\d{3,4}\.", rf"(?=[{LOWER}])")
    return lambda text: year(day(text))


def _short_words(words: list[str]) -> Rule | None:
    if not words:
        return None
    return _bound(rf"{WORD_BEFORE}(?:{_any(words)})", r"(?=\S)")


def _after_word(words: list[str]) -> Rule | None:
    if not words:
        return None
    return _bound(r"(?<=[\w.])", rf"(?=(?:{_any(words)}){WORD_ENDS})")


def _thousands(space: str | None) -> Rule | None:
    if space is None:
        return None
    group = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \t]\d{3})+(?![\d])")
    return lambda text: group.sub(lambda m: re.sub(r"[ \t]", space, m.group(0)), text)


def _french() -> Rule:
    thin = re.compile(r"(?<=[^\s«;!?])[ \t]*(?=[;!?]+(?:\s|$|»))")
    colon = re.compile(r"(?<=[^\s\d«])[ \t]*(?=:(?:\s|$))")
    opening = re.compile(r"«[ \t]*")
    closing = re.compile(r"(?<=\S)[ \t]*»")

    def space(text: str) -> str:
        text = thin.sub(NARROW_NBSP, text)
        text = colon.sub(NBSP, text)
        return closing.sub(NBSP + "»", opening.sub("«" + NBSP, text))

    return space


# What already ends a sentence, so that no full stop is added after it; closing quotes and
# brackets after it are looked through (`He said "go."`).
SENTENCE_ENDS = (".", "!", "?", "…")
CLOSERS = "\"'»”’)]"


def ended(text: str) -> str:
    """`text` closed by a full stop, unless it ends a sentence already: `8 a.m.` stays `8 a.m.`,
    never `8 a.m..` (a GM's words often end in an abbreviation or a question)."""
    bare = text.rstrip()
    return bare if bare.rstrip(CLOSERS).endswith(SENTENCE_ENDS) else f"{bare}."
