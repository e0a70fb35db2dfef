"""IA-IPR, coordinators and pole pilots: poles and establishments compared; pole and network feuilles de route."""

from app.network import roadmap_routes  # noqa: F401  # registers the feuilles de route on the blueprint
from app.network.routes import bp

__all__ = ["bp"]
