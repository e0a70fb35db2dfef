"""An indicator's figure per pole over the half-years: one line per pole, the periods in time order."""

from __future__ import annotations

import pandas as pd

from app.charts import Figure, empty_figure, figure, fr, series_colour


def indicator_trend_chart(frame: pd.DataFrame, periods: list[str], axis_title: str, percent: bool = False) -> Figure:
    """Draw each pole's figure (sum, mean or « oui » count, as the page says) at each period it has one."""
    if frame.empty:
        return empty_figure("Aucune valeur remontée pour cet indicateur.")
    fig = figure(
        height=340,
        xaxis=dict(type="category", categoryorder="array", categoryarray=periods, automargin=True),
        yaxis=dict(
            title=dict(text=axis_title), rangemode="tozero", ticksuffix=" %" if percent else "", automargin=True
        ),
    )
    for index, (pole, rows) in enumerate(sorted(frame.groupby("pole"), key=lambda g: str(g[0]))):
        ordered = rows.set_index("period").reindex([p for p in periods if p in set(rows["period"])])
        values = [v * 100 if percent else v for v in ordered["value"]]
        digits = 1 if percent else 0
        fig["data"].append(
            dict(
                type="scatter",
                x=list(ordered.index),
                y=values,
                name=str(pole),
                mode="lines+markers",
                line=dict(color=series_colour(index), width=2),
                marker=dict(size=8),
                hovertext=[
                    f"{pole} — {p} : {fr(v, digits)}{' %' if percent else ''}" for p, v in zip(ordered.index, values)
                ],
                hoverinfo="text",
            )
        )
    return fig
