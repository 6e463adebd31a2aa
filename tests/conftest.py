"""Shared fixtures: small campaigns copied to a temp folder, a CLI runner, built Ozola PDFs."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest
import typer.testing
import yaml
from hypothesis import settings
from typer.testing import CliRunner

from companion.build.request import BuildOptions, BuildPlan
from companion.build.targets import build_plan
from companion.campaign.loading import load_campaign
from companion.campaign.models import Campaign
from companion.campaign.player_names import player_file_names
from companion.cli import app
from companion.record.ledger import open_ledger

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
def mini_built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny test campaign with every copy built into its own `out` folder, once for the
    run; tests take a copy of it (`mini_built`)."""

    def make(folder: Path) -> None:
        campaign = folder / "mini"
        shutil.copytree(ASSETS / "mini", campaign)
        arguments = ["build", str(campaign), "--out", str(campaign / "out")]
        built = CliRunner().invoke(app, arguments)
        assert built.exit_code == 0, built.output

    return made_once(tmp_path_factory, "mini-built", make) / "mini"


@pytest.fixture
def mini_built(mini_built_once: Path, tmp_path: Path) -> Path:
    """A writable copy of the tiny test campaign with every copy built into its `out`
    folder, the files' times kept (as the build's cache reads them)."""
    campaign = tmp_path / "mini"
    shutil.copytree(mini_built_once, campaign, symlinks=True)
    return campaign


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


# The three handouts both players of Ozola receive in the record of play below.
GIVEN_TO_BOTH = ("karl-kgb-file", "restaurant-map", "eklund-cards")


def copy_campaign(source: Path, target: Path) -> Path:
    """A copy of a campaign folder without its record of play: a maintainer who played the
    example campaign keeps a `companion.db` in it, which a test's own sessions must not meet."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("companion.db*"))
    return target


@pytest.fixture(scope="session")
def ozola_after_play(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of Ozola after one session of play, with every player's packet and the GM's
    whole book built into its `out` folder, once for the run: the tests only read them. In
    session 1 both players received the KGB file, the restaurant's plan and Eklund's cards,
    and Anna every other handout too; Anna found the unsigned note, the note was concluded
    to be written under duress, and Sokolov turned."""

    def make(folder: Path) -> None:
        campaign = folder / "ozola"
        copy_campaign(OZOLA, campaign)
        with open_ledger(campaign / "companion.db") as book:
            book.start_session("Come Alone", "2024-10-18")
            for handout in load_campaign(campaign).handouts:
                book.give(handout, ["anna", "ben"] if handout in GIVEN_TO_BOTH else ["anna"])
            book.clue_found("unsigned-note", ["anna"])
            book.reach_conclusion("note-under-duress")
            book.npc_status("sokolov", "turned", "told Karl *everything* in the corridor")
            book.end_session()
        arguments = ["--player", "all", "--book", "--out", str(campaign / "out")]
        built = CliRunner().invoke(app, ["build", str(campaign), *arguments])
        assert built.exit_code == 0, built.output

    return made_once(tmp_path_factory, "ozola-after-play", make) / "ozola"


def ozola_with_an_unsupported_conclusion(folder: Path) -> Path:
    """A copy of Ozola in the folder, whose clues.yaml adds a conclusion no clue points to."""
    campaign_dir = folder / "ozola"
    copy_campaign(OZOLA, campaign_dir)
    path = campaign_dir / "clues.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["conclusions"].append({"id": "nobody-knows", "title": "Nobody knows"})
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return campaign_dir


@pytest.fixture(scope="session")
def ozola_clue_found_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The GM's book of Ozola with a conclusion no clue supports, after a session in which
    Anna found the unsigned note and no one was given a handout: `companion book` with the
    note's GM copy only (the record's marks are in the book's own parts), once for the run."""

    def make(folder: Path) -> None:
        campaign_dir = ozola_with_an_unsupported_conclusion(folder)
        with open_ledger(campaign_dir / "companion.db") as book:
            book.start_session("The evening", "2026-11-20")
            book.clue_found("unsigned-note", ["anna"])
            book.end_session()
        arguments = ["--only", "meet-me", "--out", str(folder / "out")]
        result = CliRunner().invoke(app, ["book", str(campaign_dir), *arguments])
        assert result.exit_code == 0, result.output
        # The book alone: no copy is written beside it.
        assert sorted(p.name for p in (folder / "out").rglob("*.pdf")) == ["book.pdf"]

    return made_once(tmp_path_factory, "ozola-clue-found", make) / "out/ozola/gm/book.pdf"


def built_once(tmp_path_factory: pytest.TempPathFactory, campaign: Campaign) -> Path:
    """The campaign built with its book, once for the whole run however many workers share it.
    Tests only read the files."""

    def build(out: Path) -> None:
        build_plan(campaign, BuildOptions(out_dir=out), BuildPlan(book=True))

    return made_once(tmp_path_factory, f"{campaign.name}-build", build) / campaign.name


def made_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]
) -> Path:
    """A folder made once for the whole run however many workers share it: the first to ask
    makes it, the others wait and read the same files. Tests only read them."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the workers' temp folders share this parent
    out = shared / name
    finished = out / ".finished"
    with locked(shared / f"{name}.lock"):
        if not finished.exists():
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            make(out)
            finished.touch()
    return out


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


# The builds the run's tests share (`made_once`), with about what each costs in CPU seconds.
SHARED_BUILDS = {
    "ozola_after_play": 27,
    "ozola_build": 20,
    "saint_build": 19,
    "ozola_clue_found_book": 8,
}


@pytest.fixture(scope="session", autouse=True)
def shared_builds_started(request: pytest.FixtureRequest) -> None:
    """Each worker first makes its share of the builds the run's tests share, the costliest
    given out first to whichever worker has the least to make, so that none waits for one
    another is making."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    wanted = [
        name
        for name in SHARED_BUILDS
        if any(name in getattr(item, "fixturenames", ()) for item in request.session.items)
    ]
    shares: list[list[str]] = [[] for _ in range(int(os.environ["PYTEST_XDIST_WORKER_COUNT"]))]
    for name in wanted:  # costliest first
        min(shares, key=lambda share: sum(SHARED_BUILDS[n] for n in share)).append(name)
    for name in shares[int(worker.removeprefix("gw"))]:
        request.getfixturevalue(name)


@cache
def player_names(campaign: str) -> dict[str, str]:
    """Each handout's player file name in one of the test campaigns."""
    sources = {"ozola": OZOLA, "saint-of-the-nets": SAINT}
    return player_file_names(load_campaign(sources.get(campaign, ASSETS / campaign)))


def copy_file(audience: str, handout_id: str, campaign: str = "mini", suffix: str = ".pdf") -> str:
    """A copy's file name: the GM's by handout id, the players' by the name they may read."""
    stem = handout_id if audience == "gm" else player_names(campaign)[handout_id]
    return stem + suffix
