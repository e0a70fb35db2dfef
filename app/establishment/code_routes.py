"""Routes of the single-use codes (on the establishment blueprint): the campaigns by codes, making and printing them."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.establishment.forms import CodesCountForm
from app.establishment.routes import bp
from app.extensions import db
from app.models import Establishment
from app.services.accounts.scopes import can_hand_out_codes
from app.services.campaigns.campaigns import CampaignError, add_codes
from app.services.campaigns.materials import code_entry_url, code_sheet, codes_campaigns
from app.web.dashboard_access import establishment_or_404
from app.web.errors import abort_with


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
