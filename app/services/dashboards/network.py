"""Assemble a network's dashboard: poles × dimensions, year on year, over all years, and its establishments."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from app.analytics import establishment as shape_establishment
from app.analytics import network as shape
from app.analytics.cells import network_unit, pole_unit
from app.analytics.identifiers import FrameId, TableId
from app.analytics.instrument import Dimension, all_values, dimensions_of, items_of
from app.analytics.records import rows_of
from app.analytics.self_positioning import Theme, themes_of
from app.analytics.tables import Table, sort_rows
from app.extensions import DbSession
from app.models import Campaign, Network
from app.services.dashboards.campaign_data import (
    CampaignData,
    ChosenCampaign,
    campaign_data,
    campaign_order,
    default_campaign,
    kind_cells,
    network_campaigns,
    period_label,
    prefetch_campaign_data,
    previous_of,
    published,
    series_of,
)
from app.services.dashboards.establishment import UnknownCampaign, trend_warnings
from app.services.dashboards.membership import moved_note, moved_since_closing
from app.services.dashboards.network_items import CellsOf, fill_self_positioning
from app.surveys.registry import survey_of
from app.surveys.schema import Survey


@dataclass
class Filters:
    campaign_id: int | None = None
    pole_id: int | None = None
    kind: str | None = None
    sort: str | None = None
    descending: bool = False
    page: int = 1  # of the establishments table (app/web/table_pages.py)
    every: bool = False  # every establishment on one page


@dataclass
class NetworkDashboard(ChosenCampaign):
    network: Network
    whole: bool  # the reader sees the whole network (not only some poles)
    pole_ids: list[int]  # the poles shown, after the filter
    allowed_pole_ids: list[int]  # the poles the reader may choose from
    campaigns: list[Campaign]  # campaigns of the grid or of self-positioning items, for the selector
    filters: Filters
    campaign: Campaign | None = None
    previous: Campaign | None = None
    dims: list[Dimension] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)  # a self-positioning campaign's themes (then no dims)
    series: list[Campaign] = field(default_factory=list)  # the campaigns of the trend, up to the chosen one
    kinds: list[str] = field(default_factory=list)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    membership_note: str | None = None  # establishments moved since the campaign closed
    kpis: dict[str, Any] = field(default_factory=dict)
    min_size: int = 5

    @property
    def pole_names(self) -> dict[int, str]:
        return {pole.id: pole.name for pole in self.network.poles}


def prepare(
    session: DbSession, network: Network, whole: bool, allowed_poles: list[int], filters: Filters, min_size: int
) -> NetworkDashboard:
    """Choose the campaign, its predecessor and its series: the cheap part, run on every request."""
    every = network_campaigns(session, network.id)
    grid = [c for c in every if dimensions_of(survey_of(c.survey)) or items_of(survey_of(c.survey))]
    pole_ids = [p for p in allowed_poles if filters.pole_id in (None, p)]
    dash = NetworkDashboard(
        network, whole and filters.pole_id is None, pole_ids, list(allowed_poles), grid, filters, min_size=min_size
    )
    if filters.campaign_id is not None:
        dash.campaign = next((c for c in grid if c.id == filters.campaign_id), None)
        if dash.campaign is None:
            raise UnknownCampaign(filters.campaign_id)
    else:
        # the grid by default, as before self-positioning campaigns could be chosen
        dash.campaign = default_campaign(grid, lambda c: bool(dimensions_of(survey_of(c.survey)))) or default_campaign(
            grid
        )
    if dash.campaign is None:
        return dash
    dash.dims = dimensions_of(survey_of(dash.campaign.survey))
    if not dash.dims:
        dash.themes = themes_of(survey_of(dash.campaign.survey))
    if not dash.published:
        return dash  # participation only: no comparison, no trend
    shown = published(grid)
    dash.previous = previous_of(shown, dash.campaign)
    dash.series = [
        c for c in series_of(shown, dash.campaign) if campaign_order(c)[:2] <= campaign_order(dash.campaign)[:2]
    ]
    return dash


def fill(session: DbSession, dash: NetworkDashboard) -> NetworkDashboard:
    """Compute the frames and tables of a prepared dashboard: the costly part, cached by the views."""
    if dash.campaign is None:
        return dash
    network, min_size = dash.network, dash.min_size
    survey = survey_of(dash.campaign.survey)
    prefetch_campaign_data(session, [dash.campaign, *dash.series, *filter(None, [dash.previous])], min_size)
    data = campaign_data(session, dash.campaign, min_size)
    establishments = data.establishments
    dash.kinds = sorted({k for k in establishments["kind"] if k})
    units = [(pole_unit(p), dash.pole_names.get(p, "—")) for p in dash.pole_ids]
    if dash.whole:
        units.append((network_unit(network.id), f"Réseau {network.name}"))

    rates_now = shape.participation_by_unit(data.responses, _kept(establishments, dash))
    rates_now = _rename_network(rates_now, network.id)
    listed = _kept(establishments, dash)
    listed = listed[listed["pole_id"].isin(dash.pole_ids) | (dash.whole & listed["pole_id"].isna())]
    dash.warnings += _excess_warnings(listed, rates_now)
    if not dash.published:  # participation only: each establishment's responses and rate, no result
        table = shape.establishments_table(
            listed.sort_values("name"), data.cells.iloc[0:0], None, rates_now, dash.pole_names, [], min_size
        )
        return _establishments(session, dash, table, listed, rates_now)

    cells_of = _cells_once(session, dash)
    if dash.themes:  # a self-positioning campaign: themes by pole, their progression, items ranked
        fill_self_positioning(session, dash, units, data, establishments, cells_of)
        table = shape.establishments_table(
            listed.sort_values("name"), data.cells.iloc[0:0], None, rates_now, dash.pole_names, [], min_size
        )
        return _establishments(session, dash, table, listed, rates_now)

    now_cells = cells_of(data, survey)
    dash.frames[FrameId.HEATMAP] = shape.heatmap_frame(now_cells, units, dash.dims, min_size)
    dash.tables[TableId.POLES] = shape.heatmap_table(
        dash.frames[FrameId.HEATMAP], rates_now, period_label(dash.campaign)
    )

    before_frame, before_cells, rates_before = None, None, {}
    if dash.previous is not None:
        old = campaign_data(session, dash.previous, min_size)
        old_est = old.establishments
        before_cells = cells_of(old, survey_of(dash.previous.survey))
        rates_before = _rename_network(shape.participation_by_unit(old.responses, _kept(old_est, dash)), network.id)
        before_frame = shape.heatmap_frame(before_cells, units, dash.dims, min_size)
        dash.frames[FrameId.COMPARISON] = shape.comparison_frame(
            dash.frames[FrameId.HEATMAP], before_frame, rates_now, rates_before
        )
        dash.tables[TableId.EVOLUTION] = shape.comparison_table(
            dash.frames[FrameId.COMPARISON], period_label(dash.previous), period_label(dash.campaign)
        )
        for record in rows_of(dash.frames[FrameId.COMPARISON].drop_duplicates("unit")):
            if record["jump"]:
                dash.warnings.append(
                    f"{record['pole']} : la participation est passée de {round(100 * record['rate_before'])} % "
                    f"à {round(100 * record['rate_after'])} % ; l'évolution peut refléter qui a répondu."
                )
        dash.warnings += trend_warnings([dash.previous, dash.campaign], {})

    series = dash.series
    points = []
    for point in series:
        point_data = data if point.id == dash.campaign.id else campaign_data(session, point, min_size)
        points.append((period_label(point), cells_of(point_data, survey_of(point.survey))))
    dash.frames[FrameId.PROGRESSION] = shape.progression_frame(points, units, dash.dims, min_size)
    dash.tables[TableId.POLE_PROGRESSION] = shape.progression_table(dash.frames[FrameId.PROGRESSION])
    dash.warnings += [w for w in trend_warnings(series, {}) if w not in dash.warnings]

    table = shape.establishments_table(
        listed.sort_values("name"),
        data.cells,
        _prev_est_cells(session, dash, min_size),
        rates_now,
        dash.pole_names,
        dash.dims,
        min_size,
        period_label(dash.campaign),
        period_label(dash.previous) if dash.previous is not None else None,
    )
    return _establishments(session, dash, table, listed, rates_now)


def _establishments(
    session: DbSession, dash: NetworkDashboard, table: Table, listed: pd.DataFrame, rates: dict[str, Any]
) -> NetworkDashboard:
    """Order the table of establishments as asked, and count what it lists."""
    if dash.filters.sort in {c.key for c in table.columns if c.sortable}:
        table.rows = sort_rows(table.rows, dash.filters.sort, dash.filters.descending)
    dash.tables[TableId.ESTABLISHMENTS] = table
    shown = set(listed["establishment_id"])
    moved = moved_since_closing(session, dash.campaign.id) if dash.campaign is not None else []
    dash.membership_note = moved_note(
        [m for m in moved if m.establishment_id in shown or m.pole_now in dash.pole_ids], dash.pole_names
    )
    dash.kpis = {
        "establishments": len(listed),
        "responses": int(sum(r["responses"] for r in table.rows)),
        "rate": _rate(rates, listed),
    }
    return dash


def _excess_warnings(listed: pd.DataFrame, rates: dict[str, Any]) -> list[str]:
    """Name the establishments that sent more responses than the staff they declared."""
    warnings = []
    for record in rows_of(listed.sort_values("name")):
        entry = rates.get(f"e:{record['establishment_id']}", {})
        staff = entry.get("staff") or None
        excess = shape_establishment.excess_responses_warning(entry.get("responses", 0), staff)
        if excess:
            warnings.append(f"{record['name']} : {excess}")
    return warnings


def _kept(establishments: pd.DataFrame, dash: NetworkDashboard) -> pd.DataFrame:
    return establishments if not dash.filters.kind else establishments[establishments["kind"] == dash.filters.kind]


def _cells_once(session: DbSession, dash: NetworkDashboard) -> CellsOf:
    """`_cells` computed once per campaign of the dashboard: the trend reads the chosen and the previous campaign
    again, and restricting them to a type costs most of a filtered dashboard."""
    computed: dict[int, pd.DataFrame] = {}

    def cells_of(data: CampaignData, survey: Survey) -> pd.DataFrame:
        if data.campaign_id not in computed:
            computed[data.campaign_id] = _cells(session, data, dash, survey)
        return computed[data.campaign_id]

    return cells_of


def _cells(session: DbSession, data: CampaignData, dash: NetworkDashboard, survey: Survey) -> pd.DataFrame:
    """The campaign's cells, with pole and network totals restricted to the chosen type when filtered."""
    if not dash.filters.kind:
        return data.cells
    restricted = kind_cells(session, data, dash.filters.kind, all_values(survey), dash.min_size)
    own = data.cells[data.cells["kind"] == "establishment"]
    if restricted.empty:
        return own.reset_index(drop=True)
    return pd.concat([own, restricted], ignore_index=True)


def _rename_network(rates: dict[str, dict[str, Any]], network_id: int) -> dict[str, dict[str, Any]]:
    if "network" in rates:
        rates[network_unit(network_id)] = rates.pop("network")
    return rates


def _prev_est_cells(session: DbSession, dash: NetworkDashboard, min_size: int) -> pd.DataFrame | None:
    if dash.previous is None:
        return None
    return campaign_data(session, dash.previous, min_size).cells


def _rate(rates: dict[str, dict[str, Any]], listed: pd.DataFrame) -> float | None:
    """Participation of the listed establishments whose staff size is known."""
    staff = sum(rates.get(f"e:{e}", {}).get("staff", 0) for e in listed["establishment_id"])
    counted = sum(rates.get(f"e:{e}", {}).get("counted", 0) for e in listed["establishment_id"])
    return counted / staff if staff else None
