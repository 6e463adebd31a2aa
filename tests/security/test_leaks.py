"""Players never see secrets: every player PDF is searched for every GM-only text.

Written once over the models, so each new handout kind is covered without adding anything.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from companion.build.request import Audience, BuildOptions, OutputFormat
from companion.build.targets import build
from companion.campaign.audience import for_audience, gm_only_texts
from companion.campaign.loading import load_campaign
from companion.campaign.models import Campaign
from companion.render.markup import plain_text
from tests.conftest import ASSETS, OZOLA, SAINT, copy_file
from tests.pdftext import leaks, pdf_metadata_texts, pdf_text, secret_sentences, sentences


def _player_pdfs(folder: Path) -> list[Path]:
    return sorted((folder / "player").rglob("*.pdf")) + sorted((folder / "players").rglob("*.pdf"))


def test_ozola_player_pdfs_carry_no_gm_text(ozola: Campaign, ozola_build: Path) -> None:
    secrets = secret_sentences(ozola)
    assert len(secrets) > 300  # the campaign really has secrets to leak
    pdfs = _player_pdfs(ozola_build)
    assert len(pdfs) == len(ozola.handouts)
    found = {pdf.name: leaked for pdf in pdfs if (leaked := leaks(secrets, everything_in(pdf)))}
    assert found == {}


def everything_in(pdf: Path) -> str:
    """The pages' text and all a PDF says outside them (metadata, bookmarks, alternatives)."""
    return " ".join([pdf_text(pdf), *pdf_metadata_texts(pdf)])


def test_ozola_gm_pdfs_do_carry_the_gm_notes(ozola: Campaign, ozola_build: Path) -> None:
    """The counterpart: the same search finds the notes in the GM copies, so it can fail."""
    for handout_id, handout in ozola.handouts.items():
        if handout.gm_notes:
            text = pdf_text(ozola_build / "gm" / f"{handout_id}.pdf")
            assert leaks(sentences(handout.gm_notes), text), handout_id


def test_player_view_has_no_gm_only_value(ozola: Campaign) -> None:
    assert gm_only_texts(for_audience(ozola, "player")) == []


def test_mini_player_pdf_carries_no_gm_text(tmp_path: Path) -> None:
    campaign = load_campaign(ASSETS / "mini")
    build(campaign, BuildOptions(out_dir=tmp_path, audience="player"))
    secrets = secret_sentences(campaign)
    assert "The mill meeting is an ambush arranged by the cook’s brother" in secrets
    for pdf in _player_pdfs(tmp_path / "mini"):
        assert leaks(secrets, everything_in(pdf)) == []


@pytest.mark.parametrize("handout_id", ["meet-me-ru"])
def test_cyrillic_text_extracts_as_written(
    handout_id: str, ozola: Campaign, ozola_build: Path
) -> None:
    source = plain_text(ozola.handouts[handout_id].text)
    text = pdf_text(ozola_build / "player" / copy_file("player", handout_id, "ozola")).replace(
        "\u00a0", " "
    )
    assert source in text


def test_russian_file_extracts_as_written(ozola: Campaign, ozola_build: Path) -> None:
    """Every readable paragraph and row of the KGB file comes back from the player PDF as
    the same Cyrillic text (one font family per script draws the right glyphs)."""
    from companion.campaign.models import DossierHandout, Passage

    handout = ozola.handouts["karl-kgb-file"]
    assert isinstance(handout, DossierHandout)
    text = pdf_text(ozola_build / "player" / "дело-karl-ozola.pdf").replace("\u00a0", " ")
    checked = 0
    for section in handout.sections:
        for paragraph in section.paragraphs:
            passage = paragraph if isinstance(paragraph, Passage) else Passage(text=paragraph)
            if passage.concealed(revealed_through=0):
                continue
            words = plain_text(passage.text)
            # Compare the first sentence: line breaks inside a paragraph extract as spaces.
            first = words.split(". ")[0]
            assert first in text, first
            checked += 1
    assert checked >= 5
    assert "ЛИЧНОЕ ДЕЛО № 1147/83" in text and "СОВЕРШЕННО СЕКРЕТНО" in text


def titles_players_must_not_read(campaign: Campaign) -> list[str]:
    """The GM's titles of the handouts, where the players' name differs from them."""
    from companion.campaign.player_names import player_facing_title

    return [
        handout.title
        for handout in campaign.handouts.values()
        if handout.title != player_facing_title(campaign, handout)
    ]


@pytest.mark.parametrize("built", ["ozola_build", "saint_build"])
def test_no_gm_title_outside_the_pages_either(built: str, request: pytest.FixtureRequest) -> None:
    """Metadata, bookmarks and links of every player PDF: the GM's handout titles (the
    Saint's "The captain's warning to Kate" names its GM-only author) never appear."""
    folder: Path = request.getfixturevalue(built)
    campaign = load_campaign(ASSETS / "saint-of-the-nets" if built == "saint_build" else OZOLA)
    titles = titles_players_must_not_read(campaign)
    assert titles  # the campaign has titles to leak
    for pdf in _player_pdfs(folder):
        outside = " ".join(pdf_metadata_texts(pdf))
        inside = pdf_text(pdf)
        assert [t for t in titles if t in outside or t in inside] == [], pdf.name


