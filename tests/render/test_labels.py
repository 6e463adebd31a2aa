"""Words printed on props come from the prop's language: the built-in table, the campaign's own
words over it, and a located warning, naming the label, where a language has none."""

from __future__ import annotations

from pathlib import Path

import yaml
from pypdf import PdfReader
from typer.testing import CliRunner

from companion.build.request import Audience, BuildOptions
from companion.build.targets import build
from companion.campaign.labels import LABELS_FILE, label_table, prop_labels
from companion.campaign.loading import load_campaign
from companion.cli import app
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


def test_the_yaml_table_holds_words_only() -> None:
    """A bare `no` (Latvian for "of") is YAML's false: every word in the file must be text."""
    raw = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    assert [(key, lang) for key, words in raw.items() for lang, word in words.items()
            if not isinstance(word, str)] == []  # fmt: skip
    assert prop_labels("lv", {}).word("of") == "no"


def test_the_table_reads_the_same_with_or_without_libyaml() -> None:
    """libyaml reads the table where it is installed: PyYAML's own parser must agree."""
    raw = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    assert label_table() == {key: dict(words) for key, words in raw.items()}


# English that a plan, its tiles and a file print of their own: none may be left on a
# Russian copy (the mini campaign's own words, `Street door`, are the GM's to translate).
ENGLISH_ON_PROPS = (
    "This square", "fit to page", "fitted", "How the pages", "This plan prints", "left out",
    "page 1 of", "Plan:", "File:", "Floor plan", "scale", "Wall", "Door and", "Window",
    "Grid", "Personal file", "Page", "Copy No.", "Opened", "Height",
)  # fmt: skip


def test_a_russian_plan_in_tiles_one_fitted_and_a_file_print_no_english(
    mini: Path, tmp_path: Path
) -> None:
    handouts = mini / "handouts"
    (handouts / "cafe-map.yaml").write_text(
        "kind: map\ntitle: Plan\nlocation: cafe\nlanguage: ru\nscale: '1:20'\n"
    )
    (handouts / "cafe-fitted.yaml").write_text(
        "kind: map\ntitle: Plan, fitted\nlocation: cafe\nlanguage: ru\nfit: true\n"
    )
    butler = handouts / "butler-file.yaml"
    butler.write_text(butler.read_text() + "language: ru\n")
    options = BuildOptions(
        out_dir=tmp_path,
        only=("cafe-map", "cafe-fitted", "butler-file"),
        audience=Audience.PLAYER,
    )
    report = build(load_campaign(mini), options)
    names = sorted(built.path.name for built in report.files)
    assert names == [
        "дело-jeeves-hartley.pdf",
        "план-blue-cup-café-2.pdf",
        "план-blue-cup-café.pdf",
    ]
    texts = {built.path.name: pdf_text(built.path) for built in report.files}
    fitted, tiled = texts["план-blue-cup-café.pdf"], texts["план-blue-cup-café-2.pdf"]
    assert "Как сложить листы" in tiled and "лист 1 из" in tiled
    assert "Этот квадрат — 10 mm, в масштабе 1:20 это 0.2 m." in tiled
    assert "вписано в лист" in fitted and "Отключите «по размеру страницы»" in fitted
    assert "Лист 1 из" in texts["дело-jeeves-hartley.pdf"]
    titles = [PdfReader(built.path).metadata.title for built in report.files]
    assert sorted(titles) == ["Дело: Jeeves Hartley", "План: Blue Cup Café", "План: Blue Cup Café"]
    for name, text in texts.items():
        for english in ENGLISH_ON_PROPS:
            assert english not in text, (name, english)


def test_a_prop_with_no_name_of_its_own_is_named_in_its_language(
    runner: CliRunner, mini: Path, tmp_path: Path
) -> None:
    """A Russian note without `player_title`: its copy's title and file name say what it is in
    Russian; a note in a language the table lacks is warned about, naming the label."""
    (mini / "handouts" / "scrap.yaml").write_text(
        "kind: note\ntitle: The forged scrap\nto: all\nlanguage: ru\ntext: Жду в восемь.\n"
    )
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", str(mini), "--only", "scrap", "--audience", "player", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    (pdf,) = (out / "mini" / "player").glob("*.pdf")
    assert pdf.name == "записка.pdf"
    assert PdfReader(pdf).metadata.title == "Записка"

    scrap = mini / "handouts" / "scrap.yaml"
    scrap.write_text(scrap.read_text().replace("language: ru", "language: pt"))
    result = runner.invoke(app, ["validate", str(mini)])
    assert (
        "handouts/scrap.yaml:4:11: this prop is in `pt`, and there is no `pt` word for its "
        "label `title-note`: it prints the English, `Note`"
    ) in result.output
