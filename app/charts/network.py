"""Charts comparing poles: heatmap of levels, year-on-year comparison, small multiples of progression."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from app.charts import (
    BOTTOM_LEGEND,
    Figure,
    axes_named,
    base_layout,
    empty_figure,
    figure,
    fr,
    merged,
    narrow_hints,
    series_colour,
    shorten,
    subplot_grid,
    wrap,
)


def heatmap_chart(cells: pd.DataFrame, dimensions: list[str], maximum: int = 5) -> Figure:
    """Poles (rows) × dimensions (columns), coloured and labelled by the mean level; hidden cells left blank.

    The mean, not the median: on a five-level scale a median is almost always 2,0 or 3,0 and would paint poles
    alike that their distributions show to differ (docs/dashboards.md, « Quel chiffre pour un niveau »).
    `cells`: pole, dimension, mean, n, hidden_label ("" when shown).
    """
    if cells.empty:
        return empty_figure("Aucun pôle à afficher.")
    poles = list(dict.fromkeys(cells["pole"]))
    grid = cells.set_index(["pole", "dimension"])
    z, text = [], []
    for pole in poles:
        row_z, row_text = [], []
        for dimension in dimensions:
            cell = grid.loc[(pole, dimension)] if (pole, dimension) in grid.index else None
            mean = None if cell is None or pd.isna(cell["mean"]) else float(cell["mean"])
            row_z.append(mean)
            if mean is None or cell is None:
                row_text.append("" if cell is None else (cell["hidden_label"] or "—"))
            else:
                row_text.append(f"{fr(mean)}<br>n = {int(cell['n'])}")
        z.append(row_z)
        text.append(row_text)
    fig = figure(
        height=140 + 70 * len(poles),
        xaxis=dict(side="top", automargin=True),
        yaxis=dict(autorange="reversed", automargin=True),
        margin=dict(l=10, r=10, t=60, b=10),
    )
    fig["data"].append(
        dict(
            type="heatmap",
            z=z,
            x=[wrap(d, 16) for d in dimensions],
            y=[wrap(p, 16) for p in poles],
            text=text,
            texttemplate="%{text}",
            zmin=1,
            zmax=maximum,
            colorscale="Cividis",
            xgap=3,
            ygap=3,
            hoverongaps=False,
            colorbar=dict(title=dict(text="Niveau moyen"), tickvals=list(range(1, maximum + 1)), thickness=12),
            hovertemplate="%{y} — %{x}<br>Niveau moyen : %{z:.1f}<extra></extra>",
        )
    )
    # on a phone: dimensions as rows, poles as columns
    return narrow_hints(fig, {wrap(d, 16): shorten(d, 12) for d in dimensions}, transpose=True)


def pole_comparison_chart(comparison: pd.DataFrame, before_label: str, after_label: str, maximum: int = 5) -> Figure:
    """Dumbbells: each pole's mean level per dimension in year N-1 (open) and N (filled).

    `comparison`: pole, dimension, before, after (NaN where hidden or missing).
    """
    shown = comparison.dropna(subset=["before", "after"], how="all")
    if shown.empty:
        return empty_figure("Pas de campagne précédente à comparer.")
    labels = [f"{row.pole} · {row.dimension}" for row in shown.itertuples()]
    segment_x, segment_y = [], []
    for label, before, after in zip(labels, shown["before"], shown["after"]):
        if not (pd.isna(before) or pd.isna(after)):
            segment_x += [before, after, None]
            segment_y += [label, label, None]
    fig = figure(
        height=120 + 26 * len(labels),
        xaxis=dict(range=[0.8, maximum + 0.2], dtick=1, side="top"),
        yaxis=dict(autorange="reversed", automargin=True, type="category"),
        margin=dict(l=10, r=10, t=60, b=10),
        legend=BOTTOM_LEGEND,
    )
    fig["data"].append(
        dict(
            type="scatter",
            x=segment_x,
            y=segment_y,
            mode="lines",
            line=dict(color="#929292", width=3),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for column, label, symbol, colour in (
        ("before", before_label, "circle-open", series_colour(1)),
        ("after", after_label, "circle", series_colour(0)),
    ):
        values = [None if pd.isna(v) else float(v) for v in shown[column]]
        fig["data"].append(
            dict(
                type="scatter",
                name=label,
                x=values,
                y=labels,
                mode="markers",
                marker=dict(symbol=symbol, size=11, color=colour, line=dict(width=2, color=colour)),
                hovertemplate="%{y}<br>" + label + " : %{x:.1f}<extra></extra>",
            )
        )
    short = {
        f"{r.pole} · {r.dimension}": f"{shorten(str(r.pole), 10)} · {shorten(str(r.dimension), 12)}"
        for r in shown.itertuples()
    }
    return narrow_hints(fig, short)


def small_multiples_chart(progression: pd.DataFrame, dimensions: list[str], maximum: int = 5) -> Figure:
    """One small panel per pole: a line per dimension, the mean level over the school years.

    `progression`: pole, school_year, dimension, mean. On a phone, three panels side by side overlap their
    titles and years: the phone gets its own figure, one panel per row (`meta.narrow.figure`, drawn by charts.js).
    """
    if progression.empty or progression["mean"].isna().all():
        return empty_figure("Pas encore de résultats sur plusieurs années.")
    means = _means(progression)
    desktop = _small_multiples(progression, means, dimensions, maximum, columns=3)
    phone = _small_multiples(progression, means, dimensions, maximum, columns=1)
    return narrow_hints(desktop, figure=phone)


def _means(progression: pd.DataFrame) -> dict[tuple[Any, Any, Any], float]:
    """The first mean found for each (pole, dimension, school year): read once for both figures, from plain lists
    (a pivot table took most of the chart's time)."""
    found: dict[tuple[Any, Any, Any], float] = {}
    columns = (progression[c].tolist() for c in ("pole", "dimension", "school_year", "mean"))
    for pole, dimension, year, mean in zip(*columns, strict=True):
        if mean is not None and not pd.isna(mean):
            found.setdefault((pole, dimension, year), float(mean))
    return found


def _small_multiples(
    progression: pd.DataFrame,
    means: dict[tuple[Any, Any, Any], float],
    dimensions: list[str],
    maximum: int,
    columns: int,
) -> Figure:
    poles = list(dict.fromkeys(progression["pole"]))
    years = sorted(progression["school_year"].unique())
    columns = min(columns, len(poles))
    rows = math.ceil(len(poles) / columns)
    phone = columns == 1
    grid, refs = subplot_grid(
        rows,
        columns,
        [wrap(str(p), 40) for p in poles] if phone else [str(p) for p in poles],
        horizontal_spacing=0.04,
        vertical_spacing=(0.25 / rows if phone else 0.12) if rows > 1 else 0.0,
    )
    traces = []
    for p, pole in enumerate(poles):
        xref, yref = refs[p]
        for d, dimension in enumerate(dimensions):
            traces.append(
                dict(
                    type="scatter",
                    xaxis=xref,
                    yaxis=yref,
                    name=dimension,
                    legendgroup=dimension,
                    showlegend=p == 0,
                    x=years,
                    y=[means.get((pole, dimension, year)) for year in years],
                    mode="lines+markers",
                    line=dict(color=series_colour(d), width=2),
                    marker=dict(size=6),
                    hovertemplate=pole + " — %{x} : %{y:.1f}<extra>" + dimension + "</extra>",
                )
            )
    for name in axes_named(grid, "yaxis"):
        grid[name].update(range=[0.8, maximum + 0.2], dtick=1)
    # a little room on both sides, so that the first and last school years are not clipped
    for name in axes_named(grid, "xaxis"):
        grid[name].update(
            type="category", categoryorder="array", categoryarray=years, tickangle=0, range=[-0.4, len(years) - 0.6]
        )
    height = (160 + 230 * rows) if phone else (120 + 260 * rows)
    # the legend ~36 px under the plot, whatever its height: closer, it would cover the school years
    legend = {**BOTTOM_LEGEND, "y": -36 / (height - 40)}
    return {"data": traces, "layout": merged(base_layout(height=height, legend=legend), grid)}
