"""The build pipeline: which handouts, for which audiences, rendered and written where."""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import jinja2

from companion.campaign import GM, for_audience
from companion.errors import CompanionError, Problem, UnknownId
from companion.handouts import card, dossier, maps, note
from companion.handouts.binder import BACK_TEMPLATE, FRONT_TEMPLATE, binder_context
from companion.handouts.common import HandoutContext
from companion.hints import did_you_mean
from companion.models import SCALE_PATTERN, Campaign, MapHandout, Paper
from companion.output import write_atomic
from companion.render import make_environment, render_template
from companion.resources import builtin_templates_dir

if TYPE_CHECKING:
    from companion.pdf import Rendered

PLAYER = "player"
AudienceChoice = Literal["gm", "player", "all"]

ContextBuilder = Callable[[Campaign, Any, bool], HandoutContext]
GM_NOTES_TEMPLATE = "gm-notes.html.j2"
CONTEXT_BUILDERS: dict[str, tuple[ContextBuilder, str]] = {
    "note": (note.note_context, note.TEMPLATE),
    "dossier": (dossier.dossier_context, dossier.TEMPLATE),
    "map": (maps.map_context, maps.TEMPLATE),
    "card": (card.card_context, card.TEMPLATE),
}


OutputFormat = Literal["pdf", "png", "html"]


@dataclass(frozen=True)
class BuildOptions:
    only: Sequence[str] = ()
    audience: AudienceChoice = "all"
    out_dir: Path = Path("output")
    map_scale: str | None = None  # overrides every map's scale (and its fit-to-page)
    revealed_through: int = 0  # player copies show what was revealed up to this session
    paper: Paper | None = None  # overrides the campaign's paper size
    bleed_mm: float = 0  # print-shop bleed around each page, with crop marks
    format: OutputFormat = "pdf"
    dpi: int = 150  # for png
    jobs: int = 1  # processes rendering at once


@dataclass(frozen=True)
class BuiltFile:
    handout_id: str
    audience: str
    path: Path
    size_bytes: int


@dataclass(frozen=True)
class FailedHandout:
    handout_id: str
    problems: list[Problem]
    traceback: str  # shown with --debug; text, so it crosses process boundaries


