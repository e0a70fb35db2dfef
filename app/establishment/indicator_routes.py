"""Routes of an establishment's indicator campaigns (on the establishment blueprint): its series, the entry form.

The head enters and corrects the figures until the campaign closes; so do the pilot (animateur) of its pole and the
network's coordination. Every reader of the establishment reads them. Outside that scope, the same 404 as unknown.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.clock import today, utcnow
from app.establishment.forms import IndicatorsFormBase, indicators_form
from app.establishment.routes import bp
from app.extensions import db
from app.models import Campaign, Establishment
from app.services.accounts.scopes import can_report_indicators
from app.services.indicators import reports
from app.services.indicators.periods import half_year_label
from app.services.indicators.reading import establishment_series
from app.surveys.indicator_types import indicator_type
from app.surveys.registry import survey_of
from app.web.dashboard_access import establishment_or_404
from app.web.errors import abort_with
from app.web.exports import export_response

UNKNOWN_CAMPAIGN = "Cette campagne d'indicateurs n'existe pas pour cet établissement."
READ_ONLY = (
    "Seuls le chef d'établissement, l'animateur ou pilote de son pôle et la coordination du réseau "
    "saisissent ces indicateurs."
)


@bp.get("/<uai>/indicateurs")
@login_required
def indicators(uai: str):
    """List the establishment's indicator campaigns (open ones to fill in) and its values over the periods."""
    establishment = establishment_or_404(uai)
    campaigns = reports.indicator_campaigns(db.session, establishment)
    return render_template(
        "establishment/indicators.html",
        est=establishment,
        campaigns=campaigns,
        open_ids={c.id for c in campaigns if reports.takes_values(c, today())},
        tables=establishment_series(db.session, establishment, campaigns),
        can_report=can_report_indicators(current_user, establishment),
        label=half_year_label,
    )


@bp.get("/<uai>/indicateurs/export/<table_id>.<fmt>")
@login_required
def indicators_export(uai: str, table_id: str, fmt: str):
    """Download the establishment's indicator series as CSV or Excel."""
    establishment = establishment_or_404(uai)
    campaigns = reports.indicator_campaigns(db.session, establishment)
    tables = {t.id: t for t in establishment_series(db.session, establishment, campaigns)}
    if not tables:  # a workbook needs at least one sheet
        abort_with(404, "Aucune campagne d'indicateurs pour cet établissement : rien à exporter.")
    return export_response(tables, table_id, fmt, f"boussole-{establishment.uai}-indicateurs")


def _campaign(establishment: Establishment, campaign_id: int) -> Campaign:
    campaign = reports.campaign_of(db.session, establishment, campaign_id)
    if campaign is None:
        abort_with(404, UNKNOWN_CAMPAIGN)
    return campaign


def _render(establishment: Establishment, campaign: Campaign, form: IndicatorsFormBase | None, status: int = 200):
    report = reports.report_of(db.session, campaign, establishment)
    survey = survey_of(campaign.survey)
    return render_template(
        "establishment/indicator_report.html",
        est=establishment,
        campaign=campaign,
        survey=survey,
        label=half_year_label(campaign),
        report=report,
        values=reports.values_of(report),
        form=form,
        names=dict(form.indicator_fields) if form else {},
        display=lambda question, value: indicator_type(question).display(question, value),
        open=reports.takes_values(campaign, today()),
    ), status


@bp.route("/<uai>/indicateurs/<int:campaign_id>", methods=["GET", "POST"])
@login_required
def indicator_report(uai: str, campaign_id: int):
    """Enter or correct the establishment's indicators for one period, until the campaign closes."""
    establishment = establishment_or_404(uai)
    campaign = _campaign(establishment, campaign_id)
    allowed = can_report_indicators(current_user, establishment)
    is_open = reports.takes_values(campaign, today())
    current = reports.values_of(reports.report_of(db.session, campaign, establishment))
    form = indicators_form(survey_of(campaign.survey), current) if allowed and is_open else None
    if request.method == "GET":
        return _render(establishment, campaign, form)
    if not allowed:
        abort_with(403, READ_ONLY)
    if form is None:
        abort_with(409, reports.CLOSED_MESSAGE)
    if form.validate():  # CSRF, then each indicator's type and bounds, with French messages
        try:
            saved = reports.save_report(
                db.session, campaign, establishment, form.raw_values(), current_user, utcnow(), today()
            )
        except reports.IndicatorsInvalid as exc:  # never once the form checked them: the same rules
            form.form_errors.extend(exc.errors.values())
        except reports.ReportClosed as exc:  # closed since the page was read
            abort_with(409, str(exc))
        else:
            db.session.commit()
            flash(_saved_message(saved), "success")
            return redirect(url_for("establishment.indicator_report", uai=establishment.uai, campaign_id=campaign.id))
    return _render(establishment, campaign, form, 422)


def _saved_message(saved: reports.Saved) -> str:
    if saved.created:
        return "Indicateurs enregistrés. Vous pouvez les corriger jusqu'à la clôture de la campagne."
    return f"Indicateurs corrigés ({saved.changed} valeur(s) modifiée(s))."
