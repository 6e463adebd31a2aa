"""Finding a campaign folder from what the user typed or where they stand, and the ids in it
for shell completion; kept light (no pydantic), as completion runs on every TAB."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion.campaign.genres import status_ids
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


# --- the folder's layout: the one place that knows file names, suffixes and paths ---------------

ENTITY_FOLDERS = ("npcs", "locations", "handouts")
# An entity file may end in either; both are read, everywhere (loading, the index, completion).
YAML_SUFFIXES = (".yaml", ".yml")
# Names Windows keeps for devices, whatever the extension: `con.yaml` cannot exist there.
RESERVED_NAMES = frozenset(
    ["con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(10))]
)


def entity_files(folder: Path) -> list[Path]:
    """The campaign files of an entity folder: every entry named .yaml or .yml (an entry that
    is not an ordinary file is reported by the loader, not skipped)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and not p.is_dir())


def entity_file(root: Path, folder: str, entity_id: str) -> Path:
    """The file an entity was written in: `<id>.yaml` or `<id>.yml`, whichever exists (the
    first when, wrongly, both do: the loader reports that), else `<id>.yaml`."""
    candidates = [root / folder / f"{entity_id}{suffix}" for suffix in YAML_SUFFIXES]
    return next((path for path in candidates if path.exists()), candidates[0])


def skipped_files(root: Path) -> list[Path]:
    """What the entity folders hold that is not read: other files, and folders."""
    return sorted(
        path
        for folder in ENTITY_FOLDERS
        if (root / folder).is_dir()
        for path in (root / folder).iterdir()
        if path.suffix not in YAML_SUFFIXES or path.is_dir()
    )


def source_files(root: Path) -> list[Path]:
    """Every file a campaign is loaded from, as the loader reads them."""
    files = [root / CAMPAIGN_FILE, root / CLUES_FILE]
    return files + [path for folder in ENTITY_FOLDERS for path in entity_files(root / folder)]


# --- ids, for completion ----------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignIds:
    """The ids a command line can name, read straight from the files (unchecked)."""

    root: Path

    def files(self, folder: str) -> list[str]:
        """Ids of one-entity files: handouts, npcs, locations."""
        return sorted(path.stem for path in entity_files(self.root / folder))

    def players(self) -> list[str]:
        return _ids_in(self.read(CAMPAIGN_FILE).get("players"))

    def clues(self) -> list[str]:
        return _ids_in(self.read(CLUES_FILE).get("clues"))

    def conclusions(self) -> list[str]:
        return _ids_in(self.read(CLUES_FILE).get("conclusions"))

    def statuses(self) -> list[str]:
        """The campaign's statuses: its genre's and its own."""
        return status_ids(self.read(CAMPAIGN_FILE))

    def read(self, name: str) -> dict[str, Any]:
        """The file's data, or nothing when it cannot be read: completion never complains.
        Read with the campaign loader's own limits (no aliases, a size cap)."""
        from companion.campaign.marked_yaml import load_yaml  # not at startup: see the docstring

        try:
            data = load_yaml(self.root / name).data
        except (CompanionError, OSError):
            return {}
        return data if isinstance(data, dict) else {}


def _ids_in(items: Any) -> list[str]:
    if not isinstance(items, list):
        return []
    return [str(item["id"]) for item in items if isinstance(item, dict) and "id" in item]


def stat_stamp(path: Path) -> str:
    """A file's size and time, as the checks that go by them (the whole-build check, the
    campaign's index) compare it; `missing` when there is no such file."""
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    return f"{stat.st_size}|{stat.st_mtime_ns}"
