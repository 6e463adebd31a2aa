"""The cipher on paper: groups copied down in pencil on a pad, in the listener's hand, every
group readable from the PDF in order; the key sheet's words in the handout's language."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.campaign.loading import load_campaign
from companion.cli import app
from companion.kinds.cipher import CipherContext
from companion.kinds.registry import kind_of
from tests.conftest import OZOLA, copy_file

PLAINTEXT_WORDS = ("VOLGA", "STAFF", "PASSAGE", "AUDITOR", "MONDAY")


def _pages(pdf: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in pypdf.PdfReader(pdf).pages]


def _groups(text: str) -> list[str]:
    return re.findall(r"\b\d{5}\b", text)


def test_londons_groups_copied_in_pencil_read_back_in_order(ozola_build: Path) -> None:
    """Karl's pencil copy: every group the PDF holds, in the order sent, is the cipher text;
    his heading and the pad's words are Russian; the message is nowhere in clear."""
    campaign = load_campaign(OZOLA)
    sent = campaign.handouts["london-pad-message"].cipher_text.split()  # type: ignore[attr-defined]
    pdf = ozola_build / "player" / copy_file("player", "london-pad-message", "ozola")
    copy, key_sheet = _pages(pdf)
    assert _groups(copy) == sent
    assert "МСК" in copy and "гр." in copy
    assert "ШИФРБЛОКНОТ" in key_sheet and "пробел=00" in key_sheet and "конец=99" in key_sheet
    assert "ONE-TIME PAD" not in key_sheet.upper() and "space=" not in key_sheet
    everything = " ".join((copy, key_sheet)).upper()
    assert [word for word in PLAINTEXT_WORDS if word in everything] == []


def test_the_copy_is_written_in_its_hand_on_squared_paper_and_fills_the_sheet() -> None:
    """Not a small block at the top of the sheet: the rows spread down it, figures as tall
    as a square, in the hand the handout names."""
    pipeline = pipeline_for(load_campaign(OZOLA))
    context = pipeline.context("london-pad-message", "player")
    assert isinstance(context, CipherContext) and context.pencil_copy is not None
    assert context.hand is not None and context.hand.name == "caveat"
    assert context.paper_style == "squared"
    laid_out = pipeline._measure(kind_of(pipeline.campaign.handouts["london-pad-message"]).page)(
        context
    )
    written = [line for line in laid_out.lines if line.page == 0]
    bottom = max(line.bottom_mm for line in written)
    assert bottom > 0.6 * laid_out.area.page_height_mm, bottom


def _cipher(mini: Path, name: str, fields: str) -> None:
    (mini / "handouts" / f"{name}.yaml").write_text(
        f"kind: cipher\ntitle: {name}\nto: all\nmethod: one-time-pad\nkey_sheet: true\n" + fields
    )


LONG = "Meet the courier at the north pier at dawn and bring the papers. " * 5


@pytest.mark.parametrize(
    ("fields", "sheets"),
    [
        (f"hand: neat\npaper_style: lined\nplaintext: {LONG}\n", 2),
        (f"hand: child\npaper_style: plain\nplaintext: {LONG * 3}\n", 3),
        ("hand: hurried\nheading: Tuesday, 23.10\nplaintext: Burn this.\n", 1),
    ],
    ids=["neat on lined paper", "child's hand over sheets", "hurried, one row"],
)
def test_every_pad_and_hand_keeps_every_group_readable(
    runner: CliRunner, mini: Path, fields: str, sheets: int
) -> None:
    """On any pad, in any hand, over as many sheets as it takes: the groups read back from
    the PDF whole (no figure parted from its group by the spacing), in order, and the key
    sheet starts on the page after the last sheet."""
    _cipher(mini, "copy", fields)
    result = runner.invoke(app, ["build", str(mini), "--only", "copy", "--out", str(mini / "o")])
    assert result.exit_code == 0, result.output
    context = pipeline_for(load_campaign(mini)).context("copy", "player")
    assert isinstance(context, CipherContext) and context.pencil_copy is not None
    (pdf,) = (mini / "o" / "mini" / "player").glob("*.pdf")
    pages = _pages(pdf)
    key_sheet = next(i for i, page in enumerate(pages) if "ONE-TIME PAD" in page.upper())
    # each sheet the copy counted is one page: none ran over onto a page of its own
    assert key_sheet == len(context.pencil_copy.sheets) >= sheets
    assert _groups(" ".join(pages[:key_sheet])) == list(context.groups)


