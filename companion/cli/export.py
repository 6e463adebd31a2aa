"""The `export` command: the campaign for other tools (virtual tabletops, Foundry VTT,
Obsidian), through the same audience projection as every other output.

Annotations are not postponed (see `campaign.py`): Typer reads the signature at each start.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal

import typer

from companion.cli.common import (
    CampaignArgument,
    CampaignOption,
    CommandPath,
    OutOption,
    add_commands,
    count,
    echo,
    load,
    reported,
    shown,
)

# Kept here as well as in the library, so that `--help` and completion import nothing heavy;
# a test checks the two agree.
FORMAT_NAMES = ("uvtt", "foundry", "obsidian")
FORMAT_HELP = (
    "uvtt: each floor plan for a virtual tabletop (.dd2vtt); foundry: journals for Foundry VTT; "
    "obsidian: a vault of notes."
)


def register(app: typer.Typer, only: CommandPath | None = None) -> None:
    """Add the `export` command to the app."""
    add_commands(app, COMMANDS, only)


def _complete_format(incomplete: str) -> list[str]:
    return [name for name in FORMAT_NAMES if name.startswith(incomplete)]


def export(
    output_format: Annotated[
        str,
        typer.Argument(
            metavar="FORMAT", help=FORMAT_HELP, autocompletion=_complete_format, show_default=False
        ),
    ],
    campaign_argument: CampaignArgument = None,
    campaign: CampaignOption = None,
    audience: Annotated[
        Literal["player", "gm"],
        typer.Option(
            help="player: nothing GM-only (secret rooms and doors are plain wall); "
            "gm: everything, secrets included."
        ),
    ] = "player",
    out: OutOption = Path("output"),
    pixels_per_grid: Annotated[
        int,
        typer.Option(
            min=10,
            max=1000,
            help="uvtt: pixels a grid square in the plan's picture (Foundry's default grid "
            "is 100).",
        ),
    ] = 100,
    dpi: Annotated[
        int,
        typer.Option(
            min=36, max=300, help="foundry: resolution of the handouts' pages as pictures."
        ),
    ] = 100,
) -> None:
    """Write the campaign for another tool: floor plans for virtual tabletops (uvtt), journals
    for Foundry VTT (foundry), a vault of notes for Obsidian (obsidian)."""
    from companion.export.exporting import export_campaign
    from companion.export.request import ExportRequest, UnknownFormat, export_format

    try:
        export_format(output_format)
    except UnknownFormat as error:
        raise typer.BadParameter(f"{error.message}; {error.hint}", param_hint="FORMAT") from None
    loaded = load(campaign_argument, campaign)
    with reported():
        request = ExportRequest(output_format, audience, out, pixels_per_grid, dpi)
        report = export_campaign(loaded, request)
    for built in report.files:
        echo(f"wrote {shown(built.path)} ({built.size_bytes / 1024:.0f} KB)")
    echo(f"{count(len(report.files), 'file')} written to {shown(report.folder)}.")


COMMANDS: dict[str, Callable[..., None] | typer.Typer] = {"export": export}
