"""Shared set-up: a network with two closed self-positioning campaigns whose figures are known by hand.

Items answered: A and B (theme « Accompagnement pédagogique », 4 items) and C (theme « Évaluation au service des
apprentissages »). 2024-2025: Collège Grand 10 × (A 3, B 3, C 3), Collège Pertuis 8 × (2, 2, 2). 2025-2026:
Collège Grand 10 × (A 2, B 4, C 3), Lycée Moyen 6 × (3, 3, 3), Collège Petit 3 × (1, 1, 1): under the threshold,
so Lycée Moyen is hidden too (secret secondaire), Collège Pertuis 8 × (2, 2, 1).
Declared staff: Grand 20, Moyen 10, Petit 10 and Pertuis 10, so pole Aix's participation goes from 25 % to 48 %.
"""

from __future__ import annotations

from sqlalchemy import select

from app.models import CampaignEstablishment, CampaignStatus
from app.services.campaigns.campaigns import freeze_membership

ITEM_A, ITEM_B, ITEM_C = "ap-besoins-debut-sequence", "ap-differenciation", "ap-criteres-reussite"
ACCOMPAGNEMENT, EVALUATION = "Accompagnement pédagogique", "Évaluation au service des apprentissages"
STAFF = {"Collège Grand": 20, "Lycée Moyen": 10, "Collège Petit": 10, "Collège Pertuis": 10}


def respond_items(make, campaign, establishment, count: int, a: int, b: int, c: int) -> None:
    for _ in range(count):
        make.response(campaign, establishment, {ITEM_A: a, ITEM_B: b, ITEM_C: c})


def self_positioning_network(make, now_status: CampaignStatus = CampaignStatus.CLOSED) -> dict:
    """Poles Aix (Petit, Moyen, Grand) and Pertuis (Collège Pertuis), self-positioning in 2024-2025 and 2025-2026."""
    network = make.network("Réseau test")
    aix, pertuis = make.pole("Aix", network=network), make.pole("Pertuis", network=network)
    petit = make.establishment(pole=aix, name="Collège Petit", kind="Collège")
    moyen = make.establishment(pole=aix, name="Lycée Moyen", kind="Lycée")
    grand = make.establishment(pole=aix, name="Collège Grand", kind="Collège")
    college_pertuis = make.establishment(pole=pertuis, name="Collège Pertuis", kind="Collège")
    every = [petit, moyen, grand, college_pertuis]
    grid = make.campaign(network=network, school_year="2025-2026", status=CampaignStatus.CLOSED, establishments=every)
    before = make.campaign(
        "autopositionnement",
        network=network,
        school_year="2024-2025",
        status=CampaignStatus.CLOSED,
        establishments=every,
    )
    now = make.campaign(
        "autopositionnement", network=network, school_year="2025-2026", status=now_status, establishments=every
    )
    names = {e.id: e.name for e in every}
    for link in make.db.session.scalars(select(CampaignEstablishment)):
        link.staff_size = STAFF[names[link.establishment_id]]
    respond_items(make, before, grand, 10, 3, 3, 3)
    respond_items(make, before, college_pertuis, 8, 2, 2, 2)
    respond_items(make, now, grand, 10, 2, 4, 3)
    respond_items(make, now, moyen, 6, 3, 3, 3)
    respond_items(make, now, petit, 3, 1, 1, 1)
    respond_items(make, now, college_pertuis, 8, 2, 2, 1)
    for campaign in (grid, before, now):
        if campaign.status == CampaignStatus.CLOSED:
            freeze_membership(campaign)
    make.db.session.commit()
    return {
        "network": network,
        "poles": {"Aix": aix, "Pertuis": pertuis},
        "est": {e.name: e for e in every},
        "grid": grid,
        "before": before,
        "now": now,
    }
