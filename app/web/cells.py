"""What a dashboard page embeds: table cells formatted the French way, chart data blocks safe in a <script>."""

from __future__ import annotations

import plotly.io as pio
from flask import url_for
from markupsafe import Markup, escape

from app.analytics.tables import Blank, Hidden, is_missing
from app.charts import Figure
from app.web.formats import format_number, format_percent

PRIVACY_RULE_ANCHOR = "qui-voit-quoi"  # the privacy page's section that states the threshold


def format_cell(value, kind: str = "text") -> Markup:
    """Render one table cell the French way; a withheld value shows why."""
    if isinstance(value, Hidden):
        return Markup('<span class="hidden-cell">{}</span>').format(value.label)
    if isinstance(value, Blank):
        return blank_reason(value)
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


class ChartJson(Markup):
    """A figure's JSON block, knowing whether the figure has nothing to draw (`empty`: what to say instead)."""

    empty: str = ""


def blank_reason(blank: Blank) -> Markup:
    """A missing value's reason: short in the cell, its sentence as the title.

    Not in full in the text: a network's table of hundreds of rows, and the PDF reviews, would repeat it in each
    cell. An anonymity reason links to the privacy page's rule.
    """
    if blank.rule:
        return Markup('<a class="blank-reason" href="{}" title="{}">{}</a>').format(
            url_for("main.privacy", _anchor=PRIVACY_RULE_ANCHOR), blank.detail, blank.text
        )
    return Markup('<span class="blank-reason" title="{}">{}</span>').format(blank.detail, blank.text)


def chart_json(figure: Figure) -> ChartJson:
    """Serialize a figure for a <script type="application/json"> block, unable to close it early.

    Not validated here: the builders' output is checked against plotly's schema by the tests (app/charts).
    """
    text = pio.to_json(figure, validate=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    # Safe: JSON with every <, > and & escaped cannot end the <script> block nor open a tag (SECURITY-CHECKS.md).
    block = ChartJson(text)  # nosec B704
    block.empty = str(figure.get("layout", {}).get("meta", {}).get("empty", ""))
    return block
