"""The one render path: a campaign as an audience may see it -> context -> template -> laid-out
pages -> files in the format asked for. Every output (copies, packets, binder, recap) uses it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from companion.atomic import write_atomic
from companion.build.cache import BuildCache, code_digest, digest, file_digest, files_digest
from companion.build.copy_marks import copy_mark
from companion.build.inputs import (
    EVERY,
    CampaignInputs,
    inputs_record,
    reading_view,
    recorded_inputs,
)
from companion.build.report import BuildReport, BuiltFile
from companion.build.request import PLAYER, BuildOptions, OutputFormat
from companion.campaign.audience import GM, for_audience
from companion.campaign.located import handout_problem
from companion.campaign.models import SCALE_PATTERN, Campaign
from companion.campaign.player_names import player_file_names
from companion.errors import CompanionError, DoesNotFit, LocatedError
from companion.kinds.base import GM_NOTES_PAGE, HandoutContext, PageTemplate, worn_sheet
from companion.kinds.registry import Fitter, kind_of
from companion.render.garbage import collect_seldom
from companion.render.layout import LayoutFacts, Measured
from companion.render.templates import make_environment, render_template
from companion.resources import builtin_templates_dir

if TYPE_CHECKING:
    from companion.render.pdf import Rendered

# A campaign picture as templates name it, e.g. `campaign:images/natalia.jpg?mono`.
PICTURE_URL = re.compile(r"campaign:[^\s'\"<>)]+")


@dataclass(frozen=True)
class Document:
    """One HTML document of an output. `part` names it when written as HTML: the prop has
    none, the GM's notes page is `gm-notes`, a packet's pages carry their handout's id."""

    part: str
    html: str

    def within(self, prefix: str) -> Document:
        return Document("-".join(p for p in (prefix, self.part) if p), self.html)


@dataclass(frozen=True)
class Folio:
    """A document that is part of a longer one (the GM's book): the level of its own
    bookmark, if any, and whether its GM notes are set closer. Its pages' numbers in the book
    are printed when the book's parts are joined (companion.render.pdf_pages.joined)."""

    bookmark_level: int | None = None
    closer: bool = False  # GM notes set a little closer, to end a page sooner


@dataclass(frozen=True)
class CopyOf:
    """One player's own copy: the player, their number among the players, the session the
    copy is made after, and the record's secret that keys its trace mark."""

    player: str
    number: int
    session: int
    secret: str | None = None

    @classmethod
    def made_for(cls, campaign: Campaign, player: str, session: int, secret: str | None) -> CopyOf:
        """The copy numbers follow the order of the players in campaign.yaml."""
        return cls(player, campaign.player_ids().index(player) + 1, session, secret)

    def mark(self, campaign: str, handout_id: str) -> str:
        return copy_mark(campaign, self.player, handout_id, self.session, self.secret)


@dataclass(frozen=True)
class OutputPaths:
    """Where every output goes; the only place output paths are made. Paths have no suffix:
    the format adds `.pdf`, `-p1.png` or `.html`."""

    out_dir: Path
    campaign: str
    # Players' copies are named by what the players may read (see `player_file_names`).
    player_names: Mapping[str, str] = field(default_factory=dict)

    def copy(self, audience: str, handout_id: str) -> Path:
        name = self.player_name(handout_id) if audience == PLAYER else handout_id
        return self.copies_folder(audience) / name

    def copies_folder(self, audience: str) -> Path:
        return self.out_dir / self.campaign / audience

    def player_name(self, handout_id: str) -> str:
        return self.player_names.get(handout_id, handout_id)

    def book(self) -> Path:
        return self.copy(GM, "book")

    def packet_folder(self, player: str) -> Path:
        return self.out_dir / self.campaign / "players" / player

    def packet_copy(self, player: str, handout_id: str) -> Path:
        return self.packet_folder(player) / self.player_name(handout_id)

    def packet(self, player: str) -> Path:
        return self.packet_folder(player) / "packet"

    def recap(self, name: str) -> Path:
        return self.out_dir / self.campaign / "players" / name


