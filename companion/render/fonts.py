"""The bundled fonts as the stylesheets name them: which file each family is, which characters
it can draw (its cmap, read with fontTools), and what a chain of families cannot draw."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from companion.render.hands import LAST_RESORT
from companion.resources import builtin_templates_dir

FONTS_CSS = "fonts/fonts.css"
_FONT_FACE = re.compile(r"@font-face\s*{(?P<body>[^}]*)}")
_FAMILY = re.compile(r'font-family:\s*"(?P<name>[^"]+)"')
_WEIGHT = re.compile(r"font-weight:\s*(?P<weight>\d+)")
_STYLE = re.compile(r"font-style:\s*(?P<style>\w+)")
_SOURCE = re.compile(r'src:\s*url\("(?P<file>[^"]+)"\)')

# The chains base.css gives every handout: serif text, typed text, the default hand.
BASE_CHAINS: tuple[str, ...] = (
    "PT Serif Latin",
    "PT Serif Latin Ext",
    "PT Serif Cyrillic",
    "PT Serif Cyrillic Ext",
    "PT Mono Latin",
    "PT Mono Latin Ext",
    "PT Mono Cyrillic",
    "PT Mono Cyrillic Ext",
    "Anonymous Pro Greek",
    "Caveat Latin",
    "Caveat Latin Ext",
    "Caveat Cyrillic",
    "Caveat Cyrillic Ext",
    "Zen Kurenaido Greek",
    *LAST_RESORT,
)


@dataclass(frozen=True)
class Face:
    """One @font-face of fonts.css: a family in one weight and style, and its file."""

    family: str
    weight: int
    style: str
    path: Path


@cache
def faces() -> tuple[Face, ...]:
    """Every face fonts.css declares, in its order."""
    css_path = builtin_templates_dir() / FONTS_CSS
    found = []
    for rule in _FONT_FACE.finditer(css_path.read_text(encoding="utf-8")):
        body = rule["body"]
        family, source = _FAMILY.search(body), _SOURCE.search(body)
        weight, style = _WEIGHT.search(body), _STYLE.search(body)
        if family and source:
            found.append(
                Face(
                    family["name"],
                    int(weight["weight"]) if weight else 400,
                    style["style"] if style else "normal",
                    css_path.parent / source["file"],
                )
            )
    return tuple(found)


@cache
def family_files() -> dict[str, tuple[Path, ...]]:
    """Every family fonts.css declares, with its files (one per weight and style)."""
    files: dict[str, list[Path]] = {}
    for face in faces():
        files.setdefault(face.family, []).append(face.path)
    return {family: tuple(paths) for family, paths in files.items()}


@cache
def _characters(family: str) -> frozenset[int]:
    """The code points the family's regular file draws."""
    from fontTools.ttLib import TTFont

    with TTFont(family_files()[family][0], lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_characters(text: str, families: Iterable[str]) -> list[str]:
    """The characters of `text` that no family of the chain draws, in order of appearance;
    white space and control characters need no glyph."""
    chain = [family for family in families if family in family_files()]
    seen: dict[str, None] = {}
    for character in text:
        if character.isspace() or not character.isprintable() or character in seen:
            continue
        if not any(ord(character) in _characters(family) for family in chain):
            seen[character] = None
    return list(seen)


@dataclass(frozen=True)
class _Metrics:
    advances: dict[int, float]  # code point -> advance width in ems


@cache
def _metrics(family: str, bold: bool) -> _Metrics:
    """Advance widths of a family's regular (or bold) upright face, in ems."""
    from fontTools.ttLib import TTFont

    wanted = 700 if bold else 400
    candidates = [f for f in faces() if f.family == family and f.style == "normal"]
    face = min(candidates, key=lambda f: abs(f.weight - wanted))
    with TTFont(face.path, lazy=True) as font:
        per_em = font["head"].unitsPerEm
        widths = font["hmtx"].metrics
        return _Metrics(
            {code: widths[glyph][0] / per_em for code, glyph in font.getBestCmap().items()}
        )


def text_width(text: str, families: Iterable[str], size_pt: float, bold: bool = False) -> float:
    """The width of one line of `text` in points, set in the first family of the chain that
    draws each character (no kerning: a slight overestimate, which is the safe side)."""
    chain = [family for family in families if family in family_files()]
    width = 0.0
    for character in text:
        code = ord(character)
        metrics = next((m for m in (_metrics(f, bold) for f in chain) if code in m.advances), None)
        width += metrics.advances[code] if metrics else 0.6
    return width * size_pt
