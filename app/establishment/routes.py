"""Routes of the establishment blueprint: the dashboard, its exports, agreed levels and staff size.

The needs, comments, PDFs, codes and feuille de route register on the same blueprint from their own modules.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.analytics.identifiers import TableId
from app.charts.dashboards import establishment_figures
from app.clock import today
from app.establishment.forms import agreed_levels_form, staff_size_form
from app.extensions import compress, db
from app.models import Campaign, Establishment
from app.services.accounts.scopes import can_edit_establishment
from app.services.dashboards import establishment as establishment_dashboard
from app.services.dashboards.agreed_levels import (
    NotInCampaign,
    network_campaign,
    record_agreed_levels,
    set_staff_size,
)
from app.services.dashboards.campaign_data import period_label
from app.services.indicators import reports as indicator_reports
from app.web.arguments import int_arg
from app.web.cells import chart_json
from app.web.dashboard_access import UNKNOWN_ESTABLISHMENT_CAMPAIGN, establishment_or_404
from app.web.errors import abort_with
from app.web.exports import export_response, file_year
from app.web.flashes import flash_at

bp = Blueprint("establishment", __name__)
LIST_LIMIT = 200


def _dashboard(establishment: Establishment) -> establishment_dashboard.EstablishmentDashboard:
    try:
        return establishment_dashboard.build(
            db.session, establishment, int_arg("campagne"), current_app.config["BOUSSOLE_MIN_GROUP_SIZE"]
        )
    except establishment_dashboard.UnknownCampaign:
        abort_with(404, UNKNOWN_ESTABLISHMENT_CAMPAIGN)


@bp.get("/")
@login_required
def index():
    """List the user's establishments, or go straight to the only one."""
    query = request.args.get("q", "").strip()[:80]
    establishments = establishment_dashboard.establishments_for(db.session, current_user, query, LIST_LIMIT + 1)
    if len(establishments) == 1 and not query:
        return redirect(url_for("establishment.dashboard", uai=establishments[0].uai))
    return render_template(
        "establishment/index.html",
        establishments=establishments[:LIST_LIMIT],
        truncated=len(establishments) > LIST_LIMIT,
        query=query,
    )


def _render(establishment: Establishment, printable: bool = False, **forms):
    dash = _dashboard(establishment)
    figures = {}
    if dash.campaign is not None:
        figures = establishment_figures(
            dash.frames,
            dash.level_points,
            dash.item_points,
            dash.year_label,
            period_label(dash.previous_grid) if dash.previous_grid else None,
        )
    editable = can_edit_establishment(current_user, establishment) and not printable
    if editable and dash.grid_campaign is not None:
        forms.setdefault("agreed_form", agreed_levels_form(dash.dims, dash.level_points, dash.agreed))
    if editable:
        posted = forms.setdefault("staff_forms", {})
        for entry in dash.staff:
            posted.setdefault(entry.campaign.id, staff_size_form(entry.campaign.id, entry.instrument, entry.staff_size))
    return render_template(
        "establishment/dashboard.html",
        dash=dash,
        open_indicators=indicator_reports.open_campaigns(db.session, establishment, today()),
        figures={k: chart_json(f) for k, f in figures.items()},
        printable=printable,
        editable=editable,
        min_size=dash.min_size,
        **forms,
    )


@bp.get("/<uai>")
@login_required
@compress.compressed()
def dashboard(uai: str):
    """Show a collective's level, its progression by dimension and its items, for one school year."""
    return _render(establishment_or_404(uai))


@bp.get("/<uai>/imprimer")
@login_required
@compress.compressed()
def printable(uai: str):
    """The same dashboard laid out for paper (conseil pédagogique, comité de pilotage)."""
    return _render(establishment_or_404(uai), printable=True)


@bp.get("/<uai>/export/<table_id>.<fmt>")
@login_required
@compress.compressed()
def export(uai: str, table_id: str, fmt: str):
    """Download a table of the dashboard (or all of them) as CSV or Excel, under the same threshold."""
    establishment = establishment_or_404(uai)
    dash = _dashboard(establishment)
    year = file_year(dash.year_label if dash.campaign else "")
    withheld = " ".join(dash.publication_notes)
    return export_response(dash.tables, table_id, fmt, f"boussole-{establishment.uai}-{year}", withheld)


def _campaign_for_edit(establishment: Establishment) -> Campaign:
    if not can_edit_establishment(current_user, establishment):
        abort_with(403, "Seuls le chef d'établissement et la coordination du réseau peuvent modifier ces informations.")
    campaign = network_campaign(establishment, int_arg("campagne"))
    if campaign is None:
        abort_with(404, UNKNOWN_ESTABLISHMENT_CAMPAIGN)
    return campaign


@bp.post("/<uai>/niveaux-convenus")
@login_required
def agreed_levels(uai: str):
    """Record the levels the team agreed in conseil pédagogique, with their justification."""
    establishment = establishment_or_404(uai)
    campaign = _campaign_for_edit(establishment)
    dash = _dashboard(establishment)
    if dash.grid_campaign is None or dash.grid_campaign.id != campaign.id:
        abort_with(404, "Cette campagne ne porte pas sur la grille de positionnement.")
    form = agreed_levels_form(dash.dims, dash.level_points, dash.agreed)
    if not form.validate_on_submit():
        flash_at(
            "Les niveaux convenus n'ont pas été enregistrés : corrigez les champs signalés.", TableId.LEVELS, "error"
        )
        return _render(establishment, agreed_form=form), 422
    changed = record_agreed_levels(establishment, campaign, form.levels(), current_user, today())
    db.session.commit()
    flash_at(f"Niveaux convenus enregistrés ({changed} modification(s)).", TableId.LEVELS)
    return redirect(
        url_for("establishment.dashboard", uai=establishment.uai, campagne=campaign.id) + f"#{TableId.LEVELS}"
    )


@bp.post("/<uai>/effectif")
@login_required
def staff_size(uai: str):
    """Record the staff invited to answer one campaign: the base of that instrument's participation rate."""
    establishment = establishment_or_404(uai)
    campaign = _campaign_for_edit(establishment)
    instrument = establishment_dashboard.instrument_name(campaign)
    form = staff_size_form(campaign.id, instrument, posted=True)
    if not form.validate_on_submit():
        flash_at(
            "L'effectif n'a pas été enregistré : " + " ".join(form.staff_size.errors or ["formulaire invalide."]),
            TableId.PARTICIPATION,
            "error",
        )
        return _render(establishment, staff_forms={campaign.id: form}), 422
    try:
        set_staff_size(establishment, campaign, form.staff_size.data, current_user)
    except NotInCampaign:
        abort_with(409, "Cet établissement ne participe pas à cette campagne.")
    db.session.commit()
    flash_at(f"Effectif enregistré : {form.staff_size.data} personnels pour « {instrument} ».", TableId.PARTICIPATION)
    return redirect(
        url_for("establishment.dashboard", uai=establishment.uai, campagne=campaign.id) + f"#{TableId.PARTICIPATION}"
    )
