"""What every handout context shares: page geometry, the GM block, seeded variation."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Self

from markupsafe import Markup

from companion.campaign.labels import PropLabels, prop_labels
from companion.campaign.models.info import organisations
from companion.campaign.player_names import player_facing_title
from companion.kinds.additions import (
    AddedWords,
    added_words,
    between_the_lines,
    held_places,
    written_in,
)
from companion.kinds.envelope import EnvelopeContext, envelope_context
from companion.kinds.imprint import IN_MARGIN, MarkPlace
from companion.kinds.sheets import PAPER_MM as PAPER_MM
from companion.kinds.sheets import PRINTERS_MARGIN_MM as PRINTERS_MARGIN_MM
from companion.kinds.sheets import PageSize as PageSize
from companion.kinds.wear import Wear, wear_of, wear_on_sheet
from companion.render.hands import Hand
from companion.render.inks import INKS, ink
from companion.render.layout import Measured
from companion.render.markup import markdown_html, prop_html, typed_html
from companion.seeds import seeded_random

if TYPE_CHECKING:
    from companion.campaign.models import Campaign, HandoutBase, TypewriterFaults


@dataclass(frozen=True)
class Heading:
    """Who a prop is from, as printed at its head: a name, the lines under it, their ink."""

    lines: tuple[str, ...]  # the first is the name
    ink: str


def heading_of(campaign: Campaign, organisation: str | None, own: Sequence[str]) -> Heading:
    """An organisation's name over the GM's own lines when given (a branch, an address), else
    over its letterhead; without one, the GM's own lines, the first of them the name. Both
    given, both print: neither is dropped without a word."""
    keeper = organisations(campaign.info)[organisation] if organisation else None
    if keeper is None:
        return Heading(tuple(own), INKS["black"])
    return Heading((keeper.name, *(own or keeper.letterhead)), ink(keeper))


def fits_inside(item: PageSize, paper: PageSize, margin_mm: float) -> bool:
    """Whether a prop fits on the paper inside the margin."""
    room = 2 * margin_mm - 0.01
    return item.width_mm <= paper.width_mm - room and item.height_mm <= paper.height_mm - room


def _how_many(item_mm: float, room_mm: float, gutter_mm: float) -> int:
    """Props of `item_mm` that fit in `room_mm`, `gutter_mm` apart; one at least."""
    return max(1, int((room_mm + gutter_mm) // (item_mm + gutter_mm)))


def overlapping_spans(total_mm: float, window_mm: float, overlap_mm: float) -> list[float]:
    """Start offsets of windows covering `total_mm`, each overlapping the next: how a plan or
    a poster larger than the paper is cut into pages."""
    if total_mm <= window_mm:
        return [0.0]
    step = window_mm - overlap_mm
    count = math.ceil((total_mm - overlap_mm) / step)
    return [index * step for index in range(count)]


@dataclass(frozen=True)
class Placement:
    """Where one small prop sits on a sheet, in millimetres from the top left."""

    x_mm: float
    y_mm: float


@dataclass(frozen=True)
class SheetGrid:
    """Small props (notes, cards) laid out n-up on a sheet, centred inside the printer's
    margin, with cut lines along the grid (two between props a gutter apart)."""

    item: PageSize
    paper: PageSize
    cells: tuple[Placement, ...]
    cuts_x: tuple[float, ...]
    cuts_y: tuple[float, ...]

    @classmethod
    def fit(
        cls,
        item: PageSize,
        paper: PageSize,
        margin_mm: float,
        gutter_mm: float = 0.0,
        foot_mm: float = 0.0,
    ) -> SheetGrid:
        """As many props as fit inside the margin, `gutter_mm` apart, on the paper upright;
        `foot_mm` more is kept free at the foot (for a band under the props)."""
        columns = _how_many(item.width_mm, paper.width_mm - 2 * margin_mm, gutter_mm)
        rows = _how_many(item.height_mm, paper.height_mm - 2 * margin_mm - foot_mm, gutter_mm)
        step_x, step_y = item.width_mm + gutter_mm, item.height_mm + gutter_mm
        left = (paper.width_mm - columns * step_x + gutter_mm) / 2
        top = (paper.height_mm - foot_mm - rows * step_y + gutter_mm) / 2
        xs = [round(left + c * step_x, 2) for c in range(columns)]
        ys = [round(top + r * step_y, 2) for r in range(rows)]
        cells = tuple(Placement(x, y) for y in ys for x in xs)
        cuts_x = sorted({round(x + dx, 2) for x in xs for dx in (0, item.width_mm)})
        cuts_y = sorted({round(y + dy, 2) for y in ys for dy in (0, item.height_mm)})
        return cls(item, paper, cells, tuple(cuts_x), tuple(cuts_y))

    @classmethod
    def for_copies(
        cls,
        item: PageSize,
        paper: PageSize,
        margin_mm: float,
        gutter_mm: float,
        copies: int,
        foot_mm: float = 0.0,
    ) -> SheetGrid:
        """The grid on the paper upright or, when the copies take fewer sheets that way,
        turned sideways (two A6 notes to a landscape A4). A prop that fits neither way is laid
        out upright, for its kind to refuse."""
        turned = PageSize(paper.height_mm, paper.width_mm)
        grids = [cls.fit(item, sheet, margin_mm, gutter_mm, foot_mm) for sheet in (paper, turned)]
        fitting = [grid for grid in grids if grid.holds_its_item(margin_mm, foot_mm)]
        return min(fitting, key=lambda grid: len(grid.pages(copies)), default=grids[0])

    def holds_its_item(self, margin_mm: float, foot_mm: float = 0.0) -> bool:
        """Whether its prop fits on its paper inside the margin and above the foot."""
        room = PageSize(self.paper.width_mm, self.paper.height_mm - foot_mm)
        return fits_inside(self.item, room, margin_mm)

    def pages(self, copies: int) -> tuple[tuple[Placement, ...], ...]:
        """The cells filled on each sheet for `copies` props."""
        per_page = len(self.cells)
        return tuple(
            self.cells[: min(per_page, copies - start)] for start in range(0, copies, per_page)
        )

    def mirrored(self, placement: Placement) -> Placement:
        """Where the back of a prop goes on the back of the sheet: printed duplex (flipped on
        the long edge), the columns swap sides, so the back lines up behind the front."""
        x = self.paper.width_mm - placement.x_mm - self.item.width_mm
        return Placement(round(x, 2), placement.y_mm)


@dataclass(frozen=True)
class GmNote:
    """One labelled entry of the GM block."""

    label: str
    body: Markup


@dataclass(frozen=True, kw_only=True)
class HandoutContext:
    """The part of every template context that the base layout uses."""

    id: str
    title: str
    language: str
    is_gm: bool
    campaign_title: str
    gm_page: PageSize
    gm_notes: list[GmNote] = field(default_factory=list)
    # A player's own copy (a packet): its number among the players, and its trace mark.
    copy_number: int = 1
    copy_mark: str | None = None
    mark_place: MarkPlace = IN_MARGIN  # where the kind's props carry it (see kinds.imprint)
    wear: Wear | None = None  # the paper's age, tears, folds (see handouts.wear)
    # Or the wear drawn on the prop, not the sheet (a tiled poster, a clipping on its sheet).
    prop_wear: Wear | None = None
    typewriter_faults: bool = False  # typed text with a machine's faults named by the GM
    envelope: EnvelopeContext | None = None  # the envelope it came in, a page of its own
    # The fixed words the prop prints, in its language (the templates' `label` filter).
    labels: PropLabels = field(default_factory=PropLabels)
    additions: tuple[AddedWords, ...] = ()  # words added later, in another hand and ink

    @property
    def edge_pages(self) -> tuple[str, ...]:
        """The prop's named pages printed edge to edge, with no margin for the trace mark:
        its kind's, and its envelope's net."""
        pages = self.mark_place.edge_pages
        if self.envelope is not None and "envelope" not in pages:
            return (*pages, "envelope")
        return pages

    def alone(self) -> Self:
        """The prop as its text is fitted: without its envelope, printed on pages of its own
        after the prop, and without the words added in its margin, written over whatever
        stands at its foot. Neither takes room from the prop's text: laid out with them, an
        envelope's page read as text running on, and a margin note at the foot of a card's
        tall trial page as a face three times too full."""
        inline = tuple(words for words in self.additions if words.where != "margin")
        return replace(self, envelope=None, additions=inline)

    def first_sheet(self) -> Self:
        """The context laying out its first sheet as the whole does, for what is placed
        from that sheet alone (the paper's folds); a kind printing many alike overrides it."""
        return self


def written(
    text: Markup,
    hand: Hand,
    handout: HandoutBase,
    variation: random.Random,
    faults: TypewriterFaults | None = None,
) -> Markup:
    """Text as its hand puts it on paper: a typewriter's is typed, with the faults the GM
    names, else the worn letter of the author's machine (or the handout's own), always the
    same one."""
    if not hand.typed:
        return text
    seed = variation.randrange(2**32)
    if faults is not None:
        worn = faults.worn.lower()
        return typed_html(text, seed, worn, faults.sagging.lower(), faults.dropped_capitals)
    machine = seeded_random("typewriter", handout.author or handout.id)
    return typed_html(text, seed, worn=machine.choice("etaoinsr"))


def written_text(
    handout: HandoutBase,
    text: str,
    added: tuple[AddedWords, ...],
    hand: Hand,
    variation: random.Random,
    faults: TypewriterFaults | None,
    *,
    language: str,
    keep_line_breaks: bool,
) -> Markup:
    """A note's or a letter's words as its hand writes them, with the words others added
    after its lines (`where: after-line`) written in between, in their own hands."""
    html = prop_html(
        between_the_lines(text, added), keep_line_breaks=keep_line_breaks, language=language
    )
    return written_in(written(held_places(html), hand, handout, variation, faults), added)


def written_by(campaign: Campaign, handout: HandoutBase) -> tuple[str, str | None]:
    """The GM's note of who wrote a prop."""
    author = campaign.npcs.get(handout.author) if handout.author else None
    return ("Written by", f"{author.name} ({author.role})" if author else None)


def gm_notes(entries: list[tuple[str, str | None]]) -> list[GmNote]:
    """The non-empty entries, rendered from Markdown."""
    return [GmNote(label, markdown_html(text)) for label, text in entries if text]


def context_basics(
    campaign: Campaign,
    handout: HandoutBase,
    is_gm: bool,
    language: str,
    notes: Sequence[tuple[str, str | None]] = (),
) -> dict[str, Any]:
    """The HandoutContext fields every kind fills the same way; `notes` go first in the GM
    block, before how the handout reaches the players and the GM's notes on it."""
    posted = handout.posted()
    stationery = heading_of(campaign, posted.organisation, posted.letterhead)
    envelope = envelope_context(campaign, handout, language, (stationery.lines, stationery.ink))
    return {
        "id": handout.id,
        # The GM's title can give a secret away: players' copies take the players' name.
        "title": handout.title if is_gm else player_facing_title(campaign, handout),
        "language": language,
        "is_gm": is_gm,
        "campaign_title": campaign.info.title,
        "gm_page": PageSize.named(campaign.info.paper),
        "gm_notes": gm_notes(
            [
                *notes,
                (
                    f"The {envelope.style.replace('-', ' ') if envelope else 'envelope'}",
                    envelope.how_to if is_gm and envelope else None,
                ),
                ("How it reaches the players", handout.reveal),
                ("Notes", handout.gm_notes),
            ]
        ),
        "wear": wear_of(handout),
        "envelope": envelope,
        "labels": prop_labels(language, campaign.info.labels),
        "additions": added_words(handout, language),
    }


@dataclass(frozen=True)
class PageTemplate:
    """A template and the stylesheet the base layout includes for it."""

    template: str
    stylesheet: str | None = None


GM_NOTES_PAGE = PageTemplate("gm-notes.html.j2")


def worn_sheet(
    context: HandoutContext, handout: HandoutBase, measure: Callable[[HandoutContext], Measured]
) -> HandoutContext:
    """The context with its paper's wear fitted to the page as laid out (see
    `wear.wear_on_sheet`); a handout without worn paper is left as it is."""
    if context.wear is None or handout.paper is None:
        return context
    laid_out = measure(context.first_sheet())
    return replace(context, wear=wear_on_sheet(handout, laid_out, context.wear.folds))
