"""Telegrams: the form of their era and country, tape strips in capitals, STOP or ТЧК, the
words counted; the players' recap prints on the same form."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.build.request import BuildOptions
from companion.build.targets import build
from companion.campaign.loading import load_campaign
from companion.cli import app
from companion.kinds.telegram import TAPE_CHARACTERS, TelegramContext, telegraphese
from tests.conftest import OZOLA, copy_file
from tests.pdftext import pdf_text


def _telegram(root: Path, handout_id: str) -> TelegramContext:
    context = pipeline_for(load_campaign(root)).context(handout_id, "player")
    assert isinstance(context, TelegramContext)
    return context


def test_an_international_telegram_on_a_soviet_form(tmp_path: Path) -> None:
    """London's warning reaches Moscow in Latin letters on the ministry's form: STOP, not ТЧК."""
    build(load_campaign(OZOLA), BuildOptions(only=("stockholm-telegram",), out_dir=tmp_path))
    pdf = tmp_path / "ozola" / "player" / copy_file("player", "stockholm-telegram", "ozola")
    text = pdf_text(pdf)
    assert "ТЕЛЕГРАММА" in text.upper() and "Министерство связи СССР".upper() in text.upper()
    assert "CONTRACT TERMS CHANGED STOP" in text and "LINDQVIST" in text
    assert "head office approves" not in text  # the tape is capitals only
    assert "Ashcroft" not in text  # the GM's notes stay in the GM's copy
    context = _telegram(OZOLA, "stockholm-telegram")
    words = sum(len(strip.split()) for strip in context.strips)
    assert ("Слов", str(words)) in context.fields
    assert all(len(strip) <= TAPE_CHARACTERS for strip in context.strips)


def test_a_russian_telegram_spells_out_its_stops_and_commas(mini: Path) -> None:
    (mini / "handouts" / "wire.yaml").write_text(
        "kind: telegram\ntitle: Wire\nto: all\nlanguage: ru\nform: soviet\n"
        "addressee: МОСКВА ОЗОЛА\ntext: Приезжай, мама больна. Жду.\nsender: Марта\n"
    )
    context = _telegram(mini, "wire")
    assert context.strips == ("ПРИЕЗЖАЙ ЗПТ МАМА БОЛЬНА ТЧК ЖДУ ТЧК", "МАРТА")
    assert (context.to_label, context.to_line) == ("Кому", "МОСКВА ОЗОЛА")


def test_an_american_form_and_a_message_sent_as_written(mini: Path) -> None:
    (mini / "handouts" / "wire.yaml").write_text(
        "kind: telegram\ntitle: Wire\nto: all\nform: american\naddressee: SAM SPADE\n"
        "text: ARRIVE FRISCO TUESDAY. BRING THE BIRD\ntelegraphese: false\n"
    )
    context = _telegram(mini, "wire")
    assert context.office == "Transcontinental Telegraph Company"
    assert context.strips == ("ARRIVE FRISCO TUESDAY. BRING THE BIRD",)


def test_an_unknown_form_is_located(runner: CliRunner, mini: Path) -> None:
    (mini / "handouts" / "wire.yaml").write_text(
        "kind: telegram\ntitle: Wire\naddressee: SAM\ntext: Hi.\nform: sovjet\n"
    )
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1
    assert "wire.yaml:5:" in result.output and "did you mean `soviet`?" in result.output


@pytest.mark.parametrize(
    ("text", "stop", "comma", "wire"),
    [
        ("Meet me, alone. Now!", "STOP", None, "MEET ME, ALONE STOP NOW STOP"),
        ("Жду, приходи.", "ТЧК", "ЗПТ", "ЖДУ ЗПТ ПРИХОДИ ТЧК"),
    ],
)
def test_telegraphese(text: str, stop: str, comma: str | None, wire: str) -> None:
    assert telegraphese(text, stop, comma) == wire
