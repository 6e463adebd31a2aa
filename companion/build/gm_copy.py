"""A GM copy's PDF, one piece for two outputs: `companion build` writes it as the GM copy, and
the GM's book draws its prop's pages on its carrier pages. The book reads it back from the
output folder when the build's cache finds it up to date, and makes it the same way, in
memory, when not: so building both lays each prop out once, and the book is the same bytes
either way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from companion.build.pipeline import Document, Pipeline
from companion.build.report import BuildReport
from companion.build.request import OutputFormat
from companion.campaign.audience import GM
from companion.errors import RenderError
from companion.kinds.base import PageSize

if TYPE_CHECKING:
    from companion.render.pdf import Rendered


@dataclass(frozen=True)
class GmCopyPdf:
    """A GM copy as written: its PDF, and the size of each of its first pages that are the
    prop's (the rest are its GM notes page), as the PDF has them."""

    pdf: bytes
    prop_sizes: tuple[PageSize, ...]

    @classmethod
    def read(cls, pdf: bytes, prop_pages: int) -> GmCopyPdf | None:
        """The copy, when it has at least `prop_pages` pages and the prop at least one."""
        from companion.render.pdf_pages import trimmed_sizes_mm

        sizes = trimmed_sizes_mm(pdf)
        if not 0 < prop_pages <= len(sizes):
            return None
        return cls(pdf, tuple(PageSize(w, h) for w, h in sizes[:prop_pages]))

    @property
    def prop_pages(self) -> int:
        return len(self.prop_sizes)


def made_gm_copy(
    pipeline: Pipeline, handout_id: str, documents: Sequence[Document] | None = None
) -> tuple[GmCopyPdf, Rendered, list[str]]:
    """The GM copy laid out (from its `documents`, when the caller has them) and written as
    a PDF, as `companion build` writes it; with its pages as laid out and the warnings on
    the way."""
    from companion.render.pdf import write_rendered

    if documents is None:
        documents = pipeline.documents(handout_id, GM)
    rendered = pipeline.lay_out(documents)
    pdf, warnings = write_rendered([rendered], pipeline.options.profile)
    copy = GmCopyPdf.read(pdf, len(rendered.documents[0].pages))
    if copy is None:
        raise RenderError(f"{handout_id}: its GM copy's prop has no pages")
    return copy, rendered, warnings


def write_gm_copy(
    pipeline: Pipeline, report: BuildReport, handout_id: str, inputs: dict[str, object]
) -> None:
    """The GM copy written to its PDF, its cache entry noting how many pages are the prop's
    (what the book needs to draw them)."""
    from companion.render.pdf import layout_facts

    copy, rendered, warnings = made_gm_copy(pipeline, handout_id)
    stem = pipeline.paths.copy(GM, handout_id)
    key = pipeline.handout_key(handout_id, GM)
    facts = partial(layout_facts, [rendered])
    pipeline.write_pdf(
        report, stem, handout_id, GM, copy.pdf, warnings, facts, key, inputs, copy.prop_pages
    )


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
    prop_pages = pipeline.cache.prop_pages(entry)
    if prop_pages is None:
        return None  # written by a build that did not note it
    return GmCopyPdf.read(pdf, prop_pages)


@dataclass(frozen=True)
class CopyForBook:
    """The GM copy the book draws; when it was made for the book, the warnings on the way
    (a copy read back had its own reported when it was made) and its GM notes page as laid
    out, by that page's HTML (the book's notes page, when set as in the copy, is the same)."""

    copy: GmCopyPdf
    warnings: list[str] = field(default_factory=list)
    notes: tuple[str, Rendered] | None = None


def gm_copy_for_book(pipeline: Pipeline, handout_id: str, key: str) -> CopyForBook:
    """The GM copy the book draws: the one in the output folder when it is up to date, else
    made here."""
    from companion.render.pdf import Rendered

    fresh = fresh_gm_copy(pipeline, handout_id, key)
    if fresh is not None:
        return CopyForBook(fresh)
    documents = pipeline.documents(handout_id, GM)
    copy, rendered, warnings = made_gm_copy(pipeline, handout_id, documents)
    if len(documents) < 2:
        return CopyForBook(copy, warnings)
    notes = Rendered(rendered.documents[1:], [], rendered.fetcher)
    return CopyForBook(copy, warnings, (documents[1].html, notes))
