"""A dashboard's tables sent as a CSV or Excel download."""

from __future__ import annotations

import re
from collections.abc import Mapping

from flask import Response

from app.analytics.identifiers import ALL_TABLES, TableId
from app.analytics.tables import Table
from app.services.dashboards.exports import table_csv, tables_xlsx
from app.web.errors import abort_with

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


KNOWN_TABLES = {value for name, value in vars(TableId).items() if name.isupper()}


def file_year(label: str) -> str:
    """Return a school year as it stands in a file name (« 2025-2026 »), or « sans-campagne » without one."""
    return label.replace(" ", "-") or "sans-campagne"


def export_response(
    tables: Mapping[str, Table], table_id: str, fmt: str, basename: str, withheld: str = ""
) -> Response:
    """Send one table as CSV or Excel, or every table as one workbook (`tout.xlsx`).

    `withheld` says why a dashboard's result tables are absent (a campaign not closed yet).
    """
    if fmt not in ("csv", "xlsx"):
        abort_with(404, "Format d'export inconnu (csv ou xlsx).")
    if table_id == ALL_TABLES and fmt == "xlsx":
        body, name = tables_xlsx(list(tables.values())), f"{basename}.xlsx"
    elif table_id in tables:
        table = tables[table_id]
        body = table_csv(table) if fmt == "csv" else tables_xlsx([table])
        name = f"{basename}-{table_id}.{fmt}"
    elif withheld and table_id in KNOWN_TABLES:
        abort_with(404, withheld)
    else:
        abort_with(404, "Ce tableau n'existe pas sur ce tableau de bord.")
    # content_type, not mimetype: Flask adds its own charset to a text mimetype, and a second one confuses readers
    content_type = CSV if fmt == "csv" else XLSX
    safe_name = re.sub(r"[^A-Za-z0-9._-]+", "-", name)
    return Response(
        body,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{safe_name}"', "Cache-Control": "private, no-store"},
    )
