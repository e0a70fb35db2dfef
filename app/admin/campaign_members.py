"""A campaign's establishments: add one of the network's to a campaign that is not closed, or withdraw one."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user

from app.admin.blueprint import bp
from app.admin.campaigns import campaign_page, enrol_form
from app.auth.decorators import get_or_404
from app.extensions import db
from app.models import Campaign, Establishment
from app.services.accounts.scopes import can_manage_campaign
from app.services.campaigns.enrolment import add_establishment, withdraw_establishment
from app.services.campaigns.errors import CampaignError


@bp.post("/campagnes/<int:campaign_id>/etablissements")
def enrol_establishment(campaign_id: int):
    """Add an establishment of the network to the campaign, with its link and code."""
    campaign = get_or_404(Campaign, campaign_id, can_manage_campaign)
    form = enrol_form(campaign)
    if not form.validate_on_submit():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        message = "Choisissez un établissement du réseau qui ne participe pas encore à la campagne."
        return campaign_page(campaign, " ".join([message, *errors]), 422)
    establishment = db.session.get_one(Establishment, form.establishment.data)  # one of the form's choices
    try:
        add_establishment(campaign, establishment, current_user)
    except CampaignError as exc:
        return campaign_page(campaign, str(exc), 409)
    db.session.commit()
    flash(f"{establishment.name} participe à la campagne : son lien et son code sont ci-dessous.", "success")
    return redirect(url_for("admin.campaign", campaign_id=campaign_id))


@bp.post("/campagnes/<int:campaign_id>/etablissements/<int:establishment_id>/retirer")
def withdraw_establishment_view(campaign_id: int, establishment_id: int):
    """Withdraw an establishment from the campaign, if nobody there has answered yet."""
    campaign = get_or_404(Campaign, campaign_id, can_manage_campaign)
    establishment = db.session.get(Establishment, establishment_id)
    try:
        if establishment is None:
            raise CampaignError("Cet établissement ne participe pas à cette campagne.")
        withdraw_establishment(campaign, establishment, current_user)
    except CampaignError as exc:
        return campaign_page(campaign, str(exc), 409)
    db.session.commit()
    flash(f"{establishment.name} est retiré de la campagne : son lien et ses codes ne servent plus.", "success")
    return redirect(url_for("admin.campaign", campaign_id=campaign_id))
