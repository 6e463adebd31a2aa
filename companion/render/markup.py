"""Markdown in text fields, rendered with raw HTML and images switched off."""

from __future__ import annotations

import re
from functools import cache
from html import unescape

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

from companion.render.typography import typeset


@cache
def _parser(keep_line_breaks: bool = False) -> MarkdownIt:
    # Raw HTML and images off: a text field can neither inject markup nor fetch a file.
    options = {"html": False, "typographer": True, "breaks": keep_line_breaks}
    parser = MarkdownIt("commonmark", options)
    if not keep_line_breaks:
        # A line break inside a paragraph is a space: written as one, the typography's
        # rules see it and can make it a no-break space ("в\nМоскве").
        parser.add_render_rule("softbreak", _space)
    return parser.enable(["replacements", "smartquotes"]).disable("image")


def _space(*_: object) -> str:
    return " "


def markdown_html(
    text: str | None, *, keep_line_breaks: bool = False, language: str = "en"
) -> Markup:
    """Block Markdown (paragraphs, lists, emphasis) as safe HTML, typeset for `language`.
    `keep_line_breaks` suits handwriting, where each line of the YAML is a line on the paper."""
    return typeset_html(_parser(keep_line_breaks).render(text or ""), language)


# A line that starts with a number and a full stop (or a bracket): on a prop, a date ("17. Nov.
# 1893"), a year ("1893. godine"), a writer's numbered point. Markdown would make a numbered
# list of it, renumbered and indented; a prop prints it as its writer wrote it.
_NUMBERED_LINE = re.compile(r"^( {0,3})(\d{1,9})([.)])(?=[ \t]|$)", re.MULTILINE)


def prop_html(text: str | None, *, keep_line_breaks: bool = False, language: str = "en") -> Markup:
    """A prop's own words (a note, a letter, an article) as `markdown_html` makes them, but
    with every line kept as written: a line starting `17.` or `1)` is no numbered list."""
    return markdown_html(
        _NUMBERED_LINE.sub(r"\1\2\\\3", text or ""),
        keep_line_breaks=keep_line_breaks,
        language=language,
    )


def markdown_inline(text: str | None, *, language: str = "en") -> Markup:
    """One line of Markdown without the surrounding paragraph, typeset for `language`."""
    return typeset_html(_parser().renderInline(text or ""), language)


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")


def typeset_html(html: str, language: str) -> Markup:
    """HTML made by the Markdown parser with its text typeset (see `render.typography`);
    tags, and code, left as they are. The parser escapes only & < > ", so unescaping a text
    and escaping it again gives back the same HTML."""
    pieces = _TAG_OR_TEXT.split(html)
    in_code = False
    for index, piece in enumerate(pieces):
        if index % 2:
            in_code = piece.startswith("<code") or (in_code and piece != "</code>")
        elif piece and not in_code:
            pieces[index] = escapeHtml(typeset(unescape(piece), language))
    return Markup("".join(pieces))


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


def typed_html(
    html: Markup, seed: int, worn: str, sagging: str = "", dropped_capitals: bool = False
) -> Markup:
    """Each visible character of `html` in a span of one of STRIKE_VARIANTS strike classes
    (`k0`...), chosen by `seed`; the letters of `worn` always as `kw`. A machine's other
    faults add a class: `ks` for the letters of `sagging`, `kd` for every capital when its
    capitals drop. Tags, entities and white space stay as they are, so the words still break
    and read the same."""
    import random

    strikes = random.Random(seed)

    def strike(match: re.Match[str]) -> str:
        tag, entity, character = match.groups()
        if tag is not None:
            return tag
        is_worn = character is not None and character.lower() in worn
        kind = "kw" if is_worn else f"k{strikes.randrange(STRIKE_VARIANTS)}"
        if character is not None and character.lower() in sagging:
            kind += " ks"
        elif dropped_capitals and character is not None and character.isupper():
            kind += " kd"
        return f'<span class="{kind}">{entity or character}</span>'

    return Markup(_TYPED_TOKEN.sub(strike, str(html)))
