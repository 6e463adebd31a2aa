"""Markdown in text fields, rendered with raw HTML and images switched off."""

from __future__ import annotations

import re
from functools import cache
from html import unescape

from markdown_it import MarkdownIt
from markupsafe import Markup


@cache
def _parser(keep_line_breaks: bool = False) -> MarkdownIt:
    # Raw HTML and images off: a text field can neither inject markup nor fetch a file.
    options = {"html": False, "typographer": True, "breaks": keep_line_breaks}
    parser = MarkdownIt("commonmark", options)
    return parser.enable(["replacements", "smartquotes"]).disable("image")


def markdown_html(
    text: str | None, *, keep_line_breaks: bool = False, language: str = "en"
) -> Markup:
    """Block Markdown (paragraphs, lists, emphasis) as safe HTML. `keep_line_breaks` suits
    handwriting, where each line of the YAML is a line on the paper."""
    return Markup(_parser(keep_line_breaks).render(bind_short_words(text or "", language)))


# Russian typesetting never ends a line on a one-letter word («в», «к», «с», ...), nor on an
# abbreviation that belongs to the next word («г. Москва», «ул. Герцена», «В. В. Соколов»).
_RUSSIAN_SHORT_WORD = re.compile(
    r"(?<![^\s(«\"])([вВкКсСоОуУиИаАяЯ]|г\.|гг\.|ул\.|д\.|кв\.|ст\.|п\.|им\.|тов\.|№|[А-ЯЁ]\.)"
    r"[ \t]+(?=\S)"
)


def bind_short_words(text: str, language: str) -> str:
    """Tie short words to the next word with a no-break space where the language asks."""
    if language != "ru":
        return text
    return _RUSSIAN_SHORT_WORD.sub("\\1\u00a0", text)


def markdown_inline(text: str | None, *, language: str = "en") -> Markup:
    """One line of Markdown without the surrounding paragraph."""
    return Markup(_parser().renderInline(bind_short_words(text or "", language)))


_TAG = re.compile(r"<[^>]+>")
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~&])")


def markdown_literal(text: str) -> str:
    """Text the program wrote (names, numbers), escaped so Markdown prints it as it is."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def plain_text(text: str | None) -> str:
    """What a reader sees of a Markdown text: no markup, whitespace folded."""
    rendered = _TAG.sub(" ", _parser().render(text or ""))
    return " ".join(unescape(rendered).split())


# A typewriter's page: every strike a little different (ink, height), and the machine's worn
# typebars printing their letters the same wrong way each time.
_TYPED_TOKEN = re.compile(r"(<[^>]*>)|(&#?\w+;)|(\S)", re.DOTALL)
STRIKE_VARIANTS = 6  # note.css and dossier.css style .k0 to .k5


def typed_html(html: Markup, seed: int, worn: str) -> Markup:
    """Each visible character of `html` in a span of one of STRIKE_VARIANTS strike classes
    (`k0`...), chosen by `seed`; the letters of `worn` always as `kw`. Tags, entities and
    white space stay as they are, so the words still break and read the same."""
    import random

    strikes = random.Random(seed)

    def strike(match: re.Match[str]) -> str:
        tag, entity, character = match.groups()
        if tag is not None:
            return tag
        is_worn = character is not None and character.lower() in worn
        kind = "kw" if is_worn else f"k{strikes.randrange(STRIKE_VARIANTS)}"
        return f'<span class="{kind}">{entity or character}</span>'

    return Markup(_TYPED_TOKEN.sub(strike, str(html)))
