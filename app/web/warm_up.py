"""Do before the first request what it would otherwise pay for: compile the templates, load plotly's encoder.

Called by wsgi.py, which gunicorn imports once in its master when `preload_app` is on (gunicorn.conf.py): every
worker it forks starts with it done, and a freshly started server answers its first dashboard without the
template compiling that each worker's first visit used to pay.
"""

from __future__ import annotations

from flask import Flask

from app.charts import empty_figure
from app.web.cells import chart_json
from app.web.fragment_cache import code_version


def warm_up(app: Flask) -> None:
    """Compile every template and serialize one figure (plotly's JSON encoder is imported on first use)."""
    for name in app.jinja_env.list_templates(extensions=("html", "txt")):
        app.jinja_env.get_template(name)
    chart_json(empty_figure("préchauffage"))
    code_version()  # read once, before forking
