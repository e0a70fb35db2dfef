"""Administration home and the audit log."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user
from sqlalchemy import func, select

from app.admin.access import managed_ids, managed_networks, page_number
from app.admin.blueprint import bp
from app.auth.decorators import roles_required
from app.extensions import db
from app.models import Campaign, CampaignStatus, Establishment, Role
from app.services.accounts import audit
from app.services.accounts.accounts import users_managed_by


@bp.get("/")
def dashboard():
    """Show the manager's territory at a glance and where to act."""
    ids = managed_ids()
    establishments = select(func.count()).select_from(Establishment)
    campaigns = select(Campaign.status, func.count()).group_by(Campaign.status)
    if ids is not None:
        establishments = establishments.where(Establishment.network_id.in_(ids))
        campaigns = campaigns.where(Campaign.network_id.in_(ids))
    by_status = dict(db.session.execute(campaigns).all())
    counts = {
        "networks": len(managed_networks()),
        "establishments": db.session.scalar(establishments),
        "without_network": db.session.scalar(
            select(func.count()).select_from(Establishment).where(Establishment.network_id.is_(None))
        )
        if ids is None
        else 0,
        "users": db.session.scalar(select(func.count()).select_from(users_managed_by(current_user, ids).subquery())),
        "open": by_status.get(CampaignStatus.OPEN, 0),
        "campaigns": sum(by_status.values()),
    }
    return render_template("admin/dashboard.html", counts=counts, networks=managed_networks())


@bp.get("/journal")
@roles_required(Role.ADMIN)
def journal():
    """List every administrative action, newest first."""
    page = audit.journal(page_number(request.args.get("page")))
    return render_template("admin/journal.html", page=page, action_label=audit.action_label)
