"""Each campaign file's checked result kept by its bytes: a build reads back what an earlier
one found in an unchanged file, and the campaign (or its problems) comes out the same."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import companion.campaign.loading as loading
from companion.campaign.checked_files import CheckedFiles
from companion.campaign.loading import kept_models, load_campaign
from companion.campaign.marked_yaml import YamlDocument
from companion.campaign.models import Campaign
from companion.cli import app
from companion.errors import CampaignInvalid, Problem
from tests.campaign.test_validate import CASES

Parsed = list[Path]
MINI_FILES = 8  # campaign.yaml, clues.yaml, two NPCs, a location, three handouts


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Parsed:
    """The files a load parses (those not read back from a kept result), in order."""
    seen: Parsed = []
    parse = loading.parse_yaml

    def noted(raw: bytes, path: Path) -> YamlDocument:
        seen.append(path)
        return parse(raw, path)

    monkeypatch.setattr(loading, "parse_yaml", noted)
    return seen


def load_kept(campaign: Path, folder: Path, version: str = "1") -> Campaign:
    """The campaign loaded with the results kept in `folder`, which keeps them anew."""
    with CheckedFiles(folder / "kept.json", folder, version, kept_models()) as kept:
        return load_campaign(campaign, kept)


def loaded(campaign: Path, folder: Path | None) -> Campaign | list[Problem]:
    try:
        return load_kept(campaign, folder) if folder else load_campaign(campaign)
    except CampaignInvalid as error:
        return error.problems


def test_an_unchanged_campaign_is_read_back_as_loaded(
    mini: Path, tmp_path: Path, parsed: Parsed
) -> None:
    fresh = load_campaign(mini)
    files = len(parsed)
    first = load_kept(mini, tmp_path)
    parsed.clear()
    again = load_kept(mini, tmp_path)
    assert parsed == []  # nothing parsed: every file read back
    assert files == MINI_FILES
    assert fresh == first == again
    assert repr(fresh) == repr(again)  # the order of every mapping too


def test_an_edited_file_is_parsed_again_and_only_it(
    mini: Path, tmp_path: Path, parsed: Parsed
) -> None:
    load_kept(mini, tmp_path)
    butler = mini / "npcs" / "butler.yaml"
    butler.write_text(butler.read_text().replace("Jeeves Hartley", "Jeeves Hartly"))
    parsed.clear()
    campaign = load_kept(mini, tmp_path)
    assert parsed == [butler]
    assert campaign.npcs["butler"].name == "Jeeves Hartly"


def test_another_version_of_companion_reads_nothing_kept(
    mini: Path, tmp_path: Path, parsed: Parsed
) -> None:
    load_kept(mini, tmp_path, version="1")
    parsed.clear()
    load_kept(mini, tmp_path, version="2")
    assert len(parsed) == MINI_FILES
    parsed.clear()
    load_kept(mini, tmp_path, version="2")
    assert parsed == []


def _not_json(kept: dict[str, object]) -> bytes:
    return b"{not json"


def _wrong_model(kept: dict[str, object]) -> bytes:
    results = kept["results"]
    assert isinstance(results, dict)
    for result in results.values():
        result["model"] = "Campaign"  # not one a file may name
    return json.dumps(kept).encode()


def _bad_problem(kept: dict[str, object]) -> bytes:
    results = kept["results"]
    assert isinstance(results, dict)
    for result in results.values():
        result["problems"] = [{"message": 5}]
    return json.dumps(kept).encode()


def _invalid_data(kept: dict[str, object]) -> bytes:
    results = kept["results"]
    assert isinstance(results, dict)
    for result in results.values():
        if isinstance(result["data"], dict):
            result["data"]["name"] = ["not", "a", "name"]
    return json.dumps(kept).encode()


@pytest.mark.parametrize("spoil", [_not_json, _wrong_model, _bad_problem, _invalid_data])
def test_a_spoilt_kept_file_is_ignored(
    mini: Path, tmp_path: Path, parsed: Parsed, spoil: Callable[[dict[str, object]], bytes]
) -> None:
    fresh = load_campaign(mini)
    load_kept(mini, tmp_path)
    kept = tmp_path / "kept.json"
    kept.write_bytes(spoil(json.loads(kept.read_bytes())))
    parsed.clear()
    assert load_kept(mini, tmp_path) == fresh
    assert len(parsed) == MINI_FILES
    parsed.clear()
    load_kept(mini, tmp_path)  # and kept right again
    assert parsed == []


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_problems_read_back_are_the_problems_found(
    case: str, mini: Path, tmp_path: Path, parsed: Parsed
) -> None:
    relative, content, _ = CASES[case]
    (mini / relative).write_bytes(content)
    fresh = loaded(mini, None)
    assert loaded(mini, tmp_path) == fresh
    parsed.clear()
    assert loaded(mini, tmp_path) == fresh
    assert all(path.name == Path(relative).name for path in parsed)  # located afresh only


def test_a_reference_broken_by_another_file_is_located_in_a_kept_one(
    mini: Path, tmp_path: Path
) -> None:
    load_kept(mini, tmp_path)
    (mini / "npcs" / "cook.yaml").rename(mini / "npcs" / "chef.yaml")
    problems = loaded(mini, tmp_path)
    assert problems == loaded(mini, None)
    assert isinstance(problems, list)
    butler = [p for p in problems if p.file == mini.resolve() / "npcs" / "butler.yaml"]
    assert [(p.message, p.line, p.column) for p in butler] == [("unknown npc `cook`", 4, 14)]


def test_results_are_kept_only_into_a_folder_that_is_there(mini: Path, tmp_path: Path) -> None:
    folder = tmp_path / "output" / "mini"
    with CheckedFiles(folder / "kept.json", folder, "1", kept_models()) as kept:
        load_campaign(mini, kept)
    assert not (tmp_path / "output").exists()


def test_a_build_after_an_edit_parses_the_edited_file_alone(
    runner: CliRunner, mini_built: Path, parsed: Parsed
) -> None:
    """The first build kept every file's result beside its outputs; the next reads them."""
    assert (mini_built / "out" / "mini" / ".cache" / "campaign-files.json").is_file()
    cook = mini_built / "npcs" / "cook.yaml"
    cook.write_text(cook.read_text().replace("Martha Cole", "Martha Coleridge"))
    result = runner.invoke(app, ["build", str(mini_built), "--out", str(mini_built / "out")])
    assert result.exit_code == 0, result.output
    assert parsed == [cook.resolve()]
