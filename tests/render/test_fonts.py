"""Output never depends on the machine's fonts: every font embedded in a PDF is a bundled one."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from typer.testing import CliRunner

from companion.cli import app
from companion.render.fonts import faces

SUBSET_PREFIX_LENGTH = 7  # "ABCDEF+"


@cache
def bundled_names() -> frozenset[str]:
    """The names WeasyPrint embeds each bundled face under: its CSS family, dashed, with the
    style of the file (`PT-Serif-Cyrillic-Italic`). A style the files lack, which WeasyPrint
    would fake by slanting or thickening (`Caveat-Latin-Oblique`), is not among them."""
    suffixes = {(400, "normal"): "", (700, "normal"): "-Bold", (400, "italic"): "-Italic"}
    return frozenset(
        face.family.replace(" ", "-") + suffixes[face.weight, face.style] for face in faces()
    )


def embedded_fonts(pdf: Path) -> set[str]:
    """The base names of the fonts a PDF embeds, on its pages and in their drawings."""
    found: set[str] = set()
    for page in PdfReader(pdf).pages:
        found |= set(_fonts_in(page.get("/Resources")))
    return found


def _fonts_in(resources: object) -> Iterator[str]:
    resources = getattr(resources, "get_object", lambda: resources)()
    if not isinstance(resources, DictionaryObject):
        return
    for font in (resources.get("/Font") or {}).values():
        name = str(font.get_object()["/BaseFont"]).lstrip("/")
        yield name[SUBSET_PREFIX_LENGTH:] if name[6:7] == "+" else name
    for xobject in (resources.get("/XObject") or {}).values():
        yield from _fonts_in(xobject.get_object().get("/Resources"))


@pytest.mark.parametrize("built", ["ozola_build", "saint_build"])
def test_every_font_of_every_pdf_is_bundled(built: str, request: pytest.FixtureRequest) -> None:
    pdfs = sorted(request.getfixturevalue(built).rglob("*.pdf"))
    assert len(pdfs) >= 14
    used = set().union(*(embedded_fonts(pdf) for pdf in pdfs))
    assert used, "no fonts found: the check would pass on anything"
    assert used - bundled_names() == set()


@pytest.mark.parametrize("name", ["DejaVu-Sans", "Caveat-Latin-Oblique", "PT-Mono-Latin-Bold"])
def test_a_system_font_would_be_seen(name: str) -> None:
    assert name not in bundled_names()


def test_a_character_no_bundled_face_draws_never_brings_in_a_system_font(
    runner: CliRunner, mini: Path
) -> None:
    """A snowman and a Hangul syllable: no bundled face has them. The machine's fonts would
    (DejaVu has the snowman); the build looks among the bundled fonts only, says which
    characters it could not draw, and embeds nothing of the machine's."""
    letter = mini / "handouts" / "letter.yaml"
    letter.write_text(letter.read_text().replace("Bring the ledger.", "Bring the ledger ☃ 한."))
    result = runner.invoke(app, ["build", str(mini), "--only", "letter", "--out", str(mini / "o")])
    assert result.exit_code == 0, result.output
    assert "☃" in result.output  # the warning names it
    pdfs = sorted((mini / "o").rglob("*.pdf"))
    assert len(pdfs) == 2
    used = set().union(*(embedded_fonts(pdf) for pdf in pdfs))
    assert used and used - bundled_names() == set()
