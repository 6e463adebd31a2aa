"""The command line: one way to name a campaign for every command, and completion of ids."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from companion import cli
from companion.cli import app
from tests.conftest import ASSETS

# Every command that works on a campaign, with what else it needs.
COMMANDS = [
    ["validate"],
    ["list"],
    ["build", "--only", "letter", "--audience", "player", "--out", "out"],
    ["session", "start", "--date", "2026-01-10"],
    ["session", "log", "Sam finds a letter."],
    ["give", "letter", "--to", "pat"],
    ["clue", "found", "arsenic-tin"],
    ["npc", "status", "butler", "missing"],
    ["session", "show"],
    ["session", "end"],
    ["session", "list"],
    ["status"],
    ["recap"],
    ["session", "export"],
]


@pytest.fixture
def two_campaigns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with two campaigns under campaigns/, as after `companion new`."""
    for name in ("alpha", "beta"):
        shutil.copytree(ASSETS / "mini", tmp_path / "campaigns" / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(runner: CliRunner, arguments: list[str]) -> str:
    result = runner.invoke(app, arguments)
    assert result.exit_code == 0, (arguments, result.output)
    return result.output


def test_every_command_takes_dash_c(runner: CliRunner, two_campaigns: Path) -> None:
    for arguments in COMMANDS:
        run(runner, [*arguments, "-c", "beta"])
    assert (two_campaigns / "campaigns" / "beta" / "companion.db").exists()
    assert not (two_campaigns / "campaigns" / "alpha" / "companion.db").exists()


def test_every_command_finds_the_campaign_it_is_run_in(
    runner: CliRunner, two_campaigns: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(two_campaigns / "campaigns" / "alpha" / "npcs")
    for arguments in COMMANDS:
        run(runner, arguments)
    assert "2026-01-10" in run(runner, ["session", "list"])
    assert (two_campaigns / "campaigns" / "alpha" / "companion.db").exists()


def test_commands_without_other_arguments_take_the_campaign_as_one(
    runner: CliRunner, two_campaigns: Path
) -> None:
    for arguments in (["validate"], ["list"], ["status"], ["session", "list"]):
        run(runner, [*arguments, "alpha"])
    result = runner.invoke(app, ["validate", "alpha", "-c", "beta"])
    assert result.exit_code == 2
    assert "two campaigns named: `alpha` and `beta`" in result.output


def test_several_campaigns_are_listed_with_the_command_to_type(
    two_campaigns: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["companion", "session", "log", "Sam finds a letter."])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 1
    assert capsys.readouterr().err == (
        "there are several campaigns: alpha, beta\n"
        "    hint: say which one: `companion session log 'Sam finds a letter.' -c alpha` or "
        "`companion session log 'Sam finds a letter.' -c beta`\n"
    )


def test_new_accepts_a_path(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    output = run(runner, ["new", "games/night-train"])
    assert output.startswith("created games/night-train:")
    monkeypatch.chdir(tmp_path / "games" / "night-train")
    assert run(runner, ["session", "start", "--title", "First"]).startswith("Session 1: First")
    assert (tmp_path / "games" / "night-train" / "companion.db").exists()


def test_no_campaign_anywhere(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 1
    assert result.output.startswith("no campaign found here\n")
    assert "`companion new NAME` starts one" in result.output


def complete(runner: CliRunner, words: str) -> list[str]:
    """What bash completion offers after `words` (the last word is being typed)."""
    environment = {
        "_COMPANION_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    result = runner.invoke(app, [], env=environment, prog_name="companion")
    assert result.exit_code == 0, result.output
    return result.output.split()


def test_completion_offers_ids(runner: CliRunner, two_campaigns: Path) -> None:
    assert complete(runner, "companion build ") == ["alpha", "beta"]
    assert complete(runner, "companion give -c alpha ") == ["butler-file", "cafe-map", "letter"]
    assert complete(runner, "companion give -c alpha letter --to ") == ["pat", "all"]
    assert complete(runner, "companion npc status -c beta c") == ["cook"]
    assert complete(runner, "companion clue found -c alpha ") == [
        "arsenic-tin",
        "soup-stain",
        "ledger-page",
    ]
    assert complete(runner, "companion build alpha --only c") == ["cafe-map"]


def test_completion_inside_a_campaign_needs_no_name(
    runner: CliRunner, two_campaigns: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(two_campaigns / "campaigns" / "beta")
    assert complete(runner, "companion build --player ") == ["pat", "all"]
    assert complete(runner, "companion clue reached ") == ["butler-guilty"]


def test_help_shows_choices_and_no_types_on_flags(runner: CliRunner) -> None:
    text = run(runner, ["build", "--help"])
    assert "--format <pdf|png|html>" in text
    assert "--audience <gm|player|all>" in text
    assert "<bool>" not in text


def test_list_lines_up_every_id_however_long(runner: CliRunner) -> None:
    from tests.conftest import OZOLA

    output = runner.invoke(app, ["list", str(OZOLA)]).output
    assert "\nClues:\n" in output and "\nConclusions:\n" in output
    rows = [line for line in output.splitlines() if line.startswith("  ")]
    starts = {len(line) - len(line[2:].split(" ", 1)[1].lstrip()) for line in rows}
    assert len(starts) == 1  # every text column starts where the longest id ends, plus one
    assert "  driver-who-does-not-drink points to restaurant-trap, natalia-wants-out" in output
