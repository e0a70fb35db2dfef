"""A network's or a pole's annual review, assembled from the network dashboard (never recomputed)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import pandas as pd

from app.analytics import establishment_items
from app.analytics.cells import network_unit, pole_unit
from app.analytics.identifiers import FrameId, TableId
from app.analytics.instrument import item_points, items_of, level_points, question_changes
from app.analytics.tables import Table
from app.extensions import DbSession
from app.models import Campaign, Pole
from app.services.accounts.scopes import RoadmapOwner
from app.services.dashboards import network as network_dashboard
from app.services.dashboards.campaign_data import (
    campaign_data,
    network_campaigns,
    period_label,
    previous_of,
    published,
    results_published,
)
from app.services.reviews.sections import (
    ItemsSummary,
    Panel,
    RoadmapSection,
    bars,
    campaign_of_year,
    items_summary,
    progression_panels,
    roadmap_section,
    subset,
)
from app.surveys.registry import survey_of

PARTICIPATION_COLUMNS = ["name", "kind", "pole", "responses", "rate"]
EVOLUTION_COLUMNS = ["pole", "dimension", "before", "after", "change", "caveat"]


@dataclass
class UnitItems:
    name: str
    summary: ItemsSummary


@dataclass
class NetworkReview:
    dash: network_dashboard.NetworkDashboard
    year: str
    generated_on: date
    roadmap: RoadmapSection
    participation: Table | None = None
    evolution: Table | None = None
    items: list[UnitItems] = field(default_factory=list)
    items_published: bool = False
    scale: tuple[int, int] = (1, 4)
    unit_name: str = ""  # the unit whose comparison and progression are drawn: the network, or the pole
    heat_units: list[str] = field(default_factory=list)
    heat_rows: list[dict[str, Any]] = field(default_factory=list)
    comparison: list[dict[str, Any]] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)

    @property
    def year_label(self) -> str:
        return period_label(self.dash.campaign) if self.dash.campaign else self.year

    @property
    def previous_label(self) -> str | None:
        return period_label(self.dash.previous) if self.dash.previous else None

    @property
    def pole_id(self) -> int | None:
        return pole_of(self.dash)

    @property
    def title(self) -> str:
        names, network = self.dash.pole_names, self.dash.network.name
        if self.pole_id is not None:
            return f"Pôle {names.get(self.pole_id, '')} — réseau {network}"
        if not self.dash.whole:
            return "Réseau {} — {}".format(network, ", ".join(names[p] for p in self.dash.pole_ids))
        return f"Réseau {network}"


def pole_of(dash: network_dashboard.NetworkDashboard) -> int | None:
    """Return the one pole a review is about (the pole filter, or a pilot's only pole), or None for the network."""
    if dash.filters.pole_id is not None:
        return dash.filters.pole_id
    return dash.pole_ids[0] if not dash.whole and len(dash.pole_ids) == 1 else None


def network_review(
    session: DbSession, dash: network_dashboard.NetworkDashboard, year: str | None, today: date
) -> NetworkReview:
    """Assemble the review of a prepared network dashboard (pole filter kept) for a school year.

    Raises UnknownYear for a year in which the network held no campaign.
    """
    if year is not None and (dash.campaign is None or dash.campaign.school_year != year):
        every = network_campaigns(session, dash.network.id)
        chosen = campaign_of_year(every, year, dash.campaigns)
        if chosen in dash.campaigns:
            filters = replace(dash.filters, campaign_id=chosen.id, kind=None, sort=None)
            dash = network_dashboard.prepare(
                session, dash.network, dash.whole, dash.allowed_pole_ids, filters, dash.min_size
            )
        else:  # a year with self-positioning only: no grid campaign to show
            dash.campaign, dash.dims = None, []
    network_dashboard.fill(session, dash)
    chosen_year = dash.campaign.school_year if dash.campaign else (year or "")
    pole = pole_of(dash)
    owner: RoadmapOwner = dash.network if pole is None else session.get_one(Pole, pole)
    review = NetworkReview(dash, chosen_year, today, roadmap_section(session, owner, chosen_year, dash.min_size))
    if TableId.ESTABLISHMENTS in dash.tables:
        review.participation = subset(dash.tables[TableId.ESTABLISHMENTS], PARTICIPATION_COLUMNS)
    if dash.published and dash.campaign is not None:
        _charts(review, dash.campaign)
    if TableId.EVOLUTION in dash.tables:
        review.evolution = subset(dash.tables[TableId.EVOLUTION], EVOLUTION_COLUMNS)
    _items(session, review)
    return review


def _charts(review: NetworkReview, campaign: Campaign) -> None:
    """Shape the dashboard's frames for the document's charts: values as published, none recomputed."""
    dash = review.dash
    points = level_points(survey_of(campaign.survey))
    if points:
        review.scale = (points[0][0], points[-1][0])
    if dash.whole:
        unit, review.unit_name = network_unit(dash.network.id), f"réseau {dash.network.name}"
    else:
        unit, review.unit_name = pole_unit(dash.pole_ids[0]), f"pôle {dash.pole_names.get(dash.pole_ids[0], '')}"
    heat = dash.frames.get(FrameId.HEATMAP)
    if heat is not None and not heat.empty:
        review.heat_units = list(dict.fromkeys(heat["pole"]))
        for dimension, rows in heat.groupby("dimension", sort=False):
            cells = []
            for record in rows.to_dict("records"):
                value = None if pd.isna(record["mean"]) else float(record["mean"])  # the dashboard's figure
                shade = 1 if value is None else max(1, min(5, round(value) - review.scale[0] + 1))
                cells.append({"value": value, "n": record["n"], "note": record["hidden_label"], "shade": shade})
            review.heat_rows.append({"dimension": dimension, "cells": cells})
    hidden = f"moins de {dash.min_size} réponses"
    review.comparison = bars(dash.frames.get(FrameId.COMPARISON), "dimension", "before", "after", hidden, unit)
    review.panels = progression_panels(dash.frames.get(FrameId.PROGRESSION), dash.min_size, unit)


def _items(session: DbSession, review: NetworkReview) -> None:
    """Rank each unit's self-positioning items from the campaign's suppressed cells, as the dashboards do."""
    dash = review.dash
    every = network_campaigns(session, dash.network.id)
    of_year = [c for c in every if c.school_year == review.year and items_of(survey_of(c.survey))]
    if not of_year:
        return
    campaign = of_year[-1]
    review.items_published = results_published(campaign)
    if not review.items_published:
        return
    survey = survey_of(campaign.survey)
    previous = previous_of(published(every), campaign)
    changes = question_changes(survey_of(previous.survey) if previous else None, survey)
    cells = campaign_data(session, campaign, dash.min_size).cells
    units = [(pole_unit(p), f"Pôle {dash.pole_names.get(p, '—')}") for p in dash.pole_ids]
    if dash.whole:
        units.insert(0, (network_unit(dash.network.id), f"Réseau {dash.network.name}"))
    for unit, name in units:
        frame = establishment_items.items_frame(
            cells[cells["unit"] == unit], items_of(survey), item_points(survey), changes, dash.min_size
        )
        review.items.append(UnitItems(name, items_summary(frame)))
