"""IA-IPR, coordinators and pole pilots: poles and establishments compared; pole and network feuilles de route."""

# each module registers its routes on the blueprint
from app.network import comment_routes, indicator_routes, needs_routes, roadmap_routes  # noqa: F401
from app.network.routes import bp

__all__ = ["bp"]
