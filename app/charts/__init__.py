"""Pure plotly figure builders: a DataFrame in, a figure out, no I/O.

A figure is plotly's own JSON structure as plain data (`{"data": [traces], "layout": {...}}`), not a
`go.Figure`: plotly's graph objects check every property as it is set, which took half of a network
dashboard's first visit at académie scale (about 0.3 s for the small multiples). The tests check every
builder's output against plotly's schema (`go.Figure(figure)` raises on a wrong property), so the pages skip
that work without losing the check.

French labels and decimal comma (`separators=", "`), colour-blind-safe colours (Okabe-Ito for
categories, cividis for ordered levels). The page receives `chart_json(figure)` and app/static/js/charts.js
draws it; every chart is also given as a table beside it.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

EMPTY_LINE_CHARS = 38  # an empty chart's message, per line: fits a 360 px phone
# Okabe & Ito (2008), ordered so that the first colours read well as lines on white.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#F0E442"]
# Five steps of cividis, dark (level 1) to light (level 5): readable with every colour-vision deficiency.
CIVIDIS_5 = ["#00224e", "#434e6c", "#7d7c78", "#bcaf6f", "#fee838"]
Figure = dict[str, Any]  # {"data": [trace, …], "layout": {…}}, as plotly.js reads it
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif"


def base_layout(**overrides: Any) -> dict[str, Any]:
    """Return the layout every chart shares: French separators, compact margins, legend above."""
    layout = dict(  # no template: plotly.js's plain defaults (plotly.py's "plotly" template adds ~8 KB a chart)
        separators=", ",
        font=dict(family=FONT, size=13, color="#161616"),
        margin=dict(l=10, r=10, t=30, b=10),
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, traceorder="normal"),
        hoverlabel=dict(font=dict(family=FONT)),
        xaxis=dict(automargin=True),
        yaxis=dict(automargin=True),
    )
    layout.update(overrides)
    return layout


def figure(**layout: Any) -> Figure:
    """An empty figure on the shared layout, `layout` overriding its keys."""
    return {"data": [], "layout": base_layout(**layout)}


def merged(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """`base` with `changes` merged in, key by key down nested dicts (as plotly's update_layout does)."""
    out = dict(base)
    for key, value in changes.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def axes_named(layout: dict[str, Any], prefix: str) -> list[str]:
    """The layout's axes of one kind ("xaxis", "yaxis"), as plotly names them: xaxis, xaxis2, …"""
    return [key for key in layout if key == prefix or (key.startswith(prefix) and key[len(prefix) :].isdigit())]


def subplot_grid(
    rows: int, columns: int, titles: list[str], horizontal_spacing: float, vertical_spacing: float
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The layout of a grid of panels sharing each row's y axis, titled, and each panel's (xref, yref).

    The same domains, titles and shared axes as plotly's `make_subplots(shared_yaxes=True)`, without building
    its graph objects (65 ms a grid at académie scale).
    """
    width = (1 - horizontal_spacing * (columns - 1)) / columns
    height = (1 - vertical_spacing * (rows - 1)) / rows
    layout: dict[str, Any] = {"annotations": []}
    refs = []
    for row in range(rows):
        top = 1 - row * (height + vertical_spacing)
        for column in range(columns):
            n = row * columns + column + 1
            suffix = "" if n == 1 else str(n)
            left = column * (width + horizontal_spacing)
            layout[f"xaxis{suffix}"] = {"anchor": f"y{suffix}", "domain": [left, left + width]}
            yaxis: dict[str, Any] = {"anchor": f"x{suffix}", "domain": [max(top - height, 0.0), top]}
            if column:
                first = row * columns + 1
                yaxis.update(matches="y" + ("" if first == 1 else str(first)), showticklabels=False)
            layout[f"yaxis{suffix}"] = yaxis
            refs.append((f"x{suffix}", f"y{suffix}"))
            if n <= len(titles):
                layout["annotations"].append(
                    dict(
                        text=titles[n - 1],
                        x=left + width / 2,
                        xanchor="center",
                        xref="paper",
                        y=top,
                        yanchor="bottom",
                        yref="paper",
                        showarrow=False,
                        font=dict(size=16),
                    )
                )
    return layout, refs


BOTTOM_LEGEND = dict(orientation="h", yanchor="top", y=-0.04, x=0, traceorder="normal")


def level_colours(count: int) -> list[str]:
    """Return `count` ordered colours from cividis (a 4-point scale takes 4 of the 5)."""
    if count <= len(CIVIDIS_5):
        step = (len(CIVIDIS_5) - 1) / max(count - 1, 1)
        return [CIVIDIS_5[round(i * step)] for i in range(count)]
    return [CIVIDIS_5[min(i, 4)] for i in range(count)]


def series_colour(index: int) -> str:
    return OKABE_ITO[index % len(OKABE_ITO)]


def fr(value: float | None, digits: int = 1) -> str:
    """Format a number with a French decimal comma for hover texts."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:.{digits}f}".replace(".", ",")


def wrap(label: str, width: int = 22) -> str:
    """Break a long axis label over lines (plotly reads <br>), so the plot keeps its width."""
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def shorten(label: str, width: int) -> str:
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


def narrow_hints(
    fig: Figure, axis_labels: dict[str, str] | None = None, names: list[str] | None = None, **more: Any
) -> Figure:
    """Tell charts.js how to relabel the chart on a phone: shorter category labels and trace names."""
    meta: dict[str, Any] = dict(more)
    if axis_labels:
        meta["axis_labels"] = axis_labels
    if names:
        meta["names"] = names
    fig["layout"]["meta"] = {"narrow": meta}
    return fig


def empty_figure(message: str) -> Figure:
    """A figure that says there is nothing to draw, rather than an empty frame."""
    # Plotly never wraps an annotation: cut it into short lines, or a phone shows its middle only.
    lines = textwrap.wrap(message, EMPTY_LINE_CHARS) or [""]
    fig = figure(height=max(120, 60 + 22 * len(lines)), meta={"empty": message})  # the page says it in one line
    fig["layout"]["annotations"] = [
        dict(text="<br>".join(lines), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    ]
    fig["layout"]["xaxis"] = {**fig["layout"]["xaxis"], "visible": False}
    fig["layout"]["yaxis"] = {**fig["layout"]["yaxis"], "visible": False}
    return fig
