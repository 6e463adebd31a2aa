"""Dossiers: redaction that removes words, reveals over time, portraits kept inside the folder."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from PIL import Image
from typer.testing import CliRunner

from companion.build.pipeline import pipeline_for
from companion.build.request import BuildOptions
from companion.build.targets import build
from companion.campaign.loading import load_campaign
from companion.campaign.pictures import PictureRefused, prepared_picture
from companion.cli import app
from tests.forge import png_header_only
from tests.pdftext import pdf_text

SECRET_MARKS = "A burn scar on the right palm from the silver polish."
SECRET_PARAGRAPH = "Bought rat poison at the chemist's on the morning of the dinner."
LATER_PARAGRAPH = "His brother runs the mill where the ledger is hidden."
GM_ROW = "Coutts & Co., account in a false name."


@pytest.fixture
def built(mini: Path, tmp_path: Path) -> Path:
    build(load_campaign(mini), BuildOptions(only=("butler-file",), out_dir=tmp_path))
    return tmp_path / "mini"


def test_player_copy_has_bars_not_words(built: Path) -> None:
    player = pdf_text(built / "player" / "file-jeeves-hartley.pdf")
    assert "Served the family for twenty years without a complaint." in player
    assert "JEEVES HARTLEY" in player
    for hidden in (SECRET_MARKS, "silver polish", "rat poison", LATER_PARAGRAPH, "Coutts", "Bank"):
        assert hidden not in player


def test_gm_copy_shows_the_redacted_words(built: Path) -> None:
    gm = pdf_text(built / "gm" / "butler-file.pdf")
    for shown in (SECRET_MARKS, "rat poison at the chemist", LATER_PARAGRAPH, "Coutts & Co."):
        assert shown in gm.replace("’", "'")


def test_redaction_draws_black_bars(built: Path) -> None:
    import pypdfium2

    page = pypdfium2.PdfDocument((built / "player" / "file-jeeves-hartley.pdf").read_bytes())[0]
    image = page.render(scale=1).to_pil().convert("L")
    black = sum(image.histogram()[:30])
    assert black > 3000  # three bars of several hundred points each


def test_revealed_paragraph_appears_from_its_session(mini: Path) -> None:
    campaign = load_campaign(mini)
    before = pipeline_for(campaign, revealed_through=1).html("butler-file", "player")
    after = pipeline_for(campaign, revealed_through=2).html("butler-file", "player")
    assert LATER_PARAGRAPH not in before
    assert LATER_PARAGRAPH in after
    assert SECRET_PARAGRAPH.replace("'", "’") not in after


def test_long_file_flows_onto_pages_with_running_header(mini: Path, tmp_path: Path) -> None:
    handout = mini / "handouts" / "butler-file.yaml"
    long_paragraphs = "".join(
        f"      - Entry {n}, observed at the manor, nothing of note, routine duties.\n"
        for n in range(90)
    )
    handout.write_text(handout.read_text() + "  - key: notes\n    paragraphs:\n" + long_paragraphs)
    build(load_campaign(mini), BuildOptions(only=("butler-file",), out_dir=tmp_path))
    text = pdf_text(tmp_path / "mini" / "player" / "file-jeeves-hartley.pdf")
    pages = len(pypdf.PdfReader(tmp_path / "mini" / "player" / "file-jeeves-hartley.pdf").pages)
    assert pages >= 2
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text
    assert text.count("Personal File PF 100/7") >= pages


def test_automatic_dossier_for_marked_npc(mini: Path) -> None:
    (mini / "npcs" / "cook.yaml").write_text("name: Martha Cole\nrole: Cook\ndossier: true\n")
    campaign = load_campaign(mini)
    assert campaign.handouts["file-cook"].kind == "dossier"
    assert "MARTHA COLE" in pipeline_for(campaign).html("file-cook", "player").upper()


@pytest.mark.parametrize(
    ("portrait", "message"),
    [
        ("../../outside.jpg", "`../../outside.jpg` is outside the campaign folder"),
        ("/etc/passwd", "`/etc/passwd` is outside the campaign folder"),
        ("images/nobody.jpg", "no file `images/nobody.jpg` in the campaign folder"),
    ],
)
def test_portrait_path_errors_are_located(
    portrait: str, message: str, runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (mini / "npcs" / "cook.yaml").write_text(f"name: Martha Cole\nportrait: {portrait}\n")
    monkeypatch.chdir(mini.parent)
    result = runner.invoke(app, ["validate", "mini"])
    assert result.exit_code == 1
    assert result.output.startswith(f"mini/npcs/cook.yaml:2:11: {message}\n")


def test_portrait_symlink_leaving_the_folder_is_refused(
    runner: CliRunner, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside.jpg"
    Image.new("RGB", (10, 10)).save(outside)
    (mini / "images" / "link.jpg").symlink_to(outside)
    (mini / "npcs" / "cook.yaml").write_text("name: Martha Cole\nportrait: images/link.jpg\n")
    monkeypatch.chdir(mini.parent)
    result = runner.invoke(app, ["validate", "mini"])
    assert "`images/link.jpg` is outside the campaign folder" in result.output


def test_large_photo_is_downscaled(mini: Path) -> None:
    source = mini / "images" / "butler.jpg"
    assert max(Image.open(source).size) == 2000
    prepared = Image.open(io.BytesIO(prepared_picture(source, "mono")))
    assert max(prepared.size) == 900
    assert prepared.mode == "L"


@pytest.mark.parametrize("side", [8_000, 100_000])  # ours, and above Pillow's own limit
def test_picture_claiming_huge_size_is_refused(side: int, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_header_only(side, side))
    assert bomb.stat().st_size < 100
    with pytest.raises(PictureRefused, match="claims more than 50,000,000 pixels"):
        prepared_picture(bomb)


def test_a_marker_redacts_by_hand_and_still_truly(mini: Path, tmp_path: Path) -> None:
    """`redaction: marker`: the bars are strokes of uneven length and edge, each its own,
    the same on every build; the words stay out of the player's PDF."""
    from companion.kinds.dossier import DossierContext

    path = mini / "handouts" / "butler-file.yaml"
    path.write_text(path.read_text() + "redaction: marker\n")
    campaign = load_campaign(mini)
    context = pipeline_for(campaign).context("butler-file", "player")
    assert isinstance(context, DossierContext)
    entries = [*context.rows, *(e for s in context.sections for e in s.entries)]
    drawn = [bar for entry in entries for bar in entry.bars]
    assert len(drawn) >= 3 and all(bar.stroke for bar in drawn)
    assert len({bar.stroke for bar in drawn}) == len(drawn)  # no two strokes alike
    lengths = [n for entry in entries for n in entry.bar_lengths]
    assert [bar.width_ch for bar in drawn] != lengths  # run on past the words or stop short
    again = pipeline_for(load_campaign(mini)).html("butler-file", "player")
    assert pipeline_for(campaign).html("butler-file", "player") == again
    build(campaign, BuildOptions(only=("butler-file",), out_dir=tmp_path, audience="player"))
    player = pdf_text(tmp_path / "mini" / "player" / "file-jeeves-hartley.pdf")
    for hidden in (SECRET_MARKS, "rat poison", LATER_PARAGRAPH, "Coutts"):
        assert hidden not in player


def test_no_portrait_leaves_the_photo_corners_not_an_avatar(mini: Path) -> None:
    """A subject with no portrait: the file shows where a photograph was taken off (its
    mount corners, the glue), never a stock silhouette."""
    html = pipeline_for(load_campaign(mini)).html("butler-file", "player")
    (mini / "npcs" / "butler.yaml").write_text(
        (mini / "npcs" / "butler.yaml").read_text().replace("portrait: images/butler.jpg\n", "")
    )
    without = pipeline_for(load_campaign(mini)).html("butler-file", "player")
    assert 'class="photo"' in html and "<img" in html
    assert 'class="photo removed"' in without and "photo-removed" in without
    assert "silhouette" not in without
