"""What a dashboard page embeds: table cells formatted the French way, chart data blocks safe in a <script>."""

from __future__ import annotations

import plotly.io as pio
from flask import g, url_for
from markupsafe import Markup, escape

from app.analytics.tables import Blank, Hidden, is_missing
from app.charts import Figure
from app.web.formats import format_number, format_percent

PRIVACY_RULE_ANCHOR = "qui-voit-quoi"  # the privacy page's section that states the threshold


def format_cell(value, kind: str = "text") -> Markup:
    """Render one table cell the French way; a withheld value shows why."""
    # cell_html escapes every value it writes (SECURITY-CHECKS.md)
    return Markup(cell_html(value, kind))  # nosec B704  # noqa: S704


def cell_html(value, kind: str = "text") -> str:
    """The HTML of one table cell, every value escaped: a str, since table_rows.py joins thousands of them."""
    if isinstance(value, Hidden):
        return f'<span class="hidden-cell">{escape(value.label)}</span>'
    if isinstance(value, Blank):
        return blank_reason(value)
    if is_missing(value) or value == "":
        return '<span class="muted" aria-label="sans objet">—</span>'
    if kind == "int":
        return str(escape(format_number(int(value), 0)))
    if kind == "level":
        return str(escape(format_number(float(value), 1)))
    if kind == "percent":
        return str(escape(format_percent(float(value))))
    if kind == "delta":
        number = float(value)
        if round(number, 1) == 0:
            return '<span class="delta delta-flat">=\u00a00,0</span>'
        sign, css = ("+", "delta-up") if number > 0 else ("\u2212", "delta-down")
        return f'<span class="delta {css}">{sign}{escape(format_number(abs(number), 1))}</span>'
    return str(escape(str(value)))


class ChartJson(Markup):
    """A figure's JSON block, knowing whether the figure has nothing to draw (`empty`: what to say instead)."""

    empty: str = ""


def blank_reason(blank: Blank) -> str:
    """A missing value's reason: short in the cell, its sentence as the title (HTML, every text escaped).

    Not in full in the text: a network's table of hundreds of rows, and the PDF reviews, would repeat it in each
    cell. An anonymity reason links to the privacy page's rule.
    """
    title, text = escape(blank.detail), escape(blank.text)
    if blank.rule:
        return f'<a class="blank-reason" href="{escape(_privacy_rule_url())}" title="{title}">{text}</a>'
    return f'<span class="blank-reason" title="{title}">{text}</span>'


def _privacy_rule_url() -> str:
    """The privacy page's rule, built once a request (a table may hold hundreds of hidden changes)."""
    if "privacy_rule_url" not in g:
        g.privacy_rule_url = url_for("main.privacy", _anchor=PRIVACY_RULE_ANCHOR)
    return str(g.privacy_rule_url)


def chart_json(figure: Figure) -> ChartJson:
    """Serialize a figure for a <script type="application/json"> block, unable to close it early.

    Not validated here: the builders' output is checked against plotly's schema by the tests (app/charts).
    """
    text = pio.to_json(figure, validate=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    # Safe: JSON with every <, > and & escaped cannot end the <script> block nor open a tag (SECURITY-CHECKS.md).
    block = ChartJson(text)  # nosec B704
    block.empty = str(figure.get("layout", {}).get("meta", {}).get("empty", ""))
    return block
