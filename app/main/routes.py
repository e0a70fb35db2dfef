"""Routes of the main blueprint: home, privacy notice, health check."""

from flask import Blueprint, render_template
from sqlalchemy import text

from app.extensions import db

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    """Show what Boussole is and where each audience goes."""
    return render_template("main/home.html")


@bp.get("/ping")
def ping():
    """Answer without touching anything: the benchmarks' reference route."""
    return "ok", 200, {"Content-Type": "text/plain"}


@bp.get("/healthz")
def health():
    """Answer the load balancer: the app runs and the database answers."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}


@bp.get("/confidentialite")
def privacy():
    """Explain what is collected, why, for how long and who sees it."""
    return render_template("main/privacy.html")
