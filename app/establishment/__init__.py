"""Heads of establishment: their collective's dashboard and the agreed levels."""

from app.establishment.routes import bp

__all__ = ["bp"]
