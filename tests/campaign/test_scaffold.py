"""`companion new` starts a valid campaign; `companion schema` describes the real files."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from companion.campaign.loading import load_campaign
from companion.cli import app
from tests.conftest import OZOLA


def test_new_campaign_validates_and_builds(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["new", "night-train"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("created campaigns/night-train:")
    campaign = load_campaign(tmp_path / "campaigns" / "night-train")
    assert campaign.info.title == "Night Train"
    result = runner.invoke(app, ["build", "--out", "out"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "night-train" / "player" / "a-note-under-the-door.pdf").exists()


def test_new_never_overwrites(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner.invoke(app, ["new", "night-train"])
    campaign_file = tmp_path / "campaigns" / "night-train" / "campaign.yaml"
    campaign_file.write_text("title: Mine\n")
    result = runner.invoke(app, ["new", "night-train"])
    assert result.exit_code == 1
    assert campaign_file.read_text() == "title: Mine\n"
    result = runner.invoke(app, ["new", "Night Train"])
    assert result.output.startswith("`Night Train` cannot be a campaign name\n")


FILES = {
    "campaign": ["campaign.yaml"],
    "npc": sorted(str(p.relative_to(OZOLA)) for p in (OZOLA / "npcs").glob("*.yaml")),
    "location": sorted(str(p.relative_to(OZOLA)) for p in (OZOLA / "locations").glob("*.yaml")),
    "handout": sorted(str(p.relative_to(OZOLA)) for p in (OZOLA / "handouts").glob("*.yaml")),
    "clues": ["clues.yaml"],
}


@pytest.mark.parametrize("kind", FILES)
def test_schema_accepts_the_ozola_files_and_rejects_typos(runner: CliRunner, kind: str) -> None:
    result = runner.invoke(app, ["schema", kind])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    for relative in FILES[kind]:
        document = yaml.safe_load((OZOLA / relative).read_text())
        jsonschema.validate(document, schema)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({**document, "titel": "typo"}, schema)
