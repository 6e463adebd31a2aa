"""Publishing at the table: each player's own copies of what the record says they hold,
made by the one pipeline as their packet is (player copies only, each carrying its copy
number and trace mark), written into their own folder, with pictures of the pages for a
phone and the shelf list their page reads."""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path

from companion.atomic import read_regular_file, write_atomic
from companion.build.pipeline import CopyOf, OutputPaths, Pipeline
from companion.build.report import BuildReport
from companion.build.request import PLAYER, BuildOptions
from companion.build.targets import build
from companion.campaign.models import Campaign
from companion.campaign.player_names import player_facing_title, player_file_names
from companion.kinds.registry import kind_of
from companion.record.facts import PlayState
from companion.resources import builtin_templates_dir
from companion.server.shelf import Shelf, ShelfItem, read_shelf, write_shelf

# Under the output folder: output/table/<campaign>/players/<player>/.
TABLE_FOLDER = "table"
# Pages as pictures for a phone: an A4 page ~900 pixels wide, sharp on a phone's screen.
PHONE_DPI = 110
MAX_PDF_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class PlayerCopies:
    """A target of the pipeline: one player's own copies of some handouts, each as in their
    packet (`build --player`): a player's view, their copy number, their trace mark."""

    player: str
    handouts: tuple[str, ...]
    revealed_through: int = 0
    mark_secret: str | None = None

    def tasks(self) -> list[str]:
        return list(self.handouts)

    def weight(self, campaign: Campaign, task: str) -> int:
        return kind_of(campaign.handouts[task]).weight

    def run(self, pipeline: Pipeline, task: str, report: BuildReport) -> None:
        copy = CopyOf.made_for(
            pipeline.campaign, self.player, self.revealed_through, self.mark_secret
        )
        stem = pipeline.paths.packet_copy(self.player, task)
        key = pipeline.handout_key(task, PLAYER, copy)
        if not pipeline.up_to_date(report, stem, key):
            documents = pipeline.documents(task, PLAYER, copy)
            pipeline.write(report, stem, task, self.player, documents, key=key)

    def covers(self, paths: OutputPaths, options: BuildOptions, stem: Path) -> bool:
        return False  # one gift at a time: the shelf list, not the build, says what is held


@dataclass(frozen=True)
class Made:
    """What making one copy gave: its PDF and page pictures (file names in the player's
    folder), or the problems that stopped it."""

    pdf: str | None = None
    pages: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()


class CopyMaker:
    """Makes copies in a process of its own: WeasyPrint keeps Python busy while it lays a
    page out, and the server must answer the phones meanwhile. The process loads the printing
    libraries as it starts, so the first gift comes out as quickly as the others. One request
    at a time, over a pipe; stopping kills the process, whatever it was doing (a copy half
    made is made again by the next table), and a process whose server is gone ends too."""

    def __init__(self, campaign: Campaign, options: BuildOptions) -> None:
        context = multiprocessing.get_context("spawn")
        self._pipe, theirs = context.Pipe()
        self._process = context.Process(
            target=_serve_requests,
            args=(theirs, campaign, options),
            name="companion-copy-maker",
            daemon=True,
        )
        self._process.start()
        theirs.close()
        self._asking = threading.Lock()

    def make(self, target: PlayerCopies) -> Made:
        return self._ask(("copy", target))

    def print_sheet(self, html: str, path: Path) -> tuple[str, ...]:
        """A page of the GM's (the join codes) as a PDF at `path`, by the same renderer; what
        went wrong, if anything."""
        return self._ask(("sheet", (html, path))).problems

    def _ask(self, request: tuple[str, object]) -> Made:
        with self._asking:
            try:
                self._pipe.send(request)
                made: Made = self._pipe.recv()
            except (EOFError, OSError):
                return Made(problems=("the process that makes the copies has stopped",))
        return made

    def stop(self) -> None:
        self._process.kill()
        self._process.join(timeout=5)
        self._pipe.close()


_maker: tuple[Campaign, BuildOptions] | None = None


