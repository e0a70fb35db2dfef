"""IA-IPR, coordinators and pole pilots: poles and establishments compared."""

from app.network.routes import bp

__all__ = ["bp"]
