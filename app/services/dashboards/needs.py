"""Besoins de formation of an establishment, a pole or the network, from a closed self-positioning campaign."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from app.analytics import needs as shape
from app.analytics.cells import establishment_unit, network_unit, pole_unit
from app.analytics.establishment import participation_rate
from app.analytics.instrument import item_points, items_of
from app.analytics.network import participation_by_unit
from app.analytics.self_positioning import top_values
from app.analytics.tables import Table
from app.extensions import DbSession
from app.models import Campaign, Establishment, Network, Pole
from app.services.dashboards.campaign_data import (
    ChosenCampaign,
    campaign_data,
    default_campaign,
    establishments_of,
    network_campaigns,
    period_label,
    previous_of,
    published,
)
from app.services.dashboards.establishment import UnknownCampaign, trend_warnings
from app.surveys.registry import survey_of


@dataclass
class Needs(ChosenCampaign):
    """What the needs page, its exports and the priority links show for one unit."""

    subject: str  # "Collège Sophie Germain", "Pôle Aix", "Réseau Sainte Victoire"
    unit: str  # the unit of the cells: e:…, p:… or n:…
    campaigns: list[Campaign]  # the network's self-positioning campaigns, for the selector
    campaign: Campaign | None = None
    previous: Campaign | None = None
    tables: dict[str, Table] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    responses: int = 0
    rate: float | None = None
    min_size: int = 5

    @property
    def year(self) -> str:
        """The school year of the campaign: the year of the feuille de route a need becomes a priority of."""
        return self.campaign.school_year if self.campaign is not None else ""


def establishment_needs(
    session: DbSession, establishment: Establishment, campaign_id: int | None, min_size: int
) -> Needs:
    """Build the needs of one establishment for the chosen (or latest closed) self-positioning campaign."""
    needs = Needs(establishment.name, establishment_unit(establishment.id), [], min_size=min_size)
    return _build(session, needs, establishment.network_id, campaign_id)


def network_needs(
    session: DbSession, network: Network, pole: Pole | None, campaign_id: int | None, min_size: int
) -> Needs:
    """Build the needs of a pole (or of the whole network when `pole` is None)."""
    if pole is not None:
        needs = Needs(f"Pôle {pole.name}", pole_unit(pole.id), [], min_size=min_size)
    else:
        needs = Needs(f"Réseau {network.name}", network_unit(network.id), [], min_size=min_size)
    return _build(session, needs, network.id, campaign_id)


def _build(session: DbSession, needs: Needs, network_id: int | None, campaign_id: int | None) -> Needs:
    every = network_campaigns(session, network_id) if network_id is not None else []
    needs.campaigns = [c for c in every if items_of(survey_of(c.survey))]
    if campaign_id is not None:
        needs.campaign = next((c for c in needs.campaigns if c.id == campaign_id), None)
        if needs.campaign is None:
            raise UnknownCampaign(campaign_id)
    else:
        needs.campaign = default_campaign(needs.campaigns)
    if needs.campaign is None:
        return needs
    data = campaign_data(session, needs.campaign, needs.min_size)
    rates = _rates(session, needs, needs.campaign, data.responses)
    needs.responses, needs.rate = rates
    if not needs.published:
        return needs  # participation only, until the campaign closes
    survey = survey_of(needs.campaign.survey)
    top = top_values([v for v, _ in item_points(survey)])
    needs.previous = previous_of(published(needs.campaigns), needs.campaign)
    before = None
    label = period_label(needs.previous) if needs.previous is not None else None
    if needs.previous is not None:
        old = campaign_data(session, needs.previous, needs.min_size)
        before = (old.cells, survey_of(needs.previous.survey))
        rate_before = _rates(session, needs, needs.previous, old.responses)[1]
        needs.warnings += trend_warnings(
            [needs.previous, needs.campaign], {needs.previous.id: rate_before, needs.campaign.id: needs.rate}
        )
    themes = shape.theme_needs_frame(data.cells, needs.unit, survey, top, needs.min_size, before)
    items = shape.item_needs_frame(data.cells, needs.unit, survey, top, needs.min_size, before)
    for table in (
        shape.theme_needs_table(themes, label),
        shape.item_needs_table(items, label),
        shape.falls_table(themes, items, label),
    ):
        needs.tables[table.id] = table
    return needs


def _rates(session: DbSession, needs: Needs, campaign: Campaign, responses: pd.DataFrame) -> tuple[int, float | None]:
    """The unit's responses and participation rate (against the declared staff) in one campaign."""
    establishments = establishments_of(session, campaign, set(responses["establishment_id"]))
    by_unit = participation_by_unit(responses, establishments)
    key = "network" if needs.unit.startswith("n:") else needs.unit
    entry = by_unit.get(key, {})
    answered = int(entry.get("responses", 0))
    if needs.unit.startswith("e:"):
        return answered, participation_rate(answered, entry.get("staff") or None)
    return answered, entry.get("rate")
