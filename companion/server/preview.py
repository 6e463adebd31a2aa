"""`companion preview`: the campaign's handouts as pages in the browser (the GM's copy beside
the players'), and the GM's book, made through the build and its cache, made again when a
file of the campaign is saved; a page reloads itself, and a campaign with problems shows them
(file, line, column, hint) instead of pages. For the GM's machine only."""

from __future__ import annotations

import asyncio
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from companion.build.book_target import book_for
from companion.build.output_folder import checked_output_folder
from companion.build.pipeline import OutputPaths
from companion.build.report import BuildReport
from companion.build.request import PLAYER, BuildOptions, OutputFormat
from companion.build.targets import Target, build, selected_handouts
from companion.campaign.audience import GM
from companion.campaign.loading import load_campaign
from companion.campaign.models import Campaign
from companion.campaign.player_names import player_file_names
from companion.errors import CompanionError, Problem
from companion.record.ledger import read_state
from companion.record.store import DB_FILE
from companion.server.app import LOOPBACK, Listener, bind_all, serve
from companion.server.events import Feed, stream
from companion.server.pages import STATIC_ROUTE, page
from companion.server.tokens import Endpoint, GmGate, Keys, gm_only

# Under the output folder: output/preview/<campaign>/gm/..., apart from what `build` writes.
PREVIEW_FOLDER = "preview"
# Pages at screen size: sharp enough to read a typed file, quick to make.
PREVIEW_DPI = 96


@dataclass(frozen=True)
class Shown:
    """What a preview page shows: pages (as file names per audience), or problems."""

    pages: dict[str, list[str]] = field(default_factory=dict)
    problems: tuple[str, ...] = ()


