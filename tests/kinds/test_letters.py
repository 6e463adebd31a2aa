"""Letters: headed paper or plain, typed or handwritten, signed in the author's hand, with an
envelope as a page of its own (laid flat to cut and fold, or front and back, its stamp
postmarked); the body never lost to the paper's size."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.build.request import BuildOptions
from companion.build.targets import build
from companion.campaign.loading import load_campaign
from companion.cli import app
from companion.kinds.base import PageSize
from companion.kinds.envelope import ENVELOPE_MM, envelope_net
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


def test_a_typed_letter_on_headed_paper_with_its_envelope(saint_build: Path) -> None:
    pdf = saint_build / "player" / copy_file("player", "gherardini-letter", SAINT.name)
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
    # The envelope: a DL laid flat on the letter paper turned (it is wider than the paper is
    # upright), with the address, the stamp and its postmark.
    assert _page_mm(pdf, 1) == (279, 216)
    envelope = _page_text(pdf, 1)
    for words in ("presso Makarska", "POSTE ITALIANE", "ZARA", "14.VI.26"):
        assert words in envelope, words
    assert "Discutere una sistemazione" not in text  # the GM's notes stay in the GM's copy


def test_a_handwritten_letter_delivered_by_hand(ozola_build: Path) -> None:
    """Karl's mother's letter: in her looping hand on lined A5, an envelope with no stamp."""
    pdf = ozola_build / "player" / copy_file("player", "mother-letter", OZOLA.name)
    assert _page_mm(pdf, 0) == (148, 210)
    assert "Mīļo Kārlīt!" in _page_text(pdf, 0)
    envelope = _page_text(pdf, 1)
    assert "Nodot personīgi" in envelope and "Kārlim" in envelope
    assert _page_mm(pdf, 1) == (210, 297)  # the C6 laid flat on the campaign's A4
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
        (
            "envelope:\n  to: [Kate]\n  stamp: 2 DIN\n  postmark: true\n",
            ("long.yaml:7:", "envelope.postmark", "`postmark: false` if it was never posted"),
        ),
        (
            "envelope:\n  to: [Kate]\n  stamp: 2 DIN\n  postmark: {town: Split, day: 1}\n",
            ("long.yaml:7:", "unknown key `day`", "`date`, `town`"),
        ),
    ],
    ids=[
        "postmark without a stamp",
        "unknown organisation",
        "envelope without an address",
        "postmark true",
        "postmark with a day",
    ],
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


# --- the envelope ---------------------------------------------------------------------------

PAPERS = {"a4": PageSize(210.0, 297.0), "letter": PageSize(215.9, 279.4)}


def _points(path: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


@pytest.mark.parametrize("paper", sorted(PAPERS))
@pytest.mark.parametrize("size", sorted(ENVELOPE_MM))
def test_an_envelope_laid_flat_stays_inside_what_a_printer_prints(paper: str, size: str) -> None:
    """The net's cut and fold lines all lie 10 mm in from the sheet's edges or more, and the
    front it folds round is the envelope's size; a C5, too big for A4 or US letter with its
    flaps, prints front and back instead."""
    width, height = ENVELOPE_MM[size]
    net = envelope_net(width, height, PAPERS[paper])
    if size == "c5":
        assert net is None
        return
    assert net is not None
    xs, ys = zip(*_points(net.outline), strict=True)
    assert min(xs) >= 10 and max(xs) <= net.sheet.width_mm - 10
    assert min(ys) >= 10 and max(ys) <= net.sheet.height_mm - 10
    folds = _points(net.folds)
    assert max(x for x, _ in folds) - min(x for x, _ in folds) == pytest.approx(width)
    assert max(y for _, y in folds) - min(y for _, y in folds) == pytest.approx(height)


def _letter(mini: Path, envelope: str, extra: str = "") -> None:
    (mini / "handouts" / "posted.yaml").write_text(
        "kind: letter\ntitle: Posted\nto: all\nhand: caveat\ntext: The nets are mended.\n"
        + extra
        + "envelope:\n"
        + "".join(f"  {line}\n" for line in envelope.splitlines())
    )


def _players_pdf(mini: Path) -> Path:
    out = mini / "out"
    build(load_campaign(mini), BuildOptions(only=("posted",), out_dir=out, audience="player"))
    (pdf,) = (out / "mini" / "player").glob("*.pdf")
    return pdf


def _envelope_text(mini: Path) -> tuple[str, list[str]]:
    """The text of the envelope's pages in the players' copy (whitespace gone: the town is
    set round a ring, letter by letter), and each page's text."""
    pdf = _players_pdf(mini)
    pages = [_page_text(pdf, i) for i in range(len(pypdf.PdfReader(pdf).pages))]
    return "".join("".join(pages[1:]).split()), pages


