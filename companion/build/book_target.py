"""The GM's book as a target of the pipeline: its cover and contents, its own parts, then every
chosen GM copy, each prop on carrier pages of the book's paper (its pages drawn from the GM
copy's PDF: the one the build wrote, when up to date; see `gm_copy`). Laid out in parts (the
front and body; the GM copies in groups) that `--jobs` spreads over processes, each written to
a PDF of its own as soon as it is laid out, then joined and numbered as one book."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import heapq
import math
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from companion.book.carriers import (
    CARRIER_MARGIN_MM,
    CARRIER_PAGE,
    CarriedProp,
    CarrierContext,
    CarrierSheet,
    carrier_sheets,
)
from companion.book.gm_book import (
    BOOK_BODY,
    BOOK_FRONT,
    BookContext,
    BookFacts,
    BookPages,
    CopyLine,
    body_parts,
    book_context,
    own_pages_weight,
    part_weight,
    with_pages,
    with_plans_drawn,
)
from companion.build.gm_copy import CopyForBook, GmCopyPdf, gm_copy_for_book
from companion.build.pipeline import (
    CopyOf,
    Document,
    Folio,
    OutputPaths,
    Pipeline,
)
from companion.build.report import BuildReport
from companion.campaign.audience import GM
from companion.campaign.models import Campaign
from companion.errors import RenderError
from companion.kinds.base import GM_NOTES_PAGE, HandoutContext, PageSize, PageTemplate
from companion.kinds.registry import weight_of
from companion.record.facts import PlayState
from companion.render.garbage import no_collection_at_exit, settled, settled_meanwhile
from companion.render.layout import LayoutFacts

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from companion.build.request import BuildOptions
    from companion.render.folios import FolioPlace
    from companion.render.pdf import Rendered
    from companion.render.pdf_pages import PlacedSource

# The GM copies are laid out and written in groups of about this weight (kinds' weights: a
# note 1, a file a few): what one process holds at once, and what it is given at a time; a
# group's PDF subsets its fonts anew, so groups are not made smaller than they need be. A
# small book still comes in this many, so that two processes share it.
GROUP_WEIGHT = 24
FEWEST_GROUPS = 4


@dataclass(frozen=True)
class PartMade:
    """A part of the book, laid out and written: its PDF (none for HTML output), how many
    pages it has, where the book's page number stands on each (None: not on the cover), the
    page (from 0 in the part) each GM copy starts on and each anchor of the book's own pages
    is on (from 1), its documents for HTML output, its lines for a print shop's preflight,
    and the warnings on the way; for a group of GM copies, each copy's cache key (worked out
    where its context is built anyway, not again in the process that joins the book)."""

    pdf: Path | None
    pages: int
    folios: tuple[FolioPlace | None, ...]
    starts: dict[str, int]
    documents: tuple[Document, ...] = ()
    warnings: tuple[str, ...] = ()
    anchors: dict[str, int] = field(default_factory=dict)
    facts: LayoutFacts = ([], [])
    keys: dict[str, str] = field(default_factory=dict)


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
        copies = sum(weight_of(campaign.handouts[h]) for h in self.handout_ids)
        return copies + own_pages_weight(campaign)

    def covers(self, paths: OutputPaths, options: BuildOptions, stem: Path) -> bool:
        return False  # one output, always made

    def run(self, pipeline: Pipeline, task: str, report: BuildReport) -> None:
        # The book's own pages (in parts, for a long book) and the GM copies (in groups) are
        # laid out in `--jobs` processes, each part written to a PDF of its own and dropped;
        # this process makes the cover and contents and joins the parts. No part needs to
        # know where it starts: the page numbers are printed when the parts are joined, so
        # each part is laid out once (the contents twice: with placeholders to learn its
        # length, while the parts are made, then with the numbers).
        stem = pipeline.paths.book()
        groups = copy_groups(pipeline.campaign, self.handout_ids)
        paper = PageSize.named(pipeline.campaign.info.paper)
        with (
            tempfile.TemporaryDirectory(prefix="companion-book-") as folder,
            _Parts(pipeline, self.revealed_through, Path(folder)) as parts,
        ):
            made_before = pipeline.cache.entry(stem) is not None
            if not made_before:
                # A book never made here is made now: its copies are begun at once, while
                # this process works out the book's own pages; their keys come with them.
                parts.copies(groups, paper)
            context = book_context(pipeline.campaign, self.facts, self.handout_ids)
            if made_before:
                key = self._key(pipeline, context, self._copy_keys(pipeline))
                if pipeline.up_to_date(report, stem, key):
                    return
            parts.copies(groups, paper)
            parts.body(body_parts(context))
            # Only the length of the contents is kept (with placeholders for its numbers,
            # as long as the true ones): its pages would take room while the parts are made.
            html = pipeline.render(BOOK_FRONT, context, folio=Folio())
            front_pages = pipeline.lay_out([Document("front", html)]).page_count
            body, copies = parts.made()
            if not made_before:
                keys = {h: k for part in copies for h, k in part.keys.items()}
                key = self._key(pipeline, context, [keys[h] for h in self.handout_ids])
            front, front_html, context = self._front(pipeline, context, front_pages, body, copies)
            if not pipeline.lays_out:
                body_html = pipeline.render(BOOK_BODY, with_plans_drawn(context), folio=Folio())
                documents = [Document("front", front_html), Document("book", body_html)]
                documents += [d for part in copies for d in part.documents]
                pipeline.write(report, stem, "book", GM, documents, key=key)
                return
            _memory_given_back()
            pdf, warnings, facts = self._joined(pipeline, front, [*body, *copies], len(body))
            pipeline.write_pdf(report, stem, "book", GM, pdf, warnings, lambda: facts, key)

    def _key(self, pipeline: Pipeline, context: BookContext, copy_keys: Sequence[str]) -> str:
        """The book's cache key: its own pages' templates and context, and each GM copy's
        key (`copy_keys`, in the book's order), which changes with all the copy shows."""
        parts: list[tuple[PageTemplate, HandoutContext]] = [
            (BOOK_FRONT, context),
            (BOOK_BODY, context),
            (CARRIER_PAGE, context),
        ]
        return pipeline.key_of(parts, *copy_keys)

    def _copy_keys(self, pipeline: Pipeline) -> list[str]:
        return [pipeline.copy_key(h, GM) for h in self.handout_ids]

    def _front(
        self,
        pipeline: Pipeline,
        context: BookContext,
        front_pages: int,
        body: Sequence[PartMade],
        copies: Sequence[PartMade],
    ) -> tuple[Rendered, str, BookContext]:
        """The cover and contents with the true page numbers, from `front_pages`, their length
        with placeholders: laid out again while that length changes."""
        for _ in range(3):
            parts, page = {}, front_pages
            for part in body:
                parts.update({a: page + n for a, n in part.anchors.items()})
                page += part.pages
            starts, page = {}, page + 1
            for part in copies:
                starts.update({h: page + at for h, at in part.starts.items()})
                page += part.pages
            pages = BookPages(parts, starts)
            context = with_pages(context, pipeline.campaign, self.handout_ids, pages)
            html = pipeline.render(BOOK_FRONT, context, folio=Folio())
            front = pipeline.lay_out([Document("front", html)])
            if front.page_count == front_pages:
                break
            front_pages = front.page_count
        return front, html, context

    def _joined(
        self, pipeline: Pipeline, front: Rendered, parts: Sequence[PartMade], own: int
    ) -> tuple[bytes, list[str], LayoutFacts]:
        """One PDF: the cover and contents (whose links point into the parts), then the
        parts, every page but the cover numbered; with the lines of the book's own pages
        (the first `own` parts), for a print shop's preflight."""
        from companion.render.pdf import (
            folio_digits,
            folio_places,
            layout_facts,
            with_anchors_elsewhere,
            write_rendered,
        )
        from companion.render.pdf_pages import joined

        with_anchors_elsewhere(front, [a for part in parts for a in part.anchors])
        front_pdf, warnings = write_rendered([front], pipeline.options.profile)
        folios: list[FolioPlace | None] = [None, *folio_places(front)[1:]]
        lines, sizes = layout_facts([front]) if pipeline.options.profile == "shop" else ([], [])
        for number, part in enumerate(parts):
            if number < own:
                lines += [replace(line, page=line.page + len(sizes)) for line in part.facts[0]]
                sizes += part.facts[1]
            folios += part.folios
            warnings += part.warnings
        pdfs: list[bytes | Path] = [front_pdf]
        pdfs += [part.pdf for part in parts if part.pdf is not None]
        return joined(pdfs, folios, folio_digits()), warnings, (lines, sizes)


def _memory_given_back() -> None:
    """What the parts laid out in this process left behind, given back to the system before
    the join takes its share (some 110 MB for a book of 600 pages): Python and the C library
    keep freed memory for themselves otherwise, and the process's peak is the sum (here
    some 30 MB less for the 200-NPC benchmark's book with `--jobs 1`)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not the GNU C library: no way to ask
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def copy_groups(campaign: Campaign, handout_ids: Sequence[str]) -> list[tuple[str, ...]]:
    """The GM copies in the book's order, cut into groups of about GROUP_WEIGHT (smaller in a
    small book: FEWEST_GROUPS of them): the same groups however many processes lay them out,
    so that the book is the same bytes."""
    total = sum(weight_of(campaign.handouts[h]) for h in handout_ids)
    most = min(GROUP_WEIGHT, math.ceil(total / FEWEST_GROUPS))
    groups: list[tuple[str, ...]] = []
    group: list[str] = []
    weight = 0
    for handout_id in handout_ids:
        group.append(handout_id)
        weight += weight_of(campaign.handouts[handout_id])
        if weight >= most:
            groups.append(tuple(group))
            group, weight = [], 0
    if group:
        groups.append(tuple(group))
    return groups


# --- the parts, laid out in other processes ---------------------------------------------------


@dataclass(frozen=True)
class _BodyJob:
    """A part of the book's own pages."""

    context: BookContext

    def weight(self, campaign: Campaign) -> int:
        return part_weight(self.context)

    def made(self, pipeline: Pipeline, path: Path) -> PartMade:
        return body_part(pipeline, self.context, path)