class Preview:
    """The campaign as last loaded (or its problems), built on demand into `out_dir`."""

    def __init__(self, root: Path, out_dir: Path, gate: GmGate) -> None:
        self.root = root
        self.out_dir = out_dir
        self.gate = gate
        self.feed = Feed()
        self.campaign: Campaign | None = None
        self.problems: tuple[str, ...] = ()
        self._building = threading.Lock()
        self._served: set[tuple[str, str]] = set()
        self._stop = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="companion-preview", daemon=True)
        self.reload()

    # --- the campaign, loaded again on every save ---

    def reload(self) -> None:
        try:
            self.campaign, self.problems = load_campaign(self.root), ()
        except CompanionError as error:
            self.campaign, self.problems = None, self._shown(error.problems)
        self.feed.publish("changed")

    def _shown(self, problems: list[Problem]) -> tuple[str, ...]:
        return tuple(problem.render(relative_to=self.root.parent) for problem in problems)

    def start(self) -> None:
        self._watcher.start()

    def stop(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        from watchfiles import Change, DefaultFilter, watch

        class CampaignFiles(DefaultFilter):
            def __call__(self, change: Change, path: str) -> bool:
                name = Path(path).name
                return super().__call__(change, path) and not name.startswith(DB_FILE)

        for _ in watch(self.root, watch_filter=CampaignFiles(), stop_event=self._stop):
            self.reload()

    # --- building what a page shows ---

    def handout(self, handout_id: str) -> Shown:
        campaign = self.campaign
        if campaign is None:
            return Shown(problems=self.problems)
        selected_handouts(campaign, [handout_id])  # an unknown id: UnknownId, with a hint
        options = self._options(only=(handout_id,))
        report = self._build(campaign, options)
        if report.failures:
            return Shown(problems=self._failures(report))
        paths = OutputPaths(self.out_dir, campaign.name, player_file_names(campaign))
        return Shown(
            {
                audience: self._pages(paths.copy(audience, handout_id), report)
                for audience in (GM, PLAYER)
            }
        )

    def book(self) -> Shown:
        campaign = self.campaign
        if campaign is None:
            return Shown(problems=self.problems)
        options = self._options()
        state = read_state(campaign.root / DB_FILE, None, required=False)
        book = book_for(campaign, selected_handouts(campaign, options.only), state)
        report = self._build(campaign, options, book)
        if report.failures:
            return Shown(problems=self._failures(report))
        paths = OutputPaths(self.out_dir, campaign.name)
        return Shown({GM: self._pages(paths.book(), report)})

    def _options(self, only: tuple[str, ...] = ()) -> BuildOptions:
        return BuildOptions(
            only=only, out_dir=self.out_dir, format=OutputFormat.PNG, dpi=PREVIEW_DPI
        )

    def _build(
        self, campaign: Campaign, options: BuildOptions, target: Target | None = None
    ) -> BuildReport:
        with self._building:  # one build at a time; a second page waits, then finds it made
            return build(campaign, options, target=target)

    def _failures(self, report: BuildReport) -> tuple[str, ...]:
        return tuple(
            f"{failure.what}: {line}"
            for failure in report.failures
            for line in self._shown(failure.problems)
        )

    def _pages(self, stem: Path, report: BuildReport) -> list[str]:
        """The PNG pages of one output, as written now or found up to date."""
        prefix = f"{stem.name}-p"
        written = [f.path for f in report.files if f.path.name.startswith(prefix)]
        found = written or list(stem.parent.glob(f"{prefix}*.png"))
        pages = sorted(found, key=lambda p: int(p.stem.removeprefix(prefix) or 0))
        audience = stem.parent.name
        for path in pages:
            self._served.add((audience, path.name))
        return [f"/files/{audience}/{p.name}?v={p.stat().st_mtime_ns}" for p in pages]

    def file(self, audience: str, name: str) -> Path | None:
        """A page this preview made and showed; nothing else is served."""
        if (audience, name) not in self._served or self.campaign is None:
            return None
        return self.out_dir / self.campaign.name / audience / name


def preview_app(preview: Preview) -> Starlette:
    def gated(view: Endpoint) -> Endpoint:
        return gm_only(preview.gate, view)

    async def index(request: Request) -> Response:
        campaign = preview.campaign
        handouts = []
        if campaign is not None:
            handouts = [(h.id, h.title, h.kind) for h in campaign.handouts.values()]
        title = campaign.info.title if campaign else preview.root.name
        return page(
            "preview.html.j2",
            title=title,
            heading=title,
            version=preview.feed.version,
            handouts=sorted(handouts),
            shown=Shown(problems=preview.problems),
            labels={},
        )

    async def handout(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        handout_id = request.path_params["handout_id"]
        version = preview.feed.version
        try:
            shown = await run_in_threadpool(preview.handout, handout_id)
        except CompanionError as error:
            shown = Shown(problems=preview._shown(error.problems))
        campaign = preview.campaign
        title = (
            campaign.handouts[handout_id].title
            if campaign and handout_id in campaign.handouts
            else handout_id
        )
        return page(
            "preview.html.j2",
            title=title,
            heading=title,
            version=version,
            handouts=[],
            shown=shown,
            labels={GM: "The GM's copy", PLAYER: "The players' copy"},
        )

    async def book(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        version = preview.feed.version
        try:
            shown = await run_in_threadpool(preview.book)
        except CompanionError as error:
            shown = Shown(problems=preview._shown(error.problems))
        return page(
            "preview.html.j2",
            title="The GM's book",
            heading="The GM's book",
            version=version,
            handouts=[],
            shown=shown,
            labels={GM: "The GM's book"},
        )

    async def files(request: Request) -> Response:
        path = preview.file(request.path_params["audience"], request.path_params["name"])
        if path is None or not path.is_file():
            return Response("Not found.", status_code=404, media_type="text/plain")
        return FileResponse(path, media_type="image/png")

    async def events(request: Request) -> Response:
        return stream(request, preview.feed)

    return Starlette(
        routes=[
            Route("/", gated(index)),
            Route("/handout/{handout_id}", gated(handout)),
            Route("/book", gated(book)),
            Route("/files/{audience}/{name}", gated(files)),
            Route("/events", gated(events)),
            STATIC_ROUTE,
        ]
    )


def run_preview(
    root: Path, out_dir: Path, port: int, say: Callable[[str], None], open_browser: bool
) -> None:
    """Serve the preview on this machine until Ctrl-C. A campaign with problems still opens:
    its page shows them, and the handouts come back as soon as they are fixed."""
    checked_output_folder(out_dir, root, root.name)
    gate = GmGate(Keys())
    preview = Preview(root, out_dir / PREVIEW_FOLDER, gate)
    listener = Listener(preview_app(preview), LOOPBACK, port, "the preview", loopback_only=True)
    bound = bind_all([listener])
    url = f"{bound.url(listener)}/?key={gate.keys.join}"
    for problem in preview.problems:
        say(problem)
    say(f"Preview of {root.name}: {url}")
    say("It rebuilds what you look at whenever you save a file. Ctrl-C stops it.")
    if open_browser:
        webbrowser.open(url)

    def started(loop: asyncio.AbstractEventLoop) -> None:
        preview.feed.bind(loop)
        preview.start()

    serve(bound, started, preview.stop)
