"""Public pages: home, privacy notice, health check."""

from app.main.routes import bp

__all__ = ["bp"]
