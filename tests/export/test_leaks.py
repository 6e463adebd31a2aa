"""Players never see secrets in an export either: every byte of every file of the players'
export of both test campaigns, in every format, is searched for every GM-only text. A PDF
that is byte for byte one of Ozola's player copies as the build wrote them is that copy, which
tests/security/test_leaks.py searches: its words are not read a second time; every other PDF
is read here."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.campaign.models import Campaign
from companion.export.request import FORMATS
from tests.export.conftest import Exported, built_pdfs, files_in, readable_text
from tests.pdftext import leaks, secret_sentences


@pytest.mark.parametrize("export_format", FORMATS)
@pytest.mark.parametrize("campaign", ["ozola", "saint-of-the-nets"])
def test_the_players_export_carries_no_gm_text(
    exported: Exported,
    campaigns: dict[str, Campaign],
    campaign: str,
    export_format: str,
    ozola_build: Path,
) -> None:
    secrets = secret_sentences(campaigns[campaign])
    assert len(secrets) > 50  # the campaign has secrets to leak
    searched = built_pdfs(ozola_build / "player") if campaign == "ozola" else set()
    files = files_in(exported(campaign, export_format, "player"))
    assert files
    found = {
        f.name: leaked for f in files if (leaked := leaks(secrets, readable_text(f, searched)))
    }
    assert found == {}


def test_the_search_finds_the_secrets_in_the_gms_export(
    exported: Exported, campaigns: dict[str, Campaign]
) -> None:
    """The counterpart, so that the search can fail: the GM's journals carry the secrets."""
    secrets = secret_sentences(campaigns["ozola"])
    journals = [f for f in files_in(exported("ozola", "foundry", "gm")) if f.suffix == ".json"]
    text = " ".join(readable_text(f) for f in journals)
    assert len(leaks(secrets, text)) > len(secrets) / 3
