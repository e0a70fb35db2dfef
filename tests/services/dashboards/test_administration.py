"""The administration home's counts: the whole académie for an administrator, a coordinator's networks only."""

from __future__ import annotations

from app.models import CampaignStatus
from app.services.dashboards.administration import AdministrationSummary, administration_summary


def test_counts_the_whole_academie_or_the_coordinated_networks(make, db):
    mine, other = make.network("Sainte Victoire"), make.network("Calanques")
    make.establishment(network=mine), make.establishment(network=mine), make.establishment(network=other)
    make.establishment(network=mine).network = None
    db.session.flush()
    make.campaign(network=mine, status=CampaignStatus.OPEN)
    make.campaign(network=mine, status=CampaignStatus.DRAFT)
    make.campaign(network=other, status=CampaignStatus.OPEN)
    admin = make.user("admin")
    coordinator = make.user("coordinator", mine)
    make.user("head", make.establishment(network=other))

    assert administration_summary(admin, None) == AdministrationSummary(
        networks=2, establishments=5, without_network=1, users=3, open=2, campaigns=3
    )
    assert administration_summary(coordinator, [mine.id]) == AdministrationSummary(
        networks=1, establishments=2, without_network=0, users=1, open=1, campaigns=2
    )
