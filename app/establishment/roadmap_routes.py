"""Routes of the establishment's feuille de route (on the establishment blueprint): page, priorities, CSV."""

from __future__ import annotations

from flask import request, url_for
from flask_login import login_required

from app.establishment.routes import bp
from app.web import roadmap_pages as pages
from app.web.dashboard_access import establishment_or_404


def _place(uai: str) -> pages.Place:
    establishment = establishment_or_404(uai)
    return pages.Place(
        establishment,
        "establishment.roadmap",
        {"uai": establishment.uai},
        url_for("establishment.dashboard", uai=establishment.uai),
        "Tableau de bord de l'établissement",
    )


@bp.route("/<uai>/feuille-de-route", methods=["GET", "POST"])
@login_required
def roadmap(uai: str):
    """Show the establishment's feuille de route of a school year (?annee=), or add a priority to it."""
    place, year = _place(uai), pages.school_year()
    return pages.create(place, year) if request.method == "POST" else pages.render(place, year)


@bp.post("/<uai>/feuille-de-route/<int:priority_id>")
@login_required
def roadmap_priority(uai: str, priority_id: int):
    """Change one priority."""
    return pages.edit(_place(uai), priority_id)


@bp.post("/<uai>/feuille-de-route/<int:priority_id>/statut")
@login_required
def roadmap_status(uai: str, priority_id: int):
    """Record a priority's status during the year."""
    return pages.change_status(_place(uai), priority_id)


@bp.post("/<uai>/feuille-de-route/<int:priority_id>/supprimer")
@login_required
def roadmap_delete(uai: str, priority_id: int):
    """Remove one priority."""
    return pages.remove(_place(uai), priority_id)


@bp.post("/<uai>/feuille-de-route/reprendre")
@login_required
def roadmap_next_year(uai: str):
    """Start next year's feuille de route from this one's priorities still open."""
    return pages.next_year(_place(uai), pages.school_year())


@bp.get("/<uai>/feuille-de-route.csv")
@login_required
def roadmap_csv(uai: str):
    """Download the feuille de route (with the pole's and network's of the same year) as CSV."""
    return pages.csv_download(_place(uai), pages.school_year())
