"""API answers of the feuilles de route (on the api blueprint): the same readers and outcomes as the pages."""

from __future__ import annotations

from flask import current_app, jsonify, request

from app.api.routes import bp
from app.extensions import db
from app.services.accounts.scopes import RoadmapOwner
from app.services.roadmaps.pages import default_year, view_json, view_of
from app.services.roadmaps.roadmaps import YEAR, parse_school_year
from app.web.dashboard_access import establishment_or_404, roadmap_network_or_404, roadmap_pole_or_404
from app.web.errors import abort_with


def _year() -> str:
    raw = request.args.get("school_year")
    if raw is None:
        return default_year()
    if YEAR.fullmatch(raw) is None:
        abort_with(400, "Le paramètre « school_year » s'écrit comme 2025-2026.")
    year = parse_school_year(raw)
    if year is None:  # well written, but two years that do not follow each other: no such school year
        abort_with(404, "Aucune année scolaire ne s'écrit ainsi : deux années qui se suivent, comme 2025-2026.")
    return year


def _answer(owner: RoadmapOwner):
    min_size = current_app.config["BOUSSOLE_MIN_GROUP_SIZE"]
    view = view_of(db.session, owner, _year(), min_size)
    return jsonify(
        {"min_group_size": min_size, "roadmap": view_json(view), "above": [view_json(v) for v in view.related]}
    )


@bp.get("/establishments/<uai>/roadmap")
def establishment_roadmap(uai: str):
    """The establishment's feuille de route of a school year, with its pole's and network's."""
    return _answer(establishment_or_404(uai))


@bp.get("/networks/<int:network_id>/roadmap")
def network_roadmap(network_id: int):
    """The network's feuille de route of a school year."""
    return _answer(roadmap_network_or_404(network_id))


@bp.get("/networks/<int:network_id>/poles/<int:pole_id>/roadmap")
def pole_roadmap(network_id: int, pole_id: int):
    """A pole's feuille de route of a school year, with its network's."""
    return _answer(roadmap_pole_or_404(network_id, pole_id))
