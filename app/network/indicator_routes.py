"""Routes of a network's indicator campaigns (on the network blueprint): each indicator by establishment and pole.

Readers are those of the network dashboard: admins, coordinators and inspectors the whole network, a pilot their
own poles; outside that, the same 404 as an unknown network or pole (app/web/dashboard_access.py).
"""

from __future__ import annotations

from flask import render_template, request
from flask_login import login_required

from app.charts.indicators import indicator_trend_chart
from app.network.routes import bp
from app.services.indicators.reading import Reading
from app.web.arguments import int_arg
from app.web.cells import chart_json
from app.web.dashboard_access import indicator_reading_or_404, network_or_404
from app.web.errors import abort_with
from app.web.exports import export_response

UNKNOWN_INDICATOR = "Cet indicateur n'existe pas dans cet instrument."


def _reading(network_id: int) -> tuple[Reading, int | None]:
    pole_id = int_arg("pole")
    slug = request.args.get("instrument", "").strip()[:80] or None
    return indicator_reading_or_404(network_id, pole_id, slug), pole_id


@bp.get("/<int:network_id>/indicateurs")
@login_required
def indicators(network_id: int):
    """Show one indicator (?indicateur=) by pole and by establishment over the half-years, with completeness."""
    network, _, allowed = network_or_404(network_id, int_arg("pole"))
    reading, pole_id = _reading(network_id)
    wanted = request.args.get("indicateur", "").strip()[:80]
    chosen = next((v for v in reading.indicators if v.question.id == wanted), None)
    if wanted and chosen is None:
        abort_with(404, UNKNOWN_INDICATOR)
    chosen = chosen or (reading.indicators[0] if reading.indicators else None)
    figure = None
    if chosen is not None and chosen.by_pole is not None:
        percent = chosen.kind.total_kind == "percent"
        axis = chosen.question.unit or ("%" if percent else "")
        figure = chart_json(indicator_trend_chart(chosen.frame, [p.label for p in reading.periods], axis, percent))
    return render_template(
        "network/indicators.html",
        network=network,
        reading=reading,
        chosen=chosen,
        figure=figure,
        pole_id=pole_id,
        poles=[p for p in network.poles if p.id in allowed],
    )


@bp.get("/<int:network_id>/indicateurs/export/<table_id>.<fmt>")
@login_required
def indicators_export(network_id: int, table_id: str, fmt: str):
    """Download one indicator table, or every one (tout.xlsx), as CSV or Excel (formulas neutralised)."""
    reading, pole_id = _reading(network_id)
    if not reading.tables:  # a workbook needs at least one sheet
        abort_with(404, "Aucune campagne d'indicateurs dans ce réseau : rien à exporter.")
    pole = f"-pole-{pole_id}" if pole_id is not None else ""
    return export_response(
        reading.tables, table_id, fmt, f"boussole-reseau-{network_id}{pole}-{reading.slug or 'indicateurs'}"
    )
