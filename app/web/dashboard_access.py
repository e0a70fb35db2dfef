"""Which dashboard a reader may open: the pages and the API decide it here, the same way.

Outside the reader's scope an establishment, a network, a pole or a campaign is answered exactly as one that does
not exist (the same 404, the same message), so that no reader can tell which identifiers exist (docs/privacy.md).
"""

from __future__ import annotations

from flask import current_app
from flask_login import current_user

from app.extensions import db
from app.models import Establishment, Network, Pole
from app.services.accounts.scopes import can_read_roadmap, can_see_establishment, dashboard_poles, visible_networks
from app.services.dashboards import network as network_dashboard
from app.services.dashboards.establishment import UnknownCampaign
from app.services.indicators.reading import Reading, UnknownInstrument, network_reading
from app.services.territory.establishments import establishment_by_uai
from app.web.errors import abort_with

UNKNOWN_ESTABLISHMENT = "Aucun établissement de votre périmètre ne porte cet identifiant (UAI)."
UNKNOWN_NETWORK = "Aucun réseau de votre périmètre ne porte ce numéro."
UNKNOWN_POLE = "Ce pôle n'existe pas dans votre périmètre."
UNKNOWN_ESTABLISHMENT_CAMPAIGN = "Cette campagne n'existe pas pour le réseau de cet établissement."
NO_NETWORK_DASHBOARD = (
    "Le tableau de bord du réseau est réservé à la coordination, à l'inspection et aux pilotes de pôle : "
    "le tableau de bord de votre établissement reste ouvert."
)


def establishment_or_404(uai: str) -> Establishment:
    """Return the establishment of a UAI in the URL; unknown or outside the reader's scope, the same 404."""
    establishment = establishment_by_uai(uai)
    if establishment is None or not can_see_establishment(current_user, establishment):
        abort_with(404, UNKNOWN_ESTABLISHMENT)
    return establishment


def _network_in_sight(network_id: int) -> bool:
    """Say whether the reader sees some of the network (a head, their establishment's): then it is no secret."""
    return db.session.scalar(visible_networks(current_user).where(Network.id == network_id)) is not None


def network_or_404(network_id: int, pole_id: int | None) -> tuple[Network, bool, list[int]]:
    """Return a network the reader has a dashboard of, whether they see it whole, and their poles.

    An unknown network or pole is a 404, and so is one outside the reader's scope. Only a reader who already sees
    part of the network (a head, their own establishment's) is told 403: it has no dashboard for them.
    """
    network = db.session.get(Network, network_id)
    access = dashboard_poles(current_user, network) if network is not None else None
    if network is None or access is None:
        if network is not None and _network_in_sight(network.id):
            abort_with(403, NO_NETWORK_DASHBOARD)
        abort_with(404, UNKNOWN_NETWORK)
    whole, poles = access
    if pole_id is not None and pole_id not in poles:
        abort_with(404, UNKNOWN_POLE)
    return network, whole, poles


def prepared_network_dashboard(
    network_id: int, filters: network_dashboard.Filters
) -> network_dashboard.NetworkDashboard:
    """Open a network's dashboard for the current reader and choose its campaign, within the reader's poles.

    Unknown or outside the reader's scope, a network, pole or campaign is a 404 (see `network_or_404`).
    """
    network, whole, poles = network_or_404(network_id, filters.pole_id)
    try:
        return network_dashboard.prepare(
            db.session, network, whole, poles, filters, current_app.config["BOUSSOLE_MIN_GROUP_SIZE"]
        )
    except UnknownCampaign:
        abort_with(404, "Cette campagne n'existe pas pour ce réseau.")


def roadmap_network_or_404(network_id: int) -> Network:
    """Return a network whose feuille de route the reader may read (anyone seeing part of it), else the 404."""
    network = db.session.get(Network, network_id)
    if network is None or not can_read_roadmap(current_user, network):
        abort_with(404, UNKNOWN_NETWORK)
    return network


def roadmap_pole_or_404(network_id: int, pole_id: int) -> Pole:
    """Return a pole of that network whose feuille de route the reader may read, else the same 404 as unknown."""
    pole = db.session.get(Pole, pole_id)
    if pole is None or pole.network_id != network_id or not can_read_roadmap(current_user, pole):
        abort_with(404, UNKNOWN_POLE)
    return pole


UNKNOWN_INSTRUMENT = "Aucune campagne d'indicateurs de cet instrument dans ce réseau."


def indicator_reading_or_404(network_id: int, pole_id: int | None, slug: str | None) -> Reading:
    """Read a network's indicators for the current reader: its network dashboard's scope, narrowed to `pole_id`."""
    network, whole, poles = network_or_404(network_id, pole_id)
    if pole_id is not None:
        whole, poles = False, [pole_id]
    try:
        return network_reading(db.session, network, whole, poles, slug)
    except UnknownInstrument:
        abort_with(404, UNKNOWN_INSTRUMENT)
