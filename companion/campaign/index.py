"""The ids a record of play is checked against, kept beside the campaign in
`.companion-index.json`, so that recording a line at the table takes a blink: the campaign is
loaded (by the one loader, with every rule it applies) only when one of its files changed."""

from __future__ import annotations

import json
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.atomic import read_json, write_atomic
from companion.campaign.files import source_files, stat_stamp

if TYPE_CHECKING:
    from companion.campaign.models import Campaign

INDEX_FILE = ".companion-index.json"
INDEX_FORMAT = 3
ALL_PLAYERS = "all"
# Far more than any campaign's ids; a larger file is not ours.
MAX_INDEX_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class CampaignIndex:
    """The ids of a loaded campaign, each handout's `to:` list, the campaign's statuses and
    the status each NPC starts with."""

    players: tuple[str, ...]
    npcs: tuple[str, ...]
    handouts: dict[str, list[str] | str]  # id -> `all` or the player ids it is meant for
    clues: tuple[str, ...]
    conclusions: tuple[str, ...]
    genre: str
    statuses: tuple[str, ...]
    start_statuses: dict[str, str]  # NPC id -> the status the campaign starts them with

    @classmethod
    def of(cls, campaign: Campaign) -> CampaignIndex:
        words = campaign.info.words()
        return cls(
            tuple(campaign.player_ids()),
            tuple(campaign.npcs),
            {
                key: h.to if h.to == ALL_PLAYERS else list(h.to)
                for key, h in campaign.handouts.items()
            },
            tuple(clue.id for clue in campaign.clue_book.clues),
            tuple(conclusion.id for conclusion in campaign.clue_book.conclusions),
            words.genre,
            tuple(words.statuses),
            {npc_id: campaign.status_of(npc) for npc_id, npc in campaign.npcs.items()},
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "players": list(self.players),
            "npcs": list(self.npcs),
            "handouts": self.handouts,
            "clues": list(self.clues),
            "conclusions": list(self.conclusions),
            "genre": self.genre,
            "statuses": list(self.statuses),
            "start_statuses": self.start_statuses,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CampaignIndex:
        return cls(
            tuple(data["players"]),
            tuple(data["npcs"]),
            dict(data["handouts"]),
            tuple(data["clues"]),
            tuple(data["conclusions"]),
            str(data["genre"]),
            tuple(data["statuses"]),
            dict(data["start_statuses"]),
        )


def campaign_index(root: Path) -> CampaignIndex:
    """The index of the campaign in `root`, made again only when one of its files changed;
    a campaign with problems raises CampaignInvalid, as every command that loads it does."""
    stamp = _index_stamp(root)
    path = root / INDEX_FILE
    saved = read_json(path, MAX_INDEX_BYTES)
    if saved and saved.get("format") == INDEX_FORMAT and saved.get("stamp") == stamp:
        with suppress(KeyError, TypeError, ValueError, AttributeError):  # damaged: load again
            return CampaignIndex.from_json(saved["index"])  # type: ignore[arg-type]
    # Imported here: pydantic is paid for only when a file changed, not on every log line.
    from companion.campaign.loading import load_campaign

    index = CampaignIndex.of(load_campaign(root))
    data = {"format": INDEX_FORMAT, "stamp": stamp, "index": index.to_json()}
    with suppress(OSError):  # a read-only campaign folder: load it each time
        write_atomic(path, json.dumps(data, sort_keys=True).encode("utf-8"))
    return index


def _index_stamp(root: Path) -> list[str]:
    return [
        f"{path.relative_to(root).as_posix()}|{stat_stamp(path)}" for path in source_files(root)
    ]
