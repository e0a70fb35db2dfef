"""Campaigns: create, open, close (never reopen); codes; the links, codes and printable sheets to hand out."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from app.admin.access import managed_ids, managed_networks, managed_poles, page_number
from app.admin.blueprint import bp
from app.admin.forms import ActionForm, CampaignForm, CodesForm, EnrolForm
from app.auth.decorators import get_or_404
from app.clock import today
from app.extensions import db
from app.models import (
    AccessMode,
    Campaign,
    CampaignEstablishment,
    CampaignScope,
    CampaignState,
    Network,
    SurveyDefinition,
)
from app.services.accounts.scopes import can_manage_campaign
from app.services.campaigns.campaigns import (
    CampaignError,
    add_codes,
    campaign_links,
    current_school_year,
    link_of,
    progress,
    responses_by_campaign,
    start_campaign,
    survey_editions,
)
from app.services.campaigns.enrolment import addable_establishments
from app.services.campaigns.materials import (
    code_entry_url,
    code_sheet,
    csv_filename,
    export_codes,
    export_links,
    link_urls,
    sheet_context,
)
from app.services.campaigns.scope import resolve_scope, scope_label
from app.services.campaigns.states import transition
from app.web.errors import abort_with
from app.web.stored_results import results_after_response


@bp.get("/campagnes")
def campaigns():
    """List the campaigns of the managed networks, newest first."""
    query = select(Campaign).order_by(Campaign.school_year.desc(), Campaign.created_at.desc(), Campaign.id.desc())
    if (ids := managed_ids()) is not None:
        query = query.where(Campaign.network_id.in_(ids))
    page = db.paginate(query, page=page_number(request.args.get("page")), per_page=50, error_out=False)
    counts = responses_by_campaign([campaign.id for campaign in page.items])
    return render_template("admin/campaigns.html", page=page, counts=counts)


def _campaign_form() -> CampaignForm:
    form = CampaignForm()
    editions = survey_editions()
    latest: dict[str, int] = {}
    for row in editions:
        latest.setdefault(row.slug, row.id)
    form.survey.choices = [
        SelectChoice(
            row.id,
            f"{row.title} — édition {row.version}" + (" (la plus récente)" if latest[row.slug] == row.id else ""),
        )
        for row in editions
    ]
    form.network.choices = [SelectChoice(n.id, n.name) for n in managed_networks()]
    form.poles.choices = [SelectChoice(p.id, f"{p.network.name} / {p.name}") for p in managed_poles()]
    if not form.is_submitted():
        form.survey.data = editions[0].id if editions else None
        form.school_year.data = current_school_year(today())
    return form


@bp.route("/campagnes/nouvelle", methods=["GET", "POST"])
def new_campaign():
    """Create a campaign from an edition of an instrument, for a network and a school year."""
    form = _campaign_form()
    if form.validate_on_submit():
        survey = db.session.get_one(SurveyDefinition, form.survey.data)  # the form checked it is a choice
        network = db.session.get_one(Network, form.network.data)
        try:
            scope = resolve_scope(
                network, CampaignScope(form.scope.data), pole_ids=form.poles.data or [], uais=form.uais.data or ""
            )
            campaign = start_campaign(
                survey,
                network,
                form.school_year.data,
                period=form.period.data or None,
                opens_on=form.opens_on.data,
                closes_on=form.closes_on.data,
                access_mode=AccessMode(form.access_mode.data),
                actor=current_user,
                scope=scope,
            )
        except CampaignError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash("Campagne créée, en brouillon : ouvrez-la quand les établissements sont prêts.", "success")
            return redirect(url_for("admin.campaign", campaign_id=campaign.id))
    return render_template("admin/campaign_new.html", form=form), 422 if form.errors else 200


def _codes_form(links: list[CampaignEstablishment]) -> CodesForm:
    form = CodesForm()
    form.establishment.choices = [SelectChoice(link.establishment_id, link.establishment.label) for link in links]
    return form


def enrol_form(campaign: Campaign) -> EnrolForm:
    form = EnrolForm()
    form.establishment.choices = [SelectChoice(e.id, e.label) for e in addable_establishments(campaign)]
    return form


def campaign_page(campaign: Campaign, error: str | None = None, status: int = 200):
    """Render a campaign's page, with a refusal's message when there is one."""
    rows = progress(campaign)
    links = [row.link for row in rows]
    page = render_template(
        "admin/campaign.html",
        campaign=campaign,
        state=campaign.state(today()),
        today=today(),
        scope=scope_label(campaign),
        rows=rows,
        urls=link_urls(links),
        codes_form=_codes_form(links),
        enrol_form=enrol_form(campaign),
        action_form=ActionForm(),
        error=error,
    )
    return page, status


@bp.get("/campagnes/<int:campaign_id>")
def campaign(campaign_id: int):
    """Show a campaign: its state and scope, each establishment's link, code and progress."""
    return campaign_page(get_or_404(Campaign, campaign_id, can_manage_campaign))


