"""Text is never lost: a note's writing shrinks to fit, a single note goes on over a second
sheet, and notes on a sheet that cannot hold their text stop the build with a located error."""

from __future__ import annotations

import io
import random
import re
from collections import Counter
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from companion.build.pipeline import Pipeline, pipeline_for
from companion.build.request import BuildOptions
from companion.campaign.loading import load_campaign
from companion.campaign.models import (
    Addition,
    Campaign,
    CardFace,
    CardHandout,
    Envelope,
    HandoutBase,
    MatchboxHandout,
    MatchboxLabel,
    NoteHandout,
    PosterHandout,
)
from companion.cli import app
from companion.errors import LocatedError
from companion.kinds.card import CardContext
from companion.kinds.matchbox import MatchboxContext
from companion.kinds.note import FLOOR, SIZE_FACTOR, NoteContext
from companion.kinds.poster import PosterContext
from tests.conftest import ASSETS, SAINT, copy_file
from tests.pdftext import page_texts, pdf_text

# Words of every script a campaign may write in, with their accents and ligature traps.
WORDS = {
    "english": [
        "meet",
        "me",
        "at",
        "the",
        "old",
        "pier",
        "after",
        "dark",
        "bring",
        "the",
        "ledger",
        "and",
        "come",
        "alone",
    ],
    "croatian": [
        "Šime",
        "Đurđica",
        "žarko",
        "ćiril",
        "ljubica",
        "noćas",
        "kod",
        "crkve",
        "sv.",
        "Nikole",
        "čekaj",
    ],
    "polish": ["łódź", "źdźbło", "gęś", "żółć", "zażółć", "jaźń", "ściana", "Wrocław", "książę"],
    "russian": [
        "Встретимся",
        "в",
        "восемь",
        "приходи",
        "один",
        "никому",
        "ни",
        "слова",
        "жду",
        "у",
        "моста",
    ],
    "greek": [
        "Ωραία",
        "ψάρια",
        "στο",
        "λιμάνι",
        "φορτίο",
        "καπνού",
        "πλοίαρχος",
        "Καραγιάννης",
        "αύριο",
    ],
}
SIZES = ("a7", "a6", "a5")


def random_text(generator: random.Random, script: str, words: int) -> str:
    vocabulary = WORDS[script]
    lines, line = [], []
    for _ in range(words):
        line.append(generator.choice(vocabulary))
        if generator.random() < 0.15:
            lines.append(" ".join(line))
            line = []
            if generator.random() < 0.2:
                lines.append("")
    lines.append(" ".join(line))
    return "\n".join(lines).strip() or vocabulary[0]


def with_note(campaign: Campaign, **fields: object) -> Campaign:
    note = campaign.handouts["letter"]
    assert isinstance(note, NoteHandout)
    changed = note.model_copy(update=fields)
    return campaign.model_copy(update={"handouts": {**campaign.handouts, "letter": changed}})


CASES = [
    (seed, script, size, layout, words)
    for seed, (script, size, layout, words) in enumerate(
        (script, size, layout, words)
        for script in WORDS
        for size, layout, words in (
            ("a7", "single", 6),
            ("a6", "sheet", 25),
            ("a5", "single", 60),
            ("a7", "single", 140),
            ("a6", "sheet", 160),
            # on over sheets: one sheet more tries it as well as five more (400 words did)
            ("a6", "single", 200),
        )
    )
]


@pytest.fixture(scope="module")
def mini() -> Campaign:
    return load_campaign(ASSETS / "mini")


def print_and_read(
    pipeline: Pipeline, handout_id: str, text: str, out: Path
) -> tuple[list[str], int]:
    """The player copy printed and read back: the words of `text` missing from it, and its
    number of pages."""
    pdf = out / f"{handout_id}.pdf"
    pdf.write_bytes(pipeline.pdf([handout_id], "player"))
    printed = " ".join(pdf_text(pdf).replace("\u00a0", " ").split())
    return [word for word in text.split() if word not in printed], len(page_texts(pdf))


def outcome(campaign: Campaign, text: str, out: Path, size: str, layout: str) -> str:
    """Build the note and say how its text was kept: fitted at full size, shrunk, continued
    on more sheets, or refused with a located error. Fails if a word went missing."""
    pipeline = pipeline_for(campaign, BuildOptions(out_dir=out))
    try:
        context = pipeline.context("letter", "player")
    except LocatedError as error:
        assert layout == "sheet"
        assert error.problem.file == ASSETS / "mini" / "handouts" / "letter.yaml"
        assert error.problem.line is not None
        assert "% too long for one note" in error.problem.message
        return "refused"
    assert isinstance(context, NoteContext)
    missing, pages = print_and_read(pipeline, "letter", text, out)
    assert missing == []
    if pages > 1:
        return "continued"
    full = round(context.hand.size_pt * SIZE_FACTOR[size], 1)
    return "shrunk" if context.font_size_pt < full else "fitted"


