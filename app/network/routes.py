"""Routes of the network blueprint: poles compared, year on year, and the table of establishments."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from app.charts.dashboards import network_figures, network_items_figures
from app.extensions import db
from app.models import Network, Pole, Role
from app.services.accounts.scopes import dashboard_poles, visible_networks
from app.services.dashboards import needs as needs_service
from app.services.dashboards import network as network_dashboard
from app.services.dashboards.campaign_data import period_label
from app.services.dashboards.establishment import UnknownCampaign
from app.web import fragment_cache
from app.web.arguments import int_arg
from app.web.cells import chart_json
from app.web.dashboard_access import network_or_404, prepared_network_dashboard
from app.web.errors import abort_with
from app.web.exports import export_response
from app.web.priorities import RoadmapTarget, network_target, pole_target

bp = Blueprint("network", __name__)
NO_SELF_POSITIONING = "Aucune campagne d'autopositionnement n'a encore été menée : pas de plan de formation à exporter."


def _filters() -> network_dashboard.Filters:
    kind = request.args.get("type", "").strip()[:60] or None
    order = request.args.get("ordre", "asc")
    return network_dashboard.Filters(
        campaign_id=int_arg("campagne"),
        pole_id=int_arg("pole"),
        kind=kind,
        sort=request.args.get("tri") or None,
        descending=order == "desc",
    )


def _prepared(network_id: int) -> network_dashboard.NetworkDashboard:
    return prepared_network_dashboard(network_id, _filters())


def _dashboard(network_id: int) -> network_dashboard.NetworkDashboard:
    return network_dashboard.fill(db.session, _prepared(network_id))


def _params(dash: network_dashboard.NetworkDashboard) -> dict[str, Any]:
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


def _render(network_id: int, printable: bool = False):
    dash = _prepared(network_id)
    params = _params(dash)

    def build() -> tuple[str, list[str]]:
        network_dashboard.fill(db.session, dash)
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
        html = render_template(
            "network/_content.html",
            dash=dash,
            printable=printable,
            params=params,
            figures={k: chart_json(f) for k, f in figures.items()},
            min_size=dash.min_size,
        )
        return html, dash.kinds

    def key() -> tuple[Any, ...] | None:
        found = network_dashboard.content_key(db.session, dash)
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
def dashboard(network_id: int):
    """Show which poles progress on which dimension, year on year, and every establishment."""
    return _render(network_id)


@bp.get("/<int:network_id>/imprimer")
@login_required
def printable(network_id: int):
    """The same dashboard laid out for the network's steering committee, on paper."""
    return _render(network_id, printable=True)


@bp.get("/<int:network_id>/export/<table_id>.<fmt>")
@login_required
def export(network_id: int, table_id: str, fmt: str):
    """Download a table of the dashboard (or all of them) as CSV or Excel, under the same threshold."""
    dash = _dashboard(network_id)
    year = period_label(dash.campaign).replace(" ", "-") if dash.campaign else "sans-campagne"
    return export_response(dash.tables, table_id, fmt, f"boussole-reseau-{network_id}-{year}", dash.publication_note)


def _needs(network_id: int) -> tuple[needs_service.Needs, RoadmapTarget | None, dict[str, Any]]:
    """The needs of the pole asked for, or of the network (a pilot: their first pole), and where they may go."""
    network, whole, poles = network_or_404(network_id, int_arg("pole"))
    pole_id = int_arg("pole")
    if pole_id is None and not whole:
        pole_id = poles[0]
    pole = db.session.get(Pole, pole_id) if pole_id is not None else None
    try:
        found = needs_service.network_needs(
            db.session, network, pole, int_arg("campagne"), current_app.config["BOUSSOLE_MIN_GROUP_SIZE"]
        )
    except UnknownCampaign:
        abort_with(404, "Cette campagne n'existe pas pour ce réseau.")
    target = None
    if found.campaign is not None and current_user.role != Role.INSPECTOR:  # inspectors read, never write
        target = pole_target(network.id, pole.id, found.year) if pole else network_target(network.id, found.year)
    context = {"network": network, "whole": whole, "poles": poles, "pole_id": pole_id}
    return found, target, context


@bp.get("/<int:network_id>/besoins")
@login_required
def needs(network_id: int):
    """Show where a pole's (or the network's) staff position themselves lowest, and what fell since last year."""
    found, target, context = _needs(network_id)
    params = {"campagne": found.campaign.id if found.campaign else None, "pole": context["pole_id"]}
    return render_template(
        "dashboards/needs.html",
        needs=found,
        target=target,
        params=params,
        export_endpoint="network.needs_export",
        url_args={"network_id": network_id, **params},
        pole_names={p.id: p.name for p in context["network"].poles},
        **context,
    )


@bp.get("/<int:network_id>/besoins/export/<table_id>.<fmt>")
@login_required
def needs_export(network_id: int, table_id: str, fmt: str):
    """Download the plan de formation (every needs table) or one of its tables, as CSV or Excel."""
    found, _, context = _needs(network_id)
    if not found.tables:
        abort_with(404, found.publication_note or NO_SELF_POSITIONING)
    who = f"pole-{context['pole_id']}" if context["pole_id"] is not None else f"reseau-{network_id}"
    year = found.label.replace(" ", "-") if found.campaign else "sans-campagne"
    return export_response(
        found.tables, table_id, fmt, f"boussole-plan-de-formation-{who}-{year}", found.publication_note
    )
