"""The database raises a campaign's results stamp whenever what its results are computed from changes, and only
then: stored results are checked by that one number (app/models/results_stamp.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from app.models import Campaign, CampaignEstablishment, CampaignStatus, Establishment, Response
from app.services.dashboards import campaign_data
from tests.dashboards import answer, small_network


def _stamp(db, campaign) -> int:
    db.session.commit()
    return db.session.scalar(select(Campaign.results_stamp).where(Campaign.id == campaign.id))


@pytest.fixture
def world(make, db):
    found = small_network(make)
    db.session.commit()
    return found


def test_a_late_response_to_a_closed_campaign_raises_it_and_one_to_an_open_campaign_does_not(world, make, db):
    now = world["now"]
    before = _stamp(db, now)
    answer(make, now, world["est"][0], [5])
    assert _stamp(db, now) > before
    opened = make.campaign(network=world["network"], school_year="2026-2027", establishments=list(world["est"]))
    start = _stamp(db, opened)
    answer(make, opened, world["est"][0], [4, 4])
    assert _stamp(db, opened) == start  # a submission waits on no shared counter


def test_a_deleted_or_moved_response_raises_it(world, db):
    now, before = world["now"], world["before"]
    first = db.session.scalars(select(Response.id).where(Response.campaign_id == now.id)).first()
    start_now, start_before = _stamp(db, now), _stamp(db, before)
    db.session.execute(update(Response).where(Response.id == first).values(category="cpe"))
    assert _stamp(db, now) > start_now
    db.session.execute(delete(Response).where(Response.campaign_id == before.id))
    assert _stamp(db, before) > start_before


def test_a_member_added_corrected_or_withdrawn_raises_it(world, make, db):
    now, school = world["now"], world["est"][0]
    link = db.session.scalar(select(CampaignEstablishment).filter_by(campaign_id=now.id, establishment_id=school.id))
    start = _stamp(db, now)
    link.token = "another-token"  # what no result reads leaves it alone
    assert _stamp(db, now) == start
    link.staff_size = 40
    assert _stamp(db, now) > start
    start = _stamp(db, now)
    link.staff_size = 40  # the same value: nothing written
    assert _stamp(db, now) == start
    db.session.delete(link)
    assert _stamp(db, now) > start
    start = _stamp(db, now)
    make.campaign_establishment(now, school)
    assert _stamp(db, now) > start


def test_an_establishment_moved_or_retyped_raises_its_networks_campaigns(world, make, db):
    other = make.campaign(network=make.network("Ailleurs"), status=CampaignStatus.CLOSED)
    now, before, school = world["now"], world["before"], world["est"][0]
    starts = {c.id: _stamp(db, c) for c in (now, before, other)}
    school.name = "Collège renommé"  # a name is read live, never stored in the results
    assert {c.id: _stamp(db, c) for c in (now, before, other)} == starts
    db.session.get(Establishment, school.id).pole = world["poles"][1]
    assert _stamp(db, now) > starts[now.id] and _stamp(db, before) > starts[before.id]
    assert _stamp(db, other) == starts[other.id]
    starts = {c.id: _stamp(db, c) for c in (now, before)}
    school.kind = "Lycée"
    assert _stamp(db, now) > starts[now.id] and _stamp(db, before) > starts[before.id]


def test_a_campaign_reopened_raises_it(world, db):
    now = world["now"]
    start = _stamp(db, now)
    now.status = CampaignStatus.OPEN
    assert _stamp(db, now) > start


def test_stored_results_are_computed_again_after_a_change_and_read_as_stored_otherwise(world, make, db):
    now, before = world["now"], world["before"]
    assert campaign_data.store_results(db.session, [now.id, before.id], 5) == 2
    assert campaign_data.store_results(db.session, [now.id, before.id], 5) == 0  # still true: read back
    link = CampaignEstablishment
    db.session.execute(
        update(link)
        .where(link.campaign_id == now.id, link.establishment_id == world["est"][3].id)
        .values(staff_size=12)
    )
    db.session.commit()
    assert campaign_data.missing_results(db.session, 5) == [now.id]
    assert campaign_data.store_results(db.session, [now.id], 5) == 1
