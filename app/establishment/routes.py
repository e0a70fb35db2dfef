"""Routes of the establishment blueprint: the dashboard, its exports, agreed levels and staff size."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.analytics.identifiers import TableId
from app.charts.dashboards import establishment_figures
from app.clock import today
from app.establishment.forms import CodesCountForm, StaffSizeForm, agreed_levels_form
from app.extensions import db
from app.models import Campaign, Establishment
from app.services.accounts.scopes import can_edit_establishment, can_hand_out_codes
from app.services.campaigns.campaigns import CampaignError, add_codes
from app.services.campaigns.materials import code_entry_url, code_sheet, codes_campaigns
from app.services.comments.tables import comments_table
from app.services.dashboards import establishment as establishment_dashboard
from app.services.dashboards import needs as needs_service
from app.services.dashboards.agreed_levels import (
    NotInCampaign,
    network_campaign,
    record_agreed_levels,
    set_staff_size,
)
from app.services.dashboards.campaign_data import period_label
from app.services.reviews.establishment import establishment_review
from app.services.reviews.sections import UnknownYear
from app.web.arguments import int_arg, year_arg
from app.web.cells import chart_json
from app.web.comments import NO_COMMENTS_CAMPAIGN, establishment_view
from app.web.dashboard_access import establishment_or_404
from app.web.errors import abort_with
from app.web.exports import export_response
from app.web.pdf import pdf_response
from app.web.priorities import establishment_target

bp = Blueprint("establishment", __name__)
LIST_LIMIT = 200


def _dashboard(establishment: Establishment) -> establishment_dashboard.EstablishmentDashboard:
    try:
        return establishment_dashboard.build(
            db.session, establishment, int_arg("campagne"), current_app.config["BOUSSOLE_MIN_GROUP_SIZE"]
        )
    except establishment_dashboard.UnknownCampaign:
        abort_with(404, "Cette campagne n'existe pas pour le réseau de cet établissement.")


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
    if editable and dash.campaign is not None:
        forms.setdefault("staff_form", StaffSizeForm(data={"staff_size": dash.staff_size}))
    return render_template(
        "establishment/dashboard.html",
        dash=dash,
        figures={k: chart_json(f) for k, f in figures.items()},
        printable=printable,
        editable=editable,
        min_size=dash.min_size,
        **forms,
    )


@bp.get("/<uai>")
@login_required
def dashboard(uai: str):
    """Show a collective's level, its progression by dimension and its items, for one school year."""
    return _render(establishment_or_404(uai))


@bp.get("/<uai>/imprimer")
@login_required
def printable(uai: str):
    """The same dashboard laid out for paper (conseil pédagogique, comité de pilotage)."""
    return _render(establishment_or_404(uai), printable=True)


@bp.get("/<uai>/export/<table_id>.<fmt>")
@login_required
def export(uai: str, table_id: str, fmt: str):
    """Download a table of the dashboard (or all of them) as CSV or Excel, under the same threshold."""
    establishment = establishment_or_404(uai)
    dash = _dashboard(establishment)
    year = dash.year_label.replace(" ", "-") if dash.campaign else "sans-campagne"
    withheld = " ".join(dash.publication_notes)
    return export_response(dash.tables, table_id, fmt, f"boussole-{establishment.uai}-{year}", withheld)


def _needs(establishment: Establishment) -> needs_service.Needs:
    try:
        return needs_service.establishment_needs(
            db.session, establishment, int_arg("campagne"), current_app.config["BOUSSOLE_MIN_GROUP_SIZE"]
        )
    except establishment_dashboard.UnknownCampaign:
        abort_with(404, "Cette campagne n'existe pas pour le réseau de cet établissement.")


@bp.get("/<uai>/besoins")
@login_required
def needs(uai: str):
    """Show where the staff position themselves lowest, and what fell since last year: the plan de formation."""
    establishment = establishment_or_404(uai)
    found = _needs(establishment)
    writable = can_edit_establishment(current_user, establishment) and found.campaign is not None
    params = {"campagne": found.campaign.id if found.campaign else None}
    return render_template(
        "dashboards/needs.html",
        needs=found,
        target=establishment_target(establishment.uai, found.year) if writable else None,
        params=params,
        export_endpoint="establishment.needs_export",
        url_args={"uai": establishment.uai, **params},
        establishment=establishment,
    )


