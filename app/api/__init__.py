"""Read-only JSON API for the aggregates and the feuilles de route, under the same scopes and threshold as the pages."""

from app.api import indicator_routes, roadmap_routes  # noqa: F401  # register their answers on the blueprint
from app.api.routes import bp

__all__ = ["bp"]
