"""Lean starts: `--help`, recording play and a build with nothing to do load no WeasyPrint,
pydantic or Jinja2 (each costs a command a noticeable pause)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ASSETS, ROOT

HEAVY = ("weasyprint", "pydantic", "jinja2")
# Runs one command as `companion` would, then names the heavy libraries it imported.
RUN = """
import atexit, sys
heavy = {heavy!r}
atexit.register(lambda: print("HEAVY", sorted(m for m in heavy if m in sys.modules)))
from companion.cli import main
sys.argv = ["companion", *{arguments!r}]
main()
"""


def heavy_imports(*arguments: str) -> list[str]:
    code = RUN.format(heavy=HEAVY, arguments=list(arguments))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("HEAVY"))
    return eval(line.removeprefix("HEAVY "))  # a list literal printed above


@pytest.fixture
def campaign(tmp_path: Path) -> Path:
    target = tmp_path / "mini"
    shutil.copytree(ASSETS / "mini", target)
    return target


def test_help_is_lean() -> None:
    assert heavy_imports("--help") == []


def test_recording_play_is_lean(campaign: Path) -> None:
    """Ids are checked against the campaign's index, which the one loader makes again only
    after a campaign file changed: the first check after an edit pays for pydantic, once."""
    named = ["-c", str(campaign)]
    assert heavy_imports("session", "start", *named) == []
    assert heavy_imports("session", "log", "Pat opens the letter.", *named) == []
    assert heavy_imports("give", "letter", "--to", "pat", *named) == ["pydantic"]
    assert heavy_imports("give", "letter", "--to", "pat", *named) == []
    (campaign / "npcs" / "cook.yaml").write_text("name: Mrs Cook\n")
    assert heavy_imports("strike", "2", *named) == []  # no id to check: no index
    assert heavy_imports("give", "letter", "--to", "pat", *named) == ["pydantic"]
    assert heavy_imports("clue", "found", "arsenic-tin", "--by", "pat", *named) == []
    assert heavy_imports("npc", "status", "butler", "dead", *named) == []


def test_a_build_with_nothing_to_do_is_lean(campaign: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    assert "weasyprint" in heavy_imports("build", str(campaign), "--out", out)
    assert heavy_imports("build", str(campaign), "--out", out) == []


def test_each_command_is_found_in_the_module_that_defines_it() -> None:
    """`main` builds only the invoked command's module: the table that names it must agree
    with what each module registers, or a command would vanish from its own run."""
    from importlib import import_module

    from companion.cli import COMMAND_MODULES, MODULES

    defined = {
        name: module
        for module in MODULES
        for name in import_module(f"companion.cli.{module}").COMMANDS
    }
    assert defined == COMMAND_MODULES


def test_a_run_builds_only_the_command_it_names() -> None:
    from companion.cli import app_for

    commands = {info.name for info in app_for("give").registered_commands}
    assert commands == {"give"}
    assert not app_for("give").registered_groups
    assert {info.name for info in app_for("session").registered_groups} == {"session"}


def test_a_run_of_a_group_builds_only_the_subcommand_it_names() -> None:
    """`session log` converts one command for Click, not the group's every one; a group
    named without a subcommand, or with one it lacks, keeps them all for its help."""
    from companion.cli import app_for, invoked_command
    from companion.cli.play import session_app

    def subcommands(*words: str) -> set[str | None]:
        (group,) = app_for(*invoked_command(list(words))).registered_groups
        assert group.typer_instance is not None
        return {info.name for info in group.typer_instance.registered_commands}

    every = {info.name for info in session_app.registered_commands}
    assert subcommands("session", "log", "A line.", "-c", "ozola") == {"log"}
    assert subcommands("--debug", "session", "end") == {"end"}
    assert subcommands("session", "--help") == every
    assert subcommands("session", "lgo") == every
    assert {info.name for info in session_app.registered_commands} == every  # left whole
