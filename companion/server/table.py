"""`companion table`: a session of play served. The record of play is watched (the console
and `companion` in another terminal write the same record); every change is published to the
players' folders and pushed to their pages and to the GM's console."""

from __future__ import annotations

import asyncio
import io
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from companion.build.output_folder import checked_output_folder
from companion.campaign.index import CampaignIndex
from companion.campaign.models import Campaign
from companion.errors import CompanionError
from companion.record.facts import PlayState
from companion.record.ledger import open_ledger, read_state
from companion.record.store import DB_FILE
from companion.server.app import LOOPBACK, Listener, bind_all, interface_address, interfaces, serve
from companion.server.console import console_app
from companion.server.events import Feed, FileWatch
from companion.server.pages import render
from companion.server.players import players_app
from companion.server.publishing import TABLE_FOLDER, CopyMaker, Publisher
from companion.server.shelf import Shelf
from companion.server.tokens import GmGate, TableKeys, save, table_keys

Say = Callable[[str], None]
CODES_SHEET = "join-codes.pdf"


@dataclass(frozen=True)
class TableSettings:
    port: int = 8470  # the GM's console, on this machine
    players_on: str = LOOPBACK  # an interface name or an address of this machine
    players_port: int = 8471
    out_dir: Path = Path("output")
    db_path: Path | None = None
    new_codes: bool = False
    open_browser: bool = True


class Table:
    """One campaign at the table: its record, its keys, the players' folders and feeds."""

    def __init__(self, campaign: Campaign, settings: TableSettings, say: Say) -> None:
        self.campaign = campaign
        self.say = say
        self.index = CampaignIndex.of(campaign)
        self.db_path = settings.db_path or campaign.root / DB_FILE
        with open_ledger(self.db_path, "create"):  # the console records from the first click
            pass
        state = read_state(self.db_path, None, required=False)
        checked_output_folder(settings.out_dir, campaign.root, campaign.name)
        self.folder_of_keys = settings.out_dir / TABLE_FOLDER / campaign.name
        players = campaign.player_ids()
        self._keys = table_keys(
            self.folder_of_keys, session_played(state), players, settings.new_codes
        )
        self.gate = GmGate(self._keys.gm)
        self.console_feed = Feed("changed")
        self.problems: list[str] = []
        self.publisher = Publisher(campaign, settings.out_dir, self._shelf_changed, self._problem)
        self.player_feeds = {
            player: Feed(self.publisher.shelves[player].to_json()) for player in players
        }
        wal = self.db_path.with_name(self.db_path.name + "-wal")
        self.watch = FileWatch([self.db_path, wal], self.refresh)
        self.join_base = ""  # the players' address, known once bound
        self._maker: CopyMaker | None = None

    # --- what the players' pages may know (see players.Seats) ---

    @property
    def keys(self) -> TableKeys:
        return self._keys

    def folder(self, player: str) -> Path:
        return self.publisher.folder(player)

    def feed(self, player: str) -> Feed:
        return self.player_feeds[player]

    # --- keeping everything in step with the record ---

    def state(self) -> PlayState:
        return read_state(self.db_path, None, required=False)

    def refresh(self) -> None:
        """The record changed (or we were poked): publish, and tell the console."""
        try:
            self.publisher.publish(self.state())  # the phones first: they are waiting
            self.console_feed.publish("changed")
        except CompanionError as error:
            for problem in error.problems:
                self._problem(problem.render())

    def recorded(self) -> None:
        """The console wrote the record: look at once rather than at the next glance."""
        self.watch.poke()

    def _shelf_changed(self, player: str, shelf: Shelf) -> None:
        self.player_feeds[player].publish(shelf.to_json())
        self.console_feed.publish("changed")

    def _problem(self, text: str) -> None:
        self.problems = [*self.problems[-9:], text]
        self.say(f"problem: {text}")
        self.console_feed.publish("changed")

    def revoke(self, player: str) -> None:
        """New keys for one player: the phone that held the old ones is shut out."""
        self._keys = self._keys.revoked(player)
        save(self.folder_of_keys, self._keys)
        # Wakes the player's stream, which then sees that its cookie opens nothing.
        self.player_feeds[player].publish(self.publisher.shelves[player].to_json())
        self.console_feed.publish("changed")
        self._print_codes_soon()

    def codes_sheet(self) -> Path:
        """The join codes as a PDF to print, beside the keys (the GM's, never served)."""
        return self.folder_of_keys / CODES_SHEET

    def _print_codes_soon(self) -> None:
        if self._maker is not None:
            threading.Thread(
                target=self._print_codes, args=(self._maker,), name="companion-codes", daemon=True
            ).start()

    def _print_codes(self, maker: CopyMaker) -> None:
        players = [(p.name, qr_svg(self.join_url(p.id))) for p in self.campaign.info.players]
        html = render(
            "codes-sheet.html.j2",
            title=self.campaign.info.title,
            session=self._keys.session,
            players=players,
            paper=self.campaign.info.paper.upper(),
        )
        for problem in maker.print_sheet(html, self.codes_sheet()):
            self._problem(f"the sheet of join codes: {problem}")

    def join_url(self, player: str) -> str:
        return f"{self.join_base}/join/{self._keys.players[player].join}"

    # --- the server's life ---

    def started(self, loop: asyncio.AbstractEventLoop) -> None:
        for feed in [self.console_feed, *self.player_feeds.values()]:
            feed.bind(loop)
        self.watch.start()
        self._maker = self.publisher.start()
        self._print_codes_soon()
        self.watch.poke()  # the first look: copies an earlier run left on their way

    def stopping(self) -> None:
        self.publisher.stop()
        self.watch.stop()


