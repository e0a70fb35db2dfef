"""The needs page (plan de formation) and its exports, the same for an establishment, a pole and a network."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template

from app.services.dashboards.needs import Needs
from app.web.errors import abort_with
from app.web.exports import export_response, file_year
from app.web.priorities import RoadmapTarget

NO_SELF_POSITIONING = "Aucune campagne d'autopositionnement n'a encore été menée : pas de plan de formation à exporter."


def render_needs(
    found: Needs,
    target: RoadmapTarget | None,
    export_endpoint: str,
    place_args: dict[str, Any],
    kept: dict[str, Any] | None = None,
    **context: Any,
) -> str:
    """Render the needs page; its links keep the campaign and `kept`, its exports also name the owner (`place_args`)."""
    params = {"campagne": found.campaign.id if found.campaign else None, **(kept or {})}
    return render_template(
        "dashboards/needs.html",
        needs=found,
        target=target,
        params=params,
        export_endpoint=export_endpoint,
        url_args={**place_args, **params},
        **context,
    )


def needs_export_response(found: Needs, table_id: str, fmt: str, who: str) -> Response:
    """Send the plan de formation (every needs table, `tout.xlsx`) or one of its tables; 404 before any campaign."""
    if not found.tables:
        abort_with(404, found.publication_note or NO_SELF_POSITIONING)
    name = f"boussole-plan-de-formation-{who}-{file_year(found.label)}"
    return export_response(found.tables, table_id, fmt, name, found.publication_note)
