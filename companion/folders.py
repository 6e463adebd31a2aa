"""Finding a campaign folder from what the user typed; kept light for fast commands."""

from __future__ import annotations

from pathlib import Path

from companion.errors import CampaignNotFound
from companion.hints import did_you_mean

CAMPAIGN_FILE = "campaign.yaml"


def resolve_campaign_path(campaign: str | None, campaigns_dir: Path = Path("campaigns")) -> Path:
    """CAMPAIGN as given on the command line: a folder, a name under campaigns/, or the only one."""
    if campaign is None:
        found = sorted(p.parent for p in campaigns_dir.glob(f"*/{CAMPAIGN_FILE}"))
        if len(found) == 1:
            return found[0]
        if not found:
            raise CampaignNotFound(
                "no campaign found",
                hint=f"name a campaign folder, or run this where `{campaigns_dir}/` holds one",
            )
        names = ", ".join(p.name for p in found)
        raise CampaignNotFound(f"there are several campaigns: {names}", hint="name one of them")
    for candidate in (Path(campaign), campaigns_dir / campaign):
        if (candidate / CAMPAIGN_FILE).is_file():
            return candidate
    known = [p.parent.name for p in campaigns_dir.glob(f"*/{CAMPAIGN_FILE}")]
    raise CampaignNotFound(
        f"`{campaign}` is not a campaign folder (it has no {CAMPAIGN_FILE})",
        hint=did_you_mean(campaign, known, "campaign"),
    )
