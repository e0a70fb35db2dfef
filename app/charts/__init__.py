"""Pure plotly figure builders: a DataFrame in, a go.Figure out, no I/O.

French labels and decimal comma (`separators=", "`), colour-blind-safe colours (Okabe-Ito for
categories, cividis for ordered levels). The page receives `fig.to_json()` and app/static/js/charts.js
draws it; every chart is also given as a table beside it.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

import plotly.graph_objects as go

EMPTY_LINE_CHARS = 38  # an empty chart's message, per line: fits a 360 px phone
# Okabe & Ito (2008), ordered so that the first colours read well as lines on white.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#F0E442"]
# Five steps of cividis, dark (level 1) to light (level 5): readable with every colour-vision deficiency.
CIVIDIS_5 = ["#00224e", "#434e6c", "#7d7c78", "#bcaf6f", "#fee838"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif"


def base_layout(**overrides: Any) -> dict[str, Any]:
    """Return the layout every chart shares: French separators, compact margins, legend above."""
    layout = dict(
        template="none",  # plotly's default template would add ~8 KB of styles to every chart
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
    figure: go.Figure, axis_labels: dict[str, str] | None = None, names: list[str] | None = None
) -> go.Figure:
    """Tell charts.js how to relabel the chart on a phone: shorter category labels and trace names."""
    meta: dict[str, dict[str, str] | list[str]] = {}
    if axis_labels:
        meta["axis_labels"] = axis_labels
    if names:
        meta["names"] = names
    figure.update_layout(meta={"narrow": meta})
    return figure


def empty_figure(message: str) -> go.Figure:
    """A figure that says there is nothing to draw, rather than an empty frame."""
    # Plotly never wraps an annotation: cut it into short lines, or a phone shows its middle only.
    lines = textwrap.wrap(message, EMPTY_LINE_CHARS) or [""]
    fig = go.Figure(layout=base_layout(height=max(120, 60 + 22 * len(lines))))
    fig.add_annotation(text="<br>".join(lines), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig
