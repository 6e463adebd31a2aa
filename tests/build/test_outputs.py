"""Every output goes through one pipeline, so every build option works for players' packets and
the GM's book as it does for handout copies, or is refused with a clear message."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from companion.cli import app
from companion.record.ledger import open_ledger
from tests.pdftext import outline_pages, pdf_text

A4_POINTS = (595.28, 841.89)
LETTER_POINTS = (612.0, 792.0)
BLEED_POINTS = 3 * 72 / 25.4


@pytest.fixture
def played(mini: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One session in which Pat received all three handouts of the mini campaign."""
    with open_ledger(mini / "companion.db") as book:
        book.start_session("The mill", "2026-01-10")
        for handout in ("letter", "butler-file", "cafe-map"):
            book.give(handout, ["pat"])
        book.end_session()
    monkeypatch.chdir(mini)
    return mini


def build(runner: CliRunner, *arguments: str) -> list[Path]:
    """Run `companion build` in the campaign folder; the files it says it wrote."""
    result = runner.invoke(app, ["build", *arguments, "--out", "out"])
    assert result.exit_code == 0, result.output
    return [
        Path(line.split()[1]) for line in result.output.splitlines() if line.startswith("wrote")
    ]


PACKET = Path("out/mini/players/pat")
BOOK = Path("out/mini/gm")


@pytest.mark.parametrize("target", [["--player", "pat"], ["--book", "--audience", "gm"]])
def test_paper_applies(runner: CliRunner, played: Path, target: list[str]) -> None:
    build(runner, *target, "--paper", "letter", "--only", "butler-file")
    pdf = PACKET / "packet.pdf" if "--player" in target else BOOK / "book.pdf"
    sizes = {tuple(round(float(v), 1) for v in p.mediabox[2:]) for p in pypdf.PdfReader(pdf).pages}
    assert sizes == {(612.0, 792.0)}


@pytest.mark.parametrize("target", [["--player", "pat"], ["--book", "--audience", "gm"]])
def test_bleed_applies_to_every_page(runner: CliRunner, played: Path, target: list[str]) -> None:
    build(runner, *target, "--bleed", "3", "--only", "letter", "--only", "butler-file")
    pdf = PACKET / "packet.pdf" if "--player" in target else BOOK / "book.pdf"
    pages = pypdf.PdfReader(pdf).pages
    assert len(pages) >= 2
    for page in pages:  # the book's own pages included
        margin = float(page.trimbox.left) - float(page.bleedbox.left)
        assert margin == pytest.approx(BLEED_POINTS, abs=0.05)


def test_png_and_html_for_packets(runner: CliRunner, played: Path) -> None:
    pngs = build(runner, "--player", "pat", "--only", "letter", "--format", "png", "--dpi", "40")
    assert [p.name for p in pngs] == ["a-folded-letter-p1.png", "packet-p1.png"]
    assert (played / pngs[0]).read_bytes().startswith(b"\x89PNG")
    htmls = build(runner, "--player", "pat", "--only", "letter", "--format", "html")
    assert [p.name for p in htmls] == ["a-folded-letter.html", "packet-a-folded-letter.html"]
    assert "<base href=" in (played / htmls[0]).read_text()


@pytest.mark.slow
def test_png_and_html_for_the_book(runner: CliRunner, played: Path) -> None:
    build(runner, "--book", "--audience", "gm", "--only", "letter")
    pages = len(pypdf.PdfReader(BOOK / "book.pdf").pages)
    # The lowest resolution: a picture per page is what is checked, not its detail.
    arguments = ["--book", "--audience", "gm", "--only", "letter", "--format", "png", "--dpi", "36"]
    pngs = build(runner, *arguments)
    book_pages = [p.name for p in pngs if p.name.startswith("book-p")]
    assert book_pages == [f"book-p{n}.png" for n in range(1, pages + 1)]
    htmls = build(runner, "--book", "--audience", "gm", "--only", "letter", "--format", "html")
    assert sorted(p.name for p in htmls if p.name.startswith("book")) == [
        "book-book.html",
        "book-front.html",
        "book-letter-gm-notes.html",
        "book-letter.html",
    ]


@pytest.mark.parametrize("target", [["--player", "pat"], ["--book", "--audience", "gm"]])
def test_map_scale_applies(runner: CliRunner, played: Path, target: list[str]) -> None:
    build(runner, *target, "--only", "cafe-map", "--map-scale", "1:100")
    pdf = PACKET / "plan-blue-cup-café.pdf" if "--player" in target else BOOK / "book.pdf"
    assert "1:100" in pdf_text(played / pdf)


def test_only_chooses_what_packets_and_book_hold(runner: CliRunner, played: Path) -> None:
    """`--binder`, the book's old name, still asks for the book."""
    written = build(runner, "--player", "pat", "--binder", "--only", "letter")
    assert sorted(p.name for p in written) == ["a-folded-letter.pdf", "book.pdf", "packet.pdf"]
    outline = [title for title, _ in outline_pages(BOOK / "book.pdf")]
    assert "A folded letter" in outline and "Police file on the butler" not in outline


@pytest.mark.slow
def test_jobs_give_the_same_packets(runner: CliRunner, played: Path) -> None:
    one = {p.name: (played / p).read_bytes() for p in build(runner, "--player", "pat")}
    two = {
        p.name: (played / p).read_bytes()
        for p in build(runner, "--player", "pat", "--jobs", "2", "--force")
    }
    assert one == two


@pytest.mark.slow
def test_book_shows_fates_from_the_record(runner: CliRunner, played: Path) -> None:
    with open_ledger(played / "companion.db") as book:
        book.start_session("Second", "2026-01-17")
        book.npc_status("butler", "dead", "poisoned in turn")
        book.end_session()
    build(runner, "--book", "--audience", "gm", "--only", "letter")
    text = pdf_text(BOOK / "book.pdf")
    assert "Status after session 2: dead (poisoned in turn)" in text
    build(runner, "--book", "--audience", "gm", "--only", "letter", "--as-of-session", "1")
    text = pdf_text(BOOK / "book.pdf")
    assert "Status after session 1: active" in text and "poisoned in turn" not in text


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (
            ["--player", "pat", "--audience", "gm"],
            2,
            "packets are player copies; leave out --audience with --player",
        ),
        (["--as-of-session", "1"], 1, "--as-of-session needs --player or --book"),
        (["--player", "pat", "--as-of-session", "5"], 1, "there is no session 5"),
        (["--player", "pam"], 1, "unknown player `pam`\n    hint: did you mean `pat`?"),
    ],
)
def test_options_that_do_not_apply_are_refused(
    runner: CliRunner, played: Path, arguments: list[str], code: int, message: str
) -> None:
    result = runner.invoke(app, ["build", *arguments, "--out", "out"])
    assert result.exit_code == code
    assert message in result.output
    assert not (played / "out").exists()


def test_handout_copies_never_open_the_record(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A foreign file where the record would be stops packets and the book, not copies."""
    (mini / "companion.db").write_text("not a database\n")
    monkeypatch.chdir(mini)
    assert [p.name for p in build(runner, "--only", "letter", "--audience", "player")] == [
        "a-folded-letter.pdf"
    ]
    result = runner.invoke(app, ["build", "--book", "--out", "out"])
    assert result.exit_code == 1
    assert "not a companion session database" in result.output
    assert (mini / "companion.db").read_text() == "not a database\n"
