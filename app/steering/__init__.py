"""The académie's steering cell and the DASEN / departmental coordinators: networks compared, read only."""

from app.steering.routes import bp

__all__ = ["bp"]
