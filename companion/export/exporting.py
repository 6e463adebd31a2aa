"""One export: the audience's view of the campaign, the files its format makes of it,
written atomically under the output folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from companion.atomic import write_atomic
from companion.campaign.audience import for_audience
from companion.campaign.models import Campaign
from companion.export import foundry, obsidian, uvtt
from companion.export.request import ExportRequest, Files

EXPORTERS: dict[str, Callable[[Campaign, ExportRequest], Files]] = {
    "uvtt": uvtt.uvtt_files,
    "foundry": foundry.foundry_files,
    "obsidian": obsidian.obsidian_files,
}


@dataclass(frozen=True)
class ExportedFile:
    path: Path
    size_bytes: int


@dataclass
class ExportReport:
    folder: Path
    files: list[ExportedFile] = field(default_factory=list)


def exported_files(campaign: Campaign, request: ExportRequest) -> Files:
    """The export's files in memory, made from the view of the campaign its audience may
    see: a player's export never receives a GM-only value to leak."""
    view = for_audience(campaign, request.audience)
    return EXPORTERS[request.format](view, request)


def export_campaign(campaign: Campaign, request: ExportRequest) -> ExportReport:
    """Write the export `request` asks for and report the files written."""
    files = exported_files(campaign, request)
    folder = request.folder(campaign)
    report = ExportReport(folder)
    for relative, data in sorted(files.items()):
        path = folder / relative
        write_atomic(path, data, within=request.out_dir)
        report.files.append(ExportedFile(path, len(data)))
    return report
