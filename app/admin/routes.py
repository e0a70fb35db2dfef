"""Administration home and the audit log."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import render_template, request
from flask_login import current_user

from app.admin import bp
from app.admin.access import managed_ids, managed_networks, page_number
from app.auth.decorators import roles_required
from app.models import Role
from app.services.accounts import audit
from app.services.dashboards.administration import administration_summary

PARIS = ZoneInfo("Europe/Paris")


@bp.app_template_filter("local_datetime")
def local_datetime(value: datetime | None) -> str:
    """Show a stored UTC time in Paris time (SQLite returns it without its zone)."""
    if value is None:
        return "—"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")


@bp.get("/")
def dashboard():
    """Show the manager's territory at a glance and where to act."""
    counts = administration_summary(current_user, managed_ids())
    return render_template("admin/dashboard.html", counts=counts, networks=managed_networks())


@bp.get("/journal")
@roles_required(Role.ADMIN)
def journal():
    """List every administrative action, newest first."""
    page = audit.journal(page_number(request.args.get("page")))
    return render_template("admin/journal.html", page=page, action_label=audit.action_label)
