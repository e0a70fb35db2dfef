"""A campaign's aggregates, suppressed once for every reader, cached while the campaign stays closed."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Set
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from babel.dates import format_date
from sqlalchemy import select

from app.analytics.cells import campaign_cells
from app.analytics.instrument import all_values
from app.extensions import DbSession
from app.models import Campaign, CampaignStatus, Establishment, SurveyDefinition
from app.services.dashboards import aggregates
from app.surveys.registry import survey_of
from app.surveys.schema import INDICATORS

CACHE_SIZE = 256
_cache: OrderedDict[tuple[Any, ...], CampaignData] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class CampaignData:
    """What every dashboard reads about one campaign."""

    campaign_id: int
    counts: pd.DataFrame  # establishment_id, question, value, n
    responses: pd.DataFrame  # establishment_id, category, n
    cells: pd.DataFrame  # campaign_cells(): one row per unit × question, suppressed


def establishments_of(session: DbSession, campaign: Campaign, extra_ids: Set[int] = frozenset()) -> pd.DataFrame:
    """List the campaign's establishments (attached, or having answered) with pole, type and staff size."""
    frame = aggregates.campaign_establishments(session, [campaign.id]).drop(columns=["campaign_id"])
    missing = set(extra_ids) - set(frame["establishment_id"])
    if missing:
        rows = session.execute(
            select(
                Establishment.id,
                Establishment.uai,
                Establishment.name,
                Establishment.kind,
                Establishment.pole_id,
                Establishment.network_id,
            ).where(Establishment.id.in_(missing))
        ).all()
        more = pd.DataFrame(rows, columns=["establishment_id", "uai", "name", "kind", "pole_id", "network_id"])
        more["staff_size"] = None
        frame = pd.concat([frame, more], ignore_index=True) if len(frame) else more
    frame["pole_id"] = frame["pole_id"].astype("object").where(frame["pole_id"].notna(), None)
    return frame


def campaign_data(session: DbSession, campaign: Campaign, min_size: int) -> CampaignData:
    """Compute (or reuse) a campaign's aggregates; a closed campaign's are cached."""
    responses = aggregates.response_counts(session, [campaign.id]).drop(columns=["campaign_id"])
    establishments = establishments_of(session, campaign, set(responses["establishment_id"]))
    key = None
    if campaign.status == CampaignStatus.CLOSED:
        membership = tuple(
            sorted(
                (int(e), -1 if p is None else int(p))
                for e, p in zip(establishments["establishment_id"], establishments["pole_id"])
            )
        )
        key = (
            str(session.get_bind().engine.url),
            campaign.id,
            str(campaign.created_at),
            min_size,
            int(responses["n"].sum()),
            hash(membership),
        )
        with _lock:
            if key in _cache:
                _cache.move_to_end(key)
                return _cache[key]
    data = _compute(session, campaign, establishments, responses, min_size)
    if key is not None:
        with _lock:
            _cache[key] = data
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return data


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def _compute(
    session: DbSession, campaign: Campaign, establishments: pd.DataFrame, responses: pd.DataFrame, min_size: int
) -> CampaignData:
    counts = aggregates.answer_counts(session, campaign.id)
    values = all_values(survey_of(campaign.survey))
    cells = campaign_cells(counts, establishments, campaign.network_id, values, min_size)
    return CampaignData(campaign.id, counts, responses, cells)


def network_campaigns(session: DbSession, network_id: int) -> list[Campaign]:
    """Return a network's questionnaire campaigns in time order (school year, then period).

    Indicator campaigns are left out: their figures are institutional, never mixed with the anonymous answers.
    """
    campaigns = session.scalars(
        select(Campaign)
        .join(SurveyDefinition)
        .where(Campaign.network_id == network_id, SurveyDefinition.kind != INDICATORS)
    ).all()
    return sorted(campaigns, key=campaign_order)


def campaign_order(campaign: Campaign) -> tuple[str, str, int]:
    return (campaign.school_year, campaign.period or "", campaign.id)


def series_of(campaigns: list[Campaign], campaign: Campaign) -> list[Campaign]:
    """Return the campaigns of the same instrument (slug), in time order: the points of a trend."""
    return [c for c in campaigns if c.survey.slug == campaign.survey.slug]


def previous_of(campaigns: list[Campaign], campaign: Campaign) -> Campaign | None:
    """Return the campaign of the same instrument just before this one, if any."""
    series = series_of(campaigns, campaign)
    index = series.index(campaign)
    return series[index - 1] if index > 0 else None


def results_published(campaign: Campaign) -> bool:
    """Say whether a campaign's results may be shown to any reader: only once it is closed.

    While a campaign is open, two readings around one more answer would differ by that one person's answers
    (issue 12, rule of docs/privacy.md): every view shows participation only (the total and the rate, never by
    category) until the campaign is closed, and a closed campaign is never reopened.
    """
    return campaign.status == CampaignStatus.CLOSED


def french_date(day: date) -> str:
    """Write a day as French prose does: « 1er décembre 2026 », « 12 décembre 2026 »."""
    return format_date(day, "'1er' MMMM y" if day.day == 1 else "d MMMM y", locale="fr_FR")


def publication_note(campaign: Campaign) -> str:
    """Say, in French, when an unpublished campaign's results will be shown."""
    when = f", prévue le {french_date(campaign.closes_on)}" if campaign.closes_on else ""
    return f"Les résultats seront publiés à la clôture de la campagne{when} (règle d'anonymat)."


def published(campaigns: list[Campaign]) -> list[Campaign]:
    """Keep the campaigns whose results are published: the only points a trend or a comparison may use."""
    return [c for c in campaigns if results_published(c)]


def default_campaign(campaigns: list[Campaign], wanted: Callable[[Campaign], bool] | None = None) -> Campaign | None:
    """Pick the latest closed campaign (its results are final), else the latest one."""
    candidates = [c for c in campaigns if wanted is None or wanted(c)]
    closed = [c for c in candidates if c.status == CampaignStatus.CLOSED]
    pool = closed or candidates
    return pool[-1] if pool else None


def period_label(campaign: Campaign) -> str:
    return campaign.school_year + (f" {campaign.period}" if campaign.period else "")


class ChosenCampaign:
    """What a page reading one chosen campaign (or none yet) says of it: whether its results are out, its label."""

    campaign: Campaign | None

    @property
    def published(self) -> bool:
        """The chosen campaign's results are published (it is closed)."""
        return self.campaign is not None and results_published(self.campaign)

    @property
    def publication_note(self) -> str:
        """Say when the chosen campaign's results will be published; empty once they are, or without one."""
        return publication_note(self.campaign) if self.campaign is not None and not self.published else ""

    @property
    def label(self) -> str:
        """The chosen campaign's school year and period, or empty without one."""
        return period_label(self.campaign) if self.campaign is not None else ""
