"""Each handout's stylesheet parsed once per process, not once per layout.

Every page template carries the shared styles in its `<style>` element, and a build lays the
same kind of page out many times (each copy, each fitting trial). WeasyPrint parses a
`<style>` afresh each time: about 20 ms, up to 40 % of laying out a note. Here the parse of
each distinct stylesheet text is kept and handed to the next document that carries the same
text, so the cascade is exactly what a fresh parse gives (same rules, same order, same
origin) and so are the bytes written.

Most texts differ from one handout to the next in a few rules only (a file's number in its
running head, where a stain falls), after the kind's shared rules. So a text seen for the
first time is cut after each rule at the top level, and each piece is parsed once at its
place in the text (the same line and column, so a warning reads as a fresh parse's) and
kept: the new text's parse is its pieces' selectors added in order to a new matcher, and
their `@page` rules, as one parse of the whole would have added them. A piece WeasyPrint
warns about is parsed every time, so that each handout hears of it.

Only what a parse leaves in the stylesheet itself and in the document's `@page` rules can be
handed on; a stylesheet with rules that register things elsewhere (`@font-face`, `@import`,
`@counter-style`, `@layer`, `@color-profile`) is parsed every time, as before, and so is
one WeasyPrint warns about.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import cssselect2

# At-rules whose effects reach beyond the stylesheet object (fonts, counters, layers, other
# files): a stylesheet holding one is not shared.
_NOT_SHAREABLE = ("@font-face", "@import", "@counter-style", "@layer", "@color-profile")
# Distinct stylesheet texts kept: a build has one per kind of page and campaign stylesheet.
_MOST_KEPT = 256
# Distinct pieces kept: the shared rules of every kind, and a few of each handout's own.
_MOST_PIECES_KEPT = 20_000


@dataclass(frozen=True)
class _Parsed:
    matcher: Any  # cssselect2.Matcher: its selectors and declarations, read-only from here on
    page_rules: tuple[Any, ...]
    base_url: str | None


@dataclass(frozen=True)
class _Piece:
    """What parsing one piece of a stylesheet adds: selectors with their payloads, in the
    order added to the matcher, and `@page` rules."""

    selectors: tuple[tuple[Any, Any], ...]
    page_rules: tuple[Any, ...]
    base_url: str | None


_parsed: dict[tuple[str, str | None, str], _Parsed] = {}
_pieces: dict[tuple[str, int, int, str | None, str], _Piece] = {}


def share_parsed_stylesheets() -> None:
    """Make WeasyPrint's `<style>` parsing go through the cache (once per process)."""
    import weasyprint.css

    if weasyprint.css.CSS is not _SharedCSS:
        _SharedCSS.original = weasyprint.css.CSS
        weasyprint.css.CSS = _SharedCSS


class _SharedCSS:
    """Stands in for `weasyprint.CSS` where WeasyPrint finds a document's stylesheets."""

    original: Any = None

    def __new__(cls, *args: Any, **options: Any) -> Any:
        text = options.get("string")
        if args or not isinstance(text, str) or any(rule in text for rule in _NOT_SHAREABLE):
            return cls.original(*args, **options)
        key = (text, options.get("base_url"), options.get("media_type", "print"))
        parsed = _parsed.get(key)
        if parsed is None:
            with _warnings_heard() as heard:
                parsed = _parse(cls.original, options)
            if not heard.heard and len(_parsed) < _MOST_KEPT:  # each handout hears of it
                _parsed[key] = parsed
        return _stylesheet_from(cls.original, parsed, options)


def _parse(css_class: Any, options: dict[str, Any]) -> _Parsed:
    """A parse of its own, its `@page` rules gathered apart from the document's: from its
    pieces where the text can be cut, else whole."""
    pieces = top_level_pieces(options["string"])
    if pieces is None or len(pieces) < 2:
        alone = dict(options, page_rules=[], layers=[])
        stylesheet = css_class(**alone)
        return _Parsed(stylesheet.matcher, tuple(stylesheet.page_rules), stylesheet.base_url)
    matcher = cssselect2.Matcher()
    page_rules: list[Any] = []
    base_url = options.get("base_url")
    for line, column, text in pieces:
        piece = _piece(css_class, options, line, column, text)
        for selector, payload in piece.selectors:
            matcher.add_selector(selector, payload)
        page_rules += piece.page_rules
        base_url = piece.base_url
    return _Parsed(matcher, tuple(page_rules), base_url)