def test_every_word_is_printed_or_the_build_says_why(mini: Campaign, tmp_path: Path) -> None:
    """Texts of many lengths in five scripts, on every note size and layout."""
    outcomes: Counter[str] = Counter()
    for seed, script, size, layout, words in CASES:
        text = random_text(random.Random(seed), script, words)
        campaign = with_note(mini, text=text, size=size, layout=layout, copies=4)
        outcomes[outcome(campaign, text, tmp_path, size, layout)] += 1
    print(f"{len(CASES)} texts in {len(WORDS)} scripts: {dict(sorted(outcomes.items()))}")
    assert set(outcomes) == {"fitted", "shrunk", "continued", "refused"}, outcomes


def card_outcome(campaign: Campaign, lines: list[str], out: Path) -> str:
    """Build the card with these lines on its front: fitted, shrunk or refused (located)."""
    pipeline = pipeline_for(campaign, BuildOptions(out_dir=out))
    try:
        context = pipeline.context("cafe-card", "player")
    except LocatedError as error:  # located in its file as for notes; this one has none
        assert "of the card holds more than fits" in error.problem.message
        return "refused"
    assert isinstance(context, CardContext)
    assert print_and_read(pipeline, "cafe-card", " ".join(lines), out)[0] == []
    return "shrunk" if context.scale < 1 else "fitted"


def test_every_word_of_a_card_is_printed_or_refused(mini: Campaign, tmp_path: Path) -> None:
    outcomes: Counter[str] = Counter()
    for seed, script in enumerate(WORDS):
        for count in (3, 9, 40):
            generator = random.Random(seed * 100 + count)
            lines = [random_text(generator, script, 6).replace("\n", " ") for _ in range(count)]
            card = CardHandout(
                id="cafe-card",
                kind="card",
                title="The café's card",
                front=CardFace(heading="Café Bleu", lines=lines, footer="Rue des Martyrs"),
            )
            campaign = mini.model_copy(update={"handouts": {**mini.handouts, "cafe-card": card}})
            outcomes[card_outcome(campaign, lines, tmp_path)] += 1
    print(
        f"{sum(outcomes.values())} cards in {len(WORDS)} scripts: {dict(sorted(outcomes.items()))}"
    )
    assert set(outcomes) == {"fitted", "shrunk", "refused"}, outcomes


def test_an_envelope_and_a_note_in_the_margin_take_no_room_from_the_text(mini: Campaign) -> None:
    """Each prop that fits its text, with a few words, an envelope and a margin note: it
    keeps its designed size. Its trial layouts once held the envelope's page, read as text
    running on (a matchbox, a poster and notes on a sheet refused, a single note shrunk to
    the floor and continued), and the margin note at the foot of a card's tall trial page,
    read as a face 184 % too full (any card, or note on a card, with a margin note refused),
    and at the foot of a poster as a notice that filled it (set at its designed size, not
    grown as a short notice is)."""
    extras = {
        "envelope": Envelope(to=["Sam Spade", "Rue des Martyrs"]),
        "additions": [Addition(text="Ask for Marcel at the bar")],
    }
    note = mini.handouts["letter"].model_copy(update=extras)
    props: list[HandoutBase] = [
        note,
        note.model_copy(update={"id": "sheet-note", "layout": "sheet", "size": "a7"}),
        CardHandout(id="card", kind="card", title="Card", front=CardFace(heading="Café Bleu")),
        MatchboxHandout(
            id="matchbox", kind="matchbox", title="Box", label=MatchboxLabel(heading="Bleu"),
            text="Midnight, the mill.",
        ),
        PosterHandout(
            id="poster", kind="poster", title="Wanted", headline="WANTED", text="The butler."
        ),
    ]  # fmt: skip
    handouts = {prop.id: prop.model_copy(update=extras) for prop in props}
    pipeline = pipeline_for(mini.model_copy(update={"handouts": handouts}))
    fitted = {handout_id: pipeline.context(handout_id, "player") for handout_id in handouts}
    for note_id in ("letter", "sheet-note"):
        context = fitted[note_id]
        assert isinstance(context, NoteContext)
        full = round(context.hand.size_pt * SIZE_FACTOR[context.size], 1)
        assert (context.font_size_pt, context.continued) == (full, False), note_id
    card, matchbox, poster = fitted["card"], fitted["matchbox"], fitted["poster"]
    assert isinstance(card, CardContext) and card.scale == 1.0
    assert isinstance(matchbox, MatchboxContext)
    assert (
        matchbox.font_size_pt == pipeline.context("matchbox", "player", fitted=False).font_size_pt
    )
    assert isinstance(poster, PosterContext) and poster.scale > 1.0


