"""The newspaper clipping: masthead and date line, headline, the article in columns, perhaps
a photograph; cut with scissors or torn out, its edge drawn from the handout's seed so that
no two clippings tear alike. Several copies share a sheet, one for each player."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from random import Random
from typing import Literal

from markupsafe import Markup, escape

from companion.campaign.models import Campaign, ClippingHandout, ClippingReverse, organisations
from companion.errors import DoesNotFit
from companion.kinds.base import HandoutContext, PageSize, context_basics
from companion.kinds.wear import BOX, ragged_outline, svg_data_url, toned, wear_of_prop
from companion.render.layout import Measured
from companion.render.markup import prop_html
from companion.render.typography import NBSP, typeset
from companion.seeds import seeded_random

NEWSPRINT = "#ece6d3"
# The outline is drawn in a square stretched over the clipping: tears in the top and bottom
# edges keep their shape, those down the sides stretch into the long wave of a tear.


@dataclass(frozen=True)
class ArticleText:
    """A further article on the cutting, under its own headline."""

    headline: str
    subheadline: str | None
    byline: str | None
    text: Markup


@dataclass(frozen=True)
class ReverseText:
    """The back of the cutting: its words, with holes where words were cut out of it."""

    headline: str | None
    text: Markup


@dataclass(frozen=True)
class Hole:
    """A word cut out of the back, as the front shows it: where the scissors went through
    (mm from the front's top-left corner: the back's place mirrored, as the sheet turns)."""

    left_mm: float
    top_mm: float
    width_mm: float
    height_mm: float


@dataclass(frozen=True, kw_only=True)
class ClippingContext(HandoutContext):
    page: PageSize
    masthead: str | None
    date_line: str | None
    headline: str
    subheadline: str | None
    byline: str | None
    text: Markup
    photo_url: str | None
    caption: str | None
    columns: int
    width_mm: float
    edges: str
    outlines: tuple[str, ...]  # one paper outline (a data: URL) per copy, each torn its own way
    tilts_deg: tuple[float, ...]
    articles: tuple[ArticleText, ...] = ()
    reverse: ReverseText | None = None  # printed on a second sheet, behind each clipping
    back_height_mm: float | None = None  # each back as tall as its front (see `fit_clipping`)
    front_holes: tuple[Hole, ...] = ()  # the back's cut-out words, through the front too
    # One front alone, upright, between two marks, or one back, laid out to be measured.
    measuring: Literal["", "front", "back"] = ""


def clipping_context(campaign: Campaign, handout: ClippingHandout, is_gm: bool) -> ClippingContext:
    """`campaign` and `handout` are already projected for the audience."""
    language = handout.language or campaign.info.languages[0]
    paper = organisations(campaign.info)[handout.newspaper] if handout.newspaper else None
    variation = seeded_random("clipping", handout.id)
    copies = range(handout.copies)
    # The clipping is worn, not the sheet it is printed on: it stands out from a plain carrier.
    basics = context_basics(campaign, handout, is_gm, language)
    basics |= {"wear": None, "prop_wear": wear_of_prop(handout, with_tone=False)}
    newsprint = toned(NEWSPRINT, handout.paper.tone if handout.paper else "plain")
    return ClippingContext(
        **basics,
        page=PageSize.named(campaign.info.paper),
        masthead=typeset(handout.masthead or (paper.name if paper else None), language),
        date_line=typeset(handout.date_line, language),
        headline=typeset(handout.headline, language),
        subheadline=typeset(handout.subheadline, language),
        byline=typeset(handout.byline, language),
        text=prop_html(handout.text, language=language),
        photo_url=f"campaign:{handout.photo}?mono" if handout.photo else None,
        caption=typeset(handout.caption, language),
        columns=handout.columns,
        width_mm=handout.width_mm,
        edges=handout.edges,
        outlines=tuple(_outline(handout.edges, variation, newsprint) for _ in copies),
        tilts_deg=tuple(round(variation.uniform(-1.6, 1.6), 2) for _ in copies),
        articles=tuple(
            ArticleText(
                typeset(article.headline, language),
                typeset(article.subheadline, language),
                typeset(article.byline, language),
                prop_html(article.text, language=language),
            )
            for article in handout.articles
        ),
        reverse=_reverse(handout.reverse, language),
    )


# The padding of a clipping above and below its words (clipping.css), in mm.
PADDING_TOP_MM, PADDING_BOTTOM_MM = 6.0, 7.0
# The family the measuring marks ask for (clipping.css), by which their lines are known.
MARK_FONT = "Clipping Measure"
# A front is measured on a page this tall, so that it never breaks: a front longer than the
# sheet runs off it whole (an inline block does not break), and its back with it.
MEASURING_PAGE_MM = 3000.0


def fit_clipping(
    context: ClippingContext, measure: Callable[[ClippingContext], Measured]
) -> ClippingContext:
    """With a back, each back is given its front's height, measured once on one front laid
    out alone between two marks of no height (its first line and its last): laying the front
    out again inside every back, hidden, to size it cost as much as all the fronts again."""
    if context.reverse is None:
        return context
    tall = PageSize(context.page.width_mm, MEASURING_PAGE_MM)
    laid_out = measure(replace(context, measuring="front", page=tall))
    marks = [line for line in laid_out.lines if line.font == MARK_FONT]
    if len(marks) != 2 or marks[0].page != marks[1].page:
        raise DoesNotFit(
            "the clipping's front is too long to be measured for its back",
            hint="shorten its text or its articles, or make it wider (`width_mm:`)",
            field=("text",),
        )
    words = marks[1].top_mm - marks[0].top_mm
    height = round(PADDING_TOP_MM + words + PADDING_BOTTOM_MM, 2)
    sized = replace(context, back_height_mm=height)
    if "data-spot" not in context.reverse.text:  # no word cut out of it
        return sized
    back = replace(sized, measuring="back", page=tall)
    return replace(sized, front_holes=_holes_through(measure(back)))


def _holes_through(back_laid_out: Measured) -> tuple[Hole, ...]:
    """Each hole of one back laid out alone, where it comes through on the front: the same
    height, the other side (the sheet is turned over on its long edge)."""
    (back,) = back_laid_out.spots_named("back")
    return tuple(
        Hole(
            round(back.width_mm - (hole.left_mm - back.left_mm) - hole.width_mm, 2),
            round(hole.top_mm - back.top_mm, 2),
            hole.width_mm,
            hole.height_mm,
        )
        for hole in back_laid_out.spots_named("hole")
    )


def _reverse(reverse: ClippingReverse | None, language: str) -> ReverseText | None:
    """The back, each word cut out of it a hole of about its width: gone from the page, so
    not in the PDF's text either, its neighbours still there to read."""
    if reverse is None:
        return None
    html = str(prop_html(reverse.text, language=language))
    for word in reverse.cut_out:
        written = str(escape(typeset(word, language)))
        hole = f'<span class="hole" data-spot="hole">{NBSP * max(2, len(word))}</span>'
        html = html.replace(written, hole, 1)
    return ReverseText(typeset(reverse.headline, language), Markup(html))


def _outline(edges: str, variation: Random, newsprint: str) -> str:
    """The paper's shape as an SVG data URL: a torn edge wanders in small bites; scissors
    cut almost straight, a little off square."""
    if edges == "cut":
        wobble = [round(variation.uniform(0, 6)) for _ in range(4)]
        corners = [
            (wobble[0], 0),
            (BOX - wobble[1], wobble[1] // 2),
            (BOX, BOX - wobble[2]),
            (wobble[3] // 2, BOX),
        ]
    else:
        corners = ragged_outline(variation, across=40, down=12, depth=16)
    points = " ".join(f"{x},{y}" for x, y in corners)
    return svg_data_url(f'<polygon points="{points}" fill="{newsprint}"/>')