@dataclass
class BuildReport:
    files: list[BuiltFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failures: list[FailedHandout] = field(default_factory=list)

    def add(self, other: BuildReport) -> None:
        self.files += other.files
        self.warnings += other.warnings
        self.failures += other.failures


def audiences_for(choice: AudienceChoice) -> list[str]:
    return [GM, PLAYER] if choice == "all" else [choice]


def selected_handouts(campaign: Campaign, only: Sequence[str]) -> list[str]:
    """The handout ids to build, in a stable order; unknown ids are an error with a hint."""
    for handout_id in only:
        if handout_id not in campaign.handouts:
            raise UnknownId(
                f"no handout `{handout_id}` in {campaign.name}",
                hint=did_you_mean(handout_id, campaign.handouts, "handout id"),
            )
    return sorted(set(only)) if only else sorted(campaign.handouts)


def handout_path(out_dir: Path, campaign: Campaign, audience: str, handout_id: str) -> Path:
    return out_dir / campaign.name / audience / f"{handout_id}.pdf"


class HandoutRenderer:
    """Renders handouts of one campaign; holds what is worth reusing between handouts."""

    def __init__(
        self,
        campaign: Campaign,
        revealed_through: int = 0,
        map_scale: str | None = None,
        paper: Paper | None = None,
        bleed_mm: float = 0,
    ) -> None:
        if map_scale is not None:
            campaign = with_map_scale(campaign, map_scale)
        if paper is not None:
            campaign = campaign.model_copy(
                update={"info": campaign.info.model_copy(update={"paper": paper})}
            )
        self.campaign = campaign
        self.bleed_mm = bleed_mm
        self.environment: jinja2.Environment = make_environment(campaign.root)
        self.views = {GM: campaign, PLAYER: for_audience(campaign, PLAYER, revealed_through)}

    def context(self, handout_id: str, audience: str) -> HandoutContext:
        view = self.views[audience]
        handout = view.handouts[handout_id]
        builder, _ = CONTEXT_BUILDERS[handout.kind]
        return builder(view, handout, audience == GM)

    def html(self, handout_id: str, audience: str) -> str:
        """The prop itself, as HTML."""
        return self.documents(handout_id, audience)[0]

    def documents(self, handout_id: str, audience: str) -> list[str]:
        """The prop's HTML and, in the GM's copy, the GM notes page as a document of its own
        (so that the prop's "page N of M" counts the prop's pages only)."""
        context = self.context(handout_id, audience)
        _, template = CONTEXT_BUILDERS[self.campaign.handouts[handout_id].kind]
        variables = {"handout": context, "bleed_mm": self.bleed_mm}
        documents = [render_template(self.environment, template, variables)]
        if context.is_gm and context.gm_notes:
            documents.append(render_template(self.environment, GM_NOTES_TEMPLATE, variables))
        return documents

    def pdf(self, handout_id: str, audience: str) -> tuple[bytes, list[str]]:
        return self.combined_pdf([handout_id], audience)

    def combined_pdf(self, handout_ids: Sequence[str], audience: str) -> tuple[bytes, list[str]]:
        """Several handouts in one PDF, each with its own pages and a bookmark."""
        # Imported here: with --jobs the parent process never renders, and WeasyPrint takes
        # most of a second to import.
        from companion.pdf import htmls_to_pdf

        htmls = [html for h in handout_ids for html in self.documents(h, audience)]
        return htmls_to_pdf(htmls, builtin_templates_dir(), self.campaign.root)


def with_map_scale(campaign: Campaign, scale: str) -> Campaign:
    """Every map printed at `scale` (true scale, so tiled when large) instead of its own."""
    if not re.fullmatch(SCALE_PATTERN, scale):
        raise CompanionError(
            f"`{scale}` is not a map scale", hint="write it like `1:50` or `1in=5ft`"
        )
    handouts = {
        key: h.model_copy(update={"scale": scale, "fit": False}) if isinstance(h, MapHandout) else h
        for key, h in campaign.handouts.items()
    }
    return campaign.model_copy(update={"handouts": handouts})


OnHandoutDone = Callable[[str, "BuildReport"], None]


def build(
    campaign: Campaign, options: BuildOptions, on_done: OnHandoutDone | None = None
) -> BuildReport:
    """Render the chosen handouts for the chosen audiences and write each file atomically.

    A handout that fails does not stop the others: its problems are in `failures`.
    `on_done` hears about each handout as it finishes (for a progress display).
    """
    handout_ids = selected_handouts(campaign, options.only)
    campaign = _scaled(campaign, options)
    if options.jobs > 1 and len(handout_ids) > 1:
        results = _in_processes(campaign, options, handout_ids)
    else:
        renderer = _renderer(campaign, options)
        results = ((h, _build_handout(renderer, options, h)) for h in handout_ids)
    reports: dict[str, BuildReport] = {}
    for handout_id, report in results:
        reports[handout_id] = report
        if on_done is not None:
            on_done(handout_id, report)
    total = BuildReport()
    for handout_id in handout_ids:  # in id order, however the processes finished
        total.add(reports[handout_id])
    return total


def _scaled(campaign: Campaign, options: BuildOptions) -> Campaign:
    """The map scale applied once, up front: a bad scale fails before any work, and spawned
    processes receive the campaign as it will print."""
    return campaign if options.map_scale is None else with_map_scale(campaign, options.map_scale)


def _renderer(campaign: Campaign, options: BuildOptions) -> HandoutRenderer:
    """`campaign` already has the options' map scale applied (see `_scaled`)."""
    return HandoutRenderer(
        campaign, options.revealed_through, paper=options.paper, bleed_mm=options.bleed_mm
    )


def _build_handout(
    renderer: HandoutRenderer, options: BuildOptions, handout_id: str
) -> BuildReport:
    report = BuildReport()
    try:
        for audience in audiences_for(options.audience):
            _write_handout(renderer, options, handout_id, audience, report)
    except CompanionError as error:
        trace = "".join(traceback.format_exception(error))
        report.failures.append(FailedHandout(handout_id, error.problems, trace))
    return report


def _write_handout(
    renderer: HandoutRenderer,
    options: BuildOptions,
    handout_id: str,
    audience: str,
    report: BuildReport,
) -> None:
    campaign = renderer.campaign
    path = handout_path(options.out_dir, campaign, audience, handout_id)
    if options.format == "html":
        documents = renderer.documents(handout_id, audience)
        for suffix, html in zip((".html", "-gm-notes.html"), documents, strict=False):
            page = with_base(html, builtin_templates_dir()).encode()
            html_path = path.with_name(handout_id + suffix)
            write_output(report, options.out_dir, html_path, page, handout_id, audience, [])
        return
    pdf, warnings = renderer.pdf(handout_id, audience)
    if options.format == "pdf":
        write_output(report, options.out_dir, path, pdf, handout_id, audience, warnings)
        return
    from companion.pdf import pdf_to_pngs

    for number, png in enumerate(pdf_to_pngs(pdf, options.dpi), start=1):
        page_path = path.with_name(f"{handout_id}-p{number}.png")
        write_output(
            report,
            options.out_dir,
            page_path,
            png,
            handout_id,
            audience,
            warnings if number == 1 else [],
        )


def with_base(html: str, templates: Path) -> str:
    """An HTML file that opens in a browser with its fonts and styles: relative links point
    into the built-in templates."""
    return html.replace("<head>", f'<head>\n<base href="{templates.as_uri()}/">', 1)


# --- several processes ----------------------------------------------------------------------

_worker_renderer: HandoutRenderer | None = None
_worker_options: BuildOptions | None = None


def _start_worker(campaign: Campaign, options: BuildOptions) -> None:
    global _worker_renderer, _worker_options
    _worker_renderer = _renderer(campaign, options)
    _worker_options = options


def _worker_build(handout_id: str) -> tuple[str, BuildReport]:
    assert _worker_renderer is not None and _worker_options is not None
    return handout_id, _build_handout(_worker_renderer, _worker_options, handout_id)


def _in_processes(
    campaign: Campaign, options: BuildOptions, handout_ids: list[str]
) -> Iterator[tuple[str, BuildReport]]:
    """One handout per task; spawned processes, so nothing is shared by accident. Each keeps
    its renderer (fonts, templates) for all the handouts it is given."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("spawn")
    # The largest handouts first, so no process is left with a long one at the end.
    order = sorted(handout_ids, key=lambda h: _weight(campaign, h), reverse=True)
    with ProcessPoolExecutor(
        max_workers=min(options.jobs, len(handout_ids)),
        mp_context=context,
        initializer=_start_worker,
        initargs=(campaign, options),
    ) as pool:
        futures = [pool.submit(_worker_build, handout_id) for handout_id in order]
        for future in as_completed(futures):
            yield future.result()


def _weight(campaign: Campaign, handout_id: str) -> int:
    return {"map": 3, "dossier": 2}.get(campaign.handouts[handout_id].kind, 1)


def write_output(
    report: BuildReport,
    out_dir: Path,
    path: Path,
    data: bytes,
    what: str,
    audience: str,
    warnings: list[str],
) -> None:
    """Write one output file atomically, never outside `out_dir`, and note it (and its
    warnings) in the report."""
    write_atomic(path, data, within=out_dir)
    report.files.append(BuiltFile(what, audience, path, len(data)))
    for warning in dict.fromkeys(warnings):  # WeasyPrint repeats itself per page
        report.warnings.append(f"{what} ({audience}): {warning}")


# --- the GM binder --------------------------------------------------------------------------


def build_binder(campaign: Campaign, options: BuildOptions) -> BuildReport:
    """`gm/binder.pdf`: cover and contents with page numbers, every GM copy, an NPC index and
    the clue table, with a bookmark per handout."""
    from companion.pdf import render_htmls, write_rendered

    renderer = _renderer(_scaled(campaign, options), options)
    view = renderer.campaign
    templates = builtin_templates_dir()

    def laid_out(htmls: list[str]) -> Rendered:
        return render_htmls(htmls, templates, view.root)

    # Each GM copy is laid out once: its page count feeds the contents, its pages the PDF.
    copies = {h: laid_out(renderer.documents(h, GM)) for h in selected_handouts(view, options.only)}
    pages = {handout_id: copy.page_count for handout_id, copy in copies.items()}
    statuses = {npc_id: npc.status for npc_id, npc in view.npcs.items()}
    front_pages = 2  # cover and contents; checked below, as a long contents runs over
    for _ in range(2):
        context = binder_context(view, pages, front_pages, statuses)
        front = laid_out(
            [render_template(renderer.environment, FRONT_TEMPLATE, {"handout": context})]
        )
        if front.page_count == front_pages:
            break
        front_pages = front.page_count
    index = replace(context, title="NPC index and clue table")
    back = laid_out([render_template(renderer.environment, BACK_TEMPLATE, {"handout": index})])
    pdf, warnings = write_rendered([front, *copies.values(), back])
    report = BuildReport()
    path = handout_path(options.out_dir, campaign, GM, "binder")
    write_output(report, options.out_dir, path, pdf, "binder", GM, warnings)
    return report
