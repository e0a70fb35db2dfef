"""Routes of the network blueprint."""
from app.network import bp  # noqa: F401
