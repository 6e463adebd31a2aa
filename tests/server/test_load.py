"""Load: eight phones follow their pages while a hundred handouts are given in a burst; each
phone gets each of its handouts once, in the order given, and none of anyone else's."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.campaign.loading import load_campaign
from companion.campaign.player_names import player_file_names
from tests.server.burst import HANDOUTS, PLAYERS, burst_campaign, give_in_a_burst, phones_following
from tests.server.serving import Served, companion, free_ports, port_closed, start

# Servers in processes of their own, a browser: `make test` runs them, `make test-fast` not.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def burst_table(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Served, int]]:
    folder = tmp_path_factory.mktemp("burst")
    campaign = burst_campaign(folder / "burst")
    assert companion("session", "start", "-c", str(campaign)).returncode == 0
    port = free_ports(2)
    arguments = [
        "table",
        str(campaign),
        "--port",
        str(port),
        "--no-browser",
        "--out",
        str(folder / "out"),
    ]
    served = start(arguments, f"Player {PLAYERS} joins at", port)
    yield campaign, served, port
    assert served.stop() == 0  # copies are still being made: Ctrl-C stops that too
    assert port_closed(port) and port_closed(port + 1)


def test_a_burst_of_handouts_arrives_once_each_in_order(
    burst_table: tuple[Path, Served, int],
) -> None:
    campaign, served, port = burst_table
    loaded = load_campaign(campaign)
    players = loaded.player_ids()
    names = {p.id: p.name for p in loaded.info.players}
    joins = {
        p: served.url_after(f"{names[p]} joins at").split(str(port + 1), 1)[1] for p in players
    }
    phones = phones_following(port + 1, joins)
    gifts = [(f"note-{n:03d}", players[n % PLAYERS]) for n in range(HANDOUTS)]
    give_in_a_burst(campaign, gifts)

    file_names = player_file_names(loaded)
    expected = {p: [file_names[h] for h, to in gifts if to == p] for p in players}
    deadline = time.monotonic() + 20
    while any(phones[p].received[-1][1] != expected[p] for p in players):
        assert time.monotonic() < deadline, "not every handout arrived"
        time.sleep(0.02)
    for player, phone in phones.items():
        for _, shown in phone.received:
            assert len(shown) == len(set(shown))  # never twice
            assert shown == expected[player][: len(shown)]  # in order, never taken back
