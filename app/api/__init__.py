"""Read-only JSON API for the aggregates, under the same scopes and threshold as the pages."""

from app.api.routes import bp

__all__ = ["bp"]
