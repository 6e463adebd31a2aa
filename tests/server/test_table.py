"""`companion table` in a real browser: two players' phones and the GM's console. A handout
given from the console appears on that player's phone within a second, never on the other's;
one given with the command line in another terminal appears too; after a restart the phone
reconnects and shows the same. Then every byte the players' pages can serve is searched for
every GM-only text of both test campaigns."""

from __future__ import annotations

import html
import http.client
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from companion.campaign.loading import load_campaign
from companion.campaign.models import Campaign
from companion.cli import app
from companion.record.ledger import open_ledger
from companion.record.store import DB_FILE
from companion.server.pages import STATIC_FILES
from tests.conftest import OZOLA, SAINT, copy_campaign
from tests.pdftext import leaks, pdf_metadata_texts, pdf_text, secret_sentences
from tests.security.test_leaks import titles_players_must_not_read
from tests.server.serving import (
    SCREENSHOTS,
    Served,
    companion,
    free_ports,
    port_closed,
    start,
)

# Servers in processes of their own, a browser: `make test` runs them, `make test-fast` not.
pytestmark = pytest.mark.slow


@dataclass
class Table:
    campaign: Path
    out: Path
    port: int
    served: Served

    @property
    def players_port(self) -> int:
        return self.port + 1

    def arguments(self) -> list[str]:
        return [
            "table", str(self.campaign), "--port", str(self.port), "--no-browser",
            "--out", str(self.out),
        ]  # fmt: skip

    def join_url(self, name: str) -> str:
        return self.served.url_after(f"{name} joins at")

    def console_url(self) -> str:
        return self.served.url_after("Your console")

    def restart(self) -> None:
        assert self.served.stop() == 0
        assert port_closed(self.port) and port_closed(self.players_port)
        self.served = start(self.arguments(), self.served.ready, self.port)


def open_table(folder: Path, source: Path, last_player: str) -> Table:
    campaign = folder / source.name
    copy_campaign(source, campaign)
    with open_ledger(campaign / DB_FILE, "create") as book:
        book.start_session("At the table")
    port = free_ports(2)
    table = Table(campaign, folder / "output", port, None)  # type: ignore[arg-type]
    table.served = start(table.arguments(), f"{last_player} joins at", port)
    return table


@pytest.fixture(scope="module")
def ozola_table(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Table]:
    table = open_table(tmp_path_factory.mktemp("ozola-table"), OZOLA, "Ben")
    yield table
    assert table.served.stop() == 0
    assert port_closed(table.port) and port_closed(table.players_port)


@pytest.fixture(scope="module")
def saint_table(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Table]:
    table = open_table(tmp_path_factory.mktemp("saint-table"), SAINT, "Leni")
    give(table, "captain-note-en", "tom")
    yield table
    assert table.served.stop() == 0


HANDOUT = "li.handout"


def give(table: Table, handout: str, player: str) -> None:
    """`companion give`, run in this process (the one test that needs another process to
    write the record starts one)."""
    given = CliRunner().invoke(app, ["give", handout, "--to", player, "-c", str(table.campaign)])
    assert given.exit_code == 0, given.output


def _wait_for(path: Path, timeout: float = 30) -> Path:
    deadline = time.monotonic() + timeout
    while not path.is_file():
        assert time.monotonic() < deadline, f"{path.name} was not made"
        time.sleep(0.05)
    return path


def shelf_names(page: Any) -> list[str]:
    names: list[str] = page.eval_on_selector_all(HANDOUT, "items => items.map(i => i.dataset.name)")
    return names


