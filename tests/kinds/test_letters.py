"""Letters: headed paper or plain, typed or handwritten, signed in the author's hand, with an
envelope as a page of its own; the body never lost to the paper's size."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.build.request import BuildOptions
from companion.build.targets import build
from companion.campaign.loading import load_campaign
from companion.cli import app
from companion.kinds.letter import LetterContext
from tests.conftest import ASSETS, OZOLA, SAINT, copy_file
from tests.pdftext import pdf_text

POINTS_PER_MM = 72 / 25.4


def _built(root: Path, handout_id: str, audience: str, out: Path) -> Path:
    build(load_campaign(root), BuildOptions(only=(handout_id,), out_dir=out, audience=audience))
    return out / root.name / audience / copy_file(audience, handout_id, root.name)


def _page_text(pdf: Path, index: int) -> str:
    return " ".join((pypdf.PdfReader(pdf).pages[index].extract_text() or "").split())


def _page_mm(pdf: Path, index: int) -> tuple[float, float]:
    box = pypdf.PdfReader(pdf).pages[index].mediabox
    return round(float(box.width) / POINTS_PER_MM), round(float(box.height) / POINTS_PER_MM)


def test_a_typed_letter_on_headed_paper_with_its_envelope(tmp_path: Path) -> None:
    pdf = _built(SAINT, "gherardini-letter", "player", tmp_path)
    text = pdf_text(pdf)
    for words in (
        "CONSERVIFICIO DALMATO S. A.",
        "Zara, 14 giugno 1926",
        "Egregio Signor Marinović,",
        "Distinti saluti.",
        "A. Gherardini",
        "per il Conservificio Dalmato",
    ):
        assert words in text, words
    assert _page_mm(pdf, 0) == (216, 279)  # the campaign's US letter paper
    # The envelope: a DL page with the address, the stamp and its postmark.
    assert _page_mm(pdf, 1) == (220, 110)
    envelope = _page_text(pdf, 1)
    for words in ("presso Makarska", "POSTE ITALIANE", "ZARA", "14.VI.26"):
        assert words in envelope, words
    assert "Discutere una sistemazione" not in text  # the GM's notes stay in the GM's copy


def test_a_handwritten_letter_delivered_by_hand(tmp_path: Path) -> None:
    """Karl's mother's letter: in her looping hand on lined A5, an envelope with no stamp."""
    pdf = _built(OZOLA, "mother-letter", "player", tmp_path)
    assert _page_mm(pdf, 0) == (148, 210)
    assert "Mīļo Kārlīt!" in _page_text(pdf, 0)
    envelope = _page_text(pdf, 1)
    assert "Nodot personīgi" in envelope and "Kārlim" in envelope
    assert _page_mm(pdf, 1) == (162, 114)
    context = pipeline_for(load_campaign(OZOLA)).context("mother-letter", "player")
    assert isinstance(context, LetterContext)
    assert context.hand.name == "looping" and context.signature_hand.name == "looping"


def test_the_signature_is_in_the_authors_hand_even_on_a_typed_letter(mini: Path) -> None:
    handout = mini / "handouts" / "typed.yaml"
    handout.write_text(
        "kind: letter\ntitle: Typed\nto: all\nauthor: butler\nhand: typewriter\n"
        "text: The silver is counted.\nsignature: J.\n"
    )
    npc = mini / "npcs" / "butler.yaml"
    npc.write_text(npc.read_text() + "hand: neat\n")
    context = pipeline_for(load_campaign(mini)).context("typed", "player")
    assert isinstance(context, LetterContext)
    assert context.hand.name == "typewriter" and context.signature_hand.name == "neat"


def test_a_long_letter_goes_on_over_numbered_sheets(mini: Path, tmp_path: Path) -> None:
    body = "\n\n".join(f"Paragraph {i}: " + "the tide came in again " * 30 for i in range(1, 9))
    handout = mini / "handouts" / "long.yaml"
    handout.write_text(
        "kind: letter\ntitle: Long\nto: all\nsize: a5\ntext: |\n"
        + "".join(f"  {line}\n" for line in body.splitlines())
        + "signature: The end of it\n"
    )
    pdf = _built(mini, "long", "gm", tmp_path)
    pages = pypdf.PdfReader(pdf).pages
    assert len(pages) >= 2
    text = pdf_text(pdf)
    assert "Paragraph 8:" in text and "The end of it" in text
    second = _page_text(pdf, 1)
    assert "2." in second.split() and "the tide came in" in second  # numbered by the writer


@pytest.mark.parametrize(
    ("yaml", "expected"),
    [
        (
            "envelope:\n  to: [Kate]\n  postmark: {town: Split, date: 1.VI.26}\n",
            ("long.yaml:5:", "a postmark cancels a stamp"),
        ),
        ("organisation: cannery\n", ("long.yaml:4:", "unknown organisation `cannery`")),
        ("envelope:\n  to: []\n", ("long.yaml:5:", "envelope.to", "hint: give at least one")),
    ],
    ids=["postmark without a stamp", "unknown organisation", "envelope without an address"],
)
def test_bad_letters_are_located(
    runner: CliRunner, mini: Path, yaml: str, expected: tuple[str, ...]
) -> None:
    (mini / "handouts" / "long.yaml").write_text("kind: letter\ntitle: Long\ntext: Hello.\n" + yaml)
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 1, result.output
    for words in expected:
        assert words in result.output, result.output


@pytest.mark.parametrize(
    ("kind", "own_lines", "printed_as"),
    [
        ("letter", "letterhead", ("letterhead_name", "letterhead")),
        ("form", "issuer", ("issuer",)),
        ("poster", "issuer", ("issuer",)),
    ],
)
def test_an_organisation_and_your_own_heading_lines_both_print(
    kind: str, own_lines: str, printed_as: tuple[str, ...]
) -> None:
    """Found by the generated campaigns: with `organisation:`, the GM's own heading lines
    were dropped without a word. Now they stand under the organisation's name."""
    from companion.campaign.models import HANDOUT_MODELS

    required = {"letter": {"text": "Hello"}, "form": {"form_title": "Manifest"}}
    extra = required.get(kind, {"headline": "WANTED", "text": "Reward"})
    handout = HANDOUT_MODELS[kind].model_validate(
        {"id": "prop", "kind": kind, "title": "Prop", "organisation": "sis",
         own_lines: ["Station Vienna", "Argentinierstraße 8"], **extra}
    )  # fmt: skip
    campaign = load_campaign(ASSETS / "mini")
    campaign = campaign.model_copy(update={"handouts": {"prop": handout}})
    context = pipeline_for(campaign).context("prop", "player")
    printed = [line for name in printed_as for line in _lines(getattr(context, name))]
    assert printed == ["Secret Intelligence Service", "Station Vienna", "Argentinierstraße 8"]