@bp.get("/<uai>/besoins/export/<table_id>.<fmt>")
@login_required
def needs_export(uai: str, table_id: str, fmt: str):
    """Download the plan de formation (every needs table) or one of its tables, as CSV or Excel."""
    establishment = establishment_or_404(uai)
    found = _needs(establishment)
    if not found.tables:
        abort_with(
            404,
            found.publication_note
            or "Aucune campagne d'autopositionnement n'a encore été menée : pas de plan de formation à exporter.",
        )
    year = found.label.replace(" ", "-") if found.campaign else "sans-campagne"
    return export_response(
        found.tables, table_id, fmt, f"boussole-plan-de-formation-{establishment.uai}-{year}", found.publication_note
    )


def _review(establishment: Establishment, year: str | None, campaign_id: int | None):
    try:
        review = establishment_review(
            db.session, establishment, year, campaign_id, current_app.config["BOUSSOLE_MIN_GROUP_SIZE"], today()
        )
    except establishment_dashboard.UnknownCampaign:
        abort_with(404, "Cette campagne n'existe pas pour le réseau de cet établissement.")
    except UnknownYear:
        abort_with(404, f"Aucune campagne du réseau de cet établissement en {year}.")
    if review.dash.campaign is None:
        abort_with(404, "Aucune campagne pour cet établissement : son bilan suivra la première campagne.")
    return review


@bp.get("/<uai>/bilan.pdf")
@login_required
def review_pdf(uai: str):
    """The annual review of the school year as a PDF: participation, levels, progression, feuille de route."""
    establishment = establishment_or_404(uai)
    review = _review(establishment, year_arg(), int_arg("campagne"))
    html = render_template(
        "reviews/establishment.html",
        review=review,
        header=f"{establishment.name} ({establishment.uai}) — bilan annuel",
        year_label=review.year,
        generated_on=review.generated_on,
        min_size=review.dash.min_size,
        compact=False,
    )
    return pdf_response(html, f"bilan-{establishment.uai}-{review.year or 'sans-campagne'}.pdf")


@bp.get("/<uai>/synthese.pdf")
@login_required
def summary_pdf(uai: str):
    """One page for the conseil pédagogique: participation, levels beside the agreed ones, strengths, priorities."""
    establishment = establishment_or_404(uai)
    review = _review(establishment, None, int_arg("campagne"))
    html = render_template(
        "reviews/summary.html",
        review=review,
        header=f"{establishment.name} ({establishment.uai}) — synthèse pour le conseil pédagogique",
        year_label=review.dash.year_label,
        generated_on=review.generated_on,
        min_size=review.dash.min_size,
        compact=True,
    )
    return pdf_response(html, f"synthese-{establishment.uai}-{review.year or 'sans-campagne'}.pdf")


def _campaign_for_edit(establishment: Establishment) -> Campaign:
    if not can_edit_establishment(current_user, establishment):
        abort_with(403, "Seuls le chef d'établissement et la coordination du réseau peuvent modifier ces informations.")
    campaign = network_campaign(establishment, int_arg("campagne"))
    if campaign is None:
        abort_with(404, "Cette campagne n'existe pas pour le réseau de cet établissement.")
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
        flash("Les niveaux convenus n'ont pas été enregistrés : corrigez les champs signalés.", "error")
        return _render(establishment, agreed_form=form), 422
    changed = record_agreed_levels(establishment, campaign, form.levels(), current_user, today())
    db.session.commit()
    flash(f"Niveaux convenus enregistrés ({changed} modification(s)).", "success")
    return redirect(
        url_for("establishment.dashboard", uai=establishment.uai, campagne=campaign.id) + f"#{TableId.LEVELS}"
    )


@bp.post("/<uai>/effectif")
@login_required
def staff_size(uai: str):
    """Record the staff size, so that the participation rate can be computed."""
    establishment = establishment_or_404(uai)
    campaign = _campaign_for_edit(establishment)
    form = StaffSizeForm()
    if not form.validate_on_submit():
        flash(
            "L'effectif n'a pas été enregistré : " + " ".join(form.staff_size.errors or ["formulaire invalide."]),
            "error",
        )
        return _render(establishment, staff_form=form), 422
    try:
        set_staff_size(establishment, campaign, form.staff_size.data, current_user)
    except NotInCampaign:
        abort_with(409, "Cet établissement ne participe pas à cette campagne.")
    db.session.commit()
    flash("Effectif enregistré.", "success")
    return redirect(
        url_for("establishment.dashboard", uai=establishment.uai, campagne=campaign.id) + f"#{TableId.PARTICIPATION}"
    )


