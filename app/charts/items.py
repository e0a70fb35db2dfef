"""Diverging stacked bars for self-positioning items: disagreement to the left, agreement to the right.

Items are grouped by theme (in the instrument's order) and sorted within each theme from the most to the least
agreed. Each item's full text sits above its bar, wrapped, so that the chart reads on a phone as on a desktop:
the phone gets its own figure, wrapped narrower (`layout.meta.narrow.figure`, drawn by charts.js).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from app.charts import Figure, empty_figure, figure, fr, narrow_hints, wrap

# PuOr ends: orange for the low points, purple for the high ones (colour-blind safe).
LOW = ["#b35806", "#f1a340", "#fdd49e"]
HIGH = ["#d8daeb", "#998ec3", "#542788"]
MIDDLE = "#d9d9d9"


@dataclass(frozen=True)
class Geometry:
    """Sizes in pixels: the y axis counts pixels, so that text and bars keep their place at any width."""

    wrap_at: int  # characters per line of an item's text
    font: int  # size of the item texts
    top: int  # margin holding the legend and the percentages
    bar: int = 16
    gap: int = 12
    header: int = 28

    @property
    def line(self) -> float:
        return self.font * 1.3  # plotly's line spacing


DESKTOP = Geometry(wrap_at=95, font=13, top=70)
PHONE = Geometry(wrap_at=50, font=12, top=120)


def diverging_colours(count: int) -> list[str]:
    """Colours from the lowest to the highest point of a scale of `count` points."""
    half = min(count // 2, len(LOW))
    return LOW[:half] + ([MIDDLE] if count % 2 else []) + HIGH[len(HIGH) - half :]


def agreement(row: Mapping[Hashable, Any], points: Sequence[tuple[int, str]]) -> float:
    """Share of the upper half of the scale (half the middle point of an odd scale): how far a bar goes right."""
    count, half = len(points), len(points) // 2
    total = 0.0
    for index, (value, _) in enumerate(points):
        share = row.get(f"s{value}")
        share = 0.0 if share is None or pd.isna(share) else float(share)
        if index >= half + count % 2:
            total += share
        elif count % 2 and index == half:
            total += share / 2
    return total


def ordered_items(items: pd.DataFrame, points: Sequence[tuple[int, str]]) -> pd.DataFrame:
    """Group items by theme (first appearance order), most agreed first within each; withheld ones last."""
    frame = items.reset_index(drop=True).copy()
    if "text" not in frame:
        frame["text"] = frame["label"]
    if "theme" not in frame:
        frame["theme"] = ""
    themes = {theme: order for order, theme in enumerate(dict.fromkeys(frame["theme"]))}
    frame["_theme"] = frame["theme"].map(themes)
    frame["_agree"] = [-1.0 if bool(row["hidden"]) else agreement(row, points) for row in frame.to_dict("records")]
    frame["_order"] = range(len(frame))
    frame = frame.sort_values(["_theme", "_agree", "_order"], ascending=[True, False, True], kind="stable")
    return frame.drop(columns=["_theme", "_agree", "_order"]).reset_index(drop=True)


def diverging_items_chart(items: pd.DataFrame, points: Sequence[tuple[int, str]]) -> Figure:
    """One bar per item under its full text, grouped by theme; the phone's figure travels in `meta.narrow`.

    `items`: text (or label), theme, hidden, hidden_label, and share columns `s<value>` over answers with a value.
    """
    if items.empty or items["hidden"].all():
        return empty_figure("Aucun item n'a assez de réponses pour être affiché.")
    ordered = ordered_items(items, points)
    return narrow_hints(_figure(ordered, points, DESKTOP), figure=_figure(ordered, points, PHONE))


def _figure(items: pd.DataFrame, points: Sequence[tuple[int, str]], size: Geometry) -> Figure:
    annotations: list[dict[str, Any]] = []
    centres: list[float] = []
    shown: list[dict[Hashable, Any]] = []
    y = 0.0
    for theme, group in items.groupby("theme", sort=False):
        if theme:
            annotations.append(_text(f"<b>{wrap(str(theme), size.wrap_at - 6)}</b>", y, size.font + 2))
            y += size.header + (str(wrap(str(theme), size.wrap_at - 6)).count("<br>")) * size.line
        for record in group.to_dict("records"):
            label = wrap(str(record["text"]), size.wrap_at)
            if bool(record["hidden"]):
                label += f"<br><i>non affiché : {record.get('hidden_label') or 'trop peu de réponses'}</i>"
            annotations.append(_text(label, y, size.font))
            y += (label.count("<br>") + 1) * size.line + 3
            if not bool(record["hidden"]):
                centres.append(y + size.bar / 2)
                shown.append(record)
            y += size.bar + size.gap
        y += size.gap
    fig = figure(
        barmode="relative",
        height=int(y) + size.top + 20,
        margin=dict(l=10, r=10, t=size.top, b=20),
        font=dict(size=size.font),
        # Above the percentages, which sit on top of the plot (paper units: the plot is `y` pixels high).
        legend=dict(orientation="h", yanchor="bottom", y=1.0 + 26 / max(y, 1), x=0, traceorder="normal"),
        xaxis=dict(
            range=[-1, 1],
            tickvals=[-1, -0.5, 0, 0.5, 1],
            ticktext=["100 %", "50 %", "0", "50 %", "100 %"],
            zeroline=True,
            zerolinecolor="#161616",
            side="top",
            automargin=False,
            fixedrange=True,
        ),
        yaxis=dict(range=[y, 0], visible=False, automargin=False, fixedrange=True),
        annotations=annotations,
    )
    _bars(fig, shown, centres, points, size)
    return fig


def _text(text: str, y: float, font: int) -> dict[str, Any]:
    return dict(
        text=text,
        x=0,
        xref="paper",
        xanchor="left",
        y=y,
        yref="y",
        yanchor="top",
        align="left",
        showarrow=False,
        font=dict(size=font),
        bgcolor="rgba(255, 255, 255, 0.85)",  # the zero line passes behind the text, not through it
    )


def _bars(
    fig: Figure,
    shown: list[dict[Hashable, Any]],
    centres: list[float],
    points: Sequence[tuple[int, str]],
    size: Geometry,
) -> None:
    """Draw the low side from the middle outwards so that stacking keeps the scale's order."""
    count = len(points)
    colours = diverging_colours(count)
    half = count // 2
    texts = [str(record["text"]) for record in shown]
    order = list(range(half - 1, -1, -1)) + ([half] if count % 2 else []) + list(range(half + count % 2, count))
    for index in order:
        value, label = points[index]
        shares = [float(record.get(f"s{value}") or 0.0) for record in shown]
        sides = ((-1, False), (1, True)) if count % 2 and index == half else ((-1 if index < half else 1, True),)
        for sign, legend in sides:
            factor = 0.5 if count % 2 and index == half else 1.0
            fig["data"].append(
                dict(
                    type="bar",
                    name=label,
                    legendgroup=label,
                    showlegend=legend,
                    legendrank=index,
                    orientation="h",
                    y=centres,
                    x=[sign * s * factor for s in shares],
                    width=size.bar,
                    marker=dict(color=colours[index]),
                    customdata=[[text, fr(100 * s, 0)] for text, s in zip(texts, shares)],
                    hovertemplate=f"%{{customdata[0]}}<br>{label} : %{{customdata[1]}} %<extra></extra>",
                )
            )
