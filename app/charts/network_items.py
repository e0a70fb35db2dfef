"""Charts of self-positioning across a network: pole × theme heatmap, themes over the years, lowest items."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from app.charts import BOTTOM_LEGEND, base_layout, empty_figure, fr, narrow_hints, series_colour, shorten, wrap

MAXIMUM = 4  # the items' scales run from 1 to 4
LOWEST_SHOWN = 15


def theme_heatmap_chart(frame: pd.DataFrame, themes: list[str]) -> go.Figure:
    """Poles (rows) × themes (columns), coloured by the mean (1 to 4); hidden cells left blank with their reason.

    `frame`: pole, theme, mean, top, n, hidden_label.
    """
    if frame.empty:
        return empty_figure("Aucun pôle à afficher.")
    poles = list(dict.fromkeys(frame["pole"]))
    grid = frame.set_index(["pole", "theme"])
    z, text = [], []
    for pole in poles:
        row_z, row_text = [], []
        for theme in themes:
            cell = grid.loc[(pole, theme)] if (pole, theme) in grid.index else None
            mean = None if cell is None or pd.isna(cell["mean"]) else float(cell["mean"])
            row_z.append(mean)
            if mean is None or cell is None:
                row_text.append("" if cell is None else (cell["hidden_label"] or "—"))
            else:
                row_text.append(f"{fr(mean)}<br>n ≥ {int(cell['n'])}")
        z.append(row_z)
        text.append(row_text)
    fig = go.Figure(
        layout=base_layout(
            height=160 + 70 * len(poles),
            xaxis=dict(side="top", automargin=True, tickangle=0, tickfont=dict(size=11)),
            yaxis=dict(autorange="reversed", automargin=True),
            margin=dict(l=10, r=10, t=90, b=10),
        )
    )
    fig.add_trace(
        go.Heatmap(
            z=z,
            x=[wrap(t, 11) for t in themes],
            y=[wrap(p, 16) for p in poles],
            text=text,
            texttemplate="%{text}",
            zmin=1,
            zmax=MAXIMUM,
            colorscale="Cividis",
            xgap=3,
            ygap=3,
            hoverongaps=False,
            colorbar=dict(title=dict(text="Moyenne"), tickvals=list(range(1, MAXIMUM + 1)), thickness=12),
            hovertemplate="%{y} · %{x}<br>Moyenne : %{z:.1f}<extra></extra>",
        )
    )
    fig = narrow_hints(fig, {wrap(t, 11): shorten(t, 14) for t in themes})
    fig.layout.meta["narrow"]["transpose"] = True  # on a phone: themes as rows, poles as columns
    return fig


def theme_progression_chart(frame: pd.DataFrame, themes: list[str]) -> go.Figure:
    """One small panel per theme: a line per pole, its mean over the school years.

    `frame`: pole, theme, school_year, mean (NaN where hidden).
    """
    if frame.empty or frame["mean"].isna().all():
        return empty_figure("Pas encore de résultats sur plusieurs années.")
    poles = list(dict.fromkeys(frame["pole"]))
    years = sorted(frame["school_year"].unique())
    columns = min(2, len(themes))  # two panels a row: still readable on a phone
    rows = math.ceil(len(themes) / columns)
    fig = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=[shorten(t, 22) for t in themes],
        shared_yaxes=True,
        horizontal_spacing=0.06,
        vertical_spacing=min(0.35 / rows, 0.1) if rows > 1 else 0.0,
    )
    means = frame.pivot_table(
        index=["theme", "pole"], columns="school_year", values="mean", aggfunc="first", dropna=False
    ).reindex(columns=years)
    traces, rows_of, cols_of = [], [], []
    for t, theme in enumerate(themes):
        for p, pole in enumerate(poles):
            values = means.loc[(theme, pole)].tolist() if (theme, pole) in means.index else [None] * len(years)
            traces.append(
                go.Scatter(
                    name=pole,
                    legendgroup=pole,
                    showlegend=t == 0,
                    x=years,
                    y=[None if v is None or pd.isna(v) else float(v) for v in values],
                    mode="lines+markers",
                    line=dict(color=series_colour(p), width=2),
                    marker=dict(size=6),
                    hovertemplate=theme + " — %{x} : %{y:.1f}<extra>" + pole + "</extra>",
                )
            )
            rows_of.append(t // columns + 1)
            cols_of.append(t % columns + 1)
    fig.add_traces(traces, rows=rows_of, cols=cols_of)
    fig.update_yaxes(range=[0.8, MAXIMUM + 0.2], dtick=1)
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=years,
        tickvals=years,
        ticktext=[_short_year(y) for y in years],  # « 24-25 »: several years fit under a small panel
        tickangle=0,
        range=[-0.4, len(years) - 0.6],
    )
    fig.update_annotations(font_size=12)
    fig.update_layout(**base_layout(height=140 + 190 * rows, legend=BOTTOM_LEGEND))
    return fig


def lowest_items_chart(frame: pd.DataFrame) -> go.Figure:
    """The lowest items of the first unit ranked: a bar per item (mean 1 to 4), full label wrapped, lowest on top.

    `frame`: unit, pole, text, theme, mean, n, hidden_label, in rank order.
    """
    shown = frame[frame["hidden_label"] == ""] if len(frame) else frame
    if shown.empty:
        return empty_figure("Aucun item à classer (résultats masqués ou absents).")
    unit = shown["unit"].iloc[0]
    lowest = shown[shown["unit"] == unit].head(LOWEST_SHOWN)
    labels = [wrap(f"{text} ({theme})", 48) for text, theme in zip(lowest["text"], lowest["theme"])]
    fig = go.Figure(
        layout=base_layout(
            height=120 + 52 * len(lowest),
            xaxis=dict(range=[0, MAXIMUM], dtick=1, side="top", title=dict(text="Moyenne (1 à 4)")),
            yaxis=dict(autorange="reversed", automargin=True, type="category"),
            margin=dict(l=10, r=10, t=70, b=10),
        )
    )
    fig.add_trace(
        go.Bar(
            x=[float(v) for v in lowest["mean"]],
            y=labels,
            orientation="h",
            marker=dict(color=series_colour(0)),
            text=[fr(float(v)) for v in lowest["mean"]],
            textposition="inside",
            insidetextanchor="end",
            customdata=[int(n) for n in lowest["n"]],
            hovertemplate="%{y}<br>Moyenne : %{x:.1f} (n = %{customdata})<extra></extra>",
            name=str(lowest["pole"].iloc[0]),
        )
    )
    return narrow_hints(fig, {label: wrap(shorten(text, 60), 28) for label, text in zip(labels, lowest["text"])})


def _short_year(school_year: str) -> str:
    """Shorten « 2024-2025 » (and « 2024-2025 S1 ») to « 24-25 » (« 24-25 S1 »)."""
    head, _, period = school_year.partition(" ")
    first, _, second = head.partition("-")
    short = f"{first[-2:]}-{second[-2:]}" if first.isdigit() and second.isdigit() else head
    return f"{short} {period}".strip()