def _codes_establishment(uai: str) -> Establishment:
    establishment = establishment_or_404(uai)
    if not can_hand_out_codes(current_user, establishment):
        abort_with(403, "Seuls le chef d'établissement et la coordination du réseau distribuent les codes individuels.")
    return establishment


def _codes_link(establishment: Establishment, campaign_id: int):
    found = next((c for c in codes_campaigns(establishment) if c.link.campaign_id == campaign_id), None)
    if found is None:
        abort_with(404, "Cette campagne par codes individuels n'existe pas (ou est close) pour cet établissement.")
    return found.link


@bp.get("/<uai>/codes")
@login_required
def codes(uai: str):
    """List the establishment's campaigns by single-use codes, with how many codes are used, and make more."""
    establishment = _codes_establishment(uai)
    return render_template(
        "establishment/codes.html",
        establishment=establishment,
        campaigns=codes_campaigns(establishment),
        form=CodesCountForm(formdata=None),
    )


@bp.post("/<uai>/codes/<int:campaign_id>")
@login_required
def generate_codes(uai: str, campaign_id: int):
    """Make single-use codes for one campaign, then show the sheet to print."""
    establishment = _codes_establishment(uai)
    link = _codes_link(establishment, campaign_id)
    form = CodesCountForm()
    if not form.validate_on_submit():
        flash(next(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("establishment.codes", uai=uai), 303)
    try:
        made = add_codes(link.campaign, establishment, form.count.data, current_user)
    except CampaignError as exc:
        flash(str(exc), "error")
        return redirect(url_for("establishment.codes", uai=uai), 303)
    db.session.commit()
    flash(f"{len(made)} codes générés.", "success")
    return redirect(url_for("establishment.codes_sheet", uai=uai, campaign_id=campaign_id), 303)


@bp.get("/<uai>/codes/<int:campaign_id>/feuille")
@login_required
def codes_sheet(uai: str, campaign_id: int):
    """The sheet of unused single-use codes, to cut out and hand out one per person."""
    establishment = _codes_establishment(uai)
    link = _codes_link(establishment, campaign_id)
    return render_template(
        "admin/codes_sheet.html",
        campaign=link.campaign,
        link=link,
        sheet=code_sheet(link.campaign, establishment.id),
        entry_url=code_entry_url(),
        back_url=url_for("establishment.codes", uai=uai),
    )


@bp.get("/<uai>/commentaires")
@login_required
def comments(uai: str):
    """Read the comments the staff wrote, by dimension, once the campaign is closed and the group large enough."""
    establishment = establishment_or_404(uai)
    view = establishment_view(establishment, int_arg("campagne"))
    return render_template(
        "dashboards/comments.html",
        view=view,
        heading=establishment.name,
        eyebrow=establishment.kind or "Établissement",
        page_url=lambda **args: url_for("establishment.comments", uai=establishment.uai, **args),
        export_url=lambda fmt: url_for(
            "establishment.comments_export", uai=establishment.uai, fmt=fmt, campagne=view.campaign and view.campaign.id
        ),
        back_url=url_for("establishment.dashboard", uai=establishment.uai, campagne=view.campaign and view.campaign.id),
        network=establishment.network,
    )


@bp.get("/<uai>/commentaires/export.<fmt>")
@login_required
def comments_export(uai: str, fmt: str):
    """Download the comments as CSV or Excel, under the same rules; never a hidden comment."""
    establishment = establishment_or_404(uai)
    view = establishment_view(establishment, int_arg("campagne"), for_file=True)
    tables = {TableId.COMMENTS: comments_table(view)} if view.published else {}
    year = view.label.replace(" ", "-") or "sans-campagne"
    basename = f"boussole-{establishment.uai}-{year}"
    return export_response(tables, TableId.COMMENTS, fmt, basename, view.publication_note or NO_COMMENTS_CAMPAIGN)
