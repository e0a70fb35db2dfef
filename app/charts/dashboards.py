"""The figures of each dashboard, built from the frames its service assembled."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from app.charts.items import diverging_items_chart
from app.charts.levels import category_chart, distribution_chart, progression_chart, radar_chart
from app.charts.network import heatmap_chart, pole_comparison_chart, small_multiples_chart


def establishment_figures(
    frames: Mapping[str, pd.DataFrame],
    level_points: Sequence[tuple[int, str]],
    item_points: Sequence[tuple[int, str]],
    current_label: str,
    previous_label: str | None,
) -> dict[str, go.Figure]:
    """Return the establishment dashboard's figures, by the id of the table that goes with each."""
    figures: dict[str, go.Figure] = {}
    maximum = max((v for v, _ in level_points), default=5)
    if "distribution" in frames:
        figures["repartition"] = distribution_chart(frames["distribution"], level_points)
    if "radar" in frames:
        figures["comparaison"] = radar_chart(frames["radar"], current_label, previous_label, maximum)
    if "progression" in frames:
        figures["progression"] = progression_chart(frames["progression"], maximum)
    if "categories" in frames and not frames["categories"].empty:
        figures["categories"] = category_chart(frames["categories"], maximum)
    if "items" in frames:
        figures["items"] = diverging_items_chart(frames["items"], item_points)
    return figures


def network_figures(
    frames: Mapping[str, pd.DataFrame],
    dimensions: Sequence[str],
    current_label: str,
    previous_label: str | None,
    maximum: int = 5,
) -> dict[str, go.Figure]:
    """Return the network dashboard's figures, by the id of the table that goes with each."""
    figures: dict[str, go.Figure] = {}
    if "heatmap" in frames:
        figures["poles"] = heatmap_chart(frames["heatmap"], list(dimensions), maximum)
    if "comparison" in frames and previous_label:
        figures["evolution"] = pole_comparison_chart(frames["comparison"], previous_label, current_label, maximum)
    if "progression" in frames:
        figures["progression-poles"] = small_multiples_chart(frames["progression"], list(dimensions), maximum)
    return figures
