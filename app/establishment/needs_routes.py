"""Routes of the establishment's needs (on the establishment blueprint): the plan de formation and its exports."""

from __future__ import annotations

from flask import current_app
from flask_login import current_user, login_required

from app.establishment.routes import bp
from app.extensions import db
from app.models import Establishment
from app.services.accounts.scopes import can_edit_establishment
from app.services.dashboards import needs as needs_service
from app.services.dashboards.establishment import UnknownCampaign
from app.web.arguments import int_arg
from app.web.dashboard_access import UNKNOWN_ESTABLISHMENT_CAMPAIGN, establishment_or_404
from app.web.errors import abort_with
from app.web.needs_pages import needs_export_response, render_needs
from app.web.priorities import establishment_target


def _needs(establishment: Establishment) -> needs_service.Needs:
    try:
        return needs_service.establishment_needs(
            db.session, establishment, int_arg("campagne"), current_app.config["BOUSSOLE_MIN_GROUP_SIZE"]
        )
    except UnknownCampaign:
        abort_with(404, UNKNOWN_ESTABLISHMENT_CAMPAIGN)


@bp.get("/<uai>/besoins")
@login_required
def needs(uai: str):
    """Show where the staff position themselves lowest, and what fell since last year: the plan de formation."""
    establishment = establishment_or_404(uai)
    found = _needs(establishment)
    writable = can_edit_establishment(current_user, establishment) and found.campaign is not None
    target = establishment_target(establishment.uai, found.year) if writable else None
    return render_needs(
        found, target, "establishment.needs_export", {"uai": establishment.uai}, establishment=establishment
    )


@bp.get("/<uai>/besoins/export/<table_id>.<fmt>")
@login_required
def needs_export(uai: str, table_id: str, fmt: str):
    """Download the plan de formation (every needs table) or one of its tables, as CSV or Excel."""
    establishment = establishment_or_404(uai)
    found = _needs(establishment)
    return needs_export_response(found, table_id, fmt, establishment.uai)