def test_a_long_single_note_goes_on_over_a_second_sheet(mini: Campaign, tmp_path: Path) -> None:
    text = "\n".join(f"Line {n}: the tide turns at the old pier." for n in range(40))
    pipeline = pipeline_for(with_note(mini, text=text, size="a6", layout="single"))
    context = pipeline.context("letter", "player")
    assert isinstance(context, NoteContext)
    assert context.font_size_pt == round(27 * FLOOR, 1)  # shrunk to the floor, then on
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(pipeline.pdf(["letter"], "player"))
    assert len(pypdf.PdfReader(pdf).pages) >= 2
    assert "Line 39: the tide turns" in pdf_text(pdf)


def test_a_short_note_keeps_its_full_size(mini: Campaign) -> None:
    context = pipeline_for(with_note(mini, text="Come alone.")).context("letter", "player")
    assert isinstance(context, NoteContext)
    assert context.font_size_pt == 27.0


def test_notes_on_a_sheet_that_cannot_fit_stop_the_build_located(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    folder = tmp_path / "mini"
    shutil.copytree(ASSETS / "mini", folder)
    letter = folder / "handouts" / "letter.yaml"
    long_text = "\n".join(f"  Line {n} of a letter far too long for a card." for n in range(60))
    source = letter.read_text()
    head, _, _ = source.partition("text:")
    letter.write_text(f"{head}layout: sheet\nsize: a7\ntext: |\n{long_text}\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build", "mini", "--only", "letter", "--out", "out"])
    assert result.exit_code == 1
    line = f"{head}layout: sheet\nsize: a7\n".count("\n") + 1
    assert f"mini/handouts/letter.yaml:{line}:" in result.output
    assert "the text does not fit on its A7 note, even written as small as" in result.output
    assert "too long for one note" in result.output
    assert "hint: shorten the text" in result.output
    assert not (tmp_path / "out" / "mini" / "player" / "a-folded-letter.pdf").exists()


def test_fold_and_stain_keep_clear_of_the_writing(mini: Campaign) -> None:
    text = "Meet me at the pier.\n\nCome alone.\n\nBring the ledger."
    pipeline: Pipeline = pipeline_for(with_note(mini, text=text, size="a6"))
    context = pipeline.context("letter", "player")
    assert isinstance(context, NoteContext)
    from companion.render.pdf import measured

    laid_out = measured(pipeline.lay_out(pipeline.documents("letter", "player")[:1]))
    assert context.fold_mm is not None and context.stain is not None
    for line in laid_out.on_page(0):
        assert not line.top_mm < context.fold_mm < line.bottom_mm, line
        ring_top, ring_bottom = context.stain.y_mm - 17, context.stain.y_mm + 17
        assert (
            line.bottom_mm < ring_top
            or line.top_mm > ring_bottom
            or (line.right_mm < context.stain.x_mm - 17 or line.left_mm > context.stain.x_mm + 17)
        ), line


def test_typed_notes_strike_unevenly_and_read_whole(mini: Campaign, tmp_path: Path) -> None:
    """Repeated letters are not identical, the same note always types the same, and the
    words still extract whole (for the leak tests and screen readers)."""
    text = "Meet me at the seventeenth bench, beside the tree."
    campaign = with_note(mini, text=text, hand="typewriter")
    first = pipeline_for(campaign).html("letter", "player")
    assert first == pipeline_for(campaign).html("letter", "player")
    strikes: dict[str, set[str]] = {}
    for kind, letter in re.findall(r'<span class="(k\w)">(\w)</span>', first):
        strikes.setdefault(letter, set()).add(kind)
    assert sum(len(kinds) > 1 for kinds in strikes.values()) >= 3  # "e", "t", "h" vary
    worn = [letter for letter, kinds in strikes.items() if kinds == {"kw"}]
    assert len(worn) == 1  # one worn typebar, the same wherever its letter falls
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(pipeline_for(campaign).pdf(["letter"], "player"))
    assert text in " ".join(pdf_text(pdf).split())


