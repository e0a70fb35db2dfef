"""Diverging stacked bars for self-positioning items: disagreement to the left, agreement to the right."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from app.charts import base_layout, empty_figure, fr, narrow_hints, shorten

# PuOr ends: orange for the low points, purple for the high ones (colour-blind safe).
LOW = ["#b35806", "#f1a340", "#fdd49e"]
HIGH = ["#d8daeb", "#998ec3", "#542788"]
MIDDLE = "#d9d9d9"


def diverging_colours(count: int) -> list[str]:
    """Colours from the lowest to the highest point of a scale of `count` points."""
    half = min(count // 2, len(LOW))
    return LOW[:half] + ([MIDDLE] if count % 2 else []) + HIGH[len(HIGH) - half :]


def diverging_items_chart(items: pd.DataFrame, points: Sequence[tuple[int, str]]) -> go.Figure:
    """One bar per item; the lower half of the scale extends left of zero, the upper half right.

    `items`: label (item text, short), hidden, and share columns `s<value>` over answers with a value.
    A middle point of an odd scale is split half on each side.
    """
    visible = items[~items["hidden"]]
    if visible.empty:
        return empty_figure("Aucun item n'a assez de réponses pour être affiché.")
    labels = list(visible["label"])[::-1]
    count = len(points)
    colours = diverging_colours(count)
    fig = go.Figure(
        layout=base_layout(
            barmode="relative",
            height=110 + 30 * len(labels),
            xaxis=dict(
                range=[-1, 1],
                tickvals=[-1, -0.5, 0, 0.5, 1],
                ticktext=["100 %", "50 %", "0", "50 %", "100 %"],
                zeroline=True,
                zerolinecolor="#161616",
            ),
            yaxis=dict(automargin=True),
        )
    )
    half = count // 2
    # Draw the low side from the middle outwards so that stacking keeps the scale's order.
    order = list(range(half - 1, -1, -1)) + ([half] if count % 2 else []) + list(range(half + count % 2, count))
    for index in order:
        value, label = points[index]
        shares = [float(v) for v in list(visible[f"s{value}"])[::-1]]
        if count % 2 and index == half:
            for _side, sign in (("gauche", -1), ("droite", 1)):
                fig.add_trace(
                    go.Bar(
                        name=label,
                        legendgroup=label,
                        showlegend=sign == 1,
                        legendrank=index,
                        orientation="h",
                        y=labels,
                        x=[sign * s / 2 for s in shares],
                        marker_color=colours[index],
                        customdata=[[fr(100 * s, 0)] for s in shares],
                        hovertemplate=f"%{{y}}<br>{label} : %{{customdata[0]}} %<extra></extra>",
                    )
                )
            continue
        sign = -1 if index < half else 1
        fig.add_trace(
            go.Bar(
                name=label,
                legendrank=index,
                orientation="h",
                y=labels,
                x=[sign * s for s in shares],
                marker_color=colours[index],
                customdata=[[fr(100 * s, 0)] for s in shares],
                hovertemplate=f"%{{y}}<br>{label} : %{{customdata[0]}} %<extra></extra>",
            )
        )
    return narrow_hints(fig, {label: shorten(label, 24) for label in labels})
