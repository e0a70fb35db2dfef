"""Assemble the académie's and a département's comparison of networks: networks × dimensions, year on year.

Each network is read from its own closed campaigns of the grid (the latest of each school year), through
`campaign_data`, so its figures are the ones its network dashboard publishes; the totals above it are suppressed
on the académie's whole tree (`analytics/steering`), the same for both views and for every reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from app.analytics import network as shape
from app.analytics import steering
from app.analytics.cells import network_unit
from app.analytics.identifiers import FrameId, TableId
from app.analytics.instrument import Dimension, all_values, dimensions_of
from app.analytics.tables import Table
from app.extensions import DbSession
from app.models import Academy, Campaign, CampaignScope, Department, Network
from app.services.dashboards.campaign_data import (
    campaign_data,
    campaign_order,
    network_campaigns,
    period_label,
    published,
    results_published,
)
from app.surveys.registry import survey_of


class UnknownYear(Exception):
    """No network of this académie has a closed campaign of the grid that school year."""


@dataclass
class SteeringComparison:
    title: str
    scope: Academy | Department
    networks: list[Network]  # the networks shown, in order
    years: list[str] = field(default_factory=list)  # school years with at least one closed campaign shown
    year: str | None = None
    dims: list[Dimension] = field(default_factory=list)
    campaigns: dict[int, Campaign] = field(default_factory=dict)  # network id → its campaign of the chosen year
    pending: list[str] = field(default_factory=list)  # networks whose latest grid campaign is not closed yet
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    min_size: int = 5

    @property
    def is_academy(self) -> bool:
        return isinstance(self.scope, Academy)


def _grid_points(session: DbSession, network: Network) -> tuple[dict[str, Campaign], bool]:
    """Return a network's latest closed grid campaign per school year, and whether a newer one is still open.

    Whole-network campaigns only: one of a few poles or schools measures part of the network, and closed after a
    network campaign of the same year it would replace the network's row, and every total above it, by that part.
    """
    every = [
        c
        for c in network_campaigns(session, network.id)
        if c.scope == CampaignScope.NETWORK and dimensions_of(survey_of(c.survey))
    ]
    by_year: dict[str, Campaign] = {}
    for campaign in published(every):  # in time order: the latest of a year wins
        by_year[campaign.school_year] = campaign
    pending = bool(every) and not results_published(every[-1])
    return by_year, pending


def _parent(network: Network) -> str:
    if network.department_id is not None:
        return steering.department_unit(network.department_id)
    return steering.academy_unit(network.academy_id)


def _year_cells(
    session: DbSession, academy: Academy, points: dict[int, dict[str, Campaign]], year: str, min_size: int
) -> pd.DataFrame:
    """Suppress one school year on the académie's whole tree, whichever view asks."""
    taken = [(n, points[n.id][year]) for n in academy.networks if year in points.get(n.id, {})]
    values = sorted({v for _, c in taken for v in all_values(survey_of(c.survey))})
    network_points = []
    for network, campaign in taken:
        data = campaign_data(session, campaign, min_size)
        network_points.append(steering.NetworkPoint(network.id, _parent(network), data.counts, data.cells))
    departments = {steering.department_unit(d.id): steering.academy_unit(academy.id) for d in academy.departments}
    return steering.steering_cells(network_points, departments, values, min_size)


def _participation(session: DbSession, campaign: Campaign, min_size: int) -> dict[str, Any]:
    data = campaign_data(session, campaign, min_size)
    establishments = data.establishments
    return shape.participation_by_unit(data.responses, establishments).get(
        "network", {"responses": 0, "staff": 0, "counted": 0, "known": 0, "members": 0, "rate": None}
    )