def test_a_handout_reaches_its_player_only_and_survives_a_restart(
    ozola_table: Table, browser: Any
) -> None:
    table = ozola_table
    gm = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    gm.goto(table.console_url())
    phone = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2}
    anna = browser.new_context(**phone).new_page()
    ben = browser.new_context(**phone).new_page()
    anna.goto(table.join_url("Anna"))
    ben.goto(table.join_url("Ben"))
    assert anna.inner_text("h1") == "Anna" and ben.inner_text("h1") == "Ben"
    assert shelf_names(anna) == [] == shelf_names(ben)

    # The GM gives the note to Anna from the console, once the table is settled (as at a
    # real table, where the first handout comes minutes after the start): its sheet of join
    # codes is printed, so the process that makes copies has started.
    _wait_for(table.out / "table" / table.campaign.name / "join-codes.pdf")
    started = time.monotonic()
    gm.click('button[data-do="give"][data-handout="meet-me"][data-to="anna"]')
    anna.wait_for_selector(f'{HANDOUT}[data-name="the-note-on-karls-desk"]', timeout=5000)
    elapsed = time.monotonic() - started
    assert elapsed < 1.0, f"the handout took {elapsed:.2f} s to appear"
    anna.wait_for_selector(f"{HANDOUT}[data-ready=yes] img", timeout=15_000)
    gm.wait_for_selector('tr[data-handout="meet-me"] [data-holder="anna"]', timeout=5000)
    assert "#1 gave `meet-me` to anna" in gm.inner_text("#message")

    # Another terminal: the GM gives the matchbox with the command line.
    given = companion("give", "matchbox", "--to", "anna", "-c", str(table.campaign))
    assert given.returncode == 0, given.stderr
    anna.wait_for_selector(f'{HANDOUT}[data-name="a-matchbox-from-white-nights"]', timeout=2000)
    gm.wait_for_selector('tr[data-handout="matchbox"] [data-holder="anna"]', timeout=5000)
    anna.wait_for_function(
        "() => document.querySelectorAll('li.handout[data-ready=yes]').length === 2",
        timeout=20_000,
    )
    shown = shelf_names(anna)
    assert shown == ["the-note-on-karls-desk", "a-matchbox-from-white-nights"]
    assert shelf_names(ben) == []
    if SCREENSHOTS:
        gm.screenshot(path=str(SCREENSHOTS / "table-console.png"))
        anna.screenshot(path=str(SCREENSHOTS / "table-phone.png"))

    # "See as Anna" shows exactly what her phone shows.
    gm.goto(gm.url.split("?")[0].rstrip("/") + "/as/anna")
    assert shelf_names(gm) == shown

    # The server restarts; the phone reconnects by itself and shows the same.
    table.restart()
    give(table, "table-seven", "anna")
    anna.wait_for_selector(f'{HANDOUT}[data-name="reservation-card-table-7"]', timeout=10_000)
    assert shelf_names(anna) == [*shown, "reservation-card-table-7"]
    assert anna.inner_text("#connection") == "Connected."
    assert shelf_names(ben) == []
    ben.reload()
    assert shelf_names(ben) == []
    for page in (gm, anna, ben):
        page.context.close()


# --- every byte the players' pages serve ------------------------------------------------


def _request(
    port: int, path: str, cookie: str | None = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes, dict[str, str]]:
    """One GET, without following redirects; an event stream is read up to its first event."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    if headers is None:
        headers = {"Cookie": f"companion_player={cookie}"} if cookie is not None else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    if response.getheader("content-type", "").startswith("text/event-stream"):
        body = b""
        while not (b"data:" in body and body.endswith((b"\r\n\r\n", b"\n\n"))):
            chunk = response.read1(65536)
            if not chunk:
                break
            body += chunk
    else:
        body = response.read()
    status, found = response.status, dict(response.getheaders())
    connection.close()
    return status, body, found


def _joined_cookie(port: int, join_url: str) -> str:
    status, _, headers = _request(port, join_url.split(str(port), 1)[1])
    assert status == 303
    return headers["set-cookie"].split("companion_player=", 1)[1].split(";", 1)[0]


def walk(table: Table, campaign: Campaign) -> dict[str, bytes]:
    """Everything the players' pages answer, to each player, to no one and to a stranger:
    the routes they have, files every shelf lists (asked for by everyone), and guesses."""
    port = table.players_port
    cookies: dict[str, str | None] = {
        p.id: _joined_cookie(port, table.join_url(p.name)) for p in campaign.info.players
    }
    cookies |= {"no one": None, "a stranger": "not-a-cookie"}
    listed = set().union(*owned_files(table, campaign).values())
    guesses = [
        "shelf.json", "..%2Fshelf.json", "..%2F..%2Ftable-keys.json", "packet.pdf",
        *(f"{h}.pdf" for h in campaign.handouts),
    ]  # fmt: skip
    paths = ["/", "/events", "/join/not-a-code", "/static/nothing.js", "/players/", "/gm/"]
    paths += [f"/static/{name}" for name in STATIC_FILES]
    paths += [f"/files/{name}" for name in [*sorted(listed), *guesses]]
    served = {}
    for who, cookie in cookies.items():
        for path in paths:
            status, body, _ = _request(port, path, cookie)
            served[f"{who} {path} ({status})"] = body
    for player in campaign.info.players:
        status, body, _ = _request(port, table.join_url(player.name).split(str(port), 1)[1])
        served[f"joining as {player.id} ({status})"] = body
    return served


def owned_files(table: Table, campaign: Campaign) -> dict[str, set[str]]:
    """The files each player's shelf lists."""
    owned: dict[str, set[str]] = {}
    for player in campaign.info.players:
        shelf = table.out / "table" / campaign.name / "players" / player.id / "shelf.json"
        items = json.loads(shelf.read_text(encoding="utf-8"))["items"]
        owned[player.id] = {name for i in items for name in (i["pdf"], *i["pages"]) if name}
    return owned


def readable(body: bytes) -> str:
    if body.startswith(b"%PDF"):
        import io

        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(body))
        return pdf_text(reader) + " ".join(pdf_metadata_texts(reader))
    return html.unescape(body.decode("utf-8", errors="replace"))


