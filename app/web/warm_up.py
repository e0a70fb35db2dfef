"""Do before the first request what it would otherwise pay for: compile the templates, load plotly's machinery.

Called by wsgi.py, which gunicorn imports once in its master when `preload_app` is on (gunicorn.conf.py): every
worker it forks starts with it done, and a freshly started server answers its first dashboard without the
half-second of template compiling and plotly start-up that each worker's first visit used to pay.
"""

from __future__ import annotations

import plotly.graph_objects as go
from flask import Flask
from plotly.subplots import make_subplots


def warm_up(app: Flask) -> None:
    """Compile every template and build one figure of each kind the dashboards draw."""
    for name in app.jinja_env.list_templates(extensions=("html", "txt")):
        app.jinja_env.get_template(name)
    figure = make_subplots(rows=1, cols=2, subplot_titles=("a", "b"), shared_yaxes=True)
    figure.add_trace(go.Scatter(x=[1, 2], y=[1, 2], mode="lines+markers", name="a", hovertemplate="%{y}"), 1, 1)
    figure.add_trace(go.Bar(x=[1], y=["a"], orientation="h", marker={"color": "#000091"}, text=["1"]), 1, 2)
    figure.update_layout(height=300, margin={"l": 0, "r": 0, "t": 0, "b": 0}, legend={"orientation": "h"})
    figure.update_xaxes(range=[0, 5], title_text="x")
    figure.update_yaxes(autorange="reversed")
    figure.add_annotation(text="a", x=1, y=1, showarrow=False)
    figure.to_json()
    heatmap = go.Figure(go.Heatmap(z=[[1.0]], x=["a"], y=["b"], zmin=1, zmax=5, colorscale="Blues", text=[["1"]]))
    heatmap.to_json()
    go.Figure(go.Scatterpolar(r=[1, 2, 3], theta=["a", "b", "c"], fill="toself")).to_json()
