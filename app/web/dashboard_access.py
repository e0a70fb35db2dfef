"""Which dashboard a reader may open: the pages and the API decide it here, the same way."""

from __future__ import annotations

from flask import current_app
from flask_login import current_user

from app.extensions import db
from app.models import Establishment, Network
from app.services.accounts.scopes import can_see_establishment, dashboard_poles
from app.services.dashboards import network as network_dashboard
from app.services.dashboards.establishment import UnknownCampaign
from app.services.territory.establishments import establishment_by_uai
from app.web.errors import abort_with


def establishment_or_404(uai: str) -> Establishment:
    """Return the establishment of a UAI in the URL: unknown is a 404, outside the reader's scope a 403."""
    establishment = establishment_by_uai(uai)
    if establishment is None:
        abort_with(404, "Aucun établissement ne porte cet identifiant (UAI).")
    if not can_see_establishment(current_user, establishment):
        abort_with(403, "Cet établissement n'est pas dans votre périmètre.")
    return establishment


def prepared_network_dashboard(
    network_id: int, filters: network_dashboard.Filters
) -> network_dashboard.NetworkDashboard:
    """Open a network's dashboard for the current reader and choose its campaign, within the reader's poles.

    An unknown network, pole or campaign is a 404; a network outside the reader's scope a 403.
    """
    network = db.session.get(Network, network_id)
    if network is None:
        abort_with(404, "Ce réseau n'existe pas.")
    access = dashboard_poles(current_user, network)
    if access is None:
        abort_with(403, "Ce réseau n'est pas dans votre périmètre.")
    whole, poles = access
    if filters.pole_id is not None and filters.pole_id not in poles:
        abort_with(404, "Ce pôle n'existe pas dans votre périmètre.")
    try:
        return network_dashboard.prepare(
            db.session, network, whole, poles, filters, current_app.config["BOUSSOLE_MIN_GROUP_SIZE"]
        )
    except UnknownCampaign:
        abort_with(404, "Cette campagne n'existe pas pour ce réseau.")