@dataclass(frozen=True)
class _CopiesJob:
    """A group of GM copies."""

    group: tuple[str, ...]
    paper: PageSize

    def weight(self, campaign: Campaign) -> int:
        return sum(weight_of(campaign.handouts[h]) for h in self.group)

    def made(self, pipeline: Pipeline, path: Path) -> PartMade:
        return copies_part(pipeline, self.group, self.paper, path)


_Job = _BodyJob | _CopiesJob


@dataclass(frozen=True, eq=False)
class _Waiting:
    """A part asked for and not yet taken: what to make, where to write it, and its result."""

    job: _Job
    path: Path
    future: Future[PartMade]


class _Parts:
    """Parts of the book, laid out in this process and, with `--jobs N`, in N-1 others
    (spawned as the first parts are asked for), each part's pages held only in the process
    that lays it out, until it is written. This process is one of the jobs: it takes parts
    from the same queue once it has nothing else to do, so `--jobs 1` starts no process at
    all. The heaviest part waiting is taken first, so that no process is left with a long
    one at the end. A part is laid out the same wherever it is, so the book is the same bytes
    however many processes make it. Whatever is left when the book is done (or fails) is
    given up."""

    def __init__(self, pipeline: Pipeline, revealed_through: int, folder: Path) -> None:
        self._pipeline = pipeline
        self._revealed_through = revealed_through
        self._folder = folder
        # The parts waiting, the heaviest first, then in the order they were asked for.
        self._waiting: list[tuple[int, int, _Waiting]] = []
        self._lock = threading.Lock()
        self._others = pipeline.options.jobs - 1  # this process is one of the jobs
        self._free = self._others
        self._pool: ProcessPoolExecutor | None = None
        self._copies: list[Future[PartMade]] = []
        self._body: list[Future[PartMade]] = []
        self._submitted = 0

    def copies(self, groups: Sequence[tuple[str, ...]], paper: PageSize) -> None:
        """The GM copies' parts, a group each (once)."""
        if not self._copies:
            self._copies = [self._submit(_CopiesJob(group, paper)) for group in groups]

    def body(self, contexts: Sequence[BookContext]) -> None:
        """The book's own pages' parts, a context each."""
        self._body = [self._submit(_BodyJob(context)) for context in contexts]

    def made(self) -> tuple[list[PartMade], list[PartMade]]:
        """The book's own parts and the copies' parts, in order, once all are made: this
        process lays out those no other has taken yet."""
        with settled_meanwhile():
            while (waiting := self._next()) is not None:
                made = _part_made(waiting.job, self._pipeline, waiting.path)
                waiting.future.set_result(made)
        return [f.result() for f in self._body], [f.result() for f in self._copies]

    def _submit(self, job: _Job) -> Future[PartMade]:
        number = self._submitted
        self._submitted += 1
        waiting = _Waiting(job, self._folder / f"part-{number}.pdf", Future())
        with self._lock:
            heapq.heappush(self._waiting, (-job.weight(self._pipeline.campaign), number, waiting))
        self._give_out()
        return waiting.future

    def _next(self) -> _Waiting | None:
        with self._lock:
            return heapq.heappop(self._waiting)[2] if self._waiting else None

    def _give_out(self) -> None:
        """The next waiting part to another process, if one is free. A part is given out
        only to a free process: one given early could wait behind a long one while this
        process had time for it."""
        with self._lock:
            if not self._free or not self._waiting:
                return
            self._free -= 1
            waiting = heapq.heappop(self._waiting)[2]
        try:
            done = self._started().submit(_worker_part, waiting.job, waiting.path)
        except Exception as error:  # a broken or closed pool: said by the part's result
            done = Future()
            done.set_exception(error)
        done.add_done_callback(lambda finished: self._finished(finished, waiting.future))

    def _finished(self, finished: Future[PartMade], future: Future[PartMade]) -> None:
        if finished.cancelled():
            future.cancel()
        elif (error := finished.exception()) is not None:
            future.set_exception(error)
        else:
            future.set_result(finished.result())
        with self._lock:
            self._free += 1
        self._give_out()

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            pipeline = self._pipeline
            self._pool = ProcessPoolExecutor(
                max_workers=self._others,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(pipeline.campaign, pipeline.options, self._revealed_through),
            )
        return self._pool

    def __enter__(self) -> _Parts:
        return self

    def __exit__(self, *_: object) -> None:
        with self._lock:
            self._waiting.clear()
            self._free = 0  # nothing more is given out
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


