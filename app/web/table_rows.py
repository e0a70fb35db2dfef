"""The rows of a dashboard table, written in Python: a network's table has hundreds of rows of a dozen cells, and
the same loop in Jinja took a third of its dashboard's first visit (a macro call and an escape per cell).

The markup is the one `dashboards/_macros.html` documents: a row's name as its header cell, every other cell named
by its column (`data-label`, read by the phone's cards), a level's change under it. The rows are built as plain
strings, every value escaped on its way in (cells.cell_html), and marked safe once.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import url_for
from markupsafe import Markup, escape

from app.analytics.tables import Column, Table
from app.web.cells import cell_html

UAI_SLOT = "UAI-SLOT"  # stands for each row's UAI in the one link url_for builds


def table_body(table: Table, link_establishments: int | None = None) -> Markup:
    """The <tr> of every row; establishments link to their dashboard for campaign `link_establishments`."""
    columns = [column for column in table.columns if column.on_page]
    if not table.rows:
        return Markup(f'<tr><td colspan="{len(columns)}" class="muted">Aucune donnée.</td></tr>')  # nosec B704  # noqa: S704
    link = url_for("establishment.dashboard", uai=UAI_SLOT, campagne=link_establishments) if link_establishments else ""
    labels = {column.key: str(escape(column.label)) for column in columns}
    rows = [
        "<tr>"
        + "".join(_cell(row, column, i == 0, labels[column.key], link) for i, column in enumerate(columns))
        + "</tr>"
        for row in table.rows
    ]
    # every value was escaped by _cell (SECURITY-CHECKS.md)
    return Markup("\n".join(rows))  # nosec B704  # noqa: S704


def _cell(row: dict[str, Any], column: Column, first: bool, label: str, link: str) -> str:
    value = row.get(column.key)
    if column.kind == "establishment":
        if link:
            href = escape(link.replace(UAI_SLOT, quote(str(row.get("uai")), safe="")))
            return f'<th scope="row"><a href="{href}">{escape(value)}</a></th>'
        return f'<th scope="row">{escape(value)}</th>'
    if first:
        return f'<th scope="row">{cell_html(value, column.kind)}</th>'
    css = (
        ' class="num"'
        if column.kind != "text"
        else ' class="long"'
        if isinstance(value, str) and len(value) > 12
        else ""
    )
    detail = ""
    if column.detail and row.get(column.detail) is not None:
        detail = f"<br><small>{cell_html(row.get(column.detail), 'delta')}</small>"
    return f'<td data-label="{label}"{css}>{cell_html(value, column.kind)}{detail}</td>'
