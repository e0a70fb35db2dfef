"""Closing a campaign stores its results once the response has gone: its first reader finds them computed."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.clock import today
from app.models import CampaignResult, CampaignStatus
from app.services.dashboards import aggregates
from tests.dashboards import answer, small_network


@pytest.fixture
def after_response(app):
    app.config["BOUSSOLE_WORK_AFTER_RESPONSE"] = True
    yield
    app.config["BOUSSOLE_WORK_AFTER_RESPONSE"] = False


def _stored(db) -> list[int]:
    return list(db.session.scalars(select(CampaignResult.campaign_id).order_by(CampaignResult.campaign_id)))


def test_an_administrators_closing_stores_the_results(client, make, login, db, after_response, monkeypatch):
    world = small_network(make)
    campaign = make.campaign(network=world["network"], school_year="2026-2027", status=CampaignStatus.OPEN)
    answer(make, campaign, world["est"][2], [3] * 6)
    login("admin")
    assert client.post(f"/admin/campagnes/{campaign.id}/statut/cloturer").status_code == 302
    assert campaign.id in _stored(db)
    computed = []
    original = aggregates.answer_counts
    monkeypatch.setattr(aggregates, "answer_counts", lambda *a, **k: computed.append(a[1]) or original(*a, **k))
    login("coordinator", world["network"])
    page = client.get(f"/reseau/{world['network'].id}?campagne={campaign.id}")
    assert page.status_code == 200 and "Collège Grand" in page.get_data(as_text=True)
    assert campaign.id not in computed  # read, not computed again


def test_a_campaign_closed_by_its_date_stores_its_results(client, make, db, after_response):
    world = small_network(make)
    campaign = make.campaign(
        network=world["network"],
        school_year="2026-2027",
        status=CampaignStatus.OPEN,
        opens_on=date(2026, 9, 1),
        closes_on=today() - timedelta(days=1),
    )
    answer(make, campaign, world["est"][2], [4] * 5)
    client.get("/")
    assert db.session.get(type(campaign), campaign.id).status == CampaignStatus.CLOSED
    assert campaign.id in _stored(db)


def test_the_tick_stores_what_no_response_did(make, db, app):
    world = small_network(make)
    assert _stored(db) == []
    result = app.test_cli_runner().invoke(args=["campaigns", "tick"])
    assert result.exit_code == 0, result.output
    assert "Résultats de 2 campagne(s) clôturée(s) calculés et enregistrés." in result.output
    assert _stored(db) == sorted([world["before"].id, world["now"].id])
