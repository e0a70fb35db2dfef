"""Heads of establishment: their collective's dashboard, the agreed levels and the feuille de route."""

from app.establishment import roadmap_routes  # noqa: F401  # registers the feuille de route on the blueprint
from app.establishment.routes import bp

__all__ = ["bp"]
