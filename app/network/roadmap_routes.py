"""Routes of the pole's and the network's feuilles de route (on the network blueprint): page, priorities, CSV.

A network's is read by everyone who sees part of it (its heads and pilots too); a pole's by its pilot, the heads
of its establishments and the network's readers. Outside that, the same 404 as an unknown identifier.
"""

from __future__ import annotations

from flask import request, url_for
from flask_login import current_user, login_required

from app.models import Network
from app.network.routes import bp
from app.services.accounts.scopes import dashboard_poles
from app.web import roadmap_pages as pages
from app.web.dashboard_access import roadmap_network_or_404, roadmap_pole_or_404


def _back(network: Network) -> tuple[str, str]:
    if dashboard_poles(current_user, network) is not None:
        return url_for("network.dashboard", network_id=network.id), "Tableau de bord du réseau"
    return url_for("establishment.index"), "Mon établissement"


def _network_place(network_id: int) -> pages.Place:
    network = roadmap_network_or_404(network_id)
    back, label = _back(network)
    return pages.Place(network, "network.network_roadmap", {"network_id": network.id}, back, label)


def _pole_place(network_id: int, pole_id: int) -> pages.Place:
    pole = roadmap_pole_or_404(network_id, pole_id)
    back, label = _back(pole.network)
    return pages.Place(pole, "network.pole_roadmap", {"network_id": network_id, "pole_id": pole.id}, back, label)


@bp.route("/<int:network_id>/feuille-de-route", methods=["GET", "POST"])
@login_required
def network_roadmap(network_id: int):
    """Show the network's feuille de route of a school year (?annee=), or add a priority to it."""
    place, year = _network_place(network_id), pages.school_year()
    return pages.create(place, year) if request.method == "POST" else pages.render(place, year)


@bp.post("/<int:network_id>/feuille-de-route/<int:priority_id>")
@login_required
def network_roadmap_priority(network_id: int, priority_id: int):
    """Change one priority of the network's feuille de route."""
    return pages.edit(_network_place(network_id), priority_id)


@bp.post("/<int:network_id>/feuille-de-route/<int:priority_id>/statut")
@login_required
def network_roadmap_status(network_id: int, priority_id: int):
    """Record a network priority's status."""
    return pages.change_status(_network_place(network_id), priority_id)


@bp.post("/<int:network_id>/feuille-de-route/<int:priority_id>/supprimer")
@login_required
def network_roadmap_delete(network_id: int, priority_id: int):
    """Remove one priority of the network's feuille de route."""
    return pages.remove(_network_place(network_id), priority_id)


@bp.post("/<int:network_id>/feuille-de-route/reprendre")
@login_required
def network_roadmap_next_year(network_id: int):
    """Start the network's next feuille de route from this one."""
    return pages.next_year(_network_place(network_id), pages.school_year())


@bp.get("/<int:network_id>/feuille-de-route.csv")
@login_required
def network_roadmap_csv(network_id: int):
    """Download the network's feuille de route as CSV."""
    return pages.csv_download(_network_place(network_id), pages.school_year())


@bp.route("/<int:network_id>/pole/<int:pole_id>/feuille-de-route", methods=["GET", "POST"])
@login_required
def pole_roadmap(network_id: int, pole_id: int):
    """Show a pole's feuille de route of a school year (?annee=), or add a priority to it."""
    place, year = _pole_place(network_id, pole_id), pages.school_year()
    return pages.create(place, year) if request.method == "POST" else pages.render(place, year)


@bp.post("/<int:network_id>/pole/<int:pole_id>/feuille-de-route/<int:priority_id>")
@login_required
def pole_roadmap_priority(network_id: int, pole_id: int, priority_id: int):
    """Change one priority of the pole's feuille de route."""
    return pages.edit(_pole_place(network_id, pole_id), priority_id)


@bp.post("/<int:network_id>/pole/<int:pole_id>/feuille-de-route/<int:priority_id>/statut")
@login_required
def pole_roadmap_status(network_id: int, pole_id: int, priority_id: int):
    """Record a pole priority's status."""
    return pages.change_status(_pole_place(network_id, pole_id), priority_id)


@bp.post("/<int:network_id>/pole/<int:pole_id>/feuille-de-route/<int:priority_id>/supprimer")
@login_required
def pole_roadmap_delete(network_id: int, pole_id: int, priority_id: int):
    """Remove one priority of the pole's feuille de route."""
    return pages.remove(_pole_place(network_id, pole_id), priority_id)


@bp.post("/<int:network_id>/pole/<int:pole_id>/feuille-de-route/reprendre")
@login_required
def pole_roadmap_next_year(network_id: int, pole_id: int):
    """Start the pole's next feuille de route from this one."""
    return pages.next_year(_pole_place(network_id, pole_id), pages.school_year())


@bp.get("/<int:network_id>/pole/<int:pole_id>/feuille-de-route.csv")
@login_required
def pole_roadmap_csv(network_id: int, pole_id: int):
    """Download the pole's feuille de route (with the network's of the same year) as CSV."""
    return pages.csv_download(_pole_place(network_id, pole_id), pages.school_year())
