"""A contact sheet of every prop of a campaign as it printed at an earlier commit and as it
prints now: for each handout, the first page of the players' copy, before on the left and
after on the right, all at the same scale.

    python scripts/before_after.py f272e0e              # Ozola, into docs/images/
    python scripts/before_after.py f272e0e --campaign campaigns/ozola --per-sheet 5

The earlier commit is checked out into a temporary git worktree and builds with its own code
and templates (this environment's libraries); the campaign is the one of each commit.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
LABEL_FONT = ROOT / "templates" / "fonts" / "pt-serif" / "pt-serif-latin-400-normal.ttf"
THUMB_HEIGHT_PX = 300
GAP_PX = 16
LABEL_PX = 30


def first_pages(checkout: Path, campaign: Path, out: Path) -> dict[str, Image.Image]:
    """Build the players' copies at `checkout` and read page 1 of each, by handout id."""
    script = (
        "import sys, pathlib\n"
        "from companion.build.pipeline import pipeline_for\n"
        "from companion.campaign.loading import load_campaign\n"
        "from companion.render.pdf import pdf_to_pngs\n"
        "campaign = load_campaign(pathlib.Path(sys.argv[1]))\n"
        "pipeline = pipeline_for(campaign)\n"
        "for handout in campaign.handouts:\n"
        "    try:\n"
        "        pdf = pipeline.pdf([handout], 'player')\n"
        "    except Exception as error:\n"
        "        print(handout, 'failed:', error, file=sys.stderr)\n"
        "        continue\n"
        "    png = pdf_to_pngs(pdf, dpi=40)[0]\n"
        "    pathlib.Path(sys.argv[2], handout + '.png').write_bytes(png)\n"
    )
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-c", script, str(checkout / campaign), str(out)],
        cwd=checkout,
        check=True,
    )
    return {png.stem: Image.open(io.BytesIO(png.read_bytes())) for png in sorted(out.glob("*.png"))}


def thumbnail(page: Image.Image | None) -> Image.Image:
    if page is None:  # the prop did not exist, or did not build, then
        return Image.new("RGB", (THUMB_HEIGHT_PX * 7 // 10, THUMB_HEIGHT_PX), "#bbb")
    scale = THUMB_HEIGHT_PX / page.height
    return page.convert("RGB").resize((round(page.width * scale), THUMB_HEIGHT_PX))


def contact_sheet(
    rows: list[tuple[str, Image.Image | None, Image.Image | None]], before: str
) -> Image.Image:
    font = ImageFont.truetype(str(LABEL_FONT), 18)
    pairs = [(name, thumbnail(old), thumbnail(new)) for name, old, new in rows]
    width = max(old.width + new.width for _, old, new in pairs) + 3 * GAP_PX
    height = sum(THUMB_HEIGHT_PX + LABEL_PX + GAP_PX for _ in pairs) + GAP_PX
    sheet = Image.new("RGB", (width, height), "#8a8a8a")
    draw = ImageDraw.Draw(sheet)
    y = GAP_PX
    for name, old, new in pairs:
        draw.text((GAP_PX, y), f"{name}: before ({before}) | after", fill="white", font=font)
        y += LABEL_PX
        sheet.paste(old, (GAP_PX, y))
        sheet.paste(new, (2 * GAP_PX + old.width, y))
        y += THUMB_HEIGHT_PX + GAP_PX
    return sheet


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="the earlier commit")
    parser.add_argument("--campaign", default="campaigns/ozola", type=Path)
    parser.add_argument("--per-sheet", default=5, type=int)
    parser.add_argument("--out", default=ROOT / "docs" / "images", type=Path)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        worktree = Path(scratch) / "before"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(worktree), arguments.before],
            cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
        try:
            old = first_pages(worktree, arguments.campaign, Path(scratch) / "old")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT)
        new = first_pages(ROOT, arguments.campaign, Path(scratch) / "new")
    names = sorted(set(old) | set(new))
    step = arguments.per_sheet
    for number, start in enumerate(range(0, len(names), step), start=1):
        rows = [(name, old.get(name), new.get(name)) for name in names[start : start + step]]
        target = arguments.out / f"before-after-{number}.png"
        contact_sheet(rows, arguments.before).save(target, optimize=True)
        print(f"wrote {target.name}")


if __name__ == "__main__":
    main()
