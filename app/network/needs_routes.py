"""Routes of a pole's or the network's needs (on the network blueprint): the plan de formation and its exports."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_login import current_user, login_required

from app.extensions import db
from app.network.routes import bp
from app.services.accounts.scopes import READ_ONLY_ROLES
from app.services.dashboards import needs as needs_service
from app.services.dashboards.establishment import UnknownCampaign
from app.web.arguments import int_arg
from app.web.dashboard_access import network_or_404
from app.web.errors import abort_with
from app.web.needs_pages import needs_export_response, render_needs
from app.web.priorities import RoadmapTarget, network_target, pole_target


def _needs(network_id: int) -> tuple[needs_service.Needs, RoadmapTarget | None, dict[str, Any]]:
    """The needs of the pole asked for, or of the network (a pilot: their first pole), and where they may go."""
    network, whole, poles = network_or_404(network_id, int_arg("pole"))
    pole_id = int_arg("pole")
    if pole_id is None and not whole:
        pole_id = poles[0]
    pole = next((p for p in network.poles if p.id == pole_id), None)  # one of the reader's poles: checked above
    try:
        found = needs_service.network_needs(
            db.session, network, pole, int_arg("campagne"), current_app.config["BOUSSOLE_MIN_GROUP_SIZE"]
        )
    except UnknownCampaign:
        abort_with(404, "Cette campagne n'existe pas pour ce réseau.")
    target = None
    if found.campaign is not None and current_user.role not in READ_ONLY_ROLES:  # they read, never write
        target = pole_target(network.id, pole.id, found.year) if pole else network_target(network.id, found.year)
    context = {"network": network, "whole": whole, "poles": poles, "pole_id": pole_id}
    return found, target, context


@bp.get("/<int:network_id>/besoins")
@login_required
def needs(network_id: int):
    """Show where a pole's (or the network's) staff position themselves lowest, and what fell since last year."""
    found, target, context = _needs(network_id)
    return render_needs(
        found,
        target,
        "network.needs_export",
        {"network_id": network_id},
        {"pole": context["pole_id"]},
        pole_names={p.id: p.name for p in context["network"].poles},
        **context,
    )


@bp.get("/<int:network_id>/besoins/export/<table_id>.<fmt>")
@login_required
def needs_export(network_id: int, table_id: str, fmt: str):
    """Download the plan de formation (every needs table) or one of its tables, as CSV or Excel."""
    found, _, context = _needs(network_id)
    who = f"pole-{context['pole_id']}" if context["pole_id"] is not None else f"reseau-{network_id}"
    return needs_export_response(found, table_id, fmt, who)
