"""Open a comments page for the current reader: the pages, exports and API decide it here, the same way."""

from __future__ import annotations

from flask import Response, current_app
from flask_login import current_user

from app.analytics.identifiers import TableId
from app.extensions import db
from app.models import Campaign, Establishment, Network
from app.services.accounts.scopes import can_manage_network, visible_networks
from app.services.comments.keys import derived_key
from app.services.comments.reading import (
    CommentsView,
    Keys,
    comment_campaigns,
    establishment_comments,
    network_comments,
    pole_units,
)
from app.services.comments.tables import comments_table
from app.services.dashboards.establishment import UnknownCampaign
from app.web.dashboard_access import UNKNOWN_ESTABLISHMENT_CAMPAIGN, UNKNOWN_NETWORK, network_or_404
from app.web.errors import abort_with
from app.web.exports import export_response, file_year

UNKNOWN_CAMPAIGN = "Cette campagne n'existe pas pour ce réseau."


def comment_keys() -> Keys:
    """The keys that order comments and name them in moderation forms, derived from the secret key."""
    secret = current_app.config["SECRET_KEY"]
    return Keys(derived_key(secret, "order"), derived_key(secret, "token"))


def _min_size() -> int:
    return int(current_app.config["BOUSSOLE_MIN_GROUP_SIZE"])


def may_moderate(network: Network | None) -> bool:
    """The network's coordination (and administrators) may hide a comment; other readers only read."""
    return network is not None and can_manage_network(current_user, network)


def establishment_view(
    establishment: Establishment, campaign_id: int | None, *, for_file: bool = False
) -> CommentsView:
    """An establishment's comments as the reader may read them; a file never carries hidden comments."""
    moderator = not for_file and may_moderate(establishment.network)
    try:
        return establishment_comments(db.session, establishment, campaign_id, _min_size(), comment_keys(), moderator)
    except UnknownCampaign:
        abort_with(404, UNKNOWN_ESTABLISHMENT_CAMPAIGN)


def network_view(
    network_id: int, campaign_id: int | None, pole_id: int | None, *, for_file: bool = False
) -> tuple[Network, bool, list[int], CommentsView]:
    """A network's comments (the chosen pole, the reader's poles, or the whole network) as the reader may read them."""
    network, whole, poles = network_or_404(network_id, pole_id)
    names = {pole.id: pole.name for pole in network.poles}
    if pole_id is not None:
        units = pole_units([pole_id], names)
    elif whole:
        units = None
    else:
        units = pole_units(poles, names)
    moderator = not for_file and may_moderate(network)
    try:
        view = network_comments(db.session, network, units, campaign_id, _min_size(), comment_keys(), moderator)
    except UnknownCampaign:
        abort_with(404, UNKNOWN_CAMPAIGN)
    return network, whole, poles, view


def moderated_network(network_id: int) -> Network:
    """Return a network whose comments the reader may moderate: outside their sight a 404, a reader only a 403."""
    network = db.session.get(Network, network_id)
    if network is None or db.session.scalar(visible_networks(current_user).where(Network.id == network_id)) is None:
        abort_with(404, UNKNOWN_NETWORK)
    if not may_moderate(network):
        abort_with(403, "Seule la coordination du réseau peut masquer un commentaire ou l'afficher de nouveau.")
    return network


def moderated_campaign(network: Network, campaign_id: int | None) -> Campaign:
    """Return the campaign of the network a moderation form names; any other is unknown."""
    found = next((c for c in comment_campaigns(db.session, network.id) if c.id == campaign_id), None)
    if found is None:
        abort_with(404, UNKNOWN_CAMPAIGN)
    return found


NO_COMMENTS_CAMPAIGN = "Aucune campagne de ce réseau ne recueille de commentaires."


def comments_export_response(view: CommentsView, fmt: str, basename: str) -> Response:
    """Send a comments page as CSV or Excel (`<basename>-<year>`): nothing before the campaign is published."""
    tables = {TableId.COMMENTS: comments_table(view)} if view.published else {}
    name = f"{basename}-{file_year(view.label)}"
    return export_response(tables, TableId.COMMENTS, fmt, name, view.publication_note or NO_COMMENTS_CAMPAIGN)
