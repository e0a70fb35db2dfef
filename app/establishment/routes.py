"""Routes of the establishment blueprint."""
from app.establishment import bp  # noqa: F401
