"""The network dashboard on a self-positioning campaign: pole × theme, themes over the years, items ranked.

Every figure is pooled from the campaign's suppressed cells (`campaign_data`, restricted to a type the same way as
the grid's, rule 3), never from answers; trends read closed campaigns only (the dashboard's series).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from app.analytics import network as shape
from app.analytics import network_items as tables
from app.analytics.cells import network_unit
from app.analytics.establishment import PARTICIPATION_JUMP
from app.analytics.identifiers import FrameId, TableId
from app.analytics.instrument import item_points
from app.analytics.self_positioning import items_frame, theme_frame, theme_progression_frame, top_values
from app.extensions import DbSession
from app.services.dashboards.campaign_data import CampaignData, campaign_data, period_label
from app.services.dashboards.establishment import trend_warnings
from app.surveys.registry import survey_of
from app.surveys.schema import Survey

if TYPE_CHECKING:
    from app.services.dashboards.network import NetworkDashboard

CellsOf = Callable[[CampaignData, Survey], pd.DataFrame]


def fill_self_positioning(
    session: DbSession,
    dash: NetworkDashboard,
    units: Sequence[tuple[str, str]],
    data: CampaignData,
    establishments: pd.DataFrame,
    cells_of: CellsOf,
) -> None:
    """Put the self-positioning frames and tables of a published campaign into the dashboard."""
    if dash.campaign is None:  # a prepared dashboard always has one here
        return
    survey = survey_of(dash.campaign.survey)
    top = top_values([v for v, _ in item_points(survey)])
    min_size = dash.min_size
    now = cells_of(data, survey)
    dash.frames[FrameId.THEMES] = theme_frame(now, units, dash.themes, top, min_size)
    dash.tables[TableId.THEMES] = tables.themes_table(dash.frames[FrameId.THEMES], period_label(dash.campaign))

    ranked_units = [units[-1]] if dash.whole else list(units)  # the network as a whole, else each pole shown
    previous = None
    if dash.previous is not None:
        old = campaign_data(session, dash.previous, min_size)
        old_est = old.establishments
        previous = (cells_of(old, survey_of(dash.previous.survey)), survey_of(dash.previous.survey))
        dash.warnings += _participation_warnings(dash, units, (data, establishments), (old, old_est))
        dash.warnings += trend_warnings([dash.previous, dash.campaign], {})
    dash.frames[FrameId.ITEMS_RANKED] = items_frame(now, ranked_units, survey, top, min_size, previous)
    dash.tables[TableId.ITEMS_RANKED] = tables.items_ranked_table(
        dash.frames[FrameId.ITEMS_RANKED], period_label(dash.previous) if dash.previous else None
    )

    points = []
    for point in dash.series:
        point_data = data if point.id == dash.campaign.id else campaign_data(session, point, min_size)
        point_survey = survey_of(point.survey)
        points.append((period_label(point), cells_of(point_data, point_survey), point_survey))
    dash.frames[FrameId.THEME_PROGRESSION] = theme_progression_frame(points, units, dash.themes, top, min_size)
    dash.tables[TableId.THEME_PROGRESSION] = tables.theme_progression_table(dash.frames[FrameId.THEME_PROGRESSION])
    dash.warnings += [w for w in trend_warnings(dash.series, {}) if w not in dash.warnings]


def _participation_warnings(
    dash: NetworkDashboard,
    units: Sequence[tuple[str, str]],
    now: tuple[CampaignData, pd.DataFrame],
    before: tuple[CampaignData, pd.DataFrame],
) -> list[str]:
    """Say where a unit's participation moved by more than 20 points since the previous campaign."""
    rates_now, rates_before = (_rates(dash, data, est) for data, est in (now, before))
    warnings = []
    for unit, name in units:
        a, b = rates_before.get(unit, {}).get("rate"), rates_now.get(unit, {}).get("rate")
        if a is not None and b is not None and abs(b - a) > PARTICIPATION_JUMP:
            warnings.append(
                f"{name} : la participation est passée de {round(100 * a)} % à {round(100 * b)} % ; "
                "l'évolution peut refléter qui a répondu."
            )
    return warnings


def _rates(dash: NetworkDashboard, data: CampaignData, establishments: pd.DataFrame) -> dict[str, dict[str, Any]]:
    kept = establishments if not dash.filters.kind else establishments[establishments["kind"] == dash.filters.kind]
    rates = shape.participation_by_unit(data.responses, kept)
    if "network" in rates:
        rates[network_unit(dash.network.id)] = rates.pop("network")
    return rates
