"""Read-only JSON API for the aggregates, under the same scopes and threshold as the pages."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from app.api import routes  # noqa: E402,F401  (routes attach themselves to bp)