def prepared(campaign: Campaign, options: BuildOptions) -> Campaign:
    """The campaign as it will print: the options' paper and map scale applied, once, up front
    (a bad scale fails before any work; spawned processes receive it ready)."""
    if options.map_scale is not None:
        campaign = with_map_scale(campaign, options.map_scale)
    if options.paper is not None:
        info = campaign.info.model_copy(update={"paper": options.paper})
        campaign = campaign.model_copy(update={"info": info})
    return campaign


def with_map_scale(campaign: Campaign, scale: str) -> Campaign:
    """Every map printed at `scale` (true scale, so tiled when large) instead of its own."""
    if not re.fullmatch(SCALE_PATTERN, scale):
        raise CompanionError(
            f"`{scale}` is not a map scale", hint="write it like `1:50` or `1in=5ft`"
        )
    handouts = {key: handout.at_scale(scale) for key, handout in campaign.handouts.items()}
    return campaign.model_copy(update={"handouts": handouts})


class Pipeline:
    """Renders and writes outputs of one prepared campaign; holds what is worth reusing
    between outputs (the template environment, the audiences' views, fonts in `pdf`)."""

    def __init__(
        self, campaign: Campaign, options: BuildOptions, revealed_through: int = 0
    ) -> None:
        collect_seldom()  # this process lays out pages from now on
        self.campaign = campaign
        self.options = options
        self.paths = OutputPaths(options.out_dir, campaign.name, player_file_names(campaign))
        self.environment: jinja2.Environment = make_environment(campaign.root)
        self.views = {GM: campaign, PLAYER: for_audience(campaign, PLAYER, revealed_through)}
        # Trial layouts by their HTML (see `render.pdf.trial_key`): the GM's and the players'
        # copy of a prop are usually the same document, and laying it out twice to learn the
        # same thing costs a build 10 %.
        self._trials: dict[str, Measured] = {}
        self._last_trial: tuple[str, Rendered] | None = None  # the latest trial's pages
        # The latest documents laid out (their HTML and pages), when no warning came of them.
        self._last_laid_out: tuple[list[str], Rendered] | None = None
        self._built_context = lru_cache(maxsize=4)(self._build_context)
        self._reads: dict[tuple[str, str], set[str]] = {}
        self.revealed_through = revealed_through
        self.cache = BuildCache.for_build(options.out_dir / campaign.name, options)
        self._template_digests: dict[PageTemplate, str] = {}
        self._templates_named: dict[str, list[str]] = {}  # by each template's name
        self._references: dict[str, list[str]] | None = None  # by each source's digest
        self._inputs: dict[str, CampaignInputs] = {}  # by audience
        self._made_with_known: dict[tuple[str, tuple[tuple[str, ...], ...]], tuple[str, ...]] = {}
        self._linked: str | None = None

    def forget_layouts(self) -> None:
        """Forget every layout and context kept so far, as after an edit to the campaign:
        what is made next is laid out afresh (a warm process's cost, which bench.py times)."""
        self._trials.clear()
        self._last_trial = None
        self._last_laid_out = None
        self._built_context.cache_clear()

    # --- select, project, context, template ---

    def context(
        self, handout_id: str, audience: str, copy: CopyOf | None = None, fitted: bool = True
    ) -> HandoutContext:
        """What the template receives: the audience's view of the handout, its text fitted to
        the paper where the kind fits text (unless `fitted` is false: the cache key needs
        only what fitting starts from), and, for one player's copy, its number and mark."""
        handout = self.campaign.handouts[handout_id]
        kind = kind_of(handout)
        page = kind.page_of(handout)
        context = self._built_context(handout_id, audience)
        if fitted and kind.fit is not None:
            context = self._fitted(handout_id, page, kind.fit, context)
        if fitted and context.wear is not None:
            context = worn_sheet(context, handout, self._measure(page))
        if copy is not None:
            mark = copy.mark(self.campaign.name, handout_id)
            context = replace(context, copy_number=copy.number, copy_mark=mark)
        return context

    def _build_context(self, handout_id: str, audience: str) -> HandoutContext:
        """The context as the handout's kind builds it from the audience's view; kept for
        the few calls that follow (a copy's cache key, then the copy itself). What it reads
        of the campaign is noted, for the copy's cache entry (see `inputs`)."""
        reads: set[str] = set()
        view = reading_view(self.views[audience], reads)
        handout = view.handouts[handout_id]
        context = kind_of(handout).build_context(view, handout, audience == GM)
        self._reads[(handout_id, audience)] = reads
        return context

    def render(
        self,
        page: PageTemplate,
        context: HandoutContext,
        bleed_mm: float | None = None,
        folio: Folio | None = None,
    ) -> str:
        """`folio`: where the document stands in a longer one (a part of the GM's book)."""
        variables = {
            "handout": context,
            "stylesheet": page.stylesheet,
            "bleed_mm": self.options.bleed_mm if bleed_mm is None else bleed_mm,
            "folio": folio,
            "link_fonts": not self.lays_out,
            "bookmark_level": folio.bookmark_level if folio else None,
        }
        return render_template(self.environment, page.template, variables)

    def documents(
        self, handout_id: str, audience: str, copy: CopyOf | None = None
    ) -> list[Document]:
        """The prop and, in the GM's copy, the GM notes page as a document of its own (so that
        the prop's "page N of M" counts the prop's pages only)."""
        return [
            Document(part, self.render(page, context))
            for part, page, context in self.parts(handout_id, audience, copy)
        ]

    def parts(
        self, handout_id: str, audience: str, copy: CopyOf | None = None, fitted: bool = True
    ) -> list[tuple[str, PageTemplate, HandoutContext]]:
        """What `documents` renders: each document's part name, template and context."""
        context = self.context(handout_id, audience, copy, fitted)
        handout = self.campaign.handouts[handout_id]
        parts = [("", kind_of(handout).page_of(handout), context)]
        if context.is_gm and context.gm_notes:
            parts.append(("gm-notes", GM_NOTES_PAGE, context))
        return parts

    def _fitted(
        self, handout_id: str, page: PageTemplate, fit: Fitter, context: HandoutContext
    ) -> HandoutContext:
        """The context with its text fitted to the paper, from trial layouts (without bleed,
        so that positions are the prop's own); a text that cannot fit is located in its file."""
        measure = self._measure(page)
        try:
            return fit(context, lambda trial: measure(trial.alone()))
        except DoesNotFit as error:
            problem = handout_problem(
                self.campaign, handout_id, error.field, error.message, error.hint
            )
            raise LocatedError(problem) from None

    def _measure(self, page: PageTemplate) -> Callable[[HandoutContext], Measured]:
        """Lays a trial context out (without bleed, so that positions are the prop's own)
        and reads back its lines; each trial once."""
        from companion.render.pdf import measured, trial_key

        def measure(trial: HandoutContext) -> Measured:
            html = self.render(page, trial, bleed_mm=0)
            key = trial_key(html)
            if key not in self._trials:
                rendered = self.lay_out([Document("", html)])
                self._trials[key] = measured(rendered)
                self._last_trial = html, rendered
            return self._trials[key]

        return measure

    # --- the build cache ---

    def key_of(self, parts: Iterable[tuple[PageTemplate, HandoutContext]], *extra: str) -> str:
        """The cache key of an output made of these templates and (unfitted) contexts:
        everything that decides its bytes. The program, the options that are not already in
        the contexts, the fonts and other files the templates link to, each template with
        what it includes, each context, and the pictures it names."""
        options = self.options
        texts = [
            code_digest(),
            options.render_key(),
            self._linked_files_digest(),
            *extra,
        ]
        for page, context in parts:
            shown = repr(context)
            texts += [self._template_digest(page), shown]
            texts += [self._picture_digest(url) for url in sorted(set(PICTURE_URL.findall(shown)))]
        return digest(*texts)

    def handout_key(self, handout_id: str, audience: str, copy: CopyOf | None = None) -> str:
        parts = self.parts(handout_id, audience, copy, fitted=False)
        return self.key_of((page, context) for _, page, context in parts)

    def copy_is_fresh(
        self, report: BuildReport, stem: Path, handout_id: str, audience: str
    ) -> bool:
        """Whether a handout's copy needs no building: first from what it was made from,
        without its context; then, when some of that changed, from its context's key (an
        edit that changes nothing it shows), noting its inputs anew for the next build."""
        entry = self.cache.entry(stem)
        if (
            entry is not None
            and self._unchanged_key(entry, audience) is not None
            and self.cache.files_unchanged(entry)
        ):
            report.up_to_date += 1
            report.outputs[stem] = self.cache.listed(entry)
            return True
        key = self.handout_key(handout_id, audience)
        if not self.up_to_date(report, stem, key):
            return False
        files = self.cache.files_listed(entry) if entry is not None else []
        for_book = self.cache.for_book(entry) if entry is not None else None
        self.cache.record(stem, key, files, self.copy_inputs(handout_id, audience), for_book)
        return True

    def copy_key(self, handout_id: str, audience: str) -> str:
        """A copy's cache key: the one its cache entry holds when nothing the copy was made
        from has changed since (found without building its context, which for a plan means
        drawing it), else worked out."""
        entry = self.cache.entry(self.paths.copy(audience, handout_id))
        unchanged = self._unchanged_key(entry, audience) if entry is not None else None
        return unchanged or self.handout_key(handout_id, audience)

    def _unchanged_key(self, entry: dict[str, object], audience: str) -> str | None:
        """The key of the copy an entry lists, when what it was made from is unchanged."""
        recorded = recorded_inputs(entry)
        if recorded is None:
            return None
        reads, pages, recorded_digest = recorded
        if self._inputs_digest(audience, reads, pages) != recorded_digest:
            return None
        key = entry.get("key")
        return key if isinstance(key, str) else None

    def copy_inputs(self, handout_id: str, audience: str) -> dict[str, object]:
        """What a handout's copy is made from, as its cache entry keeps it."""
        parts = self.parts(handout_id, audience, fitted=False)
        pages = [[page.template, page.stylesheet or ""] for _, page, _ in parts]
        reads = self._reads.get((handout_id, audience), {f"handouts:{EVERY}"})
        return inputs_record(
            reads, pages, lambda listed: self._inputs_digest(audience, listed, pages)
        )

    def _inputs_digest(self, audience: str, reads: list[str], pages: list[list[str]]) -> str:
        if audience not in self._inputs:
            self._inputs[audience] = CampaignInputs(self.views[audience])
        return self._inputs[audience].digest(reads, *self._made_with(audience, pages))

    def _made_with(self, audience: str, pages: list[list[str]]) -> tuple[str, ...]:
        """What, besides the campaign, decides the bytes of an audience's copy made with
        these templates: the same for most copies, so worked out once for each."""
        known = (audience, tuple(tuple(page) for page in pages))
        if known not in self._made_with_known:
            templates = [self._template_digest(PageTemplate(t, s or None)) for t, s in pages]
            self._made_with_known[known] = (
                code_digest(),
                self.options.render_key(),
                self._linked_files_digest(),
                f"{audience}|{self.revealed_through}",
                *templates,
            )
        return self._made_with_known[known]

    def up_to_date(self, report: BuildReport, stem: Path, key: str) -> bool:
        """Whether the output at `stem` needs no building; counted in the report if so."""
        listed = self.cache.fresh_files(stem, key)
        if listed is not None:
            report.up_to_date += 1
            report.outputs[stem] = listed
            return True
        return False

    def _template_digest(self, page: PageTemplate) -> str:
        if page not in self._template_digests:
            try:
                names = self._templates_used(page.template) | {GM_NOTES_PAGE.template}
                if page.stylesheet:
                    names |= self._templates_used(page.stylesheet)
                loader = self.environment.loader
                assert loader is not None
                sources = [
                    f"{n}:{loader.get_source(self.environment, n)[0]}" for n in sorted(names)
                ]
            except Exception as error:  # rendering reports it, located
                # A template that cannot be read cannot be built either: no entry will match.
                sources = [f"unreadable: {type(error).__name__}: {error}"]
            self._template_digests[page] = digest(*sources)
        return self._template_digests[page]

    def _template_source(self, name: str) -> str:
        loader = self.environment.loader
        assert loader is not None
        return loader.get_source(self.environment, name)[0]

    def _templates_used(self, name: str) -> set[str]:
        """A template and every template it extends or includes by name."""
        found, waiting = set(), [name]
        while waiting:
            current = waiting.pop()
            if current in found:
                continue
            found.add(current)
            if current.endswith(".j2") and current not in self._templates_named:
                self._templates_named[current] = self._named_in(self._template_source(current))
            waiting += self._templates_named.get(current, [])
        return found

    def _named_in(self, source: str) -> list[str]:
        """The templates a template's source names, as an earlier build found them: parsing
        every template a build's copies use, only to learn this, took each build that checks
        them a tenth of a second. A source seen for the first time is parsed and noted."""
        from jinja2 import meta

        if self._references is None:
            self._references = self.cache.template_references()
        key = digest(source)
        if key not in self._references:
            tree = self.environment.parse(source)
            self._references[key] = [n for n in meta.find_referenced_templates(tree) if n]
            self.cache.record_template_references(self._references)
        return self._references[key]

    def _linked_files_digest(self) -> str:
        """Files the templates link to rather than include: fonts, pictures of the page."""
        if self._linked is None:
            folders = [builtin_templates_dir(), self.campaign.root / "templates"]
            linked = [
                path
                for folder in folders
                if folder.is_dir()
                for path in folder.rglob("*")
                if path.is_file() and (path.suffix not in (".j2", ".css") or "fonts" in path.parts)
            ]
            self._linked = files_digest(linked)
        return self._linked

    def _picture_digest(self, url: str) -> str:
        relative = url.removeprefix("campaign:").split("?")[0]
        path = self.campaign.root / relative
        return f"{url}:{file_digest(path) if path.is_file() else 'missing'}"

    def html(self, handout_id: str, audience: str) -> str:
        """The prop itself, as HTML."""
        return self.documents(handout_id, audience)[0].html

    # --- lay out, write ---

    @property
    def lays_out(self) -> bool:
        """HTML output is written as it is; every other format needs pages."""
        return self.options.format != OutputFormat.HTML

    def lay_out(self, documents: Sequence[Document]) -> Rendered:
        # Imported here: with --jobs the parent process never renders, and WeasyPrint takes
        # most of a second to import.
        from companion.render.pdf import render_htmls

        htmls = [document.html for document in documents]
        trial = self._last_trial
        if trial is not None and trial[0] in htmls:
            rendered = self._with_trial(htmls, trial)
        else:
            rendered = self._laid_out_before(htmls) or render_htmls(
                htmls, builtin_templates_dir(), self.campaign.root
            )
        if not rendered.warnings:  # a document's warnings belong to its own copy
            self._last_laid_out = htmls, rendered
        return rendered

    def _with_trial(self, htmls: list[str], trial: tuple[str, Rendered]) -> Rendered:
        """The fitted prop is, as a rule, the trial that fitted: its pages are ready, and only
        the documents beside it (a GM copy's notes page) are laid out. Each document is laid
        out on its own, so the pages are the same as if all were laid out together."""
        from companion.render.pdf import Rendered, render_htmls

        if htmls == [trial[0]]:
            return trial[1]
        others = [html for html in htmls if html != trial[0]]
        laid_out = render_htmls(others, builtin_templates_dir(), self.campaign.root)
        rest = iter(laid_out.documents)
        pages = [trial[1].documents[0] if html == trial[0] else next(rest) for html in htmls]
        return Rendered(pages, trial[1].warnings + laid_out.warnings, laid_out.fetcher)

    def _laid_out_before(self, htmls: list[str]) -> Rendered | None:
        """The pages of documents laid out last, when these differ from them by their titles
        alone: the players' copy of a prop after the GM's (without its notes), as a rule."""
        from companion.render.pdf import retitled, trial_key

        if self._last_laid_out is None:
            return None
        before, rendered = self._last_laid_out
        laid_out = {trial_key(html): number for number, html in enumerate(before)}
        chosen = [laid_out.get(trial_key(html)) for html in htmls]
        if None in chosen:
            return None
        documents = [rendered.documents[number] for number in chosen if number is not None]
        again = replace(rendered, documents=documents)
        return retitled(again, [before[number] for number in chosen if number is not None], htmls)

    def pdf(self, handout_ids: Sequence[str], audience: str) -> bytes:
        """Handouts as one PDF in memory, each with its own pages and a bookmark (for scripts
        and pictures; builds write files with `write`)."""
        from companion.render.pdf import write_rendered

        documents = [d for h in handout_ids for d in self.documents(h, audience)]
        return write_rendered([self.lay_out(documents)], self.options.profile)[0]

    def write(
        self,
        report: BuildReport,
        stem: Path,
        what: str,
        audience: str,
        documents: Sequence[Document],
        laid_out: Sequence[Rendered] = (),
        key: str | None = None,
        inputs: dict[str, object] | None = None,
    ) -> None:
        """Write one output in the options' format; `laid_out` (the documents' pages, when
        the caller already has them) saves laying them out again. With `key`, the cache
        records the files written under it (and `inputs`, what a copy was made from)."""
        if self.lays_out:
            from companion.render.pdf import layout_facts, write_rendered

            parts = list(laid_out) or [self.lay_out(documents)]
            pdf, warnings = write_rendered(parts, self.options.profile)
            facts = partial(layout_facts, parts)  # read only for a print shop
            self.write_pdf(report, stem, what, audience, pdf, warnings, facts, key, inputs)
            return
        written = len(report.files)
        for document in documents:
            name = "-".join(p for p in (stem.name, document.part) if p) + ".html"
            page = with_base(document.html, builtin_templates_dir()).encode()
            self._write_file(report, stem.with_name(name), page, what, audience, [])
        self._record(report, stem, written, key, inputs)

    def write_pdf(
        self,
        report: BuildReport,
        stem: Path,
        what: str,
        audience: str,
        pdf: bytes,
        warnings: list[str],
        facts: Callable[[], LayoutFacts],
        key: str | None = None,
        inputs: dict[str, object] | None = None,
        for_book: dict[str, object] | None = None,
    ) -> None:
        """Write an output made into a PDF (a copy, or the GM's book with its props drawn on
        its pages) in the options' format; `facts` gives its lines as laid out, for the
        preflight. With `key`, the cache records the files written (see `write`; and, for a
        GM copy, `for_book`: see `BuildCache.record`)."""
        from companion.render.pdf import pdf_to_pngs

        written = len(report.files)
        if self.options.profile == "shop":
            warnings = warnings + self._preflight(report, stem, pdf, facts())
        if self.options.format == OutputFormat.PDF:
            path = stem.with_name(stem.name + ".pdf")
            self._write_file(report, path, pdf, what, audience, warnings)
        else:
            for number, png in enumerate(pdf_to_pngs(pdf, self.options.dpi), start=1):
                path = stem.with_name(f"{stem.name}-p{number}.png")
                self._write_file(report, path, png, what, audience, warnings if number == 1 else [])
        self._record(report, stem, written, key, inputs, for_book)

    def _record(
        self,
        report: BuildReport,
        stem: Path,
        written: int,
        key: str | None,
        inputs: dict[str, object] | None,
        for_book: dict[str, object] | None = None,
    ) -> None:
        """The files written since the report held `written`, noted in the cache under `key`
        (when there is one) as the output at `stem`."""
        if key is None:
            return
        files = [f.path for f in report.files[written:]]
        report.removed += self.cache.record(stem, key, files, inputs, for_book)
        report.outputs[stem] = self.cache.listing(files)

    def _preflight(
        self, report: BuildReport, stem: Path, pdf: bytes, facts: LayoutFacts
    ) -> list[str]:
        """What a print shop will check, read back from the PDF: noted in the report, and
        its problems returned as warnings."""
        from companion.render.preflight import preflight

        checked = preflight(pdf, *facts)
        shown = stem.relative_to(self.options.out_dir / self.campaign.name)
        report.preflight.append(f"{shown}.pdf: {checked.summary()}")
        return checked.problems()

    def _write_file(
        self,
        report: BuildReport,
        path: Path,
        data: bytes,
        what: str,
        audience: str,
        warnings: list[str],
    ) -> None:
        """Write one file atomically, never outside the output folder, and note it (and its
        warnings) in the report."""
        write_atomic(path, data, within=self.options.out_dir)
        report.files.append(BuiltFile(what, audience, path, len(data)))
        for warning in dict.fromkeys(warnings):  # WeasyPrint repeats itself per page
            report.warnings.append(f"{what} ({audience}): {warning}")


def pipeline_for(
    campaign: Campaign, options: BuildOptions | None = None, revealed_through: int = 0
) -> Pipeline:
    """A pipeline for a campaign as loaded (the options' paper and scale not yet applied)."""
    options = options or BuildOptions()
    return Pipeline(prepared(campaign, options), options, revealed_through)


def with_base(html: str, templates: Path) -> str:
    """An HTML file that opens in a browser with its fonts and styles: relative links point
    into the built-in templates."""
    return html.replace("<head>", f'<head>\n<base href="{templates.as_uri()}/">', 1)
