"""Regenerate the handout pictures in docs/images/ from the Ozola campaign.

    python scripts/readme_images.py

Each picture is page 1 of a player copy (or the GM copy where named), rendered by the
project itself, so the README always shows what `companion build` really prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from companion.atomic import write_atomic
from companion.build.pipeline import Pipeline, pipeline_for
from companion.campaign.loading import load_campaign
from companion.campaign.models import Campaign
from companion.render.pdf import pdf_to_pngs

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"

# (handout id, audience, page index, dpi)
PICTURES = [
    ("meet-me", "player", 0, 60),
    ("meet-me", "player", 1, 60),
    ("meet-me-ru", "player", 1, 60),
    ("meet-me", "gm", 2, 60),
    ("karl-kgb-file", "player", 0, 70),
    ("karl-kgb-file", "gm", 0, 70),
    ("karl-kgb-file", "player", 1, 70),
    ("matchbox", "player", 0, 90),
    ("natalia-file", "player", 1, 70),
    ("restaurant-map", "player", 0, 70),
    ("restaurant-map", "gm", 0, 70),
    ("eklund-cards", "player", 0, 70),
    ("tarasov-id", "player", 1, 70),
    ("stockholm-telegram", "player", 0, 70),
    ("sokolov-file", "player", 0, 55),
    ("london-pad-message", "player", 0, 60),
    ("london-pad-message", "player", 1, 60),
    ("mother-letter", "player", 0, 70),
    ("mother-letter", "player", 1, 70),
    ("tarasov-id", "player", 0, 70),
    ("sokolov-file", "player", 1, 55),
]
# Anna's packet after session 1, every page side by side, as the packet prints.
PACKET = ("anna", ("meet-me", "natalia-file", "eklund-cards", "table-seven"))


def packet_strip(pipeline: Pipeline, height_px: int = 260) -> bytes:
    """All pages of a packet as one strip of thumbnails, each page at the same scale."""
    import io

    from PIL import Image

    pdf = pipeline.pdf(PACKET[1], "player")
    pages = [Image.open(io.BytesIO(png)) for png in pdf_to_pngs(pdf, dpi=30)]
    scale = height_px / max(page.height for page in pages)
    thumbs = [p.resize((round(p.width * scale), round(p.height * scale))) for p in pages]
    strip = Image.new("RGB", (sum(t.width for t in thumbs) + 12 * len(thumbs), height_px), "#888")
    x = 6
    for thumb in thumbs:
        strip.paste(thumb, (x, height_px - thumb.height))
        x += thumb.width + 12
    buffer = io.BytesIO()
    strip.save(buffer, format="PNG")
    return buffer.getvalue()


HANDS_TEXT = "Meet me at 8 pm.\nCome alone.\n\nПриходи один.\nΈλα μόνος. Łódź, Đurđica"


def hands_strip(campaign: Campaign, height_px: int = 300) -> bytes:
    """The same note written in every hand, side by side, each labelled with its name."""
    import io

    from PIL import Image, ImageDraw

    from companion.render.hands import HANDS

    note = campaign.handouts["meet-me"]
    pages = []
    for name in HANDS:
        update = {"hand": name, "text": HANDS_TEXT, "size": "a7", "written_on": None}
        written = note.model_copy(update=update)
        handouts = {**campaign.handouts, "meet-me": written}
        pipeline = pipeline_for(campaign.model_copy(update={"handouts": handouts}))
        png = pdf_to_pngs(pipeline.pdf(["meet-me"], "player"), dpi=96)[0]
        page = Image.open(io.BytesIO(png)).convert("RGB")
        ImageDraw.Draw(page).text((8, page.height - 16), name, fill="#7a1010")
        pages.append(page)
    scale = height_px / pages[0].height
    thumbs = [p.resize((round(p.width * scale), height_px)) for p in pages]
    strip = Image.new("RGB", (sum(t.width + 8 for t in thumbs) + 8, height_px + 16), "#888")
    x = 8
    for thumb in thumbs:
        strip.paste(thumb, (x, 8))
        x += thumb.width + 8
    buffer = io.BytesIO()
    strip.save(buffer, format="PNG")
    return buffer.getvalue()


# Pages of the GM's book, found by their bookmark: (bookmark, picture name, dpi).
BOOK_PAGES = [
    ("Natalia Andreyevna Vetrova", "book-npc", 70),
    ("Clues and conclusions", "book-clue-graph", 90),
]


def book_pictures(campaign: Campaign) -> None:
    """Pages of the GM's book before the first session."""
    import tempfile

    import pypdf

    from companion.build.request import Audience, BuildOptions, BuildPlan
    from companion.build.targets import build_plan

    with tempfile.TemporaryDirectory() as out:
        options = BuildOptions(out_dir=Path(out), audience=Audience.GM)
        build_plan(campaign, options, BuildPlan(book=True, copies=False))
        pdf = Path(out) / campaign.name / "gm" / "book.pdf"
        reader = pypdf.PdfReader(pdf)
        pages = {}
        for item in reader.outline:
            for entry in item if isinstance(item, list) else [item]:
                pages[entry.title] = reader.get_destination_page_number(entry)
        for title, name, dpi in BOOK_PAGES:
            target = IMAGES / f"{name}.png"
            write_atomic(target, pdf_to_pngs(pdf.read_bytes(), dpi=dpi)[pages[title]])
            print(f"wrote {target.relative_to(ROOT)}")


