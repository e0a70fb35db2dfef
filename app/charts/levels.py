"""Charts of grid levels for one collective: distribution, radar, progression, categories."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from app.charts import Figure, empty_figure, figure, fr, level_colours, narrow_hints, series_colour, shorten, wrap


def distribution_chart(cells: pd.DataFrame, levels: Sequence[tuple[int, str]]) -> Figure:
    """Stacked horizontal bars: the share of answers at each level, one bar per dimension.

    `cells`: dimension, n, mean, hidden, hidden_label and a share column `s<value>` per level; the mean is
    written at the end of each bar.
    """
    visible = cells[~cells["hidden"]]
    if visible.empty:
        return empty_figure("Aucune dimension n'a assez de réponses pour être affichée.")
    colours = level_colours(len(levels))
    titles = list(visible["dimension"])[::-1]  # first dimension on top
    dimensions = [wrap(t) for t in titles]
    fig = figure(
        barmode="stack",
        height=140 + 52 * len(dimensions),
        xaxis=dict(range=[0, 1], tickformat=".0%", automargin=True),
        yaxis=dict(automargin=True),
    )
    for (value, label), colour in zip(levels, colours):
        shares = list(visible[f"s{value}"])[::-1]
        fig["data"].append(
            dict(
                type="bar",
                name=f"{value}. {label}",
                orientation="h",
                y=dimensions,
                x=shares,
                marker=dict(color=colour),
                customdata=[[fr(100 * s, 0)] for s in shares],
                hovertemplate=f"Niveau {value} : %{{customdata[0]}} %<extra></extra>",
            )
        )
    # The mean written at each bar's end: a marker on the bars would need a second, 1-5 scale over the 0-100 %
    # one, which a reader takes for the first (a mean of 3 drawn at « 50 % »).
    means = list(visible["mean"])[::-1]
    counts = list(visible["n"])[::-1]
    unsure = list(visible["n_dk"])[::-1] if "n_dk" in visible else [None] * len(counts)
    fig["layout"]["annotations"] = [
        dict(
            x=1,
            y=dimension,
            xref="x",
            yref="y",
            xanchor="left",
            xshift=4,
            showarrow=False,
            text=f"moy. {fr(m)}",
            hovertext=f"Niveau moyen (1 à {len(levels)}) : {fr(m)} (n = {int(c)}{_unsure(d)})",
        )
        for dimension, m, c, d in zip(dimensions, means, counts, unsure)
    ]
    fig["layout"]["margin"] = {**fig["layout"]["margin"], "r": 72}
    return narrow_hints(
        fig,
        {d: shorten(t, 14) for d, t in zip(dimensions, titles)},
        [f"Niveau {value}" for value, _ in levels],
    )


def _unsure(count: float | None) -> str:
    """Word the "ne se prononce pas" answers beside n, when there are any."""
    if count is None or pd.isna(count) or not count:
        return ""
    return f" ; ne se prononce pas : {int(count)}"


def radar_chart(levels: pd.DataFrame, current_label: str, previous_label: str | None, maximum: int = 5) -> Figure:
    """Radar (scatterpolar) of the mean level per dimension, this campaign against the previous one.

    `levels`: dimension, current, previous (NaN where hidden or missing).
    """
    if levels["current"].isna().all() and ("previous" not in levels or levels["previous"].isna().all()):
        return empty_figure("Pas assez de réponses pour tracer le radar.")
    theta = [wrap(t, 16) for t in levels["dimension"]]
    theta = theta + theta[:1]
    fig = figure(
        height=420,
        polar=dict(
            radialaxis=dict(range=[0, maximum], tickvals=list(range(1, maximum + 1))),
            angularaxis=dict(direction="clockwise"),
        ),
        margin=dict(l=60, r=60, t=30, b=30),
    )
    series = [
        ("previous", previous_label, "dash", series_colour(1)),
        ("current", current_label, "solid", series_colour(0)),
    ]
    for column, label, dash, colour in series:
        if label is None or column not in levels or levels[column].isna().all():
            continue
        values = [None if pd.isna(v) else float(v) for v in levels[column]]
        fig["data"].append(
            dict(
                type="scatterpolar",
                name=label,
                r=values + values[:1],
                theta=theta,
                mode="lines+markers",
                line=dict(color=colour, dash=dash),
                fill="toself" if column == "current" else "none",
                fillcolor="rgba(0,114,178,0.12)",
                hovertemplate="%{theta} : %{r:.1f}<extra>" + label + "</extra>",
            )
        )
    return fig


def progression_chart(progression: pd.DataFrame, maximum: int = 5) -> Figure:
    """A line per dimension: the mean level at each school year (gaps where a year is hidden).

    `progression`: school_year, dimension, mean.
    """
    if progression.empty or progression["mean"].isna().all():
        return empty_figure("Pas encore de résultats sur plusieurs années.")
    years = sorted(progression["school_year"].unique())
    fig = figure(
        height=380,
        yaxis=dict(range=[0.8, maximum + 0.2], dtick=1, title=dict(text="Niveau moyen")),
        xaxis=dict(type="category", categoryorder="array", categoryarray=years, automargin=True),
    )
    for index, (dimension, group) in enumerate(progression.groupby("dimension", sort=False)):
        by_year = group.set_index("school_year").reindex(years)
        fig["data"].append(
            dict(
                type="scatter",
                name=dimension,
                x=years,
                y=[None if pd.isna(v) else float(v) for v in by_year["mean"]],
                mode="lines+markers",
                line=dict(color=series_colour(index), width=2.5),
                marker=dict(size=8, symbol=["circle", "square", "diamond", "triangle-up", "cross"][index % 5]),
                hovertemplate="%{x} : %{y:.1f}<extra>" + str(dimension) + "</extra>",
                connectgaps=False,
            )
        )
    return fig


def category_chart(categories: pd.DataFrame, maximum: int = 5) -> Figure:
    """Grouped bars: the mean level per dimension for each respondent category large enough.

    `categories`: dimension, category, mean (NaN where hidden).
    """
    visible = categories.dropna(subset=["mean"])
    if visible["category"].nunique() < 2:  # one category alone is no comparison: the section says so in one line
        return empty_figure(
            "Pas de comparaison possible : les autres catégories comptent trop peu de réponses, "
            "un écart les révélerait."
        )
    fig = figure(barmode="group", height=360, yaxis=dict(range=[0, maximum], dtick=1, title=dict(text="Niveau moyen")))
    for index, (category, group) in enumerate(visible.groupby("category", sort=False)):
        fig["data"].append(
            dict(
                type="bar",
                name=category,
                x=[wrap(d, 16) for d in group["dimension"]],
                y=list(group["mean"]),
                marker=dict(color=series_colour(index)),
                hovertemplate="%{x} : %{y:.1f}<extra>" + str(category) + "</extra>",
            )
        )
    return fig
