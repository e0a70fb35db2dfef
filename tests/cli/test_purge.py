"""Retention: drafts and unused codes of campaigns over for long enough go; responses and used codes stay."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.clock import today
from app.models import AccessCode, Answer, AuditEntry, CampaignStatus, Draft, Response
from app.services.campaigns.retention import purge_expired

_serial = itertools.count(1)


def _with_drafts_and_codes(make, db, status: CampaignStatus, closes_on: date | None):
    """A campaign with 2 drafts, 3 unused codes, 1 used code and 5 responses."""
    school = make.establishment()
    campaign = make.campaign(network=school.network, establishments=[school], status=status, closes_on=closes_on)
    for _ in range(2):
        db.session.add(
            Draft(
                token_hash=f"{next(_serial):064d}",
                campaign_id=campaign.id,
                establishment_id=school.id,
                data={"collectif": "2"},
                updated_on=date(2025, 1, 1),
            )
        )
    for used in (False, False, False, True):
        db.session.add(
            AccessCode(campaign_id=campaign.id, establishment_id=school.id, code=f"C{next(_serial):07d}", used=used)
        )
    for level in range(1, 6):
        make.response(campaign, school, {"collectif": level})
    db.session.commit()
    return campaign


def _counts(db, campaign) -> tuple[int, int, int, int, int]:
    def count(model, *where):
        return db.session.scalar(select(func.count()).select_from(model).where(*where))

    return (
        count(Draft, Draft.campaign_id == campaign.id),
        count(AccessCode, AccessCode.campaign_id == campaign.id, AccessCode.used.is_(False)),
        count(AccessCode, AccessCode.campaign_id == campaign.id, AccessCode.used.is_(True)),
        count(Response, Response.campaign_id == campaign.id),
        count(Answer, Answer.response_id.in_(select(Response.id).where(Response.campaign_id == campaign.id))),
    )


@pytest.fixture
def campaigns(make, db):
    now = date(2026, 3, 1)
    return now, {
        "open": _with_drafts_and_codes(make, db, CampaignStatus.OPEN, now + timedelta(days=20)),
        "recent": _with_drafts_and_codes(make, db, CampaignStatus.CLOSED, now - timedelta(days=30)),
        "old": _with_drafts_and_codes(make, db, CampaignStatus.CLOSED, now - timedelta(days=31)),
        "past_date_still_open": _with_drafts_and_codes(make, db, CampaignStatus.OPEN, now - timedelta(days=100)),
        "in_preparation": _with_drafts_and_codes(make, db, CampaignStatus.DRAFT, now - timedelta(days=100)),
        "closed_undated": _with_drafts_and_codes(make, db, CampaignStatus.CLOSED, None),
    }


def test_purge_deletes_only_drafts_and_unused_codes_of_campaigns_over_for_more_than_n_days(db, campaigns):
    now, c = campaigns
    report = purge_expired(30, now)
    db.session.commit()

    assert {item.campaign.id for item in report.purged} == {c["old"].id, c["past_date_still_open"].id}
    assert (report.drafts, report.unused_codes) == (4, 6)
    assert [campaign.id for campaign in report.undated] == [c["closed_undated"].id]
    for name in ("old", "past_date_still_open"):
        assert _counts(db, c[name]) == (0, 0, 1, 5, 5), name
    for name in ("open", "recent", "in_preparation", "closed_undated"):
        assert _counts(db, c[name]) == (2, 3, 1, 5, 5), name
    entry = db.session.scalar(select(AuditEntry).filter_by(action="data.purge"))
    assert entry is not None and "4 brouillon(s)" in entry.detail


def test_dry_run_counts_without_deleting(db, campaigns):
    now, c = campaigns
    report = purge_expired(30, now, dry_run=True)
    db.session.commit()
    assert (report.drafts, report.unused_codes) == (4, 6)
    assert _counts(db, c["old"]) == (2, 3, 1, 5, 5)
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_a_shorter_retention_reaches_the_recently_closed_campaign(db, campaigns):
    now, c = campaigns
    report = purge_expired(0, now)
    assert c["recent"].id in {item.campaign.id for item in report.purged}
    assert c["open"].id not in {item.campaign.id for item in report.purged}


def test_a_negative_retention_is_refused(db):
    with pytest.raises(ValueError):
        purge_expired(-1, date(2026, 1, 1))


def test_purge_command_prints_counts_and_honours_dry_run(make, db, runner, app, monkeypatch):
    old = _with_drafts_and_codes(make, db, CampaignStatus.CLOSED, today() - timedelta(days=400))
    _with_drafts_and_codes(make, db, CampaignStatus.CLOSED, None)
    monkeypatch.setitem(app.config, "BOUSSOLE_RETENTION_DAYS", 30)

    result = runner.invoke(args=["purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "2 brouillon(s), 3 code(s) non utilisé(s) seraient supprimés" in result.output
    assert "sans date de clôture" in result.output
    db.session.expire_all()
    assert _counts(db, old) == (2, 3, 1, 5, 5)

    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "Total (30 jours de conservation) : 2 brouillon(s), 3 code(s) non utilisé(s) supprimés" in result.output
    db.session.expire_all()
    assert _counts(db, old) == (0, 0, 1, 5, 5)

    result = runner.invoke(args=["purge", "--days", "-3"])
    assert result.exit_code == 2 and "Traceback" not in result.output
