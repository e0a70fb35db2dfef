"""Closing a campaign stores its results once the response has gone: its first reader finds them computed."""

from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from app.clock import today
from app.models import CampaignResult, CampaignStatus
from app.services.dashboards import aggregates, campaign_data
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


def test_an_establishment_dashboard_reads_every_year_stored_in_a_few_queries(client, make, login, db):
    """Its trend reads each year's slice: checked one year at a time, that was five queries a year."""
    world = small_network(make)
    campaign_data.store_results(db.session, [world["before"].id, world["now"].id], 5)
    school = world["est"][2]
    login("admin")
    statements: list[str] = []

    def count(_connection, _cursor, statement, *_):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        page = client.get(f"/etablissement/{school.uai}?campagne={world['now'].id}")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert page.status_code == 200 and "3,4" in page.get_data(as_text=True)  # 12 answers at 3, 8 at 4
    assert sum("FROM campaign_result_slice" in s for s in statements) == 1, statements
    assert sum("FROM campaign_result " in s or "FROM campaign_result\n" in s for s in statements) == 1, statements
    assert not any("FROM answer" in s for s in statements), statements  # read as stored, not counted again
    assert not any("FROM response" in s for s in statements), statements  # checked by their stamp, not recounted
    marks = campaign_data.current_marks(db.session, [world["before"], world["now"]], 5)
    assert marks[world["before"].id] != marks[world["now"].id]
