"""Check a builder's figure against plotly's schema, and give it graph-object attributes for the assertions."""

from __future__ import annotations

import plotly.graph_objects as go

from app.charts import Figure


def plotted(figure: Figure) -> go.Figure:
    """Validate the figure and the phone's figure it carries (`meta.narrow.figure`): a wrong property raises."""
    phone = figure["layout"].get("meta", {}).get("narrow", {}).get("figure")
    if phone is not None:
        go.Figure(phone)
    return go.Figure(figure)
