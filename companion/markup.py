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


def plain_text(text: str | None) -> str:
    """What a reader sees of a Markdown text: no markup, whitespace folded."""
    rendered = _TAG.sub(" ", _parser().render(text or ""))
    return " ".join(unescape(rendered).split())
