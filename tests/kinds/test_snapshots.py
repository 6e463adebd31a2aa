"""HTML snapshots of every handout: a template change shows up here as a readable diff.

Accept intended changes with `make snapshots`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from companion.build.pipeline import pipeline_for
from companion.campaign.loading import load_campaign
from companion.campaign.models import Campaign
from tests.conftest import ASSETS, OZOLA


def _handouts(campaign_dir_name: str) -> list[str]:
    return sorted(p.stem for p in (ASSETS / campaign_dir_name / "handouts").glob("*.yaml"))


@pytest.mark.parametrize("audience", ["gm", "player"])
@pytest.mark.parametrize("handout_id", _handouts("mini"))
def test_mini_handout_html(handout_id: str, audience: str, snapshot: SnapshotAssertion) -> None:
    renderer = pipeline_for(load_campaign(ASSETS / "mini"))
    assert [d.html for d in renderer.documents(handout_id, audience)] == snapshot


OZOLA_HANDOUTS = sorted(p.stem for p in (OZOLA / "handouts").glob("*.yaml"))


@pytest.mark.parametrize("audience", ["gm", "player"])
@pytest.mark.parametrize("handout_id", OZOLA_HANDOUTS)
def test_ozola_handout_html(
    handout_id: str, audience: str, ozola: Campaign, snapshot: SnapshotAssertion
) -> None:
    assert [d.html for d in pipeline_for(ozola).documents(handout_id, audience)] == snapshot


@pytest.mark.parametrize("source", [ASSETS / "mini", OZOLA], ids=["mini", "ozola"])
def test_book_html(source: Path, snapshot: SnapshotAssertion) -> None:
    """The GM's book: its front (with placeholder page numbers, as first laid out) and its
    own parts (the clue graph's SVG included, and its plans drawn)."""
    from companion.book.gm_book import (
        BOOK_BODY,
        BOOK_FRONT,
        BookFacts,
        book_context,
        with_plans_drawn,
    )
    from companion.record.facts import PlayState

    campaign = load_campaign(source)
    context = book_context(campaign, BookFacts(PlayState.nothing_yet(), 0), list(campaign.handouts))
    pipeline = pipeline_for(campaign)
    drawn = with_plans_drawn(context)
    assert [pipeline.render(page, drawn) for page in (BOOK_FRONT, BOOK_BODY)] == snapshot
