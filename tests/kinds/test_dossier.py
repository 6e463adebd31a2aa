"""Dossiers: redaction that removes words, reveals over time, portraits kept inside the folder;
each organisation's files in its own office's style, every word printed, none under a stamp."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PIL import Image
from typer.testing import CliRunner
from weasyprint.formatting_structure import boxes

from companion.build.pipeline import pipeline_for
from companion.build.request import BuildOptions
from companion.build.targets import build
from companion.campaign.loading import load_campaign
from companion.campaign.models import DossierHandout, Passage
from companion.campaign.pictures import PictureRefused, prepared_picture
from companion.cli import app
from companion.kinds.base import PageSize
from companion.kinds.dossier import DossierContext
from companion.kinds.dossier_styles import Fittings
from companion.render.markup import plain_text
from tests.conftest import OZOLA, copy_file
from tests.forge import png_header_only
from tests.pdftext import embedded_fonts, pdf_text

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


# --- Each office's own file (`file_style`) -------------------------------------------------

# A file of every style: no organisation (plain), and the built-in organisations.
STYLED_OFFICES = {
    "plain": None,
    "soviet": "kgb",
    "british": "sis",
    "police-1920s": "met-police-1920s",
    "newspaper-morgue": "newspaper",
}
STAMPED = "stamps: [wanted, deceased, keep-forever, eyes-only]\n"


def file_by(mini: Path, handout_id: str, organisation: str | None, extra: str = "") -> None:
    """The butler's file as `organisation` keeps it (none: a plain file), with every stamp
    a file may have."""
    source = (mini / "handouts" / "butler-file.yaml").read_text()
    own = f"organisation: {organisation}\n" if organisation else ""
    text = source.replace("organisation: sis\n", own).replace("stamps: [burned]\n", STAMPED)
    (mini / "handouts" / f"{handout_id}.yaml").write_text(text + extra)


def test_two_offices_files_on_one_man_look_like_their_own(mini: Path, tmp_path: Path) -> None:
    """The KGB's file is a Soviet form, sewn, typed on a Cyrillic machine with a printed
    serif; the SIS file a British registry file on a treasury tag, in an English typewriter
    face, its minutes numbered."""
    file_by(mini, "kgb-file", "kgb")
    file_by(mini, "sis-file", "sis")
    campaign = load_campaign(mini)
    pipeline = pipeline_for(campaign)
    soviet, british = pipeline.html("kgb-file", "player"), pipeline.html("sis-file", "player")
    assert 'class="dossier style-soviet' in soviet and 'class="fastening stitching"' in soviet
    assert 'class="dossier style-british' in british and 'class="fastening treasury-tag"' in british
    assert '<span class="minute-number">1.</span>' in british
    assert 'class="minute-number"' not in soviet
    assert re.search(r'<span class="number">\d+\.</span> Рост', soviet)  # a numbered question
    build(campaign, BuildOptions(only=("kgb-file", "sis-file"), out_dir=tmp_path))
    fonts = {
        handout: embedded_fonts(tmp_path / "mini" / "gm" / f"{handout}.pdf")
        for handout in ("kgb-file", "sis-file")
    }
    assert {"Anonymous-Pro-Cyrillic", "PT-Serif-Cyrillic"} <= fonts["kgb-file"]
    assert "Cutive-Mono-Latin" in fonts["sis-file"]
    assert not any(font.startswith("Cutive") for font in fonts["kgb-file"])
    assert not any(font.startswith("Anonymous") for font in fonts["sis-file"])


def text_by_height(pdf: Path) -> list[list[tuple[float, str]]]:
    """Each page's pieces of text, with how far above the foot of the page each stands."""
    pages: list[list[tuple[float, str]]] = []

    def seen(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            pages[-1].append((tm[5] * cm[3] + tm[4] * cm[1] + cm[5], text.strip()))

    for page in pypdf.PdfReader(pdf).pages:
        pages.append([])
        page.extract_text(visitor_text=seen)
    return pages


def test_a_british_file_is_classified_head_and_foot_of_every_page(
    mini: Path, tmp_path: Path
) -> None:
    handout = mini / "handouts" / "butler-file.yaml"
    minutes = "".join(
        f"      - Minute {n}, seen at the manor, nothing to report.\n" for n in range(70)
    )
    handout.write_text(handout.read_text() + "  - key: notes\n    paragraphs:\n" + minutes)
    build(load_campaign(mini), BuildOptions(only=("butler-file",), out_dir=tmp_path))
    pages = text_by_height(tmp_path / "mini" / "player" / copy_file("player", "butler-file"))
    height = PageSize.named("a4").height_mm / 25.4 * 72
    assert len(pages) >= 2
    for number, texts in enumerate(pages, start=1):
        secret = [at for at, text in texts if text == "SECRET"]
        assert len(secret) == 2, (number, texts)
        assert max(secret) > height - 25 / 25.4 * 72 and min(secret) < 20 / 25.4 * 72
    assert "Minute 69, seen at the manor" in pdf_text(
        tmp_path / "mini" / "player" / copy_file("player", "butler-file")
    )


def test_a_minute_has_the_same_number_in_the_gm_copy_as_in_the_players(mini: Path) -> None:
    """Minutes are numbered as the players' copy shows them: a redacted one keeps its number,
    one only the GM reads has none, so the GM can say "minute 3" to the table."""
    handout = mini / "handouts" / "butler-file.yaml"
    handout.write_text(
        handout.read_text().replace(
            "      - text: His brother",
            "      - text: The butler keeps a second ledger.\n        gm: true\n"
            "      - text: His brother",
        )
    )
    pipeline = pipeline_for(load_campaign(mini))
    numbers = {}
    for audience in ("gm", "player"):
        context = pipeline.context("butler-file", audience)
        assert isinstance(context, DossierContext)
        entries = [e for section in context.sections for e in section.entries]
        numbers[audience] = [(e.number, e.hidden) for e in entries]
    assert numbers["gm"] == [(1, False), (2, False), (None, True), (3, False)]
    assert numbers["player"] == [(1, False), (2, False), (3, False)]


def ozola_words(handout: DossierHandout, concealed_too: bool) -> list[str]:
    """Every word the YAML gives the file: its header, rows and paragraphs (those the players
    may read, or all of them for the GM's copy)."""
    texts = [handout.department, handout.file_number, handout.opened]
    for row in handout.fields:
        if concealed_too or not (row.redacted or row.gm):
            texts += [row.label, row.text]
    for section in handout.sections:
        texts.append(section.heading)
        for paragraph in section.paragraphs:
            passage = paragraph if isinstance(paragraph, Passage) else Passage(text=paragraph)
            if concealed_too or not passage.concealed(revealed_through=0):
                texts.append(passage.text)
    return [word for text in texts if text for word in re.findall(r"\w+", plain_text(text))]


OZOLA_FILES = ("karl-kgb-file", "natalia-file", "sokolov-file")


@pytest.mark.parametrize("handout_id", OZOLA_FILES)
@pytest.mark.parametrize("audience", ["gm", "player"])
def test_every_word_the_yaml_gives_a_file_is_printed(
    ozola_build: Path, handout_id: str, audience: str
) -> None:
    handout = load_campaign(OZOLA).handouts[handout_id]
    assert isinstance(handout, DossierHandout)
    name = f"{handout_id}.pdf" if audience == "gm" else copy_file("player", handout_id, "ozola")
    printed = pdf_text(ozola_build / audience / name).replace("\u00a0", " ")
    words = ozola_words(handout, concealed_too=audience == "gm")
    assert len(words) > 150
    # Compared whatever their case: a form may print its labels in capitals.
    assert [word for word in words if word.casefold() not in printed.casefold()] == []


def test_an_office_style_sets_its_stamp_ink_unless_the_campaign_names_one(mini: Path) -> None:
    campaign = mini / "campaign.yaml"
    campaign.write_text(
        campaign.read_text()
        + "organisations:\n"
        + "  - {id: okhrana, name: Охранное отделение, file_style: soviet}\n"
        + "  - {id: yard, name: Yard, file_style: soviet, stamp_colour: green}\n"
    )
    info = load_campaign(mini).info
    inks = {org.id: org.stamp_colour for org in info.organisations}
    assert inks == {"okhrana": "violet", "yard": "green"}


def test_an_unknown_file_style_is_located(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    campaign = mini / "campaign.yaml"
    campaign.write_text(
        campaign.read_text()
        + "organisations:\n  - id: yard\n    name: Yard\n    file_style: sovjet\n"
    )
    monkeypatch.chdir(mini.parent)
    result = runner.invoke(app, ["validate", "mini"])
    assert result.exit_code == 1
    assert result.output.startswith(
        "mini/campaign.yaml:17:17: `organisations[0].file_style`: expected one of `plain`, "
        "`soviet`, `british`, `police-1920s`, `newspaper-morgue`; found `sovjet`\n"
        "    hint: did you mean `soviet`?"
    )


def test_a_files_fittings_come_from_its_office_and_its_own_seed(mini: Path) -> None:
    """Cup rings, stains, where the clip or the tag lies: each file its own, the same on
    every build, and the same man's file different in another office."""
    for number in range(8):
        file_by(mini, f"sis-file-{number}", "sis")
    file_by(mini, "kgb-file-0", "kgb")
    pipeline = pipeline_for(load_campaign(mini))

    def fittings(handout_id: str) -> Fittings:
        context = pipeline.context(handout_id, "player")
        assert isinstance(context, DossierContext)
        return context.fittings

    british = [fittings(f"sis-file-{number}") for number in range(8)]
    assert len({(f.fastened.x_mm, f.fastened.y_mm, f.fastened.angle_deg) for f in british}) == 8
    assert {bool(f.stains) for f in british} == {True, False}  # some ringed, some clean
    assert len({f.photo_clip_pct for f in british}) == 8  # the photograph's clip moves too
    assert {f.fastened.kind for f in british} == {"treasury-tag"}
    assert fittings("kgb-file-0").fastened.kind == "stitching"
    assert fittings("kgb-file-0").paper != british[0].paper
    again = pipeline_for(load_campaign(mini)).context("sis-file-3", "player")
    assert isinstance(again, DossierContext) and again.fittings == british[3]


# --- Nothing lies under a stamp or a fastening ---------------------------------------------

Rect = tuple[float, float, float, float]  # left, top, right, bottom, in CSS px


def _descendants(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


def _classes(box: Any) -> set[str]:
    element = getattr(box, "element", None)
    return set((element.get("class") or "").split()) if element is not None else set()


def _turn(box: Any) -> float:
    """The angle the box's own `style` attribute turns it by."""
    found = re.search(r"rotate\((-?[\d.]+)deg\)", box.element.get("style") or "")
    return math.radians(float(found.group(1))) if found else 0.0


def _turned(corners: list[tuple[float, float]], about: tuple[float, float], angle: float) -> Rect:
    """The upright rectangle round `corners` turned by `angle` about `about`."""
    cx, cy = about
    cos, sin = math.cos(angle), math.sin(angle)
    xs = [cx + (x - cx) * cos - (y - cy) * sin for x, y in corners]
    ys = [cy + (x - cx) * sin + (y - cy) * cos for x, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _corners(box: Any) -> list[tuple[float, float]]:
    left, top = box.border_box_x(), box.border_box_y()
    right, bottom = left + box.border_width(), top + box.border_height()
    return [(left, top), (right, top), (left, bottom), (right, bottom)]


def covers(page_box: Any) -> list[tuple[Rect, set[int]]]:
    """Where each stamp, fastening and hole lies on a page (as turned), and the boxes that
    are its own (a stamp's words)."""
    found = []
    stack = [page_box]
    while stack:
        box = stack.pop()
        classes = _classes(box)
        own = {id(b) for b in _descendants(box)}
        if "stamp" in classes:
            corners = _corners(box)
            middle = ((corners[0][0] + corners[3][0]) / 2, (corners[0][1] + corners[3][1]) / 2)
            found.append((_turned(corners, middle, _turn(box)), own))
        elif "fastening" in classes:
            anchor = (box.content_box_x(), box.content_box_y())
            drawing = [b for b in _descendants(box) if b is not box and _classes(b)]
            found.append((_turned(_corners(drawing[0]), anchor, _turn(box)), own))
        elif "hole" in classes:
            found.append((_turned(_corners(box), (0, 0), 0), own))
        else:
            stack.extend(getattr(box, "children", ()))
    return found


def _line_texts(box: Any) -> Iterator[Any]:
    """The text a line box holds itself, not that of an inline block's own lines."""
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.TextBox):
            yield child
        elif isinstance(child, boxes.InlineBox):
            yield from _line_texts(child)


def text_rects(page_box: Any) -> Iterator[tuple[Rect, int, str]]:
    """Every laid-out line's text, with the line box's id."""
    for line in _descendants(page_box):
        if isinstance(line, boxes.LineBox):
            texts = [t for t in _line_texts(line) if t.text.strip()]
            if texts:
                left = min(t.position_x for t in texts)
                right = max(t.position_x + t.width for t in texts)
                top, bottom = line.position_y, line.position_y + line.height
                yield (left, top, right, bottom), id(line), " ".join(t.text for t in texts)


def words_under_covers(pipeline: Any, handout_id: str, audience: str) -> list[str]:
    rendered = pipeline.lay_out(pipeline.documents(handout_id, audience)[:1])
    under = []
    for number, page in enumerate(rendered.documents[0].pages):
        page_box = page._page_box  # WeasyPrint's laid-out boxes: no public way to them
        placed = covers(page_box)
        assert placed, "every page has a fastening or its holes"
        for (left, top, right, bottom), line, text in text_rects(page_box):
            for (c_left, c_top, c_right, c_bottom), own in placed:
                apart = right <= c_left or left >= c_right or bottom <= c_top or top >= c_bottom
                if line not in own and not apart:
                    under.append(f"page {number + 1}: {text}")
    return under


@pytest.mark.parametrize("style", list(STYLED_OFFICES))
def test_no_word_lies_under_a_stamp_or_a_fastening(mini: Path, style: str) -> None:
    """Every style, with every common stamp (one set in a Soviet file's corner) and a long
    one of the organisation's own, on several files each (each its own seed)."""
    handout_ids = [f"{style}-file-{number}" for number in range(3)]
    for handout_id in handout_ids:
        file_by(mini, handout_id, STYLED_OFFICES[style])
    pipeline = pipeline_for(load_campaign(mini))
    for handout_id in handout_ids:
        context = pipeline.context(handout_id, "gm")
        assert isinstance(context, DossierContext) and context.style.name == style
        assert words_under_covers(pipeline, handout_id, "gm") == []


@pytest.mark.parametrize("handout_id", OZOLA_FILES)
def test_no_word_of_ozolas_files_lies_under_a_stamp_or_a_fastening(handout_id: str) -> None:
    pipeline = pipeline_for(load_campaign(OZOLA))
    for audience in ("gm", "player"):
        assert words_under_covers(pipeline, handout_id, audience) == []
