"""The half-years an indicator campaign reports on: S1 at the end of January, S2 at the end of June (seed 003)."""

from __future__ import annotations

from app.models import Campaign
from app.surveys.schema import INDICATORS

HALF_YEARS = {"S1": "fin janvier", "S2": "fin juin"}
PERIOD_REQUIRED = (
    "Une campagne d'indicateurs porte sur un semestre : choisissez la période S1 (remontée de fin janvier) "
    "ou S2 (remontée de fin juin)."
)


def period_problem(kind: str, period: str | None) -> str | None:
    """Say in French why `period` does not fit an instrument of that kind, or None when it does."""
    if kind == INDICATORS and period not in HALF_YEARS:
        return PERIOD_REQUIRED
    return None


def is_indicator_campaign(campaign: Campaign) -> bool:
    """Say whether a campaign collects indicators (answered by heads, never through a staff link)."""
    return campaign.survey.kind == INDICATORS


def half_year_label(campaign: Campaign) -> str:
    """Return « 2025-2026 S1 (fin janvier) »."""
    period = campaign.period or ""
    when = HALF_YEARS.get(period)
    return f"{campaign.school_year} {period}" + (f" ({when})" if when else "")


def short_label(campaign: Campaign) -> str:
    """Return « S1 2025-2026 », short enough for a table header or a chart's axis."""
    return f"{campaign.period or ''} {campaign.school_year}".strip()
