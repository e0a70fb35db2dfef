"""Aggregates of a closed campaign are computed once, and again only when something changed."""

from app.models import CampaignStatus
from app.services.dashboards import aggregates
from app.services.dashboards import campaign_data as dashboard_data
from tests.dashboards import answer, small_network


def test_closed_campaigns_are_cached_open_ones_are_not(make, db, monkeypatch):
    world = small_network(make)
    calls = []
    original = aggregates.answer_counts
    monkeypatch.setattr(aggregates, "answer_counts", lambda *a, **k: calls.append(a[1]) or original(*a, **k))
    dashboard_data.clear_cache()
    first = dashboard_data.campaign_data(db.session, world["now"], 5)
    again = dashboard_data.campaign_data(db.session, world["now"], 5)
    assert again is first and calls == [world["now"].id]
    answer(make, world["now"], world["est"][0], [3])  # a late import: the key (response count) changes
    dashboard_data.campaign_data(db.session, world["now"], 5)
    assert len(calls) == 2
    current = make.campaign(network=world["network"], school_year="2026-2027", status=CampaignStatus.OPEN)
    dashboard_data.campaign_data(db.session, current, 5)
    dashboard_data.campaign_data(db.session, current, 5)
    assert calls.count(current.id) == 2


def test_the_threshold_is_part_of_the_key(make, db):
    world = small_network(make)
    strict = dashboard_data.campaign_data(db.session, world["now"], 10)
    assert strict.cells.loc[strict.cells["unit"] == f"e:{world['est'][1].id}", "hidden"].all()  # 6 answers < 10
