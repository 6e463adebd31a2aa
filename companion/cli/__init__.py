"""The `companion` command line: parse, call one library function, print. No logic here.

`campaign` holds the commands on the campaign's files, `play` those on the record of play,
`corrections` those that correct it, `export` writes the campaign for other tools, `server`
runs the local server; `common` what they share. They never import each other.
"""

import os
import sys
from functools import cache
from importlib import import_module
from typing import Annotated, Any

import typer

from companion.cli.common import DEBUG, DEBUG_FLAG, TYPED, debug_requested
from companion.errors import printable
from companion.render.garbage import no_collection_at_exit

# The modules that define the commands, in the order `--help` lists them, and which module
# defines each command. A run imports and builds only the invoked command's module and
# command (of a group such as `session`, only the subcommand named): Typer inspects every
# function it is given, and recording a line of play should start about as fast as Typer
# itself. A test keeps this table in step with the modules.
MODULES = ("campaign", "play", "corrections", "export", "server")
COMMAND_MODULES = {
    **dict.fromkeys(("new", "validate", "list", "schema", "build", "book"), "campaign"),
    **dict.fromkeys(("session", "clue", "npc", "give", "status", "recap", "trace"), "play"),
    **dict.fromkeys(("undo", "strike", "amend"), "corrections"),
    "export": "export",
    **dict.fromkeys(("preview", "table"), "server"),
}


def _global_options(
    debug: Annotated[
        bool,
        typer.Option(
            DEBUG_FLAG, help="On errors, also show the Python traceback (for bug reports)."
        ),
    ] = False,
) -> None:
    DEBUG.set(debug)


@cache
def app_for(command: str | None = None, subcommand: str | None = None) -> typer.Typer:
    """The app with every command, or, given a command's name, with that command only (and
    of a group, given a subcommand's name, with that subcommand only)."""
    app = typer.Typer(
        name="companion",
        help="Turn a YAML campaign into printable handouts, and keep track of play between games.",
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        # Plain help: no type column (`<bool>` on flags), and no rich import on every TAB.
        rich_markup_mode=None,
    )
    app.callback()(_global_options)
    module = COMMAND_MODULES.get(command or "")
    for name in (module,) if module else MODULES:
        import_module(f"companion.cli.{name}").register(
            app, only=(command, subcommand) if module else None
        )
    return app


def invoked_command(arguments: list[str]) -> tuple[str | None, str | None]:
    """The command a run names and the word after it, the subcommand if the command is a
    group: its first two words that are not options (the app's own options are flags, and a
    group's only option is `--help`). Shell completion and `--help` need every command, so
    they name none."""
    completing = any(name.endswith("_COMPLETE") for name in os.environ)
    words = [word for word in arguments if not word.startswith("-")]
    if completing or not words:
        return None, None
    return words[0], words[1] if len(words) > 1 else None


def __getattr__(name: str) -> Any:
    """`app`: the whole app, every command in it (for tests and tools)."""
    if name == "app":
        return app_for()
    raise AttributeError(name)


def main() -> None:
    no_collection_at_exit()
    typed, debug = TYPED.set(tuple(sys.argv[1:])), DEBUG.set(False)
    try:
        app_for(*invoked_command(sys.argv[1:]))()
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