def _serve_requests(pipe: Connection, campaign: Campaign, options: BuildOptions) -> None:
    """The copy maker's life: requests in, one at a time, until the server goes."""
    global _maker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    _maker = campaign, options
    import companion.render.pdf  # noqa: F401  (a second to load: now, not at the first gift)

    while True:
        try:
            kind, argument = pipe.recv()
        except (EOFError, OSError):
            return
        try:
            made = _make_copy(argument) if kind == "copy" else _print_sheet(*argument)
        except Exception as error:  # a bug of ours: told to the GM, and the next copy is tried
            made = Made(problems=(f"companion failed on it ({type(error).__name__}: {error})",))
        pipe.send(made)


def _make_copy(target: PlayerCopies) -> Made:
    assert _maker is not None
    campaign, options = _maker
    report = build(campaign, options, target=target)
    if report.failures:
        problems = [p.render() for failure in report.failures for p in failure.problems]
        return Made(problems=tuple(problems))
    paths = OutputPaths(options.out_dir, campaign.name, player_file_names(campaign))
    stem = paths.packet_copy(target.player, target.handouts[0])
    pdf = stem.with_name(stem.name + ".pdf")
    return Made(pdf.name, _pictures(pdf, options.out_dir))


def _print_sheet(html: str, path: Path) -> Made:
    from companion.render.pdf import render_htmls, write_rendered

    assert _maker is not None
    campaign, options = _maker
    rendered = render_htmls([html], builtin_templates_dir(), campaign.root)
    pdf, _ = write_rendered([rendered])
    write_atomic(path, pdf, within=options.out_dir, mode=0o600)  # the codes are keys
    return Made(path.name)


def _pictures(pdf: Path, out_dir: Path) -> tuple[str, ...]:
    """Each page of the player's PDF as a picture beside it: the copy itself, mark and all."""
    from companion.render.pdf import pdf_to_pngs

    pngs = pdf_to_pngs(read_regular_file(pdf, MAX_PDF_BYTES), PHONE_DPI)
    names = []
    for number, png in enumerate(pngs, start=1):
        path = pdf.with_name(f"{pdf.stem}-p{number}.png")
        write_atomic(path, _trimmed(png), within=out_dir)
        names.append(path.name)
    return tuple(names)


# Below this difference from white (of 255), a pixel is the sheet's own blank paper.
BLANK = 12
# Blank paper kept round what is printed, as a share of the page's width.
TRIM_MARGIN = 0.03


def _trimmed(png: bytes) -> bytes:
    """A page's picture cut to what is printed on it, with a little paper round it: a card
    on a sheet of cards fills the phone's screen, not a corner of it. (The copy's mark is
    printed on the page, so it stays in the picture.)"""
    import io

    from PIL import Image, ImageChops

    page = Image.open(io.BytesIO(png)).convert("RGB")
    white = Image.new("RGB", page.size, (255, 255, 255))
    difference = ImageChops.difference(page, white).convert("L")
    printed = difference.point(lambda value: 255 if value > BLANK else 0).getbbox()
    if printed is None:
        return png  # a blank page stays as it is
    margin = round(page.width * TRIM_MARGIN)
    left, top, right, bottom = printed
    box = (
        max(0, left - margin),
        max(0, top - margin),
        min(page.width, right + margin),
        min(page.height, bottom + margin),
    )
    if box == (0, 0, page.width, page.height):
        return png
    buffer = io.BytesIO()
    page.crop(box).save(buffer, format="PNG")
    return buffer.getvalue()


OnShelf = Callable[[str, Shelf], None]
OnProblem = Callable[[str], None]


