"""Each handout's stylesheet parsed once per process, not once per layout.

Every page template carries the shared styles in its `<style>` element, and a build lays the
same kind of page out many times (each copy, each fitting trial). WeasyPrint parses a
`<style>` afresh each time: about 20 ms, up to 40 % of laying out a note. Here the parse of
each distinct stylesheet text is kept and handed to the next document that carries the same
text, so the cascade is exactly what a fresh parse gives (same rules, same order, same
origin) and so are the bytes written.

Only what a parse leaves in the stylesheet itself and in the document's `@page` rules can be
handed on; a stylesheet with rules that register things elsewhere (`@font-face`, `@import`,
`@counter-style`, `@layer`, `@color-profile`) is parsed every time, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# At-rules whose effects reach beyond the stylesheet object (fonts, counters, layers, other
# files): a stylesheet holding one is not shared.
_NOT_SHAREABLE = ("@font-face", "@import", "@counter-style", "@layer", "@color-profile")
# Distinct stylesheet texts kept: a build has one per kind of page and campaign stylesheet.
_MOST_KEPT = 256


@dataclass(frozen=True)
class _Parsed:
    matcher: Any  # cssselect2.Matcher: its selectors and declarations, read-only from here on
    page_rules: tuple[Any, ...]
    base_url: str | None


_parsed: dict[tuple[str, str | None, str], _Parsed] = {}


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
            parsed = _parse(cls.original, options)
            if len(_parsed) < _MOST_KEPT:
                _parsed[key] = parsed
        return _stylesheet_from(cls.original, parsed, options)


def _parse(css_class: Any, options: dict[str, Any]) -> _Parsed:
    """A parse of its own, its `@page` rules gathered apart from the document's."""
    alone = dict(options, page_rules=[], layers=[])
    stylesheet = css_class(**alone)
    return _Parsed(stylesheet.matcher, tuple(stylesheet.page_rules), stylesheet.base_url)


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
