"""IA-IPR, coordinators and pole pilots: poles and establishments compared."""

from flask import Blueprint

bp = Blueprint("network", __name__)

from app.network import routes  # noqa: E402,F401  (routes attach themselves to bp)
