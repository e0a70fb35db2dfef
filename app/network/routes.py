"""Routes of the network blueprint: poles compared, year on year, the table of establishments, the annual review.

The comments, the needs and the feuilles de route register on the same blueprint from their own modules.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from app.analytics.identifiers import TableId
from app.charts.dashboards import network_figures, network_items_figures
from app.clock import today
from app.extensions import compress, db
from app.models import Network
from app.services.accounts.scopes import dashboard_poles, visible_networks
from app.services.dashboards import network as network_dashboard
from app.services.dashboards import network_cache
from app.services.dashboards.campaign_data import period_label
from app.services.reviews.network import network_review
from app.services.reviews.sections import UnknownYear
from app.web import fragment_cache
from app.web.arguments import int_arg, year_arg
from app.web.cells import chart_json
from app.web.dashboard_access import prepared_network_dashboard
from app.web.errors import abort_with
from app.web.exports import export_response, file_year
from app.web.pdf import pdf_response
from app.web.table_pages import PAGE_SIZE, NoSuchPage, page_of

bp = Blueprint("network", __name__)


def _filters() -> network_dashboard.Filters:
    kind = request.args.get("type", "").strip()[:60] or None
    order = request.args.get("ordre", "asc")
    page = int_arg("page")
    return network_dashboard.Filters(
        campaign_id=int_arg("campagne"),
        pole_id=int_arg("pole"),
        kind=kind,
        sort=request.args.get("tri") or None,
        descending=order == "desc",
        page=1 if page is None else page,
        every=request.args.get("tout") == "1",
    )


def _prepared(network_id: int) -> network_dashboard.NetworkDashboard:
    return prepared_network_dashboard(network_id, _filters())


def _dashboard(network_id: int) -> network_dashboard.NetworkDashboard:
    return network_dashboard.fill(db.session, _prepared(network_id))


def params_of(dash: network_dashboard.NetworkDashboard) -> dict[str, Any]:
    """The query arguments every link of the page keeps."""
    return {
        "campagne": dash.campaign.id if dash.campaign else None,
        "pole": dash.filters.pole_id,
        "type": dash.filters.kind,
    }


@bp.get("/")
@login_required
def index():
    """List the networks in the user's scope, or go straight to the only one."""
    networks = db.session.scalars(
        select(Network).where(Network.id.in_(visible_networks(current_user))).order_by(Network.name)
    ).all()
    readable = [n for n in networks if dashboard_poles(current_user, n) is not None]
    if len(readable) == 1:
        return redirect(url_for("network.dashboard", network_id=readable[0].id))
    return render_template("network/index.html", networks=readable)


def render_content(dash: network_dashboard.NetworkDashboard, printable: bool, params: dict[str, Any]) -> str:
    """The dashboard's content (tables and charts) of a filled dashboard: what the views keep once rendered."""
    figures = {}
    if dash.campaign is not None and dash.themes:
        figures = network_items_figures(dash.frames, [t.title for t in dash.themes])
    elif dash.campaign is not None:
        figures = network_figures(
            dash.frames,
            [d.title for d in dash.dims],
            period_label(dash.campaign),
            period_label(dash.previous) if dash.previous else None,
            5,
        )
    establishments, pager = dash.tables.get(TableId.ESTABLISHMENTS), None
    if establishments is not None and not (printable or dash.filters.every):
        try:
            establishments, pager = page_of(establishments, dash.filters.page)
        except NoSuchPage:
            abort_with(404, "Cette page du tableau des établissements n'existe pas.")
    return render_template(
        "network/_content.html",
        dash=dash,
        printable=printable,
        params=params,
        figures={k: chart_json(f) for k, f in figures.items()},
        min_size=dash.min_size,
        establishments=establishments,
        pager=pager,
        page_size=PAGE_SIZE,
    )


def _render(network_id: int, printable: bool = False):
    dash = _prepared(network_id)
    params = params_of(dash)

    def build() -> tuple[str, list[str]]:
        return render_content(network_dashboard.fill(db.session, dash), printable, params), dash.kinds

    def key() -> tuple[Any, ...] | None:
        found = network_cache.content_key(db.session, dash)
        return found and (found, printable)

    html, kinds = fragment_cache.cached(key, build)
    # our own autoescaped template's output, never request text (SECURITY-CHECKS.md)
    content = Markup(html)  # nosec B704  # noqa: S704
    return render_template(
        "network/dashboard.html",
        dash=dash,
        printable=printable,
        params=params,
        kinds=kinds,
        content=content,
        pole_names=dash.pole_names,
    )


@bp.get("/<int:network_id>")
@login_required
@compress.compressed()
def dashboard(network_id: int):
    """Show which poles progress on which dimension, year on year, and every establishment."""
    return _render(network_id)


@bp.get("/<int:network_id>/imprimer")
@login_required
@compress.compressed()
def printable(network_id: int):
    """The same dashboard laid out for the network's steering committee, on paper."""
    return _render(network_id, printable=True)


@bp.get("/<int:network_id>/export/<table_id>.<fmt>")
@login_required
@compress.compressed()
def export(network_id: int, table_id: str, fmt: str):
    """Download a table of the dashboard (or all of them) as CSV or Excel, under the same threshold."""
    dash = _dashboard(network_id)
    year = file_year(period_label(dash.campaign) if dash.campaign else "")
    return export_response(dash.tables, table_id, fmt, f"boussole-reseau-{network_id}-{year}", dash.publication_note)


@bp.get("/<int:network_id>/bilan.pdf")
@login_required
def review_pdf(network_id: int):
    """The network's (or, filtered, a pole's) annual review as a PDF, for the directoire, the DASEN and the recteur."""
    year = year_arg()
    filters = network_dashboard.Filters(campaign_id=int_arg("campagne"), pole_id=int_arg("pole"))
    dash = prepared_network_dashboard(network_id, filters)
    try:
        review = network_review(db.session, dash, year, today())
    except UnknownYear:
        abort_with(404, f"Aucune campagne de ce réseau en {year}.")
    if not review.year:
        abort_with(404, "Aucune campagne pour ce réseau : son bilan suivra la première campagne.")
    html = render_template(
        "reviews/network.html",
        review=review,
        header=f"{review.title} — bilan annuel",
        year_label=review.year,
        generated_on=review.generated_on,
        min_size=review.dash.min_size,
        compact=False,
    )
    pole = f"-pole-{filters.pole_id}" if filters.pole_id is not None else ""
    return pdf_response(html, f"bilan-reseau-{network_id}{pole}-{review.year or 'sans-campagne'}.pdf")
