"""API answer of a network's indicator campaigns (on the api blueprint): the same readers and tables as the page."""

from __future__ import annotations

from flask import jsonify, request

from app.api.routes import bp
from app.web.arguments import int_arg
from app.web.dashboard_access import indicator_reading_or_404
from app.web.errors import abort_with

SLUG_MAX_LENGTH = 80


@bp.get("/networks/<int:network_id>/indicators")
def network_indicators(network_id: int):
    """Each indicator of an instrument by pole and establishment over the half-years, with completeness."""
    slug = request.args.get("instrument")
    if slug is not None and not 0 < len(slug) <= SLUG_MAX_LENGTH:
        abort_with(400, f"Le paramètre « instrument » fait de 1 à {SLUG_MAX_LENGTH} caractères.")
    reading = indicator_reading_or_404(network_id, int_arg("pole", empty_is_absent=False), slug)
    return jsonify(
        {
            "network_id": network_id,
            "instrument": {"slug": reading.slug, "title": reading.survey.title} if reading.survey else None,
            "periods": [{"key": p.key, "label": p.label} for p in reading.periods],
            "completeness": {
                "sentence": reading.sentence,
                "rows": reading.completeness.records() if reading.completeness else [],
            },
            "indicators": [
                {
                    "id": view.question.id,
                    "text": view.question.text,
                    "type": view.question.type,
                    "unit": view.question.unit,
                    "total": view.kind.total_label or None,
                    "by_pole": view.by_pole.records() if view.by_pole else None,
                    "by_establishment": view.by_establishment.records(),
                }
                for view in reading.indicators
            ],
        }
    )
