"""« Ne se prononce pas » read as an attacker would: the pole's count minus its visible schools' (issue 13 attack).

Collège Tous (three answers, every one « je ne sais pas ») has n = 0 on every dimension. Shown as « aucune réponse »
beside its participation of 3, or left visible as a complement-free hidden cell, the pole's n_dk minus its visible
schools' n_dk gave what those three people answered.
"""

from __future__ import annotations

from app.models import CampaignStatus
from app.services.campaigns.campaigns import freeze_membership
from app.surveys.schema import DONT_KNOW
from tests.dashboards import answer
from tests.privacy.readings import read_everything

DK_COLUMN = "Ne se prononce pas"


def _world(make):
    network = make.network("Réseau du doute")
    aix = make.pole("Aix", network=network)
    tous = make.establishment(pole=aix, name="Collège Tous", kind="Collège")
    moyen = make.establishment(pole=aix, name="Collège Moyen", kind="Collège")
    grand = make.establishment(pole=aix, name="Collège Grand", kind="Collège")
    campaign = make.campaign(
        network=network, school_year="2025-2026", status=CampaignStatus.CLOSED, establishments=[tous, moyen, grand]
    )
    answer(make, campaign, tous, [DONT_KNOW] * 3)
    answer(make, campaign, moyen, [3] * 6)
    answer(make, campaign, grand, [2] * 7)
    freeze_membership(campaign)
    make.db.session.commit()
    return network, campaign, tous, moyen


def test_a_pole_s_dont_know_count_gives_no_hidden_school_its_answers(client, make, db, login):
    network, campaign, tous, moyen = _world(make)
    login("coordinator", network)
    reading = read_everything(client, db.session, campaign)
    network_dk = [v for p, v in reading.items() if p.column == DK_COLUMN and p.source.startswith("/reseau/")]
    assert "3" in network_dk  # the pole's (and network's) three « je ne sais pas » are published: the test can fail
    of_tous = [v for p, v in reading.items() if p.source.startswith(f"/etablissement/{tous.uai}?")]
    assert of_tous and "aucune réponse" not in of_tous  # beside a participation of 3, it said all three did not know
    moyen_dk = [
        v for p, v in reading.items() if p.column == DK_COLUMN and p.source.startswith(f"/etablissement/{moyen.uai}?")
    ]
    assert moyen_dk and not any(v.isdigit() for v in moyen_dk)  # Tous's complement: 3 − 0 − 0 would give Tous's 3
