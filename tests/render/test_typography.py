"""Typography by language: the spaces a line may not break at become no-break spaces.

Expected texts write a no-break space as `~` and a narrow one as `^`, as TeX writes a tie.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from companion.build.pipeline import pipeline_for
from companion.campaign.models import Campaign
from companion.kinds.dossier import DossierContext
from companion.kinds.telegram import TelegramContext
from companion.render.markup import markdown_html, markdown_inline
from companion.render.typography import NARROW_NBSP, NBSP, RULES, ended, typeset


def tied(text: str) -> str:
    return text.replace("~", NBSP).replace("^", NARROW_NBSP)


CASES = [
    # Every language: initials, signs before numbers, units after them, dashes.
    ("en", "J. R. Harker", "J.~R.~Harker"),
    ("en", "Yu. S. Belov", "Yu.~S.~Belov"),
    ("en", "SOKOLOV V. A. reported", "SOKOLOV~V.~A. reported"),
    ("en", "about 178 cm tall", "about 178~cm tall"),
    ("en", "at 8 pm sharp", "at 8~pm sharp"),
    # A unit is a whole word: "t" (tonnes) does not bind "The" or "to" to the time before.
    ("en", "23:00 The bar closes at 22:40 to hurry", "23:00 The bar closes at 22:40 to hurry"),
    (
        "en",
        "Mr. Harker and Dr. Belov of St. Petersburg",
        "Mr.~Harker and Dr.~Belov of St.~Petersburg",
    ),
    ("en", "File No. 604", "File No.~604"),
    ("en", "three men — no, 3 men", "three men~— no, 3~men"),
    ("en", "a well-known - spaced dash", "a well-known~- spaced dash"),
    ("en", "I am here in 1983 and a cat", "I am here in 1983 and a cat"),
    ("en", "i. e. this", "i.~e. this"),
    ("en", "John Smith Jr. came", "John Smith~Jr. came"),
    # Russian: short words, abbreviations before and after, particles, thousands.
    ("ru", "к СОКОЛОВУ В. А. и ВЕТРОВОЙ Н. А.", "к~СОКОЛОВУ~В.~А. и~ВЕТРОВОЙ~Н.~А."),
    ("ru", "В. А. Соколова", "В.~А.~Соколова"),
    ("ru", "С 04.1983 г. по 08.1983 г. проходила", "С~04.1983~г. по 08.1983~г. проходила"),
    ("ru", "1972–1983 гг.", "1972–1983~гг."),
    ("ru", "г. Рига, ул. Карла Маркса, д. 34, кв. 5", "г.~Рига, ул.~Карла Маркса, д.~34, кв.~5"),
    ("ru", "1917 г. р., пенсионерка", "1917~г.~р., пенсионерка"),
    ("ru", "24.11.1983 г. Военной коллегией", "24.11.1983~г. Военной коллегией"),
    ("ru", "им. П. Стучки", "им.~П.~Стучки"),
    ("ru", "и т. д., № 604", "и~т.~д., №~604"),
    ("ru", "в Москве у окна а я знал бы", "в~Москве у~окна а~я~знал~бы"),
    ("ru", "10 000 рублей", "10~000~рублей"),
    ("ru", "с 1986 г. — г. Москва", "с~1986~г.~— г.~Москва"),
    ("ru", "тов. Белов", "тов.~Белов"),
    # Croatian and Serbian: one-letter words, "br.", "ul.", ordinal dates.
    ("hr", "i s njim u Splitu", "i~s~njim u~Splitu"),
    ("hr", "12. lipnja 1983. godine", "12.~lipnja 1983.~godine"),
    ("hr", "ul. Marmontova br. 5", "ul.~Marmontova br.~5"),
    ("hr", "19. st.", "19.~st."),
    ("sr", "и у Београду, бр. 5", "и~у~Београду, бр.~5"),
    ("sr", "i u Beogradu", "i~u~Beogradu"),
    # Slovene, Czech, Slovak, Polish.
    ("sl", "v Ljubljani z njim, št. 5", "v~Ljubljani z~njim, št.~5"),
    ("cs", "k nám v 8 hod. s Ing. Novákem, č. 5", "k~nám v~8~hod. s~Ing.~Novákem, č.~5"),
    ("cs", "1. 1. 1993", "1.~1. 1993"),
    ("sk", "a v Bratislave, č. 7", "a~v~Bratislave, č.~7"),
    ("pl", "W 1983 r. w Gdańsku, ul. Długa nr 5", "W~1983~r. w~Gdańsku, ul.~Długa nr~5"),
    ("pl", "i z nim", "i~z~nim"),
    # Latvian, Italian, Greek, German.
    ("lv", "1983. gada 12. augustā, Nr. 5", "1983.~gada 12.~augustā, Nr.~5"),
    ("lv", "Rīgā 1983. g.", "Rīgā 1983.~g."),
    (
        "it",
        "il Sig. Rossi e i suoi amici, 5 km a nord",
        "il Sig.~Rossi e~i~suoi amici, 5~km a~nord",
    ),
    ("el", "Ο κ. Παπαδόπουλος και η Ελένη", "Ο~κ.~Παπαδόπουλος και η~Ελένη"),
    ("el", "5 χλμ. από το λιμάνι", "5~χλμ. από το λιμάνι"),
    ("de", "am 12. Juni, Nr. 5, z. B. bei Dr. Müller", "am 12.~Juni, Nr.~5, z.~B. bei Dr.~Müller"),
    ("de", "um 8 Uhr", "um 8~Uhr"),
    # French: thin spaces before ; ! ?, a no-break one before : and inside guillemets.
    ("fr", "Il a dit : « Non ! » Vraiment?", "Il a dit~: «~Non^!~» Vraiment^?"),
    ("fr", "10 000 F, M. Dupont à Paris à 20 h", "10^000~F, M.~Dupont à~Paris à~20~h"),
    ("fr", "à 20:30, voir http://x", "à~20:30, voir http://x"),
    # A language without rules of its own keeps the common ones.
    ("fi", "J. K. Paasikivi, 20 mm", "J.~K.~Paasikivi, 20~mm"),
]


@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_typeset(language: str, text: str, expected: str) -> None:
    assert typeset(text, language) == tied(expected)


def test_every_language_of_the_brief_has_rules() -> None:
    languages = {"en", "ru", "hr", "sr", "sl", "cs", "sk", "pl", "lv", "it", "el", "de", "fr"}
    assert languages <= set(RULES)
    assert languages <= {language for language, _, _ in CASES}


@pytest.mark.parametrize(
    "text",
    [
        "no change here",
        "в Москве",  # Russian rules do not apply to an English text
        "48213 90127 55310",  # number groups are not thousands in English
        "line one\nin two",  # a line break written in the text stays one
    ],
)
def test_what_english_leaves_alone(text: str) -> None:
    assert typeset(text, "en") == text


def test_a_line_break_in_the_text_is_kept() -> None:
    assert typeset("в\nМоскве", "ru") == "в\nМоскве"


def test_regional_language_tags_take_the_language_rules() -> None:
    assert typeset("в Москве", "ru-RU") == tied("в~Москве")


def test_nothing_is_nothing() -> None:
    assert typeset(None, "ru") is None
    assert typeset("", "ru") == ""


# --- through Markdown -------------------------------------------------------------------------


def test_markdown_text_is_typeset_and_code_is_not() -> None:
    html = markdown_html("Мать — в Москве, `в коде` & <b>", language="ru")
    assert str(html) == tied("<p>Мать~— в~Москве, <code>в коде</code> &amp; &lt;b&gt;</p>\n")


def test_a_soft_line_break_of_a_paragraph_is_a_space_that_can_be_tied() -> None:
    assert str(markdown_html("в\nМоскве", language="ru")) == tied("<p>в~Москве</p>\n")


def test_handwriting_keeps_its_lines() -> None:
    html = markdown_html("в\nМоскве", keep_line_breaks=True, language="ru")
    assert str(html) == "<p>в<br />\nМоскве</p>\n"


def test_inline_markdown_is_typeset() -> None:
    assert str(markdown_inline("**Mr.** Harker, 8 pm", language="en")) == tied(
        "<strong>Mr.</strong> Harker, 8~pm"
    )


# --- through the build ------------------------------------------------------------------------


def _dossier(ozola: Campaign, handout_id: str, audience: str = "player") -> DossierContext:
    context = pipeline_for(ozola).context(handout_id, audience)
    assert isinstance(context, DossierContext)
    return context


def _dossier_text(context: DossierContext) -> str:
    bodies = [entry.body for entry in context.rows]
    bodies += [entry.body for section in context.sections for entry in section.entries]
    return " ".join(str(body) for body in bodies)


def test_the_kgb_file_keeps_initials_and_years_with_what_they_belong_to(ozola: Campaign) -> None:
    """The lines named in issue 28: "СОКОЛОВА / В. А." and "08.1983 / г." broke apart."""
    text = _dossier_text(_dossier(ozola, "karl-kgb-file"))
    for tied_words in ("СОКОЛОВА~В.~А.", "ВЕТРОВУ~Н.~А.", "08.1983~г.", "БЕЛОВ~Ю.~С."):
        assert tied(tied_words) in text
    assert tied("г.~Рига, ул.~Карла Маркса, д.~34, кв.~5") in text


def test_the_sis_files_keep_numbers_with_their_units(ozola: Campaign) -> None:
    assert tied("178~cm") in _dossier_text(_dossier(ozola, "sokolov-file"))
    natalia = _dossier(ozola, "natalia-file")
    assert tied("180~cm") in _dossier_text(natalia)
    assert natalia.subject_name == "VETROVA, Natalia Andreyevna"


def test_a_telegrams_tape_is_left_as_sent(ozola: Campaign) -> None:
    context = pipeline_for(ozola).context("stockholm-telegram", "player")
    assert isinstance(context, TelegramContext)
    assert not any(NBSP in strip for strip in context.strips)


def test_the_rules_are_the_same_in_every_process() -> None:
    """The patterns do not depend on a set's order, which changes with Python's hash seed:
    a build in another process once typeset "22:40 to" differently."""
    import subprocess
    import sys

    script = (
        "from companion.render.typography import typeset;"
        "print(ascii(typeset('23:00 The bar at 22:40 to hurry, 5 kg, ul. Gertsena, 8 pm', 'ru')))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert len(outputs) == 1, outputs


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("8 a.m.", "8 a.m."),
        ("Received: the note", "Received: the note."),
        ("Who sent it?", "Who sent it?"),
        ('He said "go."', 'He said "go."'),
        ("Halt! ", "Halt!"),
        ("Sv. Petar", "Sv. Petar."),
    ],
)
def test_a_sentence_is_ended_once(text: str, closed: str) -> None:
    assert ended(text) == closed


def test_no_template_puts_a_full_stop_after_a_gms_words() -> None:
    """`{{ x }}.` doubles the stop when x ends in one (the recap's "8 a.m.."): a template
    ends a sentence with `|ended`. Only numbers the program makes may take a stop so."""
    templates = Path(__file__).parents[2] / "templates"
    stopped = re.compile(r"\{\{\s*([\w.]+)\s*\}\}\.")
    found = [
        f"{path.name}: {{{{ {name} }}}}."
        for path in sorted(templates.rglob("*.j2"))
        for name in stopped.findall(path.read_text(encoding="utf-8"))
        if not name.endswith(("number", "session"))
    ]
    assert found == []
