"""Every command has help and is documented where game masters look."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import typer.main

from companion.cli import app

ROOT = Path(__file__).resolve().parent.parent
DOCS = (ROOT / "README.md").read_text() + (ROOT / "docs" / "sessions.md").read_text()


def _commands(group: object, prefix: str = "") -> Iterator[tuple[str, object]]:
    for name, command in getattr(group, "commands", {}).items():
        path = f"{prefix} {name}".strip()
        if getattr(command, "commands", None):
            yield from _commands(command, path)
        else:
            yield path, command


def test_every_command_has_help_and_is_documented() -> None:
    commands = dict(_commands(typer.main.get_command(app)))
    assert {"validate", "build", "list", "session start", "give", "recap"} <= set(commands)
    for path, command in commands.items():
        assert getattr(command, "help", None), f"`{path}` has no help text"
        assert f"companion {path}" in DOCS, f"`companion {path}` is not documented"


def test_every_handout_kind_is_documented() -> None:
    from companion.models import HANDOUT_KINDS

    for kind in HANDOUT_KINDS:
        assert f"kind: {kind}" in DOCS
