"""Regenerate the handout pictures in docs/images/ from the Ozola campaign.

    python scripts/readme_images.py

Each picture is page 1 of a player copy (or the GM copy where named), rendered by the
project itself, so the README always shows what `companion build` really prints.
"""

from __future__ import annotations

from pathlib import Path

from companion.build import HandoutRenderer
from companion.campaign import load_campaign
from companion.output import write_atomic
from companion.pdf import pdf_to_pngs

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"

# (handout id, audience, page index, dpi)
PICTURES = [
    ("meet-me", "player", 0, 110),
    ("meet-me-ru", "player", 0, 60),
    ("meet-me", "gm", 1, 60),
    ("karl-kgb-file", "player", 0, 70),
    ("karl-kgb-file", "gm", 0, 70),
    ("natalia-file", "player", 1, 70),
    ("restaurant-map", "player", 0, 70),
    ("restaurant-map", "gm", 0, 70),
]


def main() -> None:
    renderer = HandoutRenderer(load_campaign(ROOT / "campaigns" / "ozola"))
    for handout_id, audience, page, dpi in PICTURES:
        if handout_id not in renderer.campaign.handouts:
            continue
        pdf, _ = renderer.pdf(handout_id, audience)
        target = IMAGES / f"{handout_id}-{audience}-p{page + 1}.png"
        write_atomic(target, pdf_to_pngs(pdf, dpi=dpi)[page])
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
