"""The demo's indicator campaigns: S1 and S2 of the last school years, most establishments reporting, not all."""

from __future__ import annotations

from sqlalchemy import func, select

from app.clock import today
from app.models import Campaign, CampaignEstablishment, CampaignStatus, IndicatorReport, IndicatorValue
from app.services.campaigns.campaigns import school_year_of
from tests.demo.test_demo import demo  # noqa: F401  # the fixture


def test_half_years_of_the_last_school_years_with_most_establishments_reporting(db, demo):  # noqa: F811
    campaigns = db.session.scalars(
        select(Campaign)
        .where(Campaign.survey.has(slug="poles-de-stages"))
        .order_by(Campaign.school_year, Campaign.period)
    ).all()
    start = school_year_of(today())
    closed = [c for c in campaigns if c.status == CampaignStatus.CLOSED]
    assert {(c.school_year, c.period) for c in closed} >= {
        (f"{y}-{y + 1}", p) for y in (start - 2, start - 1) for p in ("S1", "S2")
    }
    assert {c.period for c in campaigns} == {"S1", "S2"}
    members = reported = 0
    for campaign in closed:
        members += db.session.scalar(
            select(func.count()).select_from(CampaignEstablishment).filter_by(campaign_id=campaign.id)
        )
        reported += db.session.scalar(
            select(func.count()).select_from(IndicatorReport).filter_by(campaign_id=campaign.id)
        )
    assert 0.6 * members < reported < members  # completeness shows: most, not all
    counts = db.session.scalars(select(IndicatorValue.number).where(IndicatorValue.indicator == "eleves-pfmp")).all()
    assert counts and all(0 <= n <= 5000 and n == int(n) for n in counts)
    rates = db.session.scalars(
        select(IndicatorValue.number).where(IndicatorValue.indicator == "taux-eleves-places")
    ).all()
    assert rates and all(0 <= r <= 100 for r in rates)
