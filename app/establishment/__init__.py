"""Heads of establishment: their collective's dashboard, the agreed levels and the feuille de route."""

# each module registers its routes on the blueprint
from app.establishment import code_routes, comment_routes, needs_routes, review_routes, roadmap_routes  # noqa: F401
from app.establishment.routes import bp

__all__ = ["bp"]
