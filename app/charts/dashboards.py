"""The figures of each dashboard, built from the frames its service assembled."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from app.analytics.identifiers import FrameId, TableId
from app.charts import Figure
from app.charts.items import diverging_items_chart
from app.charts.levels import category_chart, distribution_chart, progression_chart, radar_chart
from app.charts.network import heatmap_chart, pole_comparison_chart, small_multiples_chart
from app.charts.network_items import lowest_items_chart, theme_heatmap_chart, theme_progression_chart


def establishment_figures(
    frames: Mapping[str, pd.DataFrame],
    level_points: Sequence[tuple[int, str]],
    item_points: Sequence[tuple[int, str]],
    current_label: str,
    previous_label: str | None,
) -> dict[str, Figure]:
    """Return the establishment dashboard's figures, by the id of the table that goes with each."""
    figures: dict[str, Figure] = {}
    maximum = max((v for v, _ in level_points), default=5)
    if FrameId.DISTRIBUTION in frames:
        figures[TableId.DISTRIBUTION] = distribution_chart(frames[FrameId.DISTRIBUTION], level_points)
    if FrameId.RADAR in frames:
        figures[TableId.COMPARISON] = radar_chart(frames[FrameId.RADAR], current_label, previous_label, maximum)
    if FrameId.PROGRESSION in frames:
        figures[TableId.PROGRESSION] = progression_chart(frames[FrameId.PROGRESSION], maximum)
    if FrameId.CATEGORIES in frames and not frames[FrameId.CATEGORIES].empty:
        figures[TableId.CATEGORIES] = category_chart(frames[FrameId.CATEGORIES], maximum)
    if FrameId.ITEMS in frames:
        figures[TableId.ITEMS] = diverging_items_chart(frames[FrameId.ITEMS], item_points)
    return figures


def network_figures(
    frames: Mapping[str, pd.DataFrame],
    dimensions: Sequence[str],
    current_label: str,
    previous_label: str | None,
    maximum: int = 5,
) -> dict[str, Figure]:
    """Return the network dashboard's figures, by the id of the table that goes with each."""
    figures: dict[str, Figure] = {}
    if FrameId.HEATMAP in frames:
        figures[TableId.POLES] = heatmap_chart(frames[FrameId.HEATMAP], list(dimensions), maximum)
    if FrameId.COMPARISON in frames and previous_label:
        figures[TableId.EVOLUTION] = pole_comparison_chart(
            frames[FrameId.COMPARISON], previous_label, current_label, maximum
        )
    if FrameId.PROGRESSION in frames:
        figures[TableId.POLE_PROGRESSION] = small_multiples_chart(
            frames[FrameId.PROGRESSION], list(dimensions), maximum
        )
    return figures


def network_items_figures(frames: Mapping[str, pd.DataFrame], themes: Sequence[str]) -> dict[str, Figure]:
    """Return the network dashboard's figures on a self-positioning campaign, by table id."""
    figures: dict[str, Figure] = {}
    if FrameId.THEMES in frames:
        figures[TableId.THEMES] = theme_heatmap_chart(frames[FrameId.THEMES], list(themes))
    if FrameId.THEME_PROGRESSION in frames:
        figures[TableId.THEME_PROGRESSION] = theme_progression_chart(frames[FrameId.THEME_PROGRESSION], list(themes))
    if FrameId.ITEMS_RANKED in frames:
        figures[TableId.ITEMS_RANKED] = lowest_items_chart(frames[FrameId.ITEMS_RANKED])
    return figures


def steering_figures(frames: Mapping[str, pd.DataFrame], dimensions: Sequence[str]) -> dict[str, Figure]:
    """Return the académie's or a département's figures: networks × dimensions, and each network over the years."""
    figures: dict[str, Figure] = {}
    if FrameId.HEATMAP in frames:
        figures[TableId.NETWORKS] = heatmap_chart(frames[FrameId.HEATMAP], list(dimensions))
    if FrameId.PROGRESSION in frames:
        figures[TableId.NETWORK_PROGRESSION] = small_multiples_chart(frames[FrameId.PROGRESSION], list(dimensions))
    return figures
