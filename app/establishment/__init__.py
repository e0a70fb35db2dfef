"""Heads of establishment: their collective's dashboard, the agreed levels and the feuille de route."""

# each module registers its routes on the blueprint
from app.establishment import (  # noqa: F401
    code_routes,
    comment_routes,
    indicator_routes,
    needs_routes,
    review_routes,
    roadmap_routes,
)
from app.establishment.routes import bp

__all__ = ["bp"]
