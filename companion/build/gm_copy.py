"""A GM copy's PDF, one piece for two outputs: `companion build` writes it as the GM copy, and
the GM's book draws its prop's pages on its carrier pages and takes its GM notes pages whole.
The book reads it back from the output folder when the build's cache finds it up to date, and
makes it the same way, in memory, when not: so building both lays each copy out once, and the
book is the same bytes either way."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from companion.build.pipeline import Pipeline
from companion.build.report import BuildReport
from companion.build.request import OutputFormat
from companion.campaign.audience import GM
from companion.errors import RenderError
from companion.kinds.base import PageSize
from companion.render.folios import FolioPlace

if TYPE_CHECKING:
    from companion.render.pdf import Rendered


# GM notes whose last page would hold less than this share of a page are set a little
# closer in the book, as a book's typesetter would, when that ends them a page sooner.
SHORT_LAST_PAGE = 0.25


@dataclass(frozen=True)
class CopyFacts:
    """What the GM's book needs of a GM copy besides its PDF, noted in the copy's cache entry
    as it is written: how many of its pages are the prop's (the rest are its GM notes), where
    the book prints its page number on each notes page, and whether the notes run on to a
    last page of a few lines (the book then sets them closer itself, to end a page sooner)."""

    prop_pages: int
    notes_folios: tuple[FolioPlace, ...] = ()
    notes_run_on: bool = False

    @classmethod
    def of(cls, rendered: Rendered) -> CopyFacts:
        """The facts of a GM copy laid out: its prop, then its notes, a document each."""
        from companion.render.pdf import Rendered, folio_places

        prop, *notes_documents = rendered.documents
        notes = Rendered(notes_documents, [], rendered.fetcher)
        return cls(len(prop.pages), tuple(folio_places(notes)), _runs_on_briefly(notes))

    def recorded(self) -> dict[str, object]:
        folios = [[place.right_mm, place.middle_mm] for place in self.notes_folios]
        return {"prop_pages": self.prop_pages, "notes": folios, "run_on": self.notes_run_on}

    @classmethod
    def read(cls, recorded: dict[str, object]) -> CopyFacts | None:
        """The facts as `recorded` gave them; None when they have another shape (an entry of
        an older build, or one tampered with)."""
        pages, folios, run_on = (recorded.get(k) for k in ("prop_pages", "notes", "run_on"))
        if not isinstance(pages, int) or isinstance(pages, bool) or not isinstance(run_on, bool):
            return None
        if not isinstance(folios, list) or not all(_is_place(place) for place in folios):
            return None
        places = tuple(FolioPlace(float(right), float(middle)) for right, middle in folios)
        return cls(pages, places, run_on)

    @property
    def notes_pages(self) -> int:
        return len(self.notes_folios)


def _is_place(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(n, int | float) and not isinstance(n, bool) for n in value)
    )


def _runs_on_briefly(rendered: Rendered) -> bool:
    """Whether the document runs on to a last page that holds only a few lines (the page
    number in its margin is not one of them)."""
    from companion.render.pdf import measured

    if rendered.page_count < 2:
        return False  # most GM notes: one page, not measured (every GM copy's build asks)
    laid_out = measured(rendered)
    area = laid_out.area
    last = laid_out.on_page(laid_out.pages - 1)
    lowest = max((line.bottom_mm for line in last if line.top_mm < area.bottom_mm), default=0)
    used = max(0.0, lowest - area.top_mm) / (area.bottom_mm - area.top_mm)
    return used < SHORT_LAST_PAGE


@dataclass(frozen=True)
class GmCopyPdf:
    """A GM copy as written: its PDF, the size of each of its pages that are the prop's (the
    first ones), as the PDF has them, and what the book needs besides."""

    pdf: bytes
    prop_sizes: tuple[PageSize, ...]
    facts: CopyFacts

    @classmethod
    def read(cls, pdf: bytes, facts: CopyFacts) -> GmCopyPdf | None:
        """The copy, when it has the pages its facts count and the prop at least one."""
        from companion.render.pdf_pages import trimmed_sizes_mm

        sizes = trimmed_sizes_mm(pdf)
        if facts.prop_pages < 1 or facts.prop_pages + facts.notes_pages != len(sizes):
            return None
        prop_sizes = tuple(PageSize(w, h) for w, h in sizes[: facts.prop_pages])
        return cls(pdf, prop_sizes, facts)

    @property
    def notes_pages(self) -> range:
        """Its GM notes pages, as the PDF numbers them (from 0)."""
        return range(self.facts.prop_pages, self.facts.prop_pages + self.facts.notes_pages)


def made_gm_copy(pipeline: Pipeline, handout_id: str) -> tuple[GmCopyPdf, Rendered, list[str]]:
    """The GM copy laid out and written as a PDF, as `companion build` writes it; with its
    pages as laid out and the warnings on the way."""
    from companion.render.pdf import write_rendered

    rendered = pipeline.lay_out(pipeline.documents(handout_id, GM))
    pdf, warnings = write_rendered([rendered], pipeline.options.profile)
    copy = GmCopyPdf.read(pdf, CopyFacts.of(rendered))
    if copy is None:
        raise RenderError(f"{handout_id}: its GM copy's prop has no pages")
    return copy, rendered, warnings


def write_gm_copy(
    pipeline: Pipeline, report: BuildReport, handout_id: str, inputs: dict[str, object]
) -> None:
    """The GM copy written to its PDF, its cache entry noting what the book needs to draw it."""
    from companion.render.pdf import layout_facts

    copy, rendered, warnings = made_gm_copy(pipeline, handout_id)
    stem = pipeline.paths.copy(GM, handout_id)
    key = pipeline.handout_key(handout_id, GM)
    facts = partial(layout_facts, [rendered])
    for_book = copy.facts.recorded()
    pdf = copy.pdf
    pipeline.write_pdf(report, stem, handout_id, GM, pdf, warnings, facts, key, inputs, for_book)


def writes_gm_copy_pdf(pipeline: Pipeline, audience: str) -> bool:
    """Whether this build's copy for `audience` is a GM copy's PDF, the piece the book draws."""
    return audience == GM and pipeline.options.format == OutputFormat.PDF


def fresh_gm_copy(pipeline: Pipeline, handout_id: str, key: str) -> GmCopyPdf | None:
    """The GM copy in the output folder, when the build's cache finds it made with `key`
    (the copy's key now: everything it shows, the program, the options) and unchanged since;
    None otherwise, and never a player's copy (another folder, another key)."""
    if pipeline.options.format != OutputFormat.PDF:
        return None
    found = pipeline.cache.fresh_pdf(pipeline.paths.copy(GM, handout_id), key)
    if found is None:
        return None
    pdf, entry = found
    recorded = pipeline.cache.for_book(entry)
    facts = CopyFacts.read(recorded) if recorded is not None else None
    if facts is None:
        return None  # written by a build that did not note them
    return GmCopyPdf.read(pdf, facts)


@dataclass(frozen=True)
class CopyForBook:
    """The GM copy the book draws, and (when it was made for the book: a copy read back had
    its own reported when it was made) the warnings on the way."""

    copy: GmCopyPdf
    warnings: list[str] = field(default_factory=list)


def gm_copy_for_book(pipeline: Pipeline, handout_id: str, key: str) -> CopyForBook:
    """The GM copy the book draws: the one in the output folder when it is up to date, else
    made here."""
    fresh = fresh_gm_copy(pipeline, handout_id, key)
    if fresh is not None:
        return CopyForBook(fresh)
    copy, _, warnings = made_gm_copy(pipeline, handout_id)
    return CopyForBook(copy, warnings)
