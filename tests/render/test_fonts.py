"""Output never depends on the machine's fonts: every font embedded in a PDF is a bundled one."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from companion.cli import app
from tests.pdftext import bundled_names, embedded_fonts


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
