"""Charts of self-positioning across a network: pole × theme heatmap, themes over the years, lowest items."""

from __future__ import annotations

import math

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

MAXIMUM = 4  # the items' scales run from 1 to 4
LOWEST_SHOWN = 15


def theme_heatmap_chart(frame: pd.DataFrame, themes: list[str]) -> Figure:
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
    fig = figure(
        height=160 + 70 * len(poles),
        xaxis=dict(side="top", automargin=True, tickangle=0, tickfont=dict(size=11)),
        yaxis=dict(autorange="reversed", automargin=True),
        margin=dict(l=10, r=10, t=90, b=10),
    )
    fig["data"].append(
        dict(
            type="heatmap",
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
    # on a phone: themes as rows, poles as columns
    return narrow_hints(fig, {wrap(t, 11): shorten(t, 14) for t in themes}, transpose=True)


def theme_progression_chart(frame: pd.DataFrame, themes: list[str]) -> Figure:
    """One small panel per theme: a line per pole, its mean over the school years.

    `frame`: pole, theme, school_year, mean (NaN where hidden).
    """
    if frame.empty or frame["mean"].isna().all():
        return empty_figure("Pas encore de résultats sur plusieurs années.")
    poles = list(dict.fromkeys(frame["pole"]))
    years = sorted(frame["school_year"].unique())
    columns = min(2, len(themes))  # two panels a row: still readable on a phone
    rows = math.ceil(len(themes) / columns)
    grid, refs = subplot_grid(
        rows,
        columns,
        [shorten(t, 22) for t in themes],
        horizontal_spacing=0.06,
        vertical_spacing=min(0.35 / rows, 0.1) if rows > 1 else 0.0,
    )
    means = frame.pivot_table(
        index=["theme", "pole"], columns="school_year", values="mean", aggfunc="first", dropna=False
    ).reindex(columns=years)
    traces = []
    for t, theme in enumerate(themes):
        xref, yref = refs[t]
        for p, pole in enumerate(poles):
            values = means.loc[(theme, pole)].tolist() if (theme, pole) in means.index else [None] * len(years)
            traces.append(
                dict(
                    type="scatter",
                    xaxis=xref,
                    yaxis=yref,
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
    for name in axes_named(grid, "yaxis"):
        grid[name].update(range=[0.8, MAXIMUM + 0.2], dtick=1)
    for name in axes_named(grid, "xaxis"):
        grid[name].update(
            type="category",
            categoryorder="array",
            categoryarray=years,
            tickvals=years,
            ticktext=[_short_year(y) for y in years],  # « 24-25 »: several years fit under a small panel
            tickangle=0,
            range=[-0.4, len(years) - 0.6],
        )
    for annotation in grid["annotations"]:
        annotation["font"] = dict(size=12)
    return {"data": traces, "layout": merged(base_layout(height=140 + 190 * rows, legend=BOTTOM_LEGEND), grid)}


def lowest_items_chart(frame: pd.DataFrame) -> Figure:
    """The lowest items of the first unit ranked: a bar per item (mean 1 to 4), full label wrapped, lowest on top.

    `frame`: unit, pole, text, theme, mean, n, hidden_label, in rank order.
    """
    shown = frame[frame["hidden_label"] == ""] if len(frame) else frame
    if shown.empty:
        return empty_figure("Aucun item à classer (résultats masqués ou absents).")
    unit = shown["unit"].iloc[0]
    lowest = shown[shown["unit"] == unit].head(LOWEST_SHOWN)
    labels = [wrap(f"{text} ({theme})", 48) for text, theme in zip(lowest["text"], lowest["theme"])]
    fig = figure(
        height=120 + 52 * len(lowest),
        xaxis=dict(range=[0, MAXIMUM], dtick=1, side="top", title=dict(text="Moyenne (1 à 4)")),
        yaxis=dict(autorange="reversed", automargin=True, type="category"),
        margin=dict(l=10, r=10, t=70, b=10),
    )
    fig["data"].append(
        dict(
            type="bar",
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
