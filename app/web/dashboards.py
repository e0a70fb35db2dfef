"""Web helpers shared by the dashboard blueprints: cell formatting, chart data blocks, exports, arguments."""

from __future__ import annotations

import re
from collections.abc import Mapping

import plotly.graph_objects as go
from flask import Response, current_app, request
from flask_login import current_user
from markupsafe import Markup, escape

from app.analytics.identifiers import ALL_TABLES
from app.analytics.tables import Hidden, Table, is_missing
from app.extensions import db
from app.models import Establishment, Network
from app.services.accounts.scopes import can_see_establishment, dashboard_poles
from app.services.dashboards import network as network_dashboard
from app.services.dashboards.establishment import UnknownCampaign
from app.services.dashboards.exports import table_csv, tables_xlsx
from app.services.territory.establishments import establishment_by_uai
from app.web.converters import ID_MAX, parse_id
from app.web.errors import abort_with
from app.web.templating import format_number, format_percent

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def format_cell(value, kind: str = "text") -> Markup:
    """Render one table cell the French way; a withheld value shows why."""
    if isinstance(value, Hidden):
        return Markup('<span class="hidden-cell">{}</span>').format(value.label)
    if is_missing(value) or value == "":
        return Markup('<span class="muted" aria-label="sans objet">—</span>')
    if kind == "int":
        return escape(format_number(int(value), 0))
    if kind == "level":
        return escape(format_number(float(value), 1))
    if kind == "percent":
        return escape(format_percent(float(value)))
    if kind == "delta":
        number = float(value)
        if round(number, 1) == 0:
            return Markup('<span class="delta delta-flat">=\u00a00,0</span>')
        sign, css = ("+", "delta-up") if number > 0 else ("\u2212", "delta-down")
        return Markup('<span class="delta {}">{}{}</span>').format(css, sign, format_number(abs(number), 1))
    return escape(str(value))


def chart_json(figure: go.Figure) -> Markup:
    """Serialize a figure for a <script type="application/json"> block, unable to close it early."""
    text = figure.to_json().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    # Safe: JSON with every <, > and & escaped cannot end the <script> block nor open a tag (SECURITY-CHECKS.md).
    return Markup(text)  # nosec B704


def int_arg(name: str, *, empty_is_absent: bool = True) -> int | None:
    """Read an optional whole-number query argument; anything else is a clear 400.

    A page's filter form sends `?campagne=` for "the default"; the API, whose document says "integer", refuses it.
    """
    raw = request.args.get(name)
    if raw is None or (raw == "" and empty_is_absent):
        return None
    value = parse_id(raw)
    if value is None:
        abort_with(400, f"Le paramètre « {name} » doit être un nombre entier, de 0 à {ID_MAX}.")
    return value


def export_response(tables: Mapping[str, Table], table_id: str, fmt: str, basename: str) -> Response:
    """Send one table as CSV or Excel, or every table as one workbook (`tout.xlsx`)."""
    if fmt not in ("csv", "xlsx"):
        abort_with(404, "Format d'export inconnu (csv ou xlsx).")
    if table_id == ALL_TABLES and fmt == "xlsx":
        body, name = tables_xlsx(list(tables.values())), f"{basename}.xlsx"
    elif table_id in tables:
        table = tables[table_id]
        body = table_csv(table) if fmt == "csv" else tables_xlsx([table])
        name = f"{basename}-{table_id}.{fmt}"
    else:
        abort_with(404, "Ce tableau n'existe pas sur ce tableau de bord.")
    mimetype = "text/csv; charset=utf-8" if fmt == "csv" else XLSX
    safe_name = re.sub(r"[^A-Za-z0-9._-]+", "-", name)
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{safe_name}"', "Cache-Control": "private, no-store"},
    )


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
