"""Shared fixtures: small campaigns copied to a temp folder, a CLI runner, built Ozola PDFs."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest
import typer.testing
from hypothesis import settings
from typer.testing import CliRunner

from companion.build.request import BuildOptions, BuildPlan
from companion.build.targets import build_plan
from companion.campaign.loading import load_campaign
from companion.campaign.models import Campaign
from companion.campaign.player_names import player_file_names

# `make test` (and CI) runs Hypothesis derandomized: the same examples every run, so a red
# build is never luck; a plain `pytest` explores new examples each time.
settings.register_profile("ci", derandomize=True, print_blob=True)

# Typer's test runner makes a click command of the whole app at every `invoke` (about 20 ms:
# it inspects every command's signature); the tests invoke the same app thousands of times.
# Made once per app, the command parses and runs each invocation as before.
typer.testing._get_command = cache(typer.testing._get_command)  # type: ignore[attr-defined]

ROOT = Path(__file__).resolve().parent.parent
ASSETS = Path(__file__).resolve().parent / "assets"
OZOLA = ROOT / "campaigns" / "ozola"
# The second test campaign, as unlike Ozola as we could make it: Dalmatia, 1926; Croatian,
# Greek and Italian; US Letter paper; long letters.
SAINT = ASSETS / "saint-of-the-nets"
# The third, in another genre: a gothic tale on a Frisian island, 1893, in English and German,
# with the campaign's own statuses, plan marks and kinds of place.
HOLLOW_LIGHT = ASSETS / "hollow-light"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the tiny test campaign; tests break it on purpose."""
    target = tmp_path / "mini"
    shutil.copytree(ASSETS / "mini", target)
    return target


@pytest.fixture(scope="session")
def ozola() -> Campaign:
    return load_campaign(OZOLA)


@pytest.fixture(scope="session")
def ozola_build(tmp_path_factory: pytest.TempPathFactory, ozola: Campaign) -> Path:
    """Every Ozola handout built once for the whole test run (GM and player copies), and the
    GM's book."""
    return built_once(tmp_path_factory, ozola)


@pytest.fixture(scope="session")
def saint_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every handout of the second test campaign built once for the whole test run, and the
    GM's book."""
    return built_once(tmp_path_factory, load_campaign(SAINT))


def built_once(tmp_path_factory: pytest.TempPathFactory, campaign: Campaign) -> Path:
    """The campaign built with its book, once for the whole run however many workers share it:
    the first to ask builds, the others wait and read the same files. Tests only read them."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the workers' temp folders share this parent
    out = shared / f"{campaign.name}-build"
    finished = out / ".finished"
    with locked(shared / f"{campaign.name}-build.lock"):
        if not finished.exists():
            shutil.rmtree(out, ignore_errors=True)
            build_plan(campaign, BuildOptions(out_dir=out), BuildPlan(book=True))
            finished.touch()
    return out / campaign.name


@contextmanager
def locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-pixels",
        action="store_true",
        help="Write the rendered pages as the new reference images (after reviewing them).",
    )
    parser.addoption(
        "--fuzz",
        action="store_true",
        help="Also run the long, randomised tests of generated campaigns (`make fuzz`).",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--fuzz"):
        return
    skip = pytest.mark.skip(reason="a long randomised run: `make fuzz`")
    for item in items:
        if "fuzz" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def shared_builds_started(request: pytest.FixtureRequest) -> None:
    """Each worker first makes a different one of the builds the run's tests share
    (`built_once`), so that neither waits for one the other is making."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    wanted = [
        name
        for name in ("ozola_build", "saint_build")
        if any(name in getattr(item, "fixturenames", ()) for item in request.session.items)
    ]
    if worker and wanted:
        request.getfixturevalue(wanted[int(worker.removeprefix("gw")) % len(wanted)])


@cache
def player_names(campaign: str) -> dict[str, str]:
    """Each handout's player file name in one of the test campaigns."""
    sources = {"ozola": OZOLA, "saint-of-the-nets": SAINT}
    return player_file_names(load_campaign(sources.get(campaign, ASSETS / campaign)))


def copy_file(audience: str, handout_id: str, campaign: str = "mini", suffix: str = ".pdf") -> str:
    """A copy's file name: the GM's by handout id, the players' by the name they may read."""
    stem = handout_id if audience == "gm" else player_names(campaign)[handout_id]
    return stem + suffix