@pytest.mark.parametrize("which", ["ozola", "saint"])
def test_the_players_pages_serve_no_gm_text(which: str, request: pytest.FixtureRequest) -> None:
    table: Table = request.getfixturevalue(f"{which}_table")
    campaign = load_campaign(table.campaign)
    if which == "ozola" and not any(owned_files(table, campaign).values()):  # run alone
        give(table, "meet-me", "anna")
    _wait_until_made(table, campaign)
    secrets = secret_sentences(campaign) + titles_players_must_not_read(campaign)
    assert len(secrets) > 50
    served = walk(table, campaign)
    texts = {route: readable(body) for route, body in served.items()}
    assert {
        route: leaked for route, text in texts.items() if (leaked := leaks(secrets, text))
    } == {}
    made = [route for route in served if route.endswith("(200)") and "/files/" in route]
    assert made, "no copy was walked"
    strangers = [r for r in served if r.startswith(("no one", "a stranger"))]
    opened = [r for r in strangers if "/files/" in r and r.endswith("(200)")]
    assert opened == []
    assert all("(403)" in r for r in strangers if "/events" in r)
    owned = owned_files(table, campaign)
    for player in owned:  # each player opens their own files, and no one else's
        files = {r.split("/files/")[1].split(" (")[0] for r in made if r.startswith(player + " ")}
        assert files == owned[player]


def _post(port: int, path: str, body: object, headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("POST", path, json.dumps(body), headers)
    status = connection.getresponse().status
    connection.close()
    return status


def test_a_revoked_phone_gets_nothing_and_only_the_console_acts(ozola_table: Table) -> None:
    table, port = ozola_table, ozola_table.port
    status, _, headers = _request(port, table.console_url().split(str(port), 1)[1])
    assert status == 303
    gm = "companion_gm=" + headers["set-cookie"].split("companion_gm=", 1)[1].split(";", 1)[0]
    old_join = table.join_url("Ben").split(str(table.players_port), 1)[1]
    ben = _joined_cookie(table.players_port, table.join_url("Ben"))
    assert b"<h1>Ben</h1>" in _request(table.players_port, "/", ben)[1]

    revoke = {"do": "revoke", "player": "ben"}
    acting = {"Cookie": gm, "X-Companion": "console", "Content-Type": "application/json"}
    assert _post(port, "/act", revoke, {**acting, "Origin": "http://evil.example"}) == 403
    assert _post(port, "/act", revoke, {"Cookie": gm}) == 403  # not the console's own script
    assert _post(port, "/act", revoke, {**acting, "Cookie": "companion_gm=guess"}) == 403
    assert _post(port, "/act", revoke, acting) == 200

    assert b"Ben" not in _request(table.players_port, "/", ben)[1]
    assert _request(table.players_port, "/events", ben)[0] == 403
    assert _request(table.players_port, old_join)[0] == 404

    # The sheet of join codes to print: the GM's alone, like the keys.
    sheet = _wait_for(table.out / "table" / table.campaign.name / "join-codes.pdf")
    assert sheet.stat().st_mode & 0o077 == 0
    assert "Anna" in pdf_text(sheet) and "Ben" in pdf_text(sheet)
    status, body, _ = _request(port, "/codes.pdf", None, {"Cookie": gm})
    assert status == 200 and body.startswith(b"%PDF")
    status, body, _ = _request(port, "/codes", None, {"Cookie": gm})
    assert status == 200 and body.count(b"<svg") == 2


def _wait_until_made(table: Table, campaign: Campaign) -> None:
    deadline = time.monotonic() + 60
    folder = table.out / "table" / campaign.name / "players"
    while time.monotonic() < deadline:
        shelves = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*/shelf.json")]
        items = [item for shelf in shelves for item in shelf["items"]]
        if items and all(item["pdf"] for item in items):
            return
        time.sleep(0.1)
    raise AssertionError("the copies were not made")


def test_console_actions_write_the_record_as_the_command_line_does(ozola_table: Table) -> None:
    """Each console action goes through the command line's library functions: `session show`
    then reads them as if typed; a mistake comes back located, with its hint."""
    table, port = ozola_table, ozola_table.port
    campaign = load_campaign(table.campaign)
    clue, conclusion = campaign.clue_book.clues[0].id, campaign.clue_book.conclusions[0].id
    _, _, headers = _request(port, table.console_url().split(str(port), 1)[1])
    gm = "companion_gm=" + headers["set-cookie"].split("companion_gm=", 1)[1].split(";", 1)[0]
    acting = {"Cookie": gm, "X-Companion": "console", "Content-Type": "application/json"}
    status_word = next(s for s in campaign.info.words().statuses if s != "active")
    for action in [
        {"do": "log", "text": "Karl orders a vodka he does not drink.", "gm": False},
        {"do": "clue", "clue": clue, "by": "ben"},
        {"do": "reached", "conclusion": conclusion},
        {"do": "npc", "npc": "natalia", "status": status_word, "gm": True},
        {"do": "undo"},
    ]:
        assert _post(port, "/act", action, acting) == 200, action
    assert _post(port, "/act", {"do": "give", "handout": "met-me", "to": "anna"}, acting) == 422

    shown = CliRunner().invoke(app, ["session", "show", "-c", str(table.campaign)]).output
    assert "log: Karl orders a vodka he does not drink." in shown
    assert f"clue `{clue}` found by ben" in shown
    assert f"conclusion `{conclusion}` reached" in shown
    assert f"`natalia` is {status_word} (GM)" in shown and "[struck: undone]" in shown
