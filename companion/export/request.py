"""What an export is asked for (format, audience, folder, picture resolution), checked, and
how its JSON files are written: the part every format shares."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion.campaign.audience import GM
from companion.campaign.models import Campaign
from companion.campaign.player_names import file_stem
from companion.errors import CompanionError
from companion.export.plan_grid import DEFAULT_PIXELS_PER_GRID
from companion.hints import did_you_mean

FORMATS = ("uvtt", "foundry", "obsidian")
PLAYER = "player"
AUDIENCES = (PLAYER, GM)
EXPORT_FOLDER = "export"
# A handout page as a picture on screen: sharp on a monitor, a few hundred kilobytes a page.
DEFAULT_PAGE_DPI = 100


class UnknownFormat(CompanionError):
    """An export format companion does not write."""


def export_format(name: str) -> str:
    """`name` if companion writes that format; else an error naming the nearest one."""
    if name in FORMATS:
        return name
    folded = name.strip().lower()
    hint = f"did you mean `{folded}`?" if folded in FORMATS else did_you_mean(folded, FORMATS)
    if hint is None or not hint.startswith("did you mean"):
        hint = "companion exports " + ", ".join(f"`{f}`" for f in FORMATS)
    raise UnknownFormat(f"companion does not export `{name}`", hint=hint)


@dataclass(frozen=True)
class ExportRequest:
    format: str
    audience: str = PLAYER
    out_dir: Path = Path("output")
    pixels_per_grid: int = DEFAULT_PIXELS_PER_GRID
    dpi: int = DEFAULT_PAGE_DPI  # handouts' pages as pictures (Foundry's image pages)

    def __post_init__(self) -> None:
        export_format(self.format)
        if self.audience not in AUDIENCES:
            hint = did_you_mean(self.audience, AUDIENCES, "audience")
            raise CompanionError(f"no audience `{self.audience}`", hint=hint)

    @property
    def is_gm(self) -> bool:
        return self.audience == GM

    def folder(self, campaign: Campaign) -> Path:
        """Where this export's files go: `<out>/<campaign>/export/<format>/<audience>/`."""
        return self.out_dir / campaign.name / EXPORT_FOLDER / self.format / self.audience


# What a format makes of an audience's view: each file's path inside the export's folder
# (with `/` between folders), and its bytes.
Files = dict[str, bytes]


def json_bytes(document: Any) -> bytes:
    """A JSON document as files are written: keys in the order made, two spaces a level,
    UTF-8, a final newline; the same document, the same bytes."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def unique_stems(names: dict[str, str]) -> dict[str, str]:
    """A file name (without suffix) for each id, made from the name shown for it; names that
    would clash are numbered in id order, an empty one falls back to the id."""
    stems: dict[str, str] = {}
    used: set[str] = set()
    for key in sorted(names):
        stem = file_stem(names[key]) or key
        name, number = stem, 1
        while name in used:
            number += 1
            name = f"{stem}-{number}"
        used.add(name)
        stems[key] = name
    return stems
