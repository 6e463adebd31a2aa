"""What the export tests share: each test campaign exported once per format and audience (at a
low resolution: the pictures are checked for what they show, not for their detail), and the
search of every exported file for GM-only text."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

import pytest

from companion.campaign.loading import load_campaign
from companion.campaign.models import Campaign
from companion.export.exporting import export_campaign
from companion.export.request import ExportRequest
from tests.conftest import ASSETS, SAINT
from tests.pdftext import pdf_metadata_texts, pdf_text

# Pixels a grid square in the tests' exports: enough to see a room, quick to draw; and the
# handouts' pages as pictures, at the lowest resolution the command takes.
TEST_PIXELS_PER_GRID = 20
TEST_DPI = 36

Exported = Callable[[str, str, str], Path]


@pytest.fixture(scope="session")
def campaigns(ozola: Campaign) -> dict[str, Campaign]:
    return {
        "ozola": ozola,
        "saint-of-the-nets": load_campaign(SAINT),
        "mini": load_campaign(ASSETS / "mini"),
    }


@pytest.fixture(scope="session")
def exported(
    tmp_path_factory: pytest.TempPathFactory,
    campaigns: dict[str, Campaign],
    ozola_build: Path,
    saint_build: Path,
) -> Exported:
    """The folder of one export (campaign, format, audience), made the first time a test asks
    for it. The two test campaigns' handouts are those the whole run builds once:
    an export finds them up to date in its output folder and only packs them."""
    out = tmp_path_factory.mktemp("exports")
    for built in (ozola_build, saint_build):
        shutil.copytree(built, out / built.name)
    made: dict[tuple[str, str, str], Path] = {}

    def folder(campaign: str, export_format: str, audience: str) -> Path:
        key = (campaign, export_format, audience)
        if key not in made:
            request = ExportRequest(export_format, audience, out, TEST_PIXELS_PER_GRID, TEST_DPI)
            made[key] = export_campaign(campaigns[campaign], request).folder
        return made[key]

    return folder


def made_again_and_on_disk(
    exported: Exported, campaign: Campaign, export_format: str
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The second campaign's player export made again from the same campaign and copies, and
    the one on disk, each as its files' bytes by name."""
    from companion.export.exporting import exported_files

    folder = exported("saint-of-the-nets", export_format, "player")
    request = ExportRequest(
        export_format, "player", folder.parents[3], TEST_PIXELS_PER_GRID, TEST_DPI
    )
    on_disk = {f.relative_to(folder).as_posix(): f.read_bytes() for f in files_in(folder)}
    return exported_files(campaign, request), on_disk


def files_in(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


# A PDF's words by the digest of its bytes: read once however many exports carry it.
_PDF_WORDS: dict[bytes, str] = {}


def readable_text(path: Path, searched_pdfs: Collection[bytes] = ()) -> str:
    """Everything a file says in words: a JSON file's strings (unescaped), a PDF's pages and
    metadata, a text file as it is. Pictures say nothing in words (their content is checked
    apart). A PDF whose bytes' digest is in `searched_pdfs` is, byte for byte, a copy that
    another test searches already (Ozola's player copies, in tests/security/
    test_leaks.py): its words are not read twice."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        digest = hashlib.sha256(data).digest()
        if digest in searched_pdfs:
            return ""
        if digest not in _PDF_WORDS:  # the same copy in the Foundry and the Obsidian export
            _PDF_WORDS[digest] = " ".join([pdf_text(path), *pdf_metadata_texts(path)])
        return _PDF_WORDS[digest]
    if path.suffix in (".png", ".webp", ".jpg"):
        return ""
    text = data.decode("utf-8")
    if path.suffix in (".json", ".dd2vtt"):
        return " ".join([text, *_strings(json.loads(text))])
    return text


def built_pdfs(folder: Path) -> set[bytes]:
    """The digests of the PDFs a build wrote."""
    return {hashlib.sha256(p.read_bytes()).digest() for p in folder.rglob("*.pdf")}


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
