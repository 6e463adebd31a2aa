"""The poster: a notice in letterpress style at A4, A3 or A2. One larger than the campaign's
paper prints as overlapping tiles to paste together (each row upright or turned, as few
pages as can be); its type is fitted first, so that the notice fills the poster and none of
it is ever cut off."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from markupsafe import Markup

from companion.campaign.models import Campaign, PosterHandout
from companion.errors import DoesNotFit
from companion.kinds.base import (
    HandoutContext,
    PageSize,
    context_basics,
    heading_of,
    overlapping_spans,
)
from companion.kinds.imprint import MarkPlace
from companion.kinds.wear import wear_of_prop
from companion.render.layout import Measured
from companion.render.markup import prop_html
from companion.render.typography import typeset, typeset_lines

POSTER_MM = {"a4": (210.0, 297.0), "a3": (297.0, 420.0), "a2": (420.0, 594.0)}
PAPER_COLOURS = {
    "white": "#faf9f4",
    "cream": "#f1e7cc",
    "yellow": "#f3e19a",
    "pink": "#f0d2cc",
    "blue": "#d3dfe8",
}
TILE_MARGIN_MM = 8.0
TILE_FOOTER_MM = 7.0
OVERLAP_MM = 12.0
FLOOR = 0.45  # the type is never set smaller than this share of its size
CEILING = 1.8  # nor larger: a short notice is set large, as a compositor would fill a sheet


@dataclass(frozen=True)
class PosterTile:
    label: str
    x_mm: float  # where the window starts on the poster
    y_mm: float
    width_mm: float
    height_mm: float
    turned: bool  # printed on the paper turned a quarter


@dataclass(frozen=True, kw_only=True)
class PosterContext(HandoutContext):
    poster: PageSize
    paper: PageSize  # the campaign's, the usual way up: tiles print on it
    issuer: tuple[str, ...]
    headline: str
    subheadline: str | None
    text: Markup
    footer: str | None
    paper_colour: str
    ink: str
    border: bool
    scale: float  # of the type's designed size, fitted
    tiles: tuple[PosterTile, ...]  # none: the poster is a page of its own
    overlap: str = f"{OVERLAP_MM:g} mm"  # of neighbouring tiles, to trim one edge of
    measuring: bool = False  # laid out whole, on one poster-sized page, to be measured


def poster_context(campaign: Campaign, handout: PosterHandout, is_gm: bool) -> PosterContext:
    """`campaign` and `handout` are already projected for the audience."""
    language = handout.language or campaign.info.languages[0]
    heading = heading_of(campaign, handout.organisation, handout.issuer)
    poster = PageSize(*POSTER_MM[handout.size])
    paper = PageSize.named(campaign.info.paper)
    tiles = _tiles(poster, paper)
    basics = context_basics(campaign, handout, is_gm, language)
    if tiles:  # worn as one poster, so that its tiles paste up with no ragged seams
        basics |= {"wear": None, "prop_wear": wear_of_prop(handout)}
    return PosterContext(
        **basics,
        poster=poster,
        paper=paper,
        issuer=typeset_lines(heading.lines, language),
        headline=typeset(handout.headline, language),
        subheadline=typeset(handout.subheadline, language),
        text=prop_html(handout.text, language=language),
        footer=typeset(handout.footer, language),
        paper_colour=PAPER_COLOURS[handout.paper_colour],
        ink=handout.ink,
        border=handout.border,
        scale=1.0,
        tiles=tiles,
        mark_place=MarkPlace(edge_pages=("poster",)),  # a poster on one sheet has no margin
    )


def _tiles(poster: PageSize, paper: PageSize) -> tuple[PosterTile, ...]:
    """No tiles when the poster fits the paper (either way up); else the fewer pages of
    rows upright or turned."""
    fits = [
        (w, h)
        for w, h in ((paper.width_mm, paper.height_mm), (paper.height_mm, paper.width_mm))
        if poster.width_mm <= w + 0.01 and poster.height_mm <= h + 0.01
    ]
    if fits:
        return ()
    options = [_grid(poster, paper, turned) for turned in (False, True)]
    return min(options, key=len)


def _grid(poster: PageSize, paper: PageSize, turned: bool) -> tuple[PosterTile, ...]:
    width, height = (
        (paper.height_mm, paper.width_mm) if turned else (paper.width_mm, paper.height_mm)
    )
    window_w = width - 2 * TILE_MARGIN_MM
    window_h = height - 2 * TILE_MARGIN_MM - TILE_FOOTER_MM
    tiles = []
    for row, top in enumerate(overlapping_spans(poster.height_mm, window_h, OVERLAP_MM)):
        for column, left in enumerate(overlapping_spans(poster.width_mm, window_w, OVERLAP_MM)):
            label = f"{chr(ord('A') + row)}{column + 1}"
            tiles.append(PosterTile(label, left, top, window_w, window_h, turned))
    return tuple(tiles)


def fit_poster(
    context: PosterContext, measure: Callable[[PosterContext], Measured]
) -> PosterContext:
    """The largest type, up to the ceiling, at which the whole notice stands on the poster;
    too much text even at the floor is an error, never a notice cut short. Text takes area
    as the square of its size: each try aims where it should just fit."""
    scale = 1.0
    while True:
        laid_out = measure(replace(context, scale=scale, measuring=True))
        fill = laid_out.fill() if laid_out.lines else 1.0
        if laid_out.pages <= 1 and fill <= 1:
            return replace(context, scale=_grown(context, scale, fill, measure))
        if scale <= FLOOR:
            raise DoesNotFit(
                f"the notice does not fit its {context.poster.width_mm:g} x "
                f"{context.poster.height_mm:g} mm poster even in type {FLOOR:.0%} of its "
                f"size: about {fill - 1:.0%} too much",
                hint="shorten the text, or choose a larger `size:` (a3, a2)",
                field=("text",),
            )
        scale = max(FLOOR, min(scale * 0.95, math.floor(scale / math.sqrt(fill) * 97) / 100))


def _grown(
    context: PosterContext, scale: float, fill: float, measure: Callable[[PosterContext], Measured]
) -> float:
    """A notice with room to spare set larger, up to the ceiling, checked by laying it out."""
    target = min(CEILING, math.floor(scale / math.sqrt(max(fill, 0.05)) * 95) / 100)
    while target > scale:
        if measure(replace(context, scale=target, measuring=True)).pages <= 1:
            return target
        target = math.floor(target * 92) / 100
    return scale
