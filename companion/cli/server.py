"""The local server's commands: `preview` while writing, `table` while playing."""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from companion.cli.common import (
    CampaignArgument,
    CampaignOption,
    CommandPath,
    DbOption,
    add_commands,
    campaign_path,
    echo,
    load,
    reported,
)

# companion.server (Starlette, uvicorn, WeasyPrint through the build) is imported inside the
# commands: every other command starts without it.

PortOption = Annotated[
    int,
    typer.Option(
        min=0, max=65535, help="Port of the GM's pages on this machine (0: any free one)."
    ),
]
NoBrowserFlag = Annotated[
    bool,
    typer.Option("--no-browser", help="Do not open the GM's page in a browser.", metavar=""),
]
OutOption = Annotated[Path, typer.Option(help="Folder the pages are made in.")]


def register(app: typer.Typer, only: CommandPath | None = None) -> None:
    """Add the local server's commands (or only the one named) to the app."""
    add_commands(app, COMMANDS, only)


def preview(
    campaign_argument: CampaignArgument = None,
    port: PortOption = 8470,
    out: OutOption = Path("output"),
    no_browser: NoBrowserFlag = False,
    campaign: CampaignOption = None,
) -> None:
    """Show the handouts in your browser (your copy beside the players'), and the GM's book,
    made again whenever you save a campaign file. Only this computer can open it."""
    from companion.server.preview import run_preview

    root = campaign_path(campaign_argument, campaign)
    with reported():
        run_preview(root, out, port, echo, open_browser=not no_browser)
    echo("Preview stopped.")


def table(
    campaign_argument: CampaignArgument = None,
    port: PortOption = 8470,
    players_on: Annotated[
        str,
        typer.Option(
            "--players-on",
            help="Where players' phones reach the server: a network interface (wlan0) or an "
            "address of this computer. Default: this computer only (for a try).",
        ),
    ] = "127.0.0.1",
    players_port: Annotated[
        int | None,
        typer.Option(
            min=0,
            max=65535,
            help="Port of the players' pages (default: the next after --port).",
            show_default=False,
        ),
    ] = None,
    new_codes: Annotated[
        bool,
        typer.Option(
            "--new-codes",
            help="New join codes for every player (old ones stop working).",
            metavar="",
        ),
    ] = False,
    out: OutOption = Path("output"),
    no_browser: NoBrowserFlag = False,
    campaign: CampaignOption = None,
    db: DbOption = None,
) -> None:
    """Run a session of play: your console on this computer (give handouts, record clues and
    fates, see what each player knows) and the players' pages on their phones, joined by QR
    code; a handout you give appears on that player's phone at once."""
    from companion.server.table import TableSettings, run_table

    loaded = load(campaign_argument, campaign)
    settings = TableSettings(
        port=port,
        players_on=players_on,
        players_port=players_port if players_port is not None else _next_port(port),
        out_dir=out,
        db_path=db,
        new_codes=new_codes,
        open_browser=not no_browser,
    )
    with reported():
        run_table(loaded, settings, echo)
    echo("The table is closed.")


def _next_port(port: int) -> int:
    """The players' port beside the console's; any free one (0) after 0 or the last port."""
    return port + 1 if 0 < port < 65535 else 0


COMMANDS: dict[str, Callable[..., None] | typer.Typer] = {"preview": preview, "table": table}