def _lines(value: str | tuple[str, ...] | None) -> list[str]:
    return [value] if isinstance(value, str) else list(value or ())


@pytest.mark.parametrize(
    ("root", "handout_id", "pages"),
    [(OZOLA, "mother-letter", 1), (SAINT, "ivo-letter", 2)],
    ids=["the letter from Riga", "Ivo's note over two sheets"],
)
def test_handwriting_on_ruled_paper_stands_on_the_rules(
    root: Path, handout_id: str, pages: int
) -> None:
    """Every line of writing, on every sheet, has its letters on a rule: the rules are laid
    where the writing stands (they cut through the date before)."""
    from companion.kinds.registry import kind_of

    pipeline = pipeline_for(load_campaign(root))
    context = pipeline.context(handout_id, "player")
    ruling = context.ruling  # type: ignore[attr-defined]
    assert ruling is not None
    laid_out = pipeline._measure(kind_of(pipeline.campaign.handouts[handout_id]).page)(context)
    family = context.hand.families[0]  # type: ignore[attr-defined]
    top = laid_out.area.top_mm  # above it, in the margin: the sheet's number
    written = [  # lines of writing: the envelope, the sheet's number, the signature aside
        line
        for line in laid_out.lines
        if line.font == family
        and line.top_mm >= top
        and line.page < pages
        and abs(line.bottom_mm - line.top_mm - ruling.pitch_mm) < 0.05
    ]
    assert len(written) > 8 and {line.page for line in written} == set(range(pages))
    for line in written:
        off = (line.baseline_mm - ruling.offset_mm) % ruling.pitch_mm
        assert min(off, ruling.pitch_mm - off) < 0.2, (line, ruling)
