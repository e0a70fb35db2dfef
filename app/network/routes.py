"""Routes of the network blueprint: poles compared, year on year, and the table of establishments."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from app.analytics.identifiers import TableId
from app.charts.dashboards import network_figures, network_items_figures
from app.clock import today
from app.extensions import db
from app.models import Network, Pole, Role
from app.network.forms import HideCommentForm, ShowCommentForm
from app.services.accounts.scopes import dashboard_poles, visible_networks
from app.services.comments import moderation
from app.services.comments.tables import comments_table
from app.services.dashboards import needs as needs_service
from app.services.dashboards import network as network_dashboard
from app.services.dashboards.campaign_data import period_label
from app.services.dashboards.establishment import UnknownCampaign
from app.services.reviews.network import network_review
from app.services.reviews.sections import UnknownYear
from app.web import fragment_cache
from app.web.arguments import int_arg, year_arg
from app.web.cells import chart_json
from app.web.comments import (
    NO_COMMENTS_CAMPAIGN,
    comment_keys,
    moderated_campaign,
    moderated_network,
    network_view,
)
from app.web.dashboard_access import network_or_404, prepared_network_dashboard
from app.web.errors import abort_with
from app.web.exports import export_response
from app.web.pdf import pdf_response
from app.web.priorities import RoadmapTarget, network_target, pole_target
from app.web.redirects import local_path_or_none

bp = Blueprint("network", __name__)
UNKNOWN_COMMENT = "Ce commentaire n'existe pas, ou n'est pas publié."
NO_SELF_POSITIONING = "Aucune campagne d'autopositionnement n'a encore été menée : pas de plan de formation à exporter."


def _min_size() -> int:
    return int(current_app.config["BOUSSOLE_MIN_GROUP_SIZE"])


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


def _comments_args() -> tuple[int | None, int | None]:
    return int_arg("campagne"), int_arg("pole")


@bp.get("/<int:network_id>/commentaires")
@login_required
def comments(network_id: int):
    """Read the comments of the network or of a pole, by dimension, without a school whose results are hidden."""
    campaign_id, pole_id = _comments_args()
    network, whole, poles, view = network_view(network_id, campaign_id, pole_id)
    chosen = view.campaign.id if view.campaign else None
    return render_template(
        "dashboards/comments.html",
        view=view,
        heading=f"Réseau {network.name}",
        eyebrow="Commentaires des répondants",
        page_url=lambda **args: url_for("network.comments", network_id=network.id, **args),
        export_url=lambda fmt: url_for(
            "network.comments_export", network_id=network.id, fmt=fmt, campagne=chosen, pole=pole_id
        ),
        back_url=url_for("network.dashboard", network_id=network.id, campagne=chosen, pole=pole_id),
        network=network,
        poles=[(p, next(x.name for x in network.poles if x.id == p)) for p in poles] if len(poles) > 1 else [],
        pole_id=pole_id,
        all_poles="Tout le réseau" if whole else "Tous mes pôles",
    )


@bp.get("/<int:network_id>/commentaires/export.<fmt>")
@login_required
def comments_export(network_id: int, fmt: str):
    """Download the network's or a pole's comments as CSV or Excel, under the same rules; never a hidden one."""
    campaign_id, pole_id = _comments_args()
    *_, view = network_view(network_id, campaign_id, pole_id, for_file=True)
    tables = {TableId.COMMENTS: comments_table(view)} if view.published else {}
    year = view.label.replace(" ", "-") or "sans-campagne"
    basename = f"boussole-reseau-{network_id}{f'-pole-{pole_id}' if pole_id else ''}-{year}"
    return export_response(tables, TableId.COMMENTS, fmt, basename, view.publication_note or NO_COMMENTS_CAMPAIGN)


def _moderated_back(network_id: int, back: str | None, campaign_id: int) -> str:
    return local_path_or_none(back) or url_for("network.comments", network_id=network_id, campagne=campaign_id)


@bp.post("/<int:network_id>/commentaires/masquer")
@login_required
def hide_comment(network_id: int):
    """Hide a comment that names a person, with the reason: from every reader and every file, until shown again."""
    network = moderated_network(network_id)
    campaign = moderated_campaign(network, int_arg("campagne"))
    form = HideCommentForm()
    back = _moderated_back(network.id, form.back.data, campaign.id)
    if not form.validate_on_submit():
        flash("Le commentaire n'a pas été masqué : " + next(e for v in form.errors.values() for e in v), "error")
        return redirect(back, 303)
    try:
        done = moderation.hide_comment(
            db.session, campaign, form.token.data, form.reason.data, current_user, _min_size(), comment_keys()
        )
    except moderation.ReasonMissing:
        flash("Le commentaire n'a pas été masqué : indiquez le motif, en quelques mots.", "error")
        return redirect(back, 303)
    except moderation.UnknownComment:
        abort_with(404, UNKNOWN_COMMENT)
    db.session.commit()
    flash(
        "Commentaire masqué : plus aucun lecteur ne le voit." if done else "Ce commentaire était déjà masqué.",
        "success",
    )
    return redirect(back, 303)


@bp.post("/<int:network_id>/commentaires/afficher")
@login_required
def show_comment(network_id: int):
    """Show a hidden comment again."""
    network = moderated_network(network_id)
    campaign = moderated_campaign(network, int_arg("campagne"))
    form = ShowCommentForm()
    back = _moderated_back(network.id, form.back.data, campaign.id)
    if not form.validate_on_submit():
        flash("Le commentaire n'a pas été affiché : " + next(e for v in form.errors.values() for e in v), "error")
        return redirect(back, 303)
    try:
        done = moderation.show_comment(db.session, campaign, form.token.data, current_user, _min_size(), comment_keys())
    except moderation.UnknownComment:
        abort_with(404, UNKNOWN_COMMENT)
    db.session.commit()
    flash("Commentaire de nouveau affiché." if done else "Ce commentaire n'était pas masqué.", "success")
    return redirect(back, 303)


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
