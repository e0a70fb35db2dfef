"""One decision says whether a campaign's results are published: once it is closed, and only then."""

from __future__ import annotations

from datetime import date

import pytest

from app.models import CampaignStatus
from app.services.campaigns.campaigns import CampaignError, set_status
from app.services.dashboards.campaign_data import publication_note, published, results_published


@pytest.mark.parametrize(
    "status, shown", [(CampaignStatus.DRAFT, False), (CampaignStatus.OPEN, False), (CampaignStatus.CLOSED, True)]
)
def test_results_are_published_once_closed(make, status, shown):
    campaign = make.campaign(status=status)
    assert results_published(campaign) is shown
    assert published([campaign]) == ([campaign] if shown else [])


@pytest.mark.parametrize(
    "closes_on, when",
    [(None, ""), (date(2026, 6, 12), ", prévue le 12 juin 2026"), (date(2027, 7, 1), ", prévue le 1er juillet 2027")],
)
def test_the_note_says_when(make, closes_on, when):
    campaign = make.campaign(closes_on=closes_on)
    assert (
        publication_note(campaign)
        == f"Les résultats seront publiés à la clôture de la campagne{when} (règle d'anonymat)."
    )


def test_a_closed_campaign_is_never_reopened(make):
    campaign = make.campaign(status=CampaignStatus.CLOSED)
    with pytest.raises(CampaignError, match="ne peut pas être rouverte"):
        set_status(campaign, CampaignStatus.OPEN)
    assert campaign.status == CampaignStatus.CLOSED