_worker: Pipeline | None = None


def _start_worker(campaign: Campaign, options: BuildOptions, revealed_through: int) -> None:
    global _worker
    no_collection_at_exit()
    _worker = Pipeline(campaign, options, revealed_through)
    settled()


def _worker_part(job: _Job, path: Path) -> PartMade:
    assert _worker is not None
    return _part_made(job, _worker, path)


def _part_made(job: _Job, pipeline: Pipeline, path: Path) -> PartMade:
    """A part made, and what laying it out left collected at once: a process that lays out
    pages collects its oldest garbage seldom (`render.garbage`), and a part's pages, dropped
    once written, would otherwise pile up with the next parts' (the book's peak went from
    373 to 435 MB)."""
    made = job.made(pipeline, path)
    gc.collect()
    return made


def body_part(pipeline: Pipeline, context: BookContext, path: Path) -> PartMade:
    """A part of the book's own pages, written to a PDF at `path` (when the output is a
    PDF): its page count, the page each of its anchors is on, where its page numbers go
    (and, for a print shop, its lines)."""
    from companion.render.pdf import folio_places, layout_facts, write_rendered

    html = pipeline.render(BOOK_BODY, with_plans_drawn(context), folio=Folio())
    rendered = pipeline.lay_out([Document("book", html)])
    made = PartMade(
        None,
        rendered.page_count,
        tuple(folio_places(rendered)),
        {},
        anchors=rendered.anchor_pages(),
    )
    if not pipeline.lays_out:
        return made
    pdf, warnings = write_rendered([rendered], pipeline.options.profile)
    path.write_bytes(pdf)
    facts = layout_facts([rendered]) if pipeline.options.profile == "shop" else ([], [])
    return replace(made, pdf=path, warnings=tuple(warnings), facts=facts)