@pytest.mark.parametrize(
    ("language", "date", "struck"),
    [
        ("it", "14 giugno 1926", "14.6.26"),
        ("hr", "27. lipnja 1926.", "27.VI.26"),
        ("ru", "14 октября 1988 г.", "14.10.88"),
        ("lv", "1988. gada 2. oktobrī", "2.10.88"),
    ],
)
def test_a_stamp_is_postmarked_with_the_letters_place_and_date(
    mini: Path, language: str, date: str, struck: str
) -> None:
    """No `postmark:` given: the post office struck the letter's town and day, the date in
    figures as a date-stamp of the time and place has it (Roman months in Croatia)."""
    _letter(
        mini,
        "to: [Kate Harker, Whitby]\nstamp: KRALJEVINA SHS · 2 DIN",
        f"language: {language}\nplace: Split\ndate: {date}\n",
    )
    envelope, _ = _envelope_text(mini)
    assert "SPLIT" in envelope and struck in envelope and "KateHarker" in envelope


def test_a_postmark_given_is_struck_as_written_and_false_means_never_posted(mini: Path) -> None:
    _letter(mini, "to: [Kate]\nstamp: 2 DIN\npostmark: {town: Makarska, date: 1.VII.26}")
    envelope, _ = _envelope_text(mini)
    assert "MAKARSKA" in envelope and "1.VII.26" in envelope
    _letter(mini, "to: [Kate]\nstamp: 2 DIN\npostmark: false", "place: Split\ndate: 1.7.1926\n")
    envelope, _ = _envelope_text(mini)
    assert "2DIN" in envelope and "SPLIT" not in envelope and "1.7.26" not in envelope


def test_an_envelope_by_hand_has_no_postmark_but_the_writers_words(mini: Path) -> None:
    _letter(
        mini,
        "to: [Kate]\nby_hand: Per favore, a mano\nsender: [Ivo, Sveti Petar]",
        "place: Split\ndate: 1.7.1926\n",
    )
    envelope, _ = _envelope_text(mini)
    assert "Perfavore,amano" in envelope and "IvoSvetiPetar" in envelope
    assert "SPLIT" not in envelope and "1.7.26" not in envelope
    context = pipeline_for(load_campaign(mini)).context("posted", "player")
    assert isinstance(context, LetterContext) and context.envelope is not None
    assert context.envelope.postmark is None and context.envelope.sender_ink is None


def test_a_c5_envelope_prints_its_front_and_its_back(mini: Path) -> None:
    _letter(mini, "to: [Kate]\nstamp: 2 DIN\nsize: c5", "place: Split\ndate: 1.7.1926\n")
    pdf = _players_pdf(mini)
    pages = [_page_text(pdf, i) for i in range(len(pypdf.PdfReader(pdf).pages))]
    assert [_page_mm(pdf, i) for i in (1, 2)] == [(229, 162), (229, 162)]
    assert "Kate" in pages[1] and "1.7.26" in pages[1]
    assert pages[2] == ""  # the back: its flap and seams, drawn


def test_the_gm_copy_says_how_to_make_up_the_envelope(mini: Path) -> None:
    _letter(mini, "to: [Kate]\nby_hand: By hand\nsize: c6")
    gm = pdf_text(_built(mini, "posted", "gm", mini / "out"))
    assert "cut round the solid line" in gm
    assert "cut round" not in pdf_text(_players_pdf(mini))


def test_a_typewriters_named_faults_strike_the_letters_named(saint_build: Path) -> None:
    """Gherardini's Olivetti: its `a` faint, its `e` sagging, its capitals low, on every
    page it typed; the words still read whole from the PDF."""
    context = pipeline_for(load_campaign(SAINT)).context("gherardini-letter", "player")
    assert isinstance(context, LetterContext)
    spans = re.findall(r'<span class="([^"]+)">(.)</span>', str(context.text))
    assert spans and all(
        ("kw" in kind) == (letter.lower() == "a")
        and ("ks" in kind) == (letter.lower() == "e")
        and ("kd" in kind) == (letter.isupper() and letter != "E")
        for kind, letter in spans
    )
    pdf = saint_build / "player" / copy_file("player", "gherardini-letter", "saint-of-the-nets")
    assert "la Ditta procederà al sequestro della barca e delle reti" in pdf_text(pdf)


def test_typewriter_faults_on_a_handwritten_letter_are_a_located_warning(
    runner: CliRunner, mini: Path
) -> None:
    (mini / "handouts" / "faulty.yaml").write_text(
        "kind: letter\ntitle: Faulty\ntext: Hello.\ntypewriter:\n  sagging: e\n"
    )
    result = runner.invoke(app, ["validate", str(mini)])
    assert result.exit_code == 0, result.output
    assert (
        "faulty.yaml:5:3: `typewriter:` gives a typewriter's faults, and `faulty` is handwritten"
        in result.output
    )
