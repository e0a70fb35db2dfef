"""The campaign clock looks at most once an interval, but never lets a campaign past its date take an answer."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text, update

from app.clock import today
from app.models import Campaign, CampaignStatus
from tests.clock import set_today


def _stored_status(db, campaign_id: int) -> CampaignStatus:
    db.session.expire_all()
    return db.session.get_one(Campaign, campaign_id).status


def test_a_campaign_due_between_two_looks_is_refused_at_once_and_closed_the_next_day(
    app, client, make, db, monkeypatch
):
    monkeypatch.setitem(app.config, "BOUSSOLE_CLOCK_SECONDS", 3600)
    campaign = make.campaign(closes_on=today() + timedelta(days=1))
    token = make.campaign_establishment(campaign, make.establishment()).token
    db.session.commit()
    assert client.get(f"/q/{token}").status_code == 200  # the clock looked, nothing was due
    # Another host moves the closing date to yesterday: nothing in this process hears of it.
    db.session.execute(
        text("UPDATE campaign SET closes_on = :day WHERE id = :id"),
        {"day": today() - timedelta(days=1), "id": campaign.id},
    )
    db.session.commit()
    assert client.get(f"/q/{token}").status_code == 410  # refused at once: Campaign.state() reads the date
    assert _stored_status(db, campaign.id) == CampaignStatus.OPEN  # within the interval: not looked for
    set_today(monkeypatch, today() + timedelta(days=1))
    client.get("/ping")
    assert _stored_status(db, campaign.id) == CampaignStatus.CLOSED  # a new day: looked for, and closed


def test_a_campaign_written_in_this_process_is_looked_at_the_next_request(app, client, make, db, monkeypatch):
    monkeypatch.setitem(app.config, "BOUSSOLE_CLOCK_SECONDS", 3600)
    campaign = make.campaign()
    db.session.commit()
    client.get("/ping")
    db.session.execute(update(Campaign).where(Campaign.id == campaign.id).values(closes_on=today() - timedelta(days=1)))
    db.session.commit()
    client.get("/ping")
    assert _stored_status(db, campaign.id) == CampaignStatus.CLOSED
