"""Finding a campaign folder from what the user typed or where they stand, and the ids in it
for shell completion; kept light (no pydantic), as completion runs on every TAB."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion.errors import CampaignNotFound, CompanionError
from companion.hints import did_you_mean

CAMPAIGN_FILE = "campaign.yaml"
CLUES_FILE = "clues.yaml"
CAMPAIGNS_DIR = Path("campaigns")


class SeveralCampaigns(CampaignNotFound):
    """No campaign was named, and more than one could be meant."""

    def __init__(self, folders: list[Path], message: str, hint: str) -> None:
        super().__init__(message, hint=hint)
        self.folders = folders


def resolve_campaign_path(
    campaign: str | None, cwd: Path | None = None, campaigns_dir: Path = CAMPAIGNS_DIR
) -> Path:
    """CAMPAIGN as given on the command line (a folder, or a name under campaigns/); when not
    given, the campaign whose folder we are in (as git finds its repository), else the only
    campaign under campaigns/."""
    cwd = cwd or Path.cwd()
    if campaign is not None:
        return _named(campaign, campaigns_dir)
    enclosing = enclosing_campaign(cwd)
    if enclosing is not None:
        return enclosing
    found = campaign_folders(campaigns_dir)
    if len(found) == 1:
        return found[0]
    if not found:
        raise CampaignNotFound(
            "no campaign found here",
            hint=f"name a campaign folder, run this inside one, or where `{campaigns_dir}/` "
            "holds one; `companion new NAME` starts one",
        )
    names = ", ".join(p.name for p in found)
    raise SeveralCampaigns(
        found,
        f"there are several campaigns: {names}",
        hint="name one with -c, or run the command inside its folder",
    )


def enclosing_campaign(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds a campaign.yaml."""
    for folder in (start, *start.parents):
        if (folder / CAMPAIGN_FILE).is_file():
            return folder
    return None


def campaign_folders(campaigns_dir: Path = CAMPAIGNS_DIR) -> list[Path]:
    return sorted(p.parent for p in campaigns_dir.glob(f"*/{CAMPAIGN_FILE}"))


def _named(campaign: str, campaigns_dir: Path) -> Path:
    for candidate in (Path(campaign), campaigns_dir / campaign):
        if (candidate / CAMPAIGN_FILE).is_file():
            return candidate
    known = [p.name for p in campaign_folders(campaigns_dir)]
    raise CampaignNotFound(
        f"`{campaign}` is not a campaign folder (it has no {CAMPAIGN_FILE})",
        hint=did_you_mean(campaign, known, "campaign"),
    )


# --- ids, for completion ----------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignIds:
    """The ids a command line can name, read straight from the files (unchecked)."""

    root: Path

    def files(self, folder: str) -> list[str]:
        """Ids of one-entity files: handouts, npcs, locations."""
        return sorted(
            p.stem for p in (self.root / folder).glob("*.y*ml") if p.suffix in (".yaml", ".yml")
        )

    def players(self) -> list[str]:
        return _ids_in(self.read(CAMPAIGN_FILE).get("players"))

    def clues(self) -> list[str]:
        return _ids_in(self.read(CLUES_FILE).get("clues"))

    def conclusions(self) -> list[str]:
        return _ids_in(self.read(CLUES_FILE).get("conclusions"))

    def read(self, name: str) -> dict[str, Any]:
        """The file's data, or nothing when it cannot be read: completion never complains.
        Read with the campaign loader's own limits (no aliases, a size cap)."""
        from companion.campaign.marked_yaml import load_yaml

        try:
            data = load_yaml(self.root / name).data
        except (CompanionError, OSError):
            return {}
        return data if isinstance(data, dict) else {}


def _ids_in(items: Any) -> list[str]:
    if not isinstance(items, list):
        return []
    return [str(item["id"]) for item in items if isinstance(item, dict) and "id" in item]


# --- the index the record of play checks ids against -------------------------------------------

INDEX_FILE = ".companion-index.json"
INDEX_FORMAT = 1
ALL_PLAYERS = "all"


@dataclass(frozen=True)
class CampaignIndex:
    """The ids a record of play is checked against, and each handout's `to:` list, read
    from the files without loading the campaign (so recording a gift takes a blink), and
    kept in `.companion-index.json` beside them while no file changes in size or time."""

    players: tuple[str, ...]
    npcs: tuple[str, ...]
    handouts: dict[str, list[str] | str]  # id -> `all` or the player ids it is meant for
    clues: tuple[str, ...]
    conclusions: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "players": list(self.players),
            "npcs": list(self.npcs),
            "handouts": self.handouts,
            "clues": list(self.clues),
            "conclusions": list(self.conclusions),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CampaignIndex:
        return cls(
            tuple(data["players"]),
            tuple(data["npcs"]),
            dict(data["handouts"]),
            tuple(data["clues"]),
            tuple(data["conclusions"]),
        )


def campaign_index(root: Path) -> CampaignIndex:
    """The index of the campaign in `root`, read again only when one of its files changed."""
    import json

    from companion.atomic import write_atomic

    stamp = _index_stamp(root)
    path = root / INDEX_FILE
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        if saved.get("format") == INDEX_FORMAT and saved.get("stamp") == stamp:
            return CampaignIndex.from_json(saved["index"])
    except (OSError, ValueError, KeyError, TypeError):
        pass  # missing, damaged or from another version: read the files
    index = _read_index(root)
    data = {"format": INDEX_FORMAT, "stamp": stamp, "index": index.to_json()}
    with suppress(OSError):  # a read-only campaign folder: read the files each time
        write_atomic(path, json.dumps(data, sort_keys=True).encode("utf-8"))
    return index


def _index_stamp(root: Path) -> list[str]:

    files = [root / CAMPAIGN_FILE, root / CLUES_FILE]
    files += sorted((root / "npcs").glob("*.yaml")) + sorted((root / "handouts").glob("*.yaml"))
    return [f"{path.relative_to(root).as_posix()}|{stat_stamp(path)}" for path in files]


def _read_index(root: Path) -> CampaignIndex:
    ids = CampaignIds(root)
    handouts: dict[str, list[str] | str] = {}
    covered = set()
    for handout_id in ids.files("handouts"):
        data = ids.read(f"handouts/{handout_id}.yaml")
        to = data.get("to", ALL_PLAYERS)
        handouts[handout_id] = [str(p) for p in to] if isinstance(to, list) else ALL_PLAYERS
        if data.get("kind") == "dossier":
            covered.add(str(data.get("subject")))
    npcs = ids.files("npcs")
    for npc in npcs:  # automatic files (see campaign._with_automatic_dossiers)
        automatic = f"file-{npc}"
        wanted = npc not in covered and automatic not in handouts
        if wanted and ids.read(f"npcs/{npc}.yaml").get("dossier") is True:
            handouts[automatic] = ALL_PLAYERS
    return CampaignIndex(
        tuple(ids.players()), tuple(npcs), handouts, tuple(ids.clues()), tuple(ids.conclusions())
    )


def stat_stamp(path: Path) -> str:
    """A file's size and time, as the checks that go by them (the whole-build check, the
    campaign's index) compare it; `missing` when there is no such file."""
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    return f"{stat.st_size}|{stat.st_mtime_ns}"
