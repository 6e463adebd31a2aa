"""Every command has help and is documented where game masters look."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.main

from companion.cli import app

ROOT = Path(__file__).resolve().parents[2]
DOCS = "\n".join(
    path.read_text(encoding="utf-8")
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
)


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
    from companion.campaign.models import HANDOUT_KINDS

    for kind in HANDOUT_KINDS:
        assert f"kind: {kind}" in DOCS


def _code_lines(markdown: str) -> Iterator[str]:
    """Lines of code: inside ``` fences, or indented by four spaces outside them."""
    fenced = False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif fenced or line.startswith("    "):
            yield line


def _examples() -> list[str]:
    """Every `companion ...` line of the README and docs/sessions.md that is an example to
    type (not a syntax line with placeholders such as HANDOUT or [--session N])."""
    examples = []
    for line in _code_lines(DOCS):
        text = line.strip().removeprefix("$ ").split(" > ")[0]  # a shell redirection
        if not text.startswith("companion "):
            continue
        words = shlex.split(text, comments=True)
        placeholder = any(re.fullmatch(r"[A-Z][A-Z_]*|\[.*|.*\]|.*\|.*", w) for w in words[1:])
        if not placeholder:
            examples.append(text)
    return sorted(set(examples))


def _parsing_only() -> object:
    """The whole command tree, with every command's action replaced by nothing: invoking it
    parses and checks the arguments exactly as a real run would, and does no work."""
    root = typer.main.get_command(app)
    todo = [root]
    while todo:
        command = todo.pop()
        command.callback = lambda **_: None
        todo += list(getattr(command, "commands", {}).values())
    return root


@pytest.mark.parametrize("example", _examples())
def test_readme_examples_are_commands_that_exist(example: str) -> None:
    """`companion build ozola`, `companion session start -c ozola`, ...: each example parses
    against the real command line (its options, choices and arguments)."""
    root = _parsing_only()
    words = shlex.split(example, comments=True)[1:]
    root.main(words, prog_name="companion", standalone_mode=False)  # type: ignore[attr-defined]


def test_the_docs_have_examples_of_every_command_family() -> None:
    families = {example.split()[1] for example in _examples()}
    assert {"build", "validate", "session", "give", "clue", "npc", "status", "recap"} <= families