def test_a_telling_title_reaches_only_the_gm(tmp_path: Path) -> None:
    campaign = load_campaign(ASSETS / "mini")
    letter = campaign.handouts["letter"].model_copy(
        update={"title": "FORGED by the StB - trap", "player_title": None}
    )
    campaign = campaign.model_copy(update={"handouts": {**campaign.handouts, "letter": letter}})
    for output_format in ("pdf", "html"):
        build(
            campaign,
            BuildOptions(out_dir=tmp_path / output_format, only=("letter",), format=output_format),
        )
    # The players' file takes the players' name too: `note.pdf`, never `forged-by-the-stb...`.
    player = tmp_path / "pdf" / "mini" / "player" / "note.pdf"
    gm = tmp_path / "pdf" / "mini" / "gm" / "letter.pdf"
    assert "FORGED by the StB" not in " ".join(pdf_metadata_texts(player))
    assert "FORGED by the StB" in " ".join(pdf_metadata_texts(gm))
    html = (tmp_path / "html" / "mini" / "player" / "note.html").read_text()
    assert "FORGED" not in html and "<title>Note</title>" in html
    written = [p.name.casefold() for p in tmp_path.rglob("player/*")]
    assert written and not [name for name in written if "forged" in name]


class _HtmlText(HTMLParser):
    """What a browser could show or read aloud: text nodes and every attribute's value."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts += [value for _, value in attrs if value]


def html_text(path: Path) -> str:
    parser = _HtmlText()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


@pytest.mark.parametrize("folder", [OZOLA, SAINT], ids=["ozola", "saint"])
def test_player_html_carries_no_gm_text(folder: Path, tmp_path: Path) -> None:
    """`--format html` (for template work, or a screen at the table) is searched like the
    PDFs: text, attributes, titles of inline pictures."""
    campaign = load_campaign(folder)
    options = BuildOptions(out_dir=tmp_path, audience=Audience.PLAYER, format=OutputFormat.HTML)
    build(campaign, options)
    pages = sorted((tmp_path / campaign.name / "player").rglob("*.html"))
    assert len(pages) >= len(campaign.handouts)
    secrets = secret_sentences(campaign) + titles_players_must_not_read(campaign)
    found = {page.name: leaked for page in pages if (leaked := leaks(secrets, html_text(page)))}
    assert found == {}


def test_player_pngs_are_pictures_of_the_player_pdf_and_nothing_more(
    ozola: Campaign, ozola_build: Path, tmp_path: Path
) -> None:
    """A PNG page is the player PDF's page rasterised: it can show no more than the PDF the
    leak test searched (the session's build), and it carries no text chunks of its own."""
    from PIL import Image

    from companion.render.pdf import pdf_to_pngs

    options = BuildOptions(
        out_dir=tmp_path,
        audience=Audience.PLAYER,
        format=OutputFormat.PNG,
        dpi=40,
        only=("restaurant-map", "karl-kgb-file"),
    )
    build(ozola, options)
    player = tmp_path / ozola.name / "player"
    for handout in ("restaurant-map", "karl-kgb-file"):
        pdf = ozola_build / "player" / copy_file("player", handout, "ozola")
        expected = pdf_to_pngs(pdf.read_bytes(), 40)
        written = sorted(
            player.glob(copy_file("player", handout, "ozola", "-p*.png")),
            key=lambda p: int(p.stem.rsplit("-p", 1)[1]),
        )
        assert [p.read_bytes() for p in written] == expected
        for png in written:
            with Image.open(png) as picture:
                assert picture.text == {}, png.name  # tEXt, iTXt and zTXt chunks alike


def test_player_file_names_come_from_what_players_read() -> None:
    from companion.campaign.player_names import file_stem, player_file_names

    assert file_stem("Carl Eklund's business cards") == "carl-eklunds-business-cards"
    assert file_stem("Plan: Restaurant «Белые ночи»") == "plan-restaurant-белые-ночи"
    assert file_stem("Αγία Ελένη · Agia Eleni") == "αγία-ελένη-agia-eleni"
    long = file_stem("A very long heading " * 6)
    assert len(long) <= 60 and not long.endswith("-") and long.endswith("heading")
    saint = player_file_names(load_campaign(SAINT))
    # A note with no name of its own is named in its language; the two Croatian notes both
    # read "Poruka" to the players: numbered in id order, whatever a build chose.
    notes = ("captain-note-el", "captain-note-en", "ivo-letter", "night-fishing-ban")
    assert [saint[h] for h in notes] == ["σημείωμα", "note", "poruka", "poruka-2"]
    assert len(set(saint.values())) == len(saint)
