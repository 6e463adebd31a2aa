"""Organisations: whose file it is, in its language and ink; never a made-up agency."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.build.request import BuildOptions
from companion.build.targets import build
from companion.campaign.loading import load_campaign
from companion.cli import app
from companion.kinds.dossier import DossierContext
from companion.render.templates import css_string
from tests.conftest import SAINT, copy_file
from tests.pdftext import pdf_text


def _file(campaign_root: Path, handout_id: str, audience: str) -> DossierContext:
    context = pipeline_for(load_campaign(campaign_root)).context(handout_id, audience)
    assert isinstance(context, DossierContext)
    return context


def test_an_automatic_file_is_kept_by_the_campaigns_organisation(tmp_path: Path) -> None:
    """The Saint campaign (Dalmatia, 1926) names the royal gendarmerie as its default: the
    tavern keeper's automatic file is theirs, worded in Croatian, never a British service."""
    build(load_campaign(SAINT), BuildOptions(only=("file-zarko-kulic",), out_dir=tmp_path))
    name = copy_file("player", "file-zarko-kulic", "saint-of-the-nets")
    text = pdf_text(tmp_path / "saint-of-the-nets" / "player" / name)
    assert "KRALJEVSKA ŽANDARMERIJA" in text.upper()
    assert "Br. " in text and "/1926" in text  # its file-number pattern
    for croatian in ("IME I PREZIME", "ROĐEN", "LIST 1 OD 1", "POVJERLJIVO"):
        assert croatian in text.upper()
    assert "Secret Intelligence" not in text and "Personal File" not in text
    context = _file(SAINT, "file-zarko-kulic", "player")
    assert context.ink == "79 58 134"  # violet
    assert context.stamps == ()


def test_the_gm_copy_glosses_the_labels_in_english() -> None:
    context = _file(SAINT, "file-zarko-kulic", "gm")
    # Typeset by the file's language: "i" (and) is bound to the word after it.
    assert [(r.label.text, r.label.gloss) for r in context.rows][:2] == [
        ("Ime i\u00a0prezime", "Name"),
        ("Rođen", "Born"),
    ]
    assert context.agency_line is not None and context.agency_line.gloss == "the royal gendarmerie"


def test_a_file_with_no_organisation_names_none(mini: Path) -> None:
    """No organisation on the handout, its subject or the campaign: a plain file."""
    handout = mini / "handouts" / "butler-file.yaml"
    handout.write_text(handout.read_text().replace("organisation: sis\n", ""))
    context = _file(mini, "butler-file", "player")
    assert context.agency_line is None and context.organisation == "none"
    assert context.file_title.text == "Personal file"


def test_a_subjects_organisation_keeps_their_file(mini: Path) -> None:
    handout = mini / "handouts" / "butler-file.yaml"
    handout.write_text(handout.read_text().replace("organisation: sis\n", ""))
    npc = mini / "npcs" / "butler.yaml"
    npc.write_text(npc.read_text() + "organisation: met-police-1920s\n")
    context = _file(mini, "butler-file", "player")
    assert context.agency_line is not None and context.agency_line.text == "Metropolitan Police"
    assert context.letterhead[0] == "Criminal Investigation Department"


def test_the_old_agency_key_still_reads(mini: Path) -> None:
    handout = mini / "handouts" / "butler-file.yaml"
    handout.write_text(handout.read_text().replace("organisation: sis", "agency: kgb"))
    context = _file(mini, "butler-file", "player")
    assert context.organisation == "kgb" and context.page_word == "Лист"


@pytest.mark.parametrize(
    ("where", "old", "new", "expected"),
    [
        (
            "handouts/butler-file.yaml",
            "organisation: sis",
            "organisation: sys",
            ("butler-file.yaml:4:", "unknown organisation `sys`", "did you mean `sis`?"),
        ),
        (
            "handouts/butler-file.yaml",
            "stamps: [burned]",
            "stamps: [burnt]",
            ("butler-file.yaml:7:", "unknown stamp `burnt` for a file of Secret", "`burned`"),
        ),
        (
            "campaign.yaml",
            "languages: [en]\n",
            "languages: [en]\norganisations:\n  - id: yard\n    name: Yard\n    stamps:\n"
            "      wanted: ''\n",
            ("campaign.yaml:8:", "wanted", "hint: write the words"),
        ),
        (
            "campaign.yaml",
            "languages: [en]\n",
            "languages: [en]\norganisation: scotland-yard\n",
            ("campaign.yaml:4:", "unknown organisation `scotland-yard`"),
        ),
    ],
    ids=["unknown organisation", "unknown stamp", "stamp with no text", "unknown default"],
)
def test_bad_organisations_are_located(
    runner: CliRunner, mini: Path, where: str, old: str, new: str, expected: tuple[str, ...]
) -> None:
    path = mini / where
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1, result.output
    for words in expected:
        assert words in result.output, result.output
    assert "Traceback" not in result.output


def test_words_in_a_page_header_cannot_break_out_of_their_css_string(
    mini: Path, tmp_path: Path
) -> None:
    """A file number is printed in the page's running header, inside a CSS string."""
    handout = mini / "handouts" / "butler-file.yaml"
    hostile = 'file_number: "7\\" } body { display: none } </style><h1>x"'
    handout.write_text(handout.read_text().replace("file_number: PF 100/7", hostile))
    build(load_campaign(mini), BuildOptions(only=("butler-file",), out_dir=tmp_path))
    text = pdf_text(tmp_path / "mini" / "player" / copy_file("player", "butler-file"))
    assert '7" } body { display: none } </style><h1>x' in text
    assert "Bank" not in text  # still the player's copy, whole
    assert css_string('a"b\\c\n<') == "a\\22 b\\5c c\\a \\3c "
