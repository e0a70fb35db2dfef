"""Routes of the establishment's PDFs (on the establishment blueprint): the annual review and the one-page summary."""

from __future__ import annotations

from flask import current_app, render_template
from flask_login import login_required

from app.clock import today
from app.establishment.routes import bp
from app.extensions import db
from app.models import Establishment
from app.services.dashboards.establishment import UnknownCampaign
from app.services.reviews.establishment import EstablishmentReview, establishment_review
from app.services.reviews.sections import UnknownYear
from app.web.arguments import int_arg, year_arg
from app.web.dashboard_access import UNKNOWN_ESTABLISHMENT_CAMPAIGN, establishment_or_404
from app.web.errors import abort_with
from app.web.pdf import pdf_response


def _review(establishment: Establishment, year: str | None, campaign_id: int | None) -> EstablishmentReview:
    try:
        review = establishment_review(
            db.session, establishment, year, campaign_id, current_app.config["BOUSSOLE_MIN_GROUP_SIZE"], today()
        )
    except UnknownCampaign:
        abort_with(404, UNKNOWN_ESTABLISHMENT_CAMPAIGN)
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
