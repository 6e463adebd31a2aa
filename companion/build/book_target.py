"""The GM's book as a target of the pipeline: its cover and contents, its own parts, then every
chosen GM copy, each prop on carrier pages of the book's paper, with the book's page numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from companion.book.carriers import CARRIER_PAGE, CarrierContext, carrier_sheets
from companion.book.gm_book import (
    BOOK_BODY,
    BOOK_FRONT,
    BookContext,
    BookFacts,
    BookPages,
    CopyLine,
    book_context,
    with_pages,
)
from companion.build.pipeline import (
    BuildReport,
    CopyOf,
    Document,
    Folio,
    OutputPaths,
    Pipeline,
)
from companion.campaign.audience import GM
from companion.campaign.models import Campaign
from companion.errors import RenderError
from companion.kinds.base import GM_NOTES_PAGE, HandoutContext, PageSize, PageTemplate
from companion.kinds.registry import kind_of
from companion.record.facts import PlayState

if TYPE_CHECKING:
    from pathlib import Path

    from companion.build.request import BuildOptions
    from companion.render.pdf import Rendered
    from companion.render.pdf_pages import PagePlacement

# The cover carries no page number; the contents after it do.
COVER_AND_CONTENTS = Folio(1, unnumbered=(1,))
# GM notes whose last page would hold less than this share of a page are set a little
# closer, as a book's typesetter would, when that ends them a page sooner.
SHORT_LAST_PAGE = 0.25


@dataclass
class CopyInBook:
    """A GM copy as the book prints it: its documents (what HTML output writes), the pages
    laid out for the book (its carrier pages, then its GM notes), and its prop's own pages
    with where each goes (the carrier pages counted from the copy's first page)."""

    documents: list[Document] = field(default_factory=list)
    laid_out: list[Rendered] = field(default_factory=list)
    props: list[tuple[Rendered, list[PagePlacement]]] = field(default_factory=list)
    pages: int = 0


@dataclass(frozen=True)
class Book:
    """`gm/book`: a cover and contents; the book's own parts (the campaign, scenes, people,
    locations, the clue graph, checks, state of play); then every chosen GM copy. Every page
    of the book is its paper; a prop's pages stand on carrier pages, which carry the book's
    page number in a band under them, and the prop keeps its own count of its sheets."""

    handout_ids: tuple[str, ...]
    facts: BookFacts
    revealed_through: int = 0

    def tasks(self) -> list[str]:
        return ["book"]

    def weight(self, campaign: Campaign, task: str) -> int:
        return 1 + sum(kind_of(campaign.handouts[h]).weight for h in self.handout_ids)

    def run(self, pipeline: Pipeline, task: str, report: BuildReport) -> None:
        # Each part is laid out once, knowing where it starts: the cover and contents first
        # with placeholder numbers (to learn their length), then the parts, then the GM
        # copies, and the contents again with the true numbers (the only layout done twice;
        # all again in the rare case the contents grew a page).
        context = book_context(pipeline.campaign, self.facts, self.handout_ids)
        key = self._key(pipeline, context)
        if pipeline.up_to_date(report, pipeline.paths.book(), key):
            return
        front = self._laid_out(pipeline, BOOK_FRONT, context, COVER_AND_CONTENTS)
        for _ in range(3):
            front_pages = front[1].page_count
            body = self._laid_out(pipeline, BOOK_BODY, context, Folio(front_pages + 1))
            parts = {a: front_pages + n for a, n in body[1].anchor_pages().items()}
            first_copy = front_pages + body[1].page_count + 1
            copies, starts = self._copies(pipeline, context.page, first_copy)
            pages = BookPages(parts, starts)
            context = with_pages(context, pipeline.campaign, self.handout_ids, pages)
            front = self._laid_out(pipeline, BOOK_FRONT, context, COVER_AND_CONTENTS)
            if front[1].page_count == front_pages:
                break
        documents = [front[0], body[0], *(d for copy in copies for d in copy.documents)]
        stem = pipeline.paths.book()
        if not pipeline.lays_out:
            pipeline.write(report, stem, "book", GM, documents, key=key)
            return
        laid_out = [front[1], body[1], *(r for copy in copies for r in copy.laid_out)]
        pdf, warnings = self._printed(pipeline, laid_out, copies, starts)
        pipeline.write_pdf(report, stem, "book", GM, pdf, warnings, laid_out, key)

    def covers(self, paths: OutputPaths, options: BuildOptions, stem: Path) -> bool:
        return False  # one output, always made

    def _key(self, pipeline: Pipeline, context: BookContext) -> str:
        parts: list[tuple[PageTemplate, HandoutContext]] = [
            (BOOK_FRONT, context),
            (BOOK_BODY, context),
            (CARRIER_PAGE, context),
        ]
        for handout_id in self.handout_ids:
            parts += [(page, c) for _, page, c in pipeline.parts(handout_id, GM, fitted=False)]
        return pipeline.key_of(parts)

    def _laid_out(
        self, pipeline: Pipeline, page: PageTemplate, context: BookContext, folio: Folio
    ) -> tuple[Document, Rendered]:
        part = "book" if page == BOOK_BODY else "front"
        document = Document(part, pipeline.render(page, context, folio=folio))
        return document, pipeline.lay_out([document])

    def _copies(
        self, pipeline: Pipeline, paper: PageSize, first_page: int
    ) -> tuple[list[CopyInBook], dict[str, int]]:
        """Each GM copy laid out for the book from its first page on, and the page each
        starts on."""
        copies, starts, page = [], {}, first_page
        for handout_id in self.handout_ids:
            starts[handout_id] = page
            copy = gm_copy_in_book(pipeline, handout_id, paper, page)
            copies.append(copy)
            page += copy.pages
        return copies, starts

    def _printed(
        self,
        pipeline: Pipeline,
        laid_out: Sequence[Rendered],
        copies: Sequence[CopyInBook],
        starts: dict[str, int],
    ) -> tuple[bytes, list[str]]:
        """The book's PDF: its laid-out pages, with each prop's pages drawn on its carriers."""
        from companion.render.pdf import write_rendered
        from companion.render.pdf_pages import PlacedSource, placed

        pdf, warnings = write_rendered(laid_out, pipeline.options.profile)
        # The props in one PDF of their own (its fonts subset once), untagged: the book
        # draws its pages as pictures of pages.
        props = [
            (prop, placements, first)
            for copy, first in zip(copies, starts.values(), strict=True)
            for prop, placements in copy.props
        ]
        if not props:
            return pdf, warnings
        props_pdf, prop_warnings = write_rendered([p for p, _, _ in props], "home", tagged=False)
        moved, before = [], 0
        for prop, placements, first in props:
            moved += [_moved(p, first - 1, before) for p in placements]
            before += prop.page_count
        return placed(pdf, [PlacedSource(props_pdf, moved)]), warnings + prop_warnings


def _moved(placement: PagePlacement, book_pages: int, prop_pages: int) -> PagePlacement:
    """The placement with its carrier counted among the book's pages and its prop page
    among all the props' pages."""
    return replace(
        placement,
        target_page=placement.target_page + book_pages,
        source_page=placement.source_page + prop_pages,
    )


def gm_copy_in_book(
    pipeline: Pipeline, handout_id: str, paper: PageSize, first_page: int
) -> CopyInBook:
    """A GM copy as the book prints it, from `first_page` of the book on: its prop on
    carrier pages of the book's paper, then its GM notes (already of the book's paper)."""
    copy = CopyInBook()
    for part, template, context in pipeline.parts(handout_id, GM):
        if template == GM_NOTES_PAGE:
            html, rendered = _gm_notes(pipeline, context, Folio(first_page + copy.pages))
            copy.documents.append(Document(part, html).within(handout_id))
            copy.laid_out.append(rendered)
            copy.pages += rendered.page_count
        else:
            _prop_on_carriers(pipeline, template, context, paper, first_page, copy)
            copy.documents.append(
                Document(part, pipeline.render(template, context, bleed_mm=0)).within(handout_id)
            )
    return copy


def _prop_on_carriers(
    pipeline: Pipeline,
    template: PageTemplate,
    context: HandoutContext,
    paper: PageSize,
    first_page: int,
    copy: CopyInBook,
) -> None:
    """The prop laid out as its own copy is (its own sheet count, without bleed: the carrier
    has its crop marks), and the carrier pages that will hold it."""
    from companion.render.pdf import page_areas
    from companion.render.pdf_pages import PagePlacement

    rendered = pipeline.lay_out([Document("", pipeline.render(template, context, bleed_mm=0))])
    sizes = [PageSize(a.page_width_mm, a.page_height_mm) for a in page_areas(rendered)]
    sheets = carrier_sheets(sizes, paper, context.title)
    carrier = CarrierContext(
        id=context.id,
        title=context.title,
        language="en",
        is_gm=True,
        campaign_title=context.campaign_title,
        gm_page=paper,
        page=paper,
        sheets=sheets,
    )
    html = pipeline.render(CARRIER_PAGE, carrier, folio=Folio(first_page + copy.pages))
    carriers = pipeline.lay_out([Document("", html)])
    if carriers.page_count != len(sheets):
        raise RenderError(
            f"{context.id}: its {len(sheets)} carrier pages were laid out as "
            f"{carriers.page_count}; a campaign stylesheet may change `.carrier`"
        )
    placements = [
        PagePlacement(copy.pages + number, p.page, p.x_mm, p.y_mm, p.width_mm, p.height_mm)
        for number, sheet in enumerate(sheets)
        for p in sheet.placed
    ]
    copy.laid_out.append(carriers)
    copy.props.append((rendered, placements))
    copy.pages += carriers.page_count


def _gm_notes(pipeline: Pipeline, context: HandoutContext, folio: Folio) -> tuple[str, Rendered]:
    """A GM notes page as the book prints it: numbered, and set closer when it would run on
    by a few lines."""
    html = pipeline.render(GM_NOTES_PAGE, context, folio=folio)
    rendered = pipeline.lay_out([Document("", html)])
    if not _runs_on_briefly(rendered):
        return html, rendered
    closer_html = pipeline.render(GM_NOTES_PAGE, context, folio=replace(folio, closer=True))
    closer = pipeline.lay_out([Document("", closer_html)])
    if closer.page_count < rendered.page_count:
        return closer_html, closer
    return html, rendered


def _runs_on_briefly(rendered: Rendered) -> bool:
    """Whether the document runs on to a last page that holds only a few lines (the page
    number in its margin is not one of them)."""
    from companion.render.pdf import measured

    laid_out = measured(rendered)
    area = laid_out.area
    last = laid_out.on_page(laid_out.pages - 1)
    lowest = max((line.bottom_mm for line in last if line.top_mm < area.bottom_mm), default=0)
    used = max(0.0, lowest - area.top_mm) / (area.bottom_mm - area.top_mm)
    return laid_out.pages > 1 and used < SHORT_LAST_PAGE


def book_for(campaign: Campaign, handout_ids: tuple[str, ...], state: PlayState) -> Book:
    """The book of these handouts' GM copies, as of the record's last session."""
    session = state.last_session()
    copies = register_of_copies(campaign, state, handout_ids, session)
    return Book(handout_ids, BookFacts(state, session, copies), session)


def register_of_copies(
    campaign: Campaign, state: PlayState, handout_ids: Sequence[str], session: int
) -> tuple[CopyLine, ...]:
    """Every copy a player holds, with the number and trace mark their packet prints, so the
    GM can read a found copy's mark against the list as well as with `companion trace`."""
    lines = []
    for player in campaign.info.players:
        copy = CopyOf.made_for(campaign, player.id, session, state.mark_secret)
        lines += [
            CopyLine(
                player.name,
                campaign.handouts[handout_id].title,
                copy.number,
                copy.mark(campaign.name, handout_id),
            )
            for handout_id in state.held_by(player.id)
            if handout_id in handout_ids
        ]
    return tuple(lines)