def _units(comparison: SteeringComparison, academy: Academy) -> list[tuple[str, str]]:
    """The rows of the comparison: each network, then the totals the reader's view holds."""
    units = [(network_unit(n.id), n.name) for n in comparison.networks]
    if isinstance(comparison.scope, Department):
        return [*units, (steering.department_unit(comparison.scope.id), f"Département {comparison.scope.label}")]
    placed = {n.department_id for n in comparison.networks if n.department_id is not None}
    units += [(steering.department_unit(d.id), f"Département {d.label}") for d in academy.departments if d.id in placed]
    return [*units, (steering.academy_unit(academy.id), f"Académie {academy.name}")]


def compare_networks(
    session: DbSession, scope: Academy | Department, year: str | None, min_size: int
) -> SteeringComparison:
    """Compare an académie's or a département's networks on the grid's dimensions, one school year and over all."""
    academy = scope if isinstance(scope, Academy) else scope.academy
    shown = sorted(scope.networks, key=lambda n: ((n.department.code if n.department else "~"), n.name))
    title = f"Académie {academy.name}" if isinstance(scope, Academy) else f"Département {scope.label}"
    comparison = SteeringComparison(title, scope, shown, min_size=min_size)
    points: dict[int, dict[str, Campaign]] = {}
    for network in academy.networks:
        points[network.id], pending = _grid_points(session, network)
        if pending and network in shown:
            comparison.pending.append(network.name)
    comparison.years = sorted({y for n in shown for y in points.get(n.id, {})})
    if year is not None and year not in comparison.years:
        raise UnknownYear(year)
    comparison.year = year or (comparison.years[-1] if comparison.years else None)
    if comparison.year is None:
        return comparison
    comparison.campaigns = {n.id: points[n.id][comparison.year] for n in shown if comparison.year in points[n.id]}
    latest = max(comparison.campaigns.values(), key=campaign_order)
    comparison.dims = dimensions_of(survey_of(latest.survey))
    units = _units(comparison, academy)

    rates = _rates(session, comparison, units, min_size)
    series = [(y, _year_cells(session, academy, points, y, min_size)) for y in comparison.years]
    cells = dict(series)[comparison.year]
    frame = shape.heatmap_frame(cells, units, comparison.dims, min_size)
    comparison.frames[FrameId.HEATMAP] = frame
    comparison.tables[TableId.NETWORKS] = steering.networks_table(frame, rates, comparison.year)
    comparison.tables[TableId.NETWORK_PARTICIPATION] = steering.participation_table(
        _participation_rows(comparison, rates), comparison.year
    )
    progression = shape.progression_frame(series, units, comparison.dims, min_size)
    comparison.frames[FrameId.PROGRESSION] = progression
    comparison.tables[TableId.NETWORK_PROGRESSION] = steering.progression_table(progression)
    return comparison


def _rates(
    session: DbSession, comparison: SteeringComparison, units: list[tuple[str, str]], min_size: int
) -> dict[str, dict[str, Any]]:
    """Participation of each network in its campaign of the year, and of the totals (staff known only)."""
    rates = {
        network_unit(n): _participation(session, campaign, min_size) for n, campaign in comparison.campaigns.items()
    }
    for unit, _ in units:
        if unit.startswith("n:"):
            continue
        members = [
            rates[network_unit(n.id)]
            for n in comparison.networks
            if n.id in comparison.campaigns and (unit.startswith("a:") or _parent(n) == unit)
        ]
        staff, counted = sum(m["staff"] for m in members), sum(m["counted"] for m in members)
        rates[unit] = {
            "responses": sum(m["responses"] for m in members),
            "members": sum(m["members"] for m in members),
            "rate": counted / staff if staff else None,
        }
    return rates


def _participation_rows(comparison: SteeringComparison, rates: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for network in comparison.networks:
        campaign = comparison.campaigns.get(network.id)
        entry = rates.get(network_unit(network.id), {})
        rows.append(
            {
                "network": network.name,
                "network_id": network.id,
                "department": network.department.label if network.department else "—",
                "campaign": period_label(campaign) if campaign else "pas de campagne close cette année",
                "establishments": entry.get("members"),
                "responses": entry.get("responses"),
                "rate": entry.get("rate"),
            }
        )
    return rows
