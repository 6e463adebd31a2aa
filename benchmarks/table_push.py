"""How fast `companion table` pushes a handout to the players' phones, and how much memory the
server takes, against a plain request to the same server measured in the same run.

    python benchmarks/table_push.py [--players 8] [--burst 100] [--single 10] [--json]

Starts `companion table` on a generated campaign of one-line notes (tests/server/burst.py),
joins every player as a phone that follows its page by server-sent events, then measures:

- `request_ms`: a plain GET of the players' stylesheet (median of 50): the floor;
- `single_push_ms`, `single_ready_ms`: one gift at a time, recorded as `companion give`
  records it: until the phone shows it, and until its pages (the player's own copy, made by
  the pipeline) are there (medians);
- `burst_push_ms` (median, p95, max): a burst of gifts, one transaction each, round the
  players: until each phone shows each of its handouts; `burst_made_s`: until every copy of
  the burst is made;
- `server_peak_mb`: the server's peak resident memory (VmHWM) at the end, and
  `copy_maker_peak_mb`, its process that makes the copies (WeasyPrint).
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the tests' helpers, as a package

from companion.campaign.loading import load_campaign  # noqa: E402
from companion.campaign.player_names import player_file_names  # noqa: E402
from companion.record.ledger import open_ledger  # noqa: E402
from companion.record.store import DB_FILE  # noqa: E402
from tests.server.burst import (  # noqa: E402
    Phone,
    burst_campaign,
    give_in_a_burst,
    phones_following,
)
from tests.server.serving import free_ports, start  # noqa: E402


def request_ms(port: int, repeat: int = 50) -> float:
    times = []
    for _ in range(repeat):
        begun = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/static/companion.css")
        connection.getresponse().read()
        connection.close()
        times.append((time.perf_counter() - begun) * 1000)
    return statistics.median(times)


def shelf_file(out: Path, campaign: str, player: str) -> Path:
    return out / "table" / campaign / "players" / player / "shelf.json"


def made(out: Path, campaign: str, player: str, name: str) -> bool:
    shelf = json.loads(shelf_file(out, campaign, player).read_text(encoding="utf-8"))
    return any(item["name"] == name and item["pdf"] for item in shelf["items"])


def shows(phone: Phone, name: str) -> bool:
    return name in phone.first_seen()


def wait(condition: Callable[[], bool], timeout: float = 120) -> float:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError
        time.sleep(0.002)
    return time.monotonic()


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--players", type=int, default=8)
    parser.add_argument("--burst", type=int, default=100)
    parser.add_argument("--single", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="table-push-"))
    handouts = arguments.single + arguments.burst
    campaign = burst_campaign(folder / "push", arguments.players, handouts)
    with open_ledger(campaign / DB_FILE, "create") as book:
        book.start_session("Benchmark")
    loaded = load_campaign(campaign)
    players, names = loaded.player_ids(), player_file_names(loaded)
    port, out = free_ports(2), folder / "out"
    command = ["table", str(campaign), "--port", str(port), "--no-browser", "--out", str(out)]
    last = loaded.info.players[-1].name
    served = start(command, f"{last} joins at", port)
    try:
        shown = {p.id: p.name for p in loaded.info.players}
        joins = {
            p: served.url_after(f"{shown[p]} joins at").split(str(port + 1), 1)[1] for p in players
        }
        phones = phones_following(port + 1, joins)
        results: dict[str, float] = {"request_ms": request_ms(port + 1)}

        pushes, readies = [], []
        for number in range(arguments.single):
            handout, player = f"note-{number:03d}", players[0]
            recorded = give_in_a_burst(campaign, [(handout, player)])[(handout, player)]
            phone, name = phones[player], names[handout]
            wait(partial(shows, phone, name))
            ready = wait(partial(made, out, loaded.name, player, name))
            pushes.append((phone.first_seen()[name] - recorded) * 1000)
            readies.append((ready - recorded) * 1000)
        results["single_push_ms"] = statistics.median(pushes)
        results["single_ready_ms"] = statistics.median(readies)

        gifts = [
            (f"note-{n:03d}", players[n % len(players)]) for n in range(arguments.single, handouts)
        ]
        recorded = give_in_a_burst(campaign, gifts)
        latencies = []
        for (handout, player), moment in recorded.items():
            phone, name = phones[player], names[handout]
            wait(partial(shows, phone, name))
            latencies.append((phone.first_seen()[name] - moment) * 1000)
        latencies.sort()
        results["burst_push_ms"] = statistics.median(latencies)
        results["burst_push_p95_ms"] = latencies[int(len(latencies) * 0.95) - 1]
        results["burst_push_max_ms"] = latencies[-1]
        first = min(recorded.values())
        every_copy = [partial(made, out, loaded.name, p, names[h]) for h, p in gifts]
        done = wait(lambda: all(copy() for copy in every_copy), 600)
        results["burst_made_s"] = done - first
        results["server_peak_mb"] = peak_mb(served.process.pid)
        results["copy_maker_peak_mb"] = sum(peak_mb(c) for c in children(served.process.pid))
    finally:
        served.stop()
    if arguments.json:
        print(json.dumps(results, indent=1))
        return
    floor = results["request_ms"]
    for name, value in results.items():
        ratio = f"  ({value / floor:.1f} x a plain request)" if name.endswith("_ms") else ""
        print(f"{name:<20}{value:10.1f}{ratio}")


if __name__ == "__main__":
    main()