def _piece(css_class: Any, options: dict[str, Any], line: int, column: int, text: str) -> _Piece:
    """One piece parsed where it stands in its text (blank lines and spaces before it, which
    the parse skips, keep its rules' line and column), kept unless WeasyPrint warned."""
    key = (text, line, column, options.get("base_url"), options.get("media_type", "print"))
    kept = _pieces.get(key)
    if kept is not None:
        return kept
    recording = _Recording()
    placed = "\n" * (line - 1) + " " * (column - 1) + text
    alone = dict(options, string=placed, matcher=recording, page_rules=[], layers=[])
    with _warnings_heard() as heard:
        stylesheet = css_class(**alone)
    piece = _Piece(tuple(recording.added), tuple(stylesheet.page_rules), stylesheet.base_url)
    if not heard.heard and len(_pieces) < _MOST_PIECES_KEPT:
        _pieces[key] = piece
    return piece


class _Recording(cssselect2.Matcher):  # type: ignore[misc]
    """A matcher that only notes what a parse adds to it, to be added to others."""

    def __init__(self) -> None:
        super().__init__()
        self.added: list[tuple[Any, Any]] = []

    def add_selector(self, selector: Any, payload: Any) -> None:
        self.added.append((selector, payload))


class _Heard(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.heard = False

    def emit(self, record: logging.LogRecord) -> None:
        self.heard = True


@contextmanager
def _warnings_heard() -> Iterator[_Heard]:
    logger = logging.getLogger("weasyprint")
    heard = _Heard()
    logger.addHandler(heard)
    try:
        yield heard
    finally:
        logger.removeHandler(heard)


# What may hide a bracket from the parse: a comment, a string (which a line's end closes,
# as in CSS), an escaped character, the inside of an unquoted `url(...)`.
_OPAQUE = re.compile(
    r"/\*.*?(?:\*/|\Z)"
    r"""|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?"""
    r"|\\.|url\((?!\s*[\"'])[^)]*\)?"
    r"|[{}()\[\]]",
    re.DOTALL | re.IGNORECASE,
)
_CLOSING = {"}": "{", ")": "(", "]": "["}


def top_level_pieces(text: str) -> list[tuple[int, int, str]] | None:
    """The text cut after each `}` that closes a rule at the top level, each piece with the
    line and column (from 1) where it starts; None when its brackets do not close as
    expected (a parse of the whole then decides what the text means)."""
    open_brackets: list[str] = []
    cuts = [0]
    for token in _OPAQUE.finditer(text):
        found = token.group()
        if found in "{([" and len(found) == 1:
            open_brackets.append(found)
        elif found in _CLOSING and len(found) == 1:
            if not open_brackets:
                return None
            if open_brackets[-1] != _CLOSING[found]:
                if found == "}":
                    return None  # a brace inside an open `(` or `[`: left to the parser
                continue
            open_brackets.pop()
            if not open_brackets and found == "}":
                cuts.append(token.end())
    if open_brackets:
        return None
    cuts.append(len(text))
    pieces = []
    for start, end in itertools.pairwise(cuts):
        if start < end:
            line = text.count("\n", 0, start) + 1
            column = start - (text.rfind("\n", 0, start) + 1) + 1
            pieces.append((line, column, text[start:end]))
    return pieces


def _stylesheet_from(css_class: Any, parsed: _Parsed, options: dict[str, Any]) -> Any:
    """The stylesheet a fresh parse would give this document: the kept rules, and its
    `@page` rules added to the document's, as the parse itself would have added them."""
    stylesheet = css_class.__new__(css_class)
    stylesheet.base_url = parsed.base_url
    stylesheet.matcher = parsed.matcher
    page_rules = options.get("page_rules")
    stylesheet.page_rules = [] if page_rules is None else page_rules
    stylesheet.page_rules.extend(parsed.page_rules)
    layers = options.get("layers")
    stylesheet.layers = [] if layers is None else layers
    return stylesheet