def copies_part(pipeline: Pipeline, group: Sequence[str], paper: PageSize, path: Path) -> PartMade:
    """GM copies as the book prints them, one after another, written to a PDF at `path`
    (when the output is a PDF): each prop on its carrier pages, then its GM notes. Its pages
    are held only until it is written."""
    keys: dict[str, str] = {}
    copies = []
    for handout_id in group:
        keys[handout_id] = pipeline.copy_key(handout_id, GM)
        copies.append(gm_copy_in_book(pipeline, handout_id, keys[handout_id], paper))
    carriers = _carriers_laid_out(pipeline, copies, paper)
    part = _PartPages()
    starts: dict[str, int] = {}
    for copy, carried in zip(copies, carriers, strict=True):
        starts[copy.handout_id] = part.pages
        part.carrying(carried, copy)
    documents = tuple(d for copy in copies for d in copy.documents)
    warnings = [w for copy in copies for w in copy.drawn.warnings]
    if not pipeline.lays_out:
        return PartMade(None, part.pages, tuple(part.folios), starts, documents, keys=keys)
    pdf, written_warnings = _with_props(pipeline, part.laid_out, part.props)
    path.write_bytes(pdf)
    warnings += written_warnings
    return PartMade(path, part.pages, tuple(part.folios), starts, (), tuple(warnings), keys=keys)