def test_sheet_notes_write_from_the_top_across_the_width(mini: Campaign) -> None:
    """Percent padding used to be a share of the whole sheet: the Russian note began half-way
    down its note, one word a line."""
    from companion.render.pdf import measured

    text = "Встретимся в 20:00.\n\nПриходи один."
    pipeline = pipeline_for(with_note(mini, text=text, size="a6", layout="sheet", copies=4))
    context = pipeline.context("letter", "player")
    assert isinstance(context, NoteContext)
    first, size = context.pages[0][0], context.note
    laid_out = measured(pipeline.lay_out(pipeline.documents("letter", "player")))
    first_note = [
        line
        for line in laid_out.on_page(0)
        if first.x_mm < line.left_mm < first.x_mm + size.width_mm
        and first.y_mm < line.top_mm < first.y_mm + size.height_mm
    ]
    assert len(first_note) == 3  # «Встретимся в 20:00.», «Приходи один.», the signature
    assert first_note[0].top_mm - first.y_mm < 25


@pytest.mark.parametrize(
    ("size", "paper", "per_sheet"),
    [("a7", "a4", 4), ("a6", "a4", 2), ("a6", "letter", 2), ("a5", "a4", 1), ("a7", "letter", 4)],
)
def test_notes_on_a_sheet_keep_inside_the_printers_margin_and_apart(
    mini: Campaign, size: str, paper: str, per_sheet: int
) -> None:
    """Four A6 notes used to fill an A4 edge to edge: the outer cuts fell where a home
    printer prints nothing. Now they keep 10 mm in (the sheet turned when more fit that way)
    with a gutter between them, so each is cut on its own lines."""
    campaign = with_note(mini, size=size, layout="sheet", copies=4)
    campaign = campaign.model_copy(
        update={"info": campaign.info.model_copy(update={"paper": paper})}
    )
    context = pipeline_for(campaign).context("letter", "player")
    assert isinstance(context, NoteContext)
    sheet, note = context.sheet, context.note
    assert len(context.pages[0]) == per_sheet
    assert sum(len(page) for page in context.pages) == 4
    for cuts, length in ((context.cut_lines_x_mm, sheet.width_mm),
                         (context.cut_lines_y_mm, sheet.height_mm)):  # fmt: skip
        assert min(cuts) >= 10 and max(cuts) <= length - 10
    places = context.pages[0]
    for one in places:
        for other in places:
            if one != other:
                apart_x = abs(one.x_mm - other.x_mm) >= note.width_mm + 5
                apart_y = abs(one.y_mm - other.y_mm) >= note.height_mm + 5
                assert apart_x or apart_y


def test_the_bleed_of_a_note_is_its_paper(mini: Campaign, tmp_path: Path) -> None:
    from PIL import Image

    from companion.render.pdf import pdf_to_pngs

    campaign = with_note(mini, paper_style="cream")
    pdf = pipeline_for(campaign, BuildOptions(bleed_mm=3)).pdf(["letter"], "player")
    page = Image.open(io.BytesIO(pdf_to_pngs(pdf, dpi=72)[0])).convert("RGB")
    r, g, b = page.getpixel((page.width // 3, 2))  # inside the top bleed, clear of crop marks
    assert (r, g, b) != (255, 255, 255) and r > b + 20  # cream, not white


def test_gm_dossiers_add_one_notes_page_and_no_stray_legend(ozola_build: Path) -> None:
    for handout in ("natalia-file", "sokolov-file"):
        gm = len(pypdf.PdfReader(ozola_build / "gm" / f"{handout}.pdf").pages)
        player = len(
            pypdf.PdfReader(ozola_build / "player" / copy_file("player", handout, "ozola")).pages
        )
        assert gm == player + 1, handout


def test_the_long_letter_of_the_second_campaign_is_printed_whole(saint_build: Path) -> None:
    from companion.render.markup import plain_text

    letter = load_campaign(SAINT).handouts["ivo-letter"]
    assert isinstance(letter, NoteHandout)
    pdf = saint_build / "player" / copy_file("player", "ivo-letter", "saint-of-the-nets")
    printed = " ".join(pdf_text(pdf).replace("\u00a0", " ").split())
    assert [w for w in plain_text(letter.text).split() if w not in printed] == []
    assert len(pypdf.PdfReader(pdf).pages) >= 2