@bp.post("/campagnes/<int:campaign_id>/statut/<action>")
def campaign_status(campaign_id: int, action: str):
    """Open or close a campaign (a closed one is never reopened: its results are published)."""
    campaign = get_or_404(Campaign, campaign_id, can_manage_campaign)
    try:
        audit_action = transition(campaign, action, current_user, today())
    except CampaignError as exc:
        abort_with(409, str(exc))
    db.session.commit()
    if audit_action == "campaign.close":
        results_after_response([campaign.id])
    message = {"campaign.open": "Campagne ouverte.", "campaign.close": "Campagne clôturée."}[audit_action]
    if campaign.state(today()) == CampaignState.SCHEDULED and campaign.opens_on:
        message = f"Campagne programmée : elle s'ouvrira le {campaign.opens_on.strftime('%d/%m/%Y')}."
    flash(message, "success")
    return redirect(url_for("admin.campaign", campaign_id=campaign_id))


@bp.post("/campagnes/<int:campaign_id>/codes")
def generate_campaign_codes(campaign_id: int):
    """Generate single-use codes for one establishment of the campaign."""
    campaign = get_or_404(Campaign, campaign_id, can_manage_campaign)
    form = _codes_form(campaign_links(campaign))
    if not form.validate_on_submit():
        flash(next(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("admin.campaign", campaign_id=campaign_id))
    link = link_of(campaign.id, form.establishment.data)
    if link is None:  # never: the form offers the campaign's establishments only
        abort(404)
    try:
        codes = add_codes(campaign, link.establishment, form.count.data, current_user)
    except CampaignError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.campaign", campaign_id=campaign_id))
    db.session.commit()
    flash(f"{len(codes)} codes générés pour {link.establishment.name}.", "success")
    return redirect(
        url_for("admin.campaign_codes_sheet", campaign_id=campaign_id, establishment_id=link.establishment_id)
    )


def _csv_download(text: str, filename: str):
    return send_file(
        io.BytesIO(text.encode("utf-8")), mimetype="text/csv", as_attachment=True, download_name=filename, max_age=0
    )


@bp.get("/campagnes/<int:campaign_id>/liens.csv")
def campaign_links_csv(campaign_id: int):
    """Download every establishment's link and code (for a mail merge)."""
    campaign = get_or_404(Campaign, campaign_id, can_manage_campaign)
    text = export_links(campaign, current_user)
    db.session.commit()
    return _csv_download(text, csv_filename(campaign, "liens"))


@bp.get("/campagnes/<int:campaign_id>/codes.csv")
def campaign_codes_csv(campaign_id: int):
    """Download the single-use codes of every establishment."""
    campaign = get_or_404(Campaign, campaign_id, can_manage_campaign)
    text = export_codes(campaign, current_user)
    db.session.commit()
    return _csv_download(text, csv_filename(campaign, "codes"))


def _campaign_and_link(campaign_id: int, establishment_id: int):
    campaign = get_or_404(Campaign, campaign_id, can_manage_campaign)
    link = link_of(campaign.id, establishment_id)
    if link is None:
        abort(404)
    return campaign, link


@bp.get("/campagnes/<int:campaign_id>/etablissements/<int:establishment_id>/affiche")
def campaign_sheet(campaign_id: int, establishment_id: int):
    """A printable A4 sheet for the staff room: QR code, link and access code."""
    campaign, link = _campaign_and_link(campaign_id, establishment_id)
    return render_template("admin/sheet.html", **sheet_context(campaign, link))


@bp.get("/campagnes/<int:campaign_id>/etablissements/<int:establishment_id>/codes")
def campaign_codes_sheet(campaign_id: int, establishment_id: int):
    """A sheet of the unused single-use codes, to cut out and hand out one per person."""
    campaign, link = _campaign_and_link(campaign_id, establishment_id)
    return render_template(
        "admin/codes_sheet.html",
        campaign=campaign,
        link=link,
        sheet=code_sheet(campaign, establishment_id),
        entry_url=code_entry_url(),
        action_form=ActionForm(),
    )
