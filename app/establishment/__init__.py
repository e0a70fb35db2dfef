"""Heads of establishment: their collective's dashboard and the agreed levels."""

from flask import Blueprint

bp = Blueprint("establishment", __name__)

from app.establishment import routes  # noqa: E402,F401  (routes attach themselves to bp)
