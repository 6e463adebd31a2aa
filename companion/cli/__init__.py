"""The `companion` command line: parse, call one library function, print. No logic here.

`campaign` holds the commands on the campaign's files, `play` those on the record of play,
`corrections` those that correct it; `common` what they share. They never import each other.
"""

import sys
from typing import Annotated

import typer

from companion.cli import campaign, corrections, play
from companion.cli.common import DEBUG, DEBUG_FLAG, TYPED, debug_requested
from companion.errors import printable

app = typer.Typer(
    name="companion",
    help="Turn a YAML campaign into printable handouts, and keep track of play between games.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    # Plain help: no type column (`<bool>` on flags), and no rich import on every TAB.
    rich_markup_mode=None,
)


@app.callback()
def _global_options(
    debug: Annotated[
        bool,
        typer.Option(
            DEBUG_FLAG, help="On errors, also show the Python traceback (for bug reports)."
        ),
    ] = False,
) -> None:
    DEBUG.set(debug)


campaign.register(app)
play.register(app)
corrections.register(app)


def main() -> None:
    typed, debug = TYPED.set(tuple(sys.argv[1:])), DEBUG.set(False)
    try:
        app()
    except Exception as error:  # the last line of defence: even a bug must read as one
        if debug_requested():
            raise
        typer.echo(printable(f"internal error: {type(error).__name__}: {error}"), err=True)
        typer.echo(
            "    hint: this is a bug in companion; run again with --debug and report it", err=True
        )
        sys.exit(1)
    finally:
        TYPED.reset(typed)
        DEBUG.reset(debug)