def test_the_copy_is_the_same_on_every_build(mini: Path) -> None:
    """Uneven as a hand is, and corrected here and there: the same each time."""
    _cipher(mini, "copy", f"hand: caveat\nplaintext: {LONG}\n")
    first, second = (pipeline_for(load_campaign(mini)).context("copy", "player") for _ in range(2))
    assert isinstance(first, CipherContext) and first.pencil_copy is not None
    assert first == second
    groups = [group for sheet in first.pencil_copy.sheets for row in sheet for group in row]
    corrected = [group for group in groups if group.erased is not None]
    assert 1 <= len(corrected) <= 3
    assert [group.text for group in groups] == list(first.groups)  # corrected, still right


@pytest.mark.parametrize(
    ("language", "title", "space"),
    [
        ("en", "One-time pad", "space=00"),
        ("ru", "Шифрблокнот", "пробел=00"),
        ("hr", "Jednokratni ključ", "razmak=00"),
        ("sv", "One-time pad", "space=00"),  # a language without words of its own: English
    ],
)
def test_the_key_sheet_is_in_the_handouts_language(
    mini: Path, language: str, title: str, space: str
) -> None:
    _cipher(mini, "pad", f"language: {language}\nplaintext: Meet at ten.\n")
    context = pipeline_for(load_campaign(mini)).context("pad", "player")
    assert isinstance(context, CipherContext)
    assert context.key_title == title
    assert any(line.startswith(space) for line in context.key_lines)
    assert context.pencil_copy is None  # no hand: typed, as before


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("hand: quill\n", ("pad.yaml:6:", "hand")),
        ("paper_style: ruled\n", ("pad.yaml:6:", "paper_style", "squared")),
    ],
    ids=["unknown hand", "unknown paper"],
)
def test_a_bad_hand_or_paper_is_located(
    runner: CliRunner, mini: Path, fields: str, expected: tuple[str, ...]
) -> None:
    _cipher(mini, "pad", fields + "plaintext: Meet at ten.\n")
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1, result.output
    for words in expected:
        assert words in result.output, result.output


def test_a_copy_in_ink_is_in_the_pens_colour_and_never_rubbed_out(mini: Path) -> None:
    _cipher(mini, "copy", f"hand: neat\nink: blue\nplaintext: {LONG}\n")
    pipeline = pipeline_for(load_campaign(mini))
    context = pipeline.context("copy", "player")
    assert isinstance(context, CipherContext) and context.pencil_copy is not None
    assert context.ink == "blue"
    groups = [group for sheet in context.pencil_copy.sheets for row in sheet for group in row]
    assert [group for group in groups if group.erased is not None] == []  # ink: no eraser
    html = "".join(d.html for d in pipeline.documents("copy", "player"))
    assert 'class="cipher copy pad-squared ink-blue"' in html


@pytest.mark.parametrize(
    ("fields", "warned"),
    [
        ("ink: red\n", True),
        ("hand: typewriter\nink: red\n", True),
        ("hand: neat\nink: red\n", False),
    ],
    ids=["typed", "on a typewriter", "by hand"],
)
def test_an_ink_on_typed_groups_is_a_located_warning(
    runner: CliRunner, mini: Path, fields: str, warned: bool
) -> None:
    _cipher(mini, "pad", fields + "plaintext: Meet at ten.\n")
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 0, result.output
    warning = (
        "pad.yaml:7:6: `ink: red` is for groups written out by hand, and these are typed"
        if fields.startswith("hand")
        else "pad.yaml:6:6: `ink: red` is for groups written out by hand, and these are typed"
    )
    assert (warning in result.output) == warned, result.output
