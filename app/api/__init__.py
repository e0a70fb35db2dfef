"""Read-only JSON API for the aggregates, under the same scopes and threshold as the pages."""

from flask import Blueprint

from app.extensions import csrf

bp = Blueprint("api", __name__)
# Every route is GET-only and reads the session: nothing here changes state, so no CSRF token is asked.
csrf.exempt(bp)

from app.api import routes  # noqa: E402,F401  (routes attach themselves to bp)
