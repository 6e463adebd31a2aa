"""A large campaign for benchmarks: Ozola with many more NPCs (each with an automatic file),
notes, floor plans and players, written through the project's own models so that it always
validates.

    python benchmarks/big_campaign.py TARGET [--npcs 200] [--notes 60] [--plans 10] [--players 4]
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml

from companion.campaign.models import CampaignInfo, Location, MapHandout, NoteHandout, Npc, Player

ROOT = Path(__file__).resolve().parent.parent
OZOLA = ROOT / "campaigns" / "ozola"

FIRST = ["Anna", "Boris", "Clara", "Dmitri", "Elena", "Fyodor", "Galina", "Ivan", "Lidia", "Oleg"]
LAST = ["Orlova", "Petrov", "Sidorova", "Volkov", "Zaitseva", "Morozov", "Kuznetsova", "Popov"]


def big_campaign(
    target: Path, npcs: int = 200, notes: int = 60, plans: int = 10, players: int = 4
) -> Path:
    """Write the campaign into `target` (replaced if it exists) and return it."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(OZOLA, target, ignore=shutil.ignore_patterns("companion.db*", "templates"))
    _add_players(target, players)
    _add_plans(target, plans)
    for number in range(1, npcs + 1):
        npc = Npc(
            id=f"extra-{number:03d}",
            name=f"{FIRST[number % len(FIRST)]} {LAST[number % len(LAST)]} {number}",
            role="A face in the crowd at White Nights",
            appearance="Grey suit, tired eyes, a newspaper folded under one arm.",
            summary="Dines at White Nights on Fridays and tips badly.",
            status="active",
            dossier=True,
            secret=f"Reports to Belov's department every Monday (agent number {number}).",
            wants="A flat of their own and a posting abroad.",
            gm_notes="Use them when the players need a witness who saw nothing.",
        )
        _write(target / "npcs" / f"{npc.id}.yaml", npc.model_dump(exclude={"id"}, mode="json"))
    for number in range(1, notes + 1):
        note = NoteHandout(
            id=f"extra-note-{number:03d}",
            kind="note",
            title=f"A note found at table {number}",
            text=f"Table {number}. Nine o'clock. Do not be late, and come alone.",
            reveal="Left under a plate.",
        )
        _write(
            target / "handouts" / f"{note.id}.yaml", note.model_dump(exclude={"id"}, mode="json")
        )
    return target


def _add_players(target: Path, players: int) -> None:
    """Players beyond Ozola's two, each playing a copy of Hale under another name."""
    path = target / "campaign.yaml"
    info = CampaignInfo.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    hale = info.players[1]
    extra = [
        Player(
            id=f"player-{n}",
            name=f"Player {n}",
            character=hale.character.model_copy(update={"id": f"hale-{n}", "name": f"Hale {n}"}),
        )
        for n in range(len(info.players) + 1, players + 1)
    ]
    data = info.model_copy(update={"players": [*info.players, *extra]}).model_dump(mode="json")
    _write(path, data)


def _add_plans(target: Path, plans: int) -> None:
    """Floor plans beyond Ozola's two: copies of the restaurant, each with its map."""
    source = target / "locations" / "restaurant.yaml"
    restaurant = Location.model_validate(
        {"id": "restaurant", **yaml.safe_load(source.read_text(encoding="utf-8"))}
    )
    for number in range(3, plans + 1):
        location = restaurant.model_copy(
            update={"id": f"hall-{number:02d}", "name": f"Banquet hall {number}"}
        )
        _write(
            target / "locations" / f"{location.id}.yaml",
            location.model_dump(exclude={"id"}, mode="json"),
        )
        plan = MapHandout(
            id=f"hall-{number:02d}-map",
            kind="map",
            title=f"Floor plan of banquet hall {number}",
            location=location.id,
            fit=True,
        )
        _write(
            target / "handouts" / f"{plan.id}.yaml", plan.model_dump(exclude={"id"}, mode="json")
        )


def _write(path: Path, data: dict[str, object]) -> None:
    empty = [key for key, value in data.items() if value in (None, [], {})]
    for key in empty:
        del data[key]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--npcs", type=int, default=200)
    parser.add_argument("--notes", type=int, default=60)
    parser.add_argument("--plans", type=int, default=10)
    parser.add_argument("--players", type=int, default=4)
    arguments = parser.parse_args()
    print(
        big_campaign(
            arguments.target, arguments.npcs, arguments.notes, arguments.plans, arguments.players
        )
    )


if __name__ == "__main__":
    main()
