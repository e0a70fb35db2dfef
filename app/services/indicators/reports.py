"""Answering an indicator campaign: which campaigns an establishment reports in, its report, saving it (journaled)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from app.extensions import DbSession
from app.models import (
    Campaign,
    CampaignEstablishment,
    Establishment,
    IndicatorReport,
    IndicatorValue,
    SurveyDefinition,
    User,
)
from app.services.accounts import audit
from app.services.dashboards.campaign_data import campaign_order
from app.services.indicators.periods import half_year_label
from app.surveys.indicator_types import Stored, indicator_type
from app.surveys.registry import survey_of
from app.surveys.schema import INDICATORS, Survey


class IndicatorsInvalid(ValueError):
    """Values refused by their indicator's type or bounds: a French message per indicator id."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class ReportClosed(Exception):
    """The campaign takes no more values: it is closed, not open yet, or past its closing date."""


CLOSED_MESSAGE = (
    "Cette campagne d'indicateurs est close ou pas encore ouverte : les valeurs ne peuvent plus être modifiées."
)


def indicator_campaigns(session: DbSession, establishment: Establishment) -> list[Campaign]:
    """Return the indicator campaigns the establishment takes part in, in time order (year, then S1, S2)."""
    campaigns = session.scalars(
        select(Campaign)
        .join(SurveyDefinition)
        .join(CampaignEstablishment, CampaignEstablishment.campaign_id == Campaign.id)
        .where(SurveyDefinition.kind == INDICATORS, CampaignEstablishment.establishment_id == establishment.id)
    ).all()
    return sorted(campaigns, key=campaign_order)


def open_campaigns(session: DbSession, establishment: Establishment, today: date) -> list[Campaign]:
    """Return the establishment's indicator campaigns taking values today (its dashboard invites to fill them)."""
    return [c for c in indicator_campaigns(session, establishment) if takes_values(c, today)]


def campaign_of(session: DbSession, establishment: Establishment, campaign_id: int) -> Campaign | None:
    """Return one of the establishment's indicator campaigns, or None (an unknown one, or of another kind)."""
    return next((c for c in indicator_campaigns(session, establishment) if c.id == campaign_id), None)


def takes_values(campaign: Campaign, today: date) -> bool:
    """Say whether values may be entered or corrected today: the campaign is open, within its dates."""
    return campaign.accepts_answers(today)


def report_of(session: DbSession, campaign: Campaign, establishment: Establishment) -> IndicatorReport | None:
    return session.scalar(select(IndicatorReport).filter_by(campaign_id=campaign.id, establishment_id=establishment.id))


def values_of(report: IndicatorReport | None) -> dict[str, Stored]:
    """Return a report's values by indicator id (an empty one is absent)."""
    if report is None:
        return {}
    out: dict[str, Stored] = {}
    for value in report.values:
        stored = value.text if value.text is not None else value.number
        if stored is not None:
            out[value.indicator] = stored
    return out


def parse_values(survey: Survey, raw: dict[str, Any]) -> dict[str, Stored | None]:
    """Check every indicator's typed value against its type and bounds; raise IndicatorsInvalid listing all."""
    parsed: dict[str, Stored | None] = {}
    errors: dict[str, str] = {}
    for _, question in survey.questions():
        kind = indicator_type(question)
        try:
            parsed[question.id] = kind.parse_value(question, raw.get(question.id))
        except ValueError as exc:
            errors[question.id] = str(exc)
            continue
        if parsed[question.id] is None and question.required:
            errors[question.id] = kind.missing_message
    if errors:
        raise IndicatorsInvalid(errors)
    return parsed


@dataclass(frozen=True)
class Saved:
    report: IndicatorReport
    changed: int  # indicators whose value changed with this save
    created: bool


def save_report(
    session: DbSession,
    campaign: Campaign,
    establishment: Establishment,
    raw: dict[str, Any],
    actor: User,
    now: datetime,
    today: date,
) -> Saved:
    """Store (or correct) an establishment's values for a campaign while it is open, and journal the save."""
    if not takes_values(campaign, today):
        raise ReportClosed(CLOSED_MESSAGE)
    survey = survey_of(campaign.survey)
    parsed = parse_values(survey, raw)
    report = report_of(session, campaign, establishment)
    created = report is None
    if report is None:
        report = IndicatorReport(campaign=campaign, establishment=establishment, created_at=now)
        session.add(report)
    before = values_of(report)
    rows = {value.indicator: value for value in report.values}
    questions = {q.id: q for _, q in survey.questions()}
    for key, stored in parsed.items():
        row = rows.get(key)
        if row is None:
            row = IndicatorValue(indicator=key)
            report.values.append(row)
        is_text = indicator_type(questions[key]).stores_text
        row.number = None if is_text or stored is None else float(stored)
        row.text = str(stored) if is_text and stored is not None else None
    report.answered_by, report.updated_at = actor, now
    session.flush()
    changed = sum(1 for key, stored in parsed.items() if before.get(key) != stored)
    what = "saisis" if created else f"corrigés ({changed} valeur(s) modifiée(s))"
    audit.record(
        actor, "indicators.report", f"Indicateurs {what} — {establishment.label} — {half_year_label(campaign)}"
    )
    return Saved(report, changed, created)