def _with_props(
    pipeline: Pipeline, laid_out: Sequence[Rendered], props: Sequence[PlacedSource]
) -> tuple[bytes, list[str]]:
    """The carrier pages (and GM notes set closer) written, with each prop's pages drawn on
    its carriers from its GM copy's PDF, and its GM notes pages taken from there."""
    from companion.render.pdf import write_rendered
    from companion.render.pdf_pages import placed

    pdf, warnings = write_rendered(laid_out, pipeline.options.profile)
    return (placed(pdf, props) if props else pdf), warnings


@dataclass
class _PartPages:
    """A part's pages as they are added: those laid out here, how many pages the part has
    (those and the GM notes pages taken from the copies), where the book's page number
    stands on each, and the GM copies' PDFs with the pages they give."""

    laid_out: list[Rendered] = field(default_factory=list)
    written: int = 0
    pages: int = 0
    folios: list[FolioPlace | None] = field(default_factory=list)
    props: list[PlacedSource] = field(default_factory=list)

    def carrying(self, carriers: Rendered, copy: CopyInBook) -> None:
        """A GM copy from the next page on: its prop's pages drawn on its carrier pages (laid
        out from its `sheets`), then its GM notes pages: those of its PDF, or laid out closer
        for the book."""
        from companion.render.pdf_pages import PagePlacement, PlacedSource

        gm_copy = copy.drawn.copy
        placements = [
            PagePlacement(self.written + n, p.page, p.x_mm, p.y_mm, p.width_mm, p.height_mm)
            for n, sheet in enumerate(copy.sheets)
            for p in sheet.placed
        ]
        self._add(carriers, right_mm=CARRIER_MARGIN_MM)
        if copy.closer_notes is not None:
            self.props.append(PlacedSource(gm_copy.pdf, placements))
            self._add(copy.closer_notes)
            return
        taken = gm_copy.notes_pages
        self.props.append(PlacedSource(gm_copy.pdf, placements, taken, self.written))
        self.folios += gm_copy.facts.notes_folios
        self.pages += len(taken)

    def _add(self, rendered: Rendered, right_mm: float | None = None) -> None:
        from companion.render.pdf import folio_places

        self.laid_out.append(rendered)
        self.folios += folio_places(rendered, right_mm=right_mm)
        self.written += rendered.page_count
        self.pages += rendered.page_count