class Publisher:
    """Keeps every player's folder in step with the record: a handout given appears on their
    shelf at once (its title, on its way), then a thread of its own makes the copy and its
    pages follow, in the order of the gifts; a gift struck or undone leaves the shelf."""

    def __init__(
        self, campaign: Campaign, out_dir: Path, on_shelf: OnShelf, on_problem: OnProblem
    ) -> None:
        self.campaign = campaign
        self.options = BuildOptions(out_dir=out_dir / TABLE_FOLDER)
        self.paths = OutputPaths(self.options.out_dir, campaign.name, player_file_names(campaign))
        self.on_shelf = on_shelf
        self.on_problem = on_problem
        self.stopping = threading.Event()
        self._shelving = threading.Lock()  # shelves change under it, never while rendering
        self._to_make = threading.Event()
        self._state = PlayState.nothing_yet()
        self._failed: set[tuple[str, str]] = set()  # not tried again: the GM was told once
        names = {p.id: p.name for p in campaign.info.players}
        self.shelves = {
            player: self._kept(player, names[player]) for player in campaign.player_ids()
        }
        self._making = threading.Thread(target=self._make_all, name="companion-copies", daemon=True)
        self._maker: CopyMaker | None = None

    def folder(self, player: str) -> Path:
        return self.paths.packet_folder(player)

    def _kept(self, player: str, name: str) -> Shelf:
        """The shelf left by an earlier run (its copies stand), or an empty one."""
        kept = read_shelf(self.folder(player))
        if kept is None or kept.player != name:
            kept = Shelf(name)
        write_shelf(self.folder(player), kept, self.options.out_dir)
        return kept

    def start(self) -> CopyMaker:
        self._maker = CopyMaker(self.campaign, self.options)
        self._making.start()
        return self._maker

    def stop(self) -> None:
        self.stopping.set()
        self._to_make.set()
        if self._maker is not None:
            self._maker.stop()

    def publish(self, state: PlayState) -> None:
        """Every shelf as the record says, at once; the copies on their way are made next."""
        with self._shelving:
            self._state = state
            for player in self.shelves:
                self._set(player, self._announced(player, state.held_by(player)))
        self._to_make.set()

    def _announced(self, player: str, held: list[str]) -> Shelf:
        shelf = self.shelves[player]
        made = {item.name: item for item in shelf.items}
        items = []
        for handout_id in held:
            name = self.paths.player_name(handout_id)
            title = player_facing_title(self.campaign, self.campaign.handouts[handout_id])
            items.append(made.get(name) or ShelfItem(name, title))
        return replace(shelf, items=tuple(items))

    def _make_all(self) -> None:
        while not self.stopping.is_set():
            self._to_make.wait()
            self._to_make.clear()
            while not self.stopping.is_set() and (next_gift := self._next_arriving()):
                self._make(*next_gift)

    def _next_arriving(self) -> tuple[str, str, PlayState] | None:
        """The oldest gift whose copy is still on its way."""
        with self._shelving:
            state = self._state
            for player, handout_id in _gifts_in_order(state):
                if (player, handout_id) not in self._failed and self._arriving(player, handout_id):
                    return player, handout_id, state
        return None

    def _arriving(self, player: str, handout_id: str) -> bool:
        if player not in self.shelves:
            return False
        name = self.paths.player_name(handout_id)
        return any(item.name == name and not item.ready for item in self.shelves[player].items)

    def _make(self, player: str, handout_id: str, state: PlayState) -> None:
        assert self._maker is not None
        target = PlayerCopies(player, (handout_id,), state.last_session(), state.mark_secret)
        made = self._maker.make(target)
        for problem in made.problems:
            self.on_problem(f"{handout_id} for {player}: {problem}")
        if made.pdf is None:
            self._failed.add((player, handout_id))
            return
        name = self.paths.player_name(handout_id)
        with self._shelving:  # the gift may have been undone meanwhile: then it stays off
            shelf = self.shelves[player]
            items = tuple(
                item.made(made.pdf, made.pages) if item.name == name else item
                for item in shelf.items
            )
            self._set(player, replace(shelf, items=items))

    def _set(self, player: str, shelf: Shelf) -> None:
        if shelf == self.shelves[player]:
            return
        self.shelves[player] = shelf
        write_shelf(self.folder(player), shelf, self.options.out_dir)
        self.on_shelf(player, shelf)


def _gifts_in_order(state: PlayState) -> list[tuple[str, str]]:
    """(player, handout) for every live gift, in the order they were recorded."""
    return [
        (player, entry.subject)
        for entry in state.of_kind("give")
        if entry.subject
        for player in entry.players
    ]