def session_played(state: PlayState) -> int:
    """The session the join codes are for: the open one, else the next. A table opened
    before `session start` keeps its codes when the session starts; ending it brings new
    ones at the next start of the table."""
    open_now = [session.number for session in state.sessions if not session.ended]
    return open_now[0] if open_now else state.last_session() + 1


def run_table(campaign: Campaign, settings: TableSettings, say: Say) -> None:
    """Serve the table until Ctrl-C: the console on this machine, the players' pages where
    the GM said; print the console's link and each player's join code."""
    players_address = interface_address(settings.players_on)
    table = Table(campaign, settings, say)
    console = Listener(console_app(table), LOOPBACK, settings.port, "the GM's console", True)
    players = Listener(
        players_app(table), players_address, settings.players_port, "the players' pages", False
    )
    bound = bind_all([console, players])
    table.join_base = bound.url(players)
    say(f"The table of {campaign.info.title} is open. Ctrl-C closes it.")
    console_url = f"{bound.url(console)}/?key={table.gate.keys.join}"
    say(f"Your console (this computer only): {console_url}")
    say(f"Players' pages: {bound.url(players)}/")
    if players.address == LOOPBACK:
        say(_phones_hint())
    say(f"Join codes to print: {table.codes_sheet()} (made in a moment)")
    for player in campaign.info.players:
        url = table.join_url(player.id)
        say(f"{player.name} joins at {url}")
        say(qr_text(url))
    if settings.open_browser:
        webbrowser.open(console_url)
    serve(bound, table.started, table.stopping)


def _phones_hint() -> str:
    names = [f"{name} ({address})" for name, address in interfaces().items() if name != "lo"]
    listed = f": {', '.join(names)}" if names else ""
    return (
        "The players' pages answer on this computer only. For phones on your network, start "
        f"with --players-on and a network interface{listed}."
    )


def qr_svg(url: str) -> str:
    """A QR code of `url` as SVG, to put in a page (it sizes it)."""
    import segno

    return str(segno.make(url, error="m").svg_inline(scale=4, omitsize=True))


def qr_text(url: str) -> str:
    """A QR code of `url` for the terminal, in block characters."""
    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue().rstrip("\n")
