"""The load check of `companion table`, shared by its test and its benchmark: a campaign of
many small notes and eight players, eight phones following their pages by server-sent events,
and a burst of gifts recorded one after another as `companion give` records them."""

from __future__ import annotations

import http.client
import json
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from companion.campaign.index import CampaignIndex
from companion.campaign.loading import load_campaign
from companion.record.ledger import open_ledger
from companion.record.recording import record_give
from companion.record.store import DB_FILE
from tests.conftest import ASSETS

PLAYERS = 8
HANDOUTS = 100


def burst_campaign(target: Path, players: int = PLAYERS, handouts: int = HANDOUTS) -> Path:
    """The mini campaign with `players` players and `handouts` one-line notes for anyone."""
    shutil.copytree(ASSETS / "mini", target)
    info = yaml.safe_load((target / "campaign.yaml").read_text(encoding="utf-8"))
    first = info["players"][0]
    info["players"] = [first] + [
        {"id": f"p{n}", "name": f"Player {n}", "character": {"id": f"c{n}", "name": f"Agent {n}"}}
        for n in range(2, players + 1)
    ]
    (target / "campaign.yaml").write_text(yaml.safe_dump(info), encoding="utf-8")
    for number in range(handouts):
        note = {"kind": "note", "title": f"Note {number}", "to": "all", "text": f"Table {number}."}
        path = target / "handouts" / f"note-{number:03d}.yaml"
        path.write_text(yaml.safe_dump(note), encoding="utf-8")
    return target


@dataclass
class Phone:
    """One player's page, reduced to its event stream: each shelf it received, and when."""

    port: int
    cookie: str
    received: list[tuple[float, list[str]]] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def follow(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request("GET", "/events", headers={"Cookie": f"companion_player={self.cookie}"})
        response = connection.getresponse()
        assert response.status == 200
        buffer = b""
        while not self.stopping.is_set():
            chunk = response.read1(65536)
            if not chunk:
                return
            buffer += chunk.replace(b"\r\n", b"\n")
            while b"\n\n" in buffer:
                message, buffer = buffer.split(b"\n\n", 1)
                data = [
                    line[5:].strip() for line in message.split(b"\n") if line.startswith(b"data:")
                ]
                if data:
                    shelf = json.loads(b"\n".join(data))
                    self.received.append((time.monotonic(), [i["name"] for i in shelf["items"]]))
        connection.close()

    def first_seen(self) -> dict[str, float]:
        seen: dict[str, float] = {}
        for moment, names in self.received:
            for name in names:
                seen.setdefault(name, moment)
        return seen


def join(port: int, join_path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", join_path)
    response = connection.getresponse()
    cookie = response.getheader("set-cookie", "")
    connection.close()
    return cookie.split("companion_player=", 1)[1].split(";", 1)[0]


def phones_following(port: int, join_paths: dict[str, str]) -> dict[str, Phone]:
    phones = {player: Phone(port, join(port, path)) for player, path in join_paths.items()}
    for phone in phones.values():
        threading.Thread(target=phone.follow, daemon=True).start()
    deadline = time.monotonic() + 10
    while not all(phone.received for phone in phones.values()):  # each has its first shelf
        assert time.monotonic() < deadline, "a phone got no first message"
        time.sleep(0.01)
    return phones


def give_in_a_burst(campaign: Path, gifts: list[tuple[str, str]]) -> dict[tuple[str, str], float]:
    """Record each (handout, player) gift, one transaction each as `companion give` does it,
    as fast as they go; when each was recorded."""
    index = CampaignIndex.of(load_campaign(campaign))
    recorded = {}
    with open_ledger(campaign / DB_FILE, "refuse") as book:
        for handout, player in gifts:
            record_give(index, book, handout, [player])
            recorded[(handout, player)] = time.monotonic()
    return recorded
