"""Words printed on props come from the prop's language: the built-in table, the campaign's own
words over it, and a located warning, naming the label, where a language has none."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from companion.build.request import Audience, BuildOptions
from companion.build.targets import build
from companion.campaign.loading import load_campaign
from companion.cli import app
from companion.render.labels import label_table, prop_labels
from tests.pdftext import pdf_text

FORM = """kind: form
title: Customs declaration
to: all
language: {language}
form_title: {title}
fields:
  - {{label: {field}, text: "12"}}
"""


def _form(mini: Path, language: str, title: str, field: str) -> Path:
    (mini / "handouts" / "declaration.yaml").write_text(
        FORM.format(language=language, title=title, field=field)
    )
    return mini


def test_every_label_has_its_english_and_the_languages_the_fonts_draw() -> None:
    for key, words in label_table().items():
        assert {"en", "ru", "de", "fr", "el", "it", "hr", "pl", "lv"} <= set(words), key
    assert prop_labels("el", {"el": {"signature": "Ο Πλοίαρχος"}}).word("signature") == (
        "Ο Πλοίαρχος"
    )
    assert prop_labels("de-AT", {}).word("legend-grid", size="1 m") == "Raster: Quadrate zu 1 m"


def test_a_greek_form_prints_its_signature_label_in_greek(
    runner: CliRunner, mini: Path, tmp_path: Path
) -> None:
    """Through the command line and through the library: no English label on the prop."""
    _form(mini, "el", "Δηλωτικόν", "Τεμάχια")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["build", str(mini), "--only", "declaration", "--audience", "player", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    (pdf,) = (out / "mini" / "player").glob("*.pdf")
    cli_text = pdf_text(pdf)
    options = BuildOptions(
        out_dir=tmp_path / "api", only=("declaration",), audience=Audience.PLAYER
    )
    report = build(load_campaign(mini), options)
    (built,) = report.files
    for text in (cli_text, pdf_text(built.path)):
        assert "ΥΠΟΓΡΑΦΗ" in text  # the form prints its labels in capitals
        assert "signature" not in text.casefold()


def test_a_language_with_no_word_for_a_label_is_warned_about_at_its_line(
    runner: CliRunner, mini: Path, tmp_path: Path
) -> None:
    _form(mini, "pt", "Declaração", "Volumes")
    result = runner.invoke(app, ["validate", str(mini)])
    warnings = [line.split("/mini/", 1)[-1] for line in result.output.splitlines()[:2]]
    assert warnings == [
        "handouts/declaration.yaml:4:11: this prop is in `pt`, and there is no `pt` word for "
        "its label `signature`: it prints the English, `Signature`",
        "    hint: give it in campaign.yaml: `labels: {pt: {signature: ...}}`",
    ]
    info = mini / "campaign.yaml"
    info.write_text(
        info.read_text() + "labels:\n  pt:\n    signature: Assinatura\n    sigature: x\n"
    )
    result = runner.invoke(app, ["validate", str(mini)])
    assert "declaration.yaml" not in result.output
    assert "campaign.yaml:17:5: no prop prints a label `sigature`" in result.output
    assert "hint: did you mean `signature`?" in result.output


def test_a_file_names_each_label_it_would_print_in_english(runner: CliRunner, mini: Path) -> None:
    """A Greek file of a status the table has no word for, and an organisation without it."""
    (mini / "handouts" / "cook-file.yaml").write_text(
        "kind: dossier\ntitle: Cook\nto: all\nsubject: cook\nlanguage: el\n"
        "file_number: '7'\nstamps: [wanted]\n"
    )
    info = mini / "campaign.yaml"
    info.write_text(info.read_text() + "statuses:\n  - {id: drowned, gone: true}\n")
    cook = mini / "npcs" / "cook.yaml"
    cook.write_text(cook.read_text() + "status: drowned\n")
    result = runner.invoke(app, ["validate", str(mini)])
    warned = [line for line in result.output.splitlines() if "cook-file.yaml" in line]
    assert [line.split("its label ")[1] for line in warned] == [
        "`status-drowned`: it prints the English, `drowned`"
    ]
