"""Label collisions and page counts of every map of Ozola and the Saint campaign, in both
copies, at 1:25, 1:50, 1:100 and fitted to one page, read back from the drawn SVG.

    python benchmarks/map_collisions.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.plan_overlaps, the measuring stick the tests use

from companion.campaign.loading import load_campaign  # noqa: E402
from companion.campaign.models import MapHandout  # noqa: E402
from tests.plan_overlaps import printed_map  # noqa: E402

CAMPAIGNS = (ROOT / "campaigns" / "ozola", ROOT / "tests" / "assets" / "saint-of-the-nets")
SCALES = ("1:25", "1:50", "1:100", "fitted")


def main() -> None:
    total = 0
    for root in CAMPAIGNS:
        campaign = load_campaign(root)
        maps = [k for k, h in campaign.handouts.items() if isinstance(h, MapHandout)]
        for key in maps:
            for scale in SCALES:
                for audience in ("gm", "player"):
                    context, found = printed_map(campaign, key, audience, scale)
                    total += len(found)
                    print(
                        f"{root.name:18} {key:15} {scale:7} {audience:6} "
                        f"pages={1 + len(context.tiles):3} callouts={len(context.callouts):2} "
                        f"collisions={len(found)}"
                    )
    print(f"collisions in all: {total}")


if __name__ == "__main__":
    main()
