"""Demo indicator campaigns: S1 and S2 of the last school years, values from most establishments, not all.

Any `kind: indicators` instrument gets its campaigns; each establishment keeps a usual value per indicator, which
moves a little from one half-year to the next (`IndicatorType.vary`), so the series look like a network's.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select

from app.extensions import db
from app.models import (
    CampaignEstablishment,
    CampaignStatus,
    IndicatorReport,
    IndicatorValue,
    Network,
    User,
)
from app.services.campaigns.campaigns import create_campaign, school_year_of
from app.services.surveys import definition_for
from app.surveys.indicator_types import Stored, indicator_type
from app.surveys.registry import registry

ANSWERED = 0.85  # share of establishments reporting in a closed half-year: completeness shows the others
ANSWERED_OPEN = 0.4  # in the half-year still open
YEARS = 2  # closed school years before the current one


def _half_years(today: date) -> list[tuple[str, str, date, date]]:
    """(school year, period, opens, closes) of the last YEARS school years and the current one, up to today."""
    first = school_year_of(today)
    out = []
    for year in range(first - YEARS, first + 1):
        for period, opens, closes in (
            ("S1", date(year + 1, 1, 5), date(year + 1, 1, 31)),
            ("S2", date(year + 1, 6, 1), date(year + 1, 6, 30)),
        ):
            if year == first and opens - timedelta(days=70) > today:
                continue  # not yet planned
            out.append((f"{year}-{year + 1}", period, opens, closes))
    return out


def write_indicator_campaigns(
    networks: list[Network], head_establishment_id: int, head_user: User | None, today: date, rng: random.Random
) -> str:
    """Create the indicator campaigns of every network and write their reports; say what was written."""
    campaigns = reports = 0
    for item in registry():
        survey = item.survey
        definition = definition_for(survey.slug, survey.version)
        if not survey.is_indicators or definition is None or registry().latest(survey.slug) != survey:
            continue
        questions = [q for _, q in survey.questions()]
        usual: dict[tuple[int, str], Stored] = {}
        for network in networks:
            for school_year, period, opens, closes in _half_years(today):
                is_open = closes >= today
                status = CampaignStatus.OPEN if is_open else CampaignStatus.CLOSED
                opens_on = min(opens, today - timedelta(days=7)) if is_open else opens
                campaign = create_campaign(
                    definition, network, school_year, period=period, opens_on=opens_on, closes_on=closes, status=status
                )
                campaigns += 1
                members = db.session.scalars(
                    select(CampaignEstablishment.establishment_id).filter_by(campaign_id=campaign.id)
                ).all()
                share = ANSWERED_OPEN if is_open else ANSWERED
                saved_at = datetime.combine(min(closes, today), time(10), tzinfo=UTC)
                rows = []
                for establishment_id in members:
                    is_head = establishment_id == head_establishment_id
                    if not is_head and rng.random() > share:
                        continue
                    report = IndicatorReport(
                        campaign_id=campaign.id,
                        establishment_id=establishment_id,
                        answered_by_id=head_user.id if is_head and head_user else None,
                        created_at=saved_at,
                        updated_at=saved_at,
                    )
                    db.session.add(report)
                    db.session.flush()
                    reports += 1
                    for question in questions:
                        kind = indicator_type(question)
                        key = (establishment_id, question.id)
                        if key not in usual:
                            usual[key] = kind.sample(question, rng)
                        if not question.required and rng.random() < 0.5:
                            continue
                        value = kind.vary(question, usual[key], rng)
                        text = value if kind.stores_text else None
                        number = None if kind.stores_text else float(value)
                        rows.append({"report_id": report.id, "indicator": question.id, "number": number, "text": text})
                if rows:
                    db.session.execute(insert(IndicatorValue), rows)
                db.session.flush()
    return f"Indicateurs : {campaigns} campagnes semestrielles, {reports} remontées d'établissement."