@dataclass(frozen=True)
class CopyInBook:
    """A GM copy as the book prints it, before its carrier pages are laid out (with those of
    the other copies of its part): the GM copy it draws, the carrier pages its prop's pages
    need, its GM notes when the book sets them closer (else it takes its copy's), and its
    documents (what HTML output writes)."""

    handout_id: str
    drawn: CopyForBook
    sheets: tuple[CarrierSheet, ...]
    closer_notes: Rendered | None
    documents: tuple[Document, ...]


def gm_copy_in_book(pipeline: Pipeline, handout_id: str, key: str, paper: PageSize) -> CopyInBook:
    """A GM copy as the book prints it: its prop on carrier pages of the book's paper (drawn
    without a bleed: they have their crop marks), then its GM notes (already of that paper).
    Both are its GM copy's pages (whose cache key is `key`): the one in the output folder
    when it is up to date, else made as the build makes it; so a copy up to date is not even
    worked out again, unless its notes are set closer."""
    drawn = gm_copy_for_book(pipeline, handout_id, key)
    closer = _closer_notes(pipeline, handout_id, drawn.copy)
    documents = () if pipeline.lays_out else _documents(pipeline, handout_id, closer)
    title = pipeline.campaign.handouts[handout_id].title  # the GM copy's title
    sheets = carrier_sheets(drawn.copy.prop_sizes, paper, title)
    return CopyInBook(handout_id, drawn, sheets, closer[1] if closer else None, documents)


def _closer_notes(
    pipeline: Pipeline, handout_id: str, copy: GmCopyPdf
) -> tuple[str, Rendered] | None:
    """The GM notes set closer for the book, by their HTML, when in the copy they run on to
    a last page of a few lines and closer they end a page sooner."""
    if not copy.facts.notes_run_on:
        return None
    _, (_, _, context) = pipeline.parts(handout_id, GM)
    html = pipeline.render(GM_NOTES_PAGE, context, folio=Folio(closer=True))
    closer = pipeline.lay_out([Document("", html)])
    return (html, closer) if closer.page_count < copy.facts.notes_pages else None


def _documents(
    pipeline: Pipeline, handout_id: str, closer: tuple[str, Rendered] | None
) -> tuple[Document, ...]:
    """The GM copy's documents as an HTML book writes them: the prop without a bleed, then
    its GM notes as the book sets them."""
    documents = []
    for part, template, context in pipeline.parts(handout_id, GM):
        if template != GM_NOTES_PAGE:
            html = pipeline.render(template, context, bleed_mm=0)
        else:
            html = closer[0] if closer else pipeline.render(template, context, folio=Folio())
        documents.append(Document(part, html).within(handout_id))
    return tuple(documents)


def _carriers_laid_out(
    pipeline: Pipeline, copies: Sequence[CopyInBook], paper: PageSize
) -> list[Rendered]:
    """Each copy's carrier pages, all laid out as one document (a document costs far more
    than its few pages), then cut into each copy's own."""
    from companion.render.pdf import Rendered

    first = copies[0]
    carrier = CarrierContext(
        id=first.handout_id,
        title=pipeline.campaign.handouts[first.handout_id].title,
        language="en",
        is_gm=True,
        campaign_title=pipeline.campaign.info.title,
        gm_page=paper,
        page=paper,
        props=tuple(
            CarriedProp(pipeline.campaign.handouts[copy.handout_id].title, copy.sheets)
            for copy in copies
        ),
    )
    laid_out = pipeline.lay_out([Document("", pipeline.render(CARRIER_PAGE, carrier))])
    (document,) = laid_out.documents
    sheets = sum(len(copy.sheets) for copy in copies)
    if len(document.pages) != sheets:
        raise RenderError(
            f"{', '.join(copy.handout_id for copy in copies)}: their {sheets} carrier pages "
            f"were laid out as {len(document.pages)}; a campaign stylesheet may change `.carrier`"
        )
    carriers, first_page = [], 0
    for number, copy in enumerate(copies):
        pages = document.pages[first_page : first_page + len(copy.sheets)]
        first_page += len(copy.sheets)
        warnings = laid_out.warnings if number == 0 else []
        carriers.append(Rendered([document.copy(pages)], warnings, laid_out.fetcher))
    return carriers


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
