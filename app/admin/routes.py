"""Administration home and the audit log."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from app.admin.access import managed_ids, managed_networks, page_number
from app.admin.blueprint import bp
from app.auth.decorators import roles_required
from app.clock import today
from app.models import MailStatus, Role
from app.services.accounts import audit
from app.services.dashboards.administration import administration_summary
from app.services.mail.listing import counts_by_status


@bp.get("/")
def dashboard():
    """Show the manager's territory at a glance and where to act."""
    counts = administration_summary(current_user, managed_ids(), today())
    failed_mails = counts_by_status()[MailStatus.FAILED] if current_user.role == Role.ADMIN else 0
    return render_template(
        "admin/dashboard.html", counts=counts, networks=managed_networks(), failed_mails=failed_mails
    )


@bp.get("/journal")
@roles_required(Role.ADMIN)
def journal():
    """List every administrative action, newest first."""
    page = audit.journal(page_number(request.args.get("page")))
    return render_template("admin/journal.html", page=page, action_label=audit.action_label)