# Pictures beyond Ozola's own: (campaign folder, handout, audience, --map-scale or None, page,
# picture name, dpi).
BEYOND_OZOLA = [
    ("campaigns/ozola", "office-map", "gm", None, 0, "office-map-gm-p1", 70),
    ("campaigns/ozola", "restaurant-map", "player", "1:50", 0, "restaurant-map-1-50-sheet", 70),
    ("campaigns/ozola", "restaurant-map", "gm", "1:50", 3, "restaurant-map-1-50-a3", 70),
    ("tests/assets/saint-of-the-nets", "galeb-map", "gm", None, 0, "galeb-map-gm-p1", 70),
    (
        "tests/assets/saint-of-the-nets",
        "gherardini-letter",
        "player",
        None,
        0,
        "gherardini-letter-player-p1",
        60,
    ),
    (
        "tests/assets/saint-of-the-nets",
        "gherardini-tally",
        "player",
        None,
        0,
        "gherardini-tally-player-p1",
        60,
    ),
    (
        "tests/assets/saint-of-the-nets",
        "novo-doba-clipping",
        "player",
        None,
        0,
        "novo-doba-clipping-player-p1",
        60,
    ),
    (
        "tests/assets/saint-of-the-nets",
        "threat-ransom",
        "player",
        None,
        0,
        "threat-ransom-player-p1",
        60,
    ),
    (
        "tests/assets/saint-of-the-nets",
        "threat-ransom",
        "player",
        None,
        1,
        "threat-ransom-player-p2",
        60,
    ),
    (
        "tests/assets/saint-of-the-nets",
        "agia-eleni-manifest",
        "player",
        None,
        0,
        "agia-eleni-manifest-player-p1",
        60,
    ),
    (
        "tests/assets/saint-of-the-nets",
        "petrovo-poster",
        "player",
        None,
        0,
        "petrovo-poster-player-p1",
        45,
    ),
    (
        "tests/assets/saint-of-the-nets",
        "petrovo-poster",
        "player",
        None,
        2,
        "petrovo-poster-player-p3",
        45,
    ),
    ("tests/assets/saint-of-the-nets", "ivo-letter", "player", None, 0, "ivo-letter-player-p1", 55),
    ("tests/assets/hollow-light", "lighthouse-plan", "gm", None, 0, "lighthouse-plan-gm-p1", 70),
    (
        "tests/assets/hollow-light",
        "sterbeurkunde",
        "player",
        None,
        0,
        "sterbeurkunde-player-p1",
        60,
    ),
]


def pictures_beyond_ozola() -> None:
    from companion.build.request import BuildOptions

    for folder, handout_id, audience, scale, page, name, dpi in BEYOND_OZOLA:
        pipeline = pipeline_for(load_campaign(ROOT / folder), BuildOptions(map_scale=scale))
        target = IMAGES / f"{name}.png"
        write_atomic(target, pdf_to_pngs(pipeline.pdf([handout_id], audience), dpi=dpi)[page])
        print(f"wrote {target.relative_to(ROOT)}")


def uvtt_over_its_picture(document: dict[str, Any]) -> bytes:
    """A Universal VTT file as an importer reads it: its walls (blue), doors (green) and
    windows (cyan) drawn from the JSON over the picture the file carries."""
    import base64
    import io

    from PIL import Image, ImageDraw

    picture = Image.open(io.BytesIO(base64.b64decode(document["image"]))).convert("RGB")
    grid = document["resolution"]["pixels_per_grid"]
    pen = ImageDraw.Draw(picture)

    def pixels(points: list[dict[str, float]]) -> list[tuple[float, float]]:
        return [(point["x"] * grid, point["y"] * grid) for point in points]

    for line in document["line_of_sight"]:
        pen.line(pixels(line), fill=(20, 90, 230), width=max(2, grid // 16))
    for portal in document["portals"]:
        colour = (0, 160, 60) if portal["closed"] else (0, 190, 215)
        pen.line(pixels(portal["bounds"]), fill=colour, width=max(3, grid // 9))
        (x, y), r = pixels([portal["position"]])[0], max(2, grid // 14)
        pen.ellipse((x - r, y - r, x + r, y + r), fill=(200, 30, 30))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def uvtt_pictures(campaign: Campaign) -> None:
    """The restaurant exported to Universal VTT, the players' file and the GM's."""
    import json

    from companion.export.exporting import exported_files
    from companion.export.request import ExportRequest

    for audience in ("player", "gm"):
        files = exported_files(campaign, ExportRequest("uvtt", audience, pixels_per_grid=40))
        name = next(name for name in files if name.startswith("restaurant"))
        target = IMAGES / f"uvtt-restaurant-{audience}.png"
        write_atomic(target, uvtt_over_its_picture(json.loads(files[name])))
        print(f"wrote {target.relative_to(ROOT)}")


def main() -> None:
    campaign = load_campaign(ROOT / "campaigns" / "ozola")
    uvtt_pictures(campaign)
    book_pictures(campaign)
    pictures_beyond_ozola()
    pipeline = pipeline_for(campaign)
    target = IMAGES / "hands.png"
    write_atomic(target, hands_strip(campaign))
    print(f"wrote {target.relative_to(ROOT)}")
    target = IMAGES / f"packet-{PACKET[0]}.png"
    write_atomic(target, packet_strip(pipeline))
    print(f"wrote {target.relative_to(ROOT)}")
    for handout_id, audience, page, dpi in PICTURES:
        if handout_id not in pipeline.campaign.handouts:
            continue
        pdf = pipeline.pdf([handout_id], audience)
        target = IMAGES / f"{handout_id}-{audience}-p{page + 1}.png"
        write_atomic(target, pdf_to_pngs(pdf, dpi=dpi)[page])
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
