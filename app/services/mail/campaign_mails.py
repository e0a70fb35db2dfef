"""The mails of a campaign's life: who receives each, and what it says.

A mail is a publication: it carries links, the establishment's short code, dates, and for a reminder the
participation figure the head's dashboard already shows (`dashboards.establishment.participation`), never a figure
of its own, never an answer or a comment. Links are built on BOUSSOLE_BASE_URL (`from_request=False`): a notice
queued by whoever's request noticed the date must not carry that request's Host.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app, render_template
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AccessMode,
    Campaign,
    CampaignEstablishment,
    Establishment,
    IndicatorReport,
    Role,
    User,
    UserScope,
)
from app.services.accounts.links import external_url
from app.services.campaigns.campaigns import campaign_links
from app.services.campaigns.materials import code_entry_url, display_code, respondent_url, sheet_context
from app.services.dashboards.campaign_data import CampaignData, campaign_data, french_date, period_label
from app.services.dashboards.establishment import participation
from app.services.indicators.periods import is_indicator_campaign
from app.services.mail.outbox import Attachment, enqueue
from app.web.pdf import QrCodeFetcher, render_pdf  # the reviews' renderer: our own HTML, no network


def _url(endpoint: str, **values: Any) -> str:
    return external_url(endpoint, from_request=False, **values)


def accounts_of(role: Role, column: Any, ids: list[int]) -> list[User]:
    """Return the active accounts of `role` whose scope holds one of `ids` (in the UserScope `column`)."""
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(User)
            .join(UserScope)
            .where(User.role == role, User.active.is_(True), column.in_(ids))
            .distinct()
            .order_by(User.email)
        )
    )


def heads_of(establishment_id: int) -> list[User]:
    """Return the establishment's active heads: the only readers of its link, code and participation."""
    return accounts_of(Role.HEAD, UserScope.establishment_id, [establishment_id])


def _common(link: CampaignEstablishment) -> dict[str, Any]:
    campaign, establishment = link.campaign, link.establishment
    indicators = is_indicator_campaign(campaign)
    context: dict[str, Any] = {
        "campaign": campaign,
        "title": campaign.survey.title,
        "establishment": establishment.name,
        "year": period_label(campaign),
        "opens_on": french_date(campaign.opens_on) if campaign.opens_on else None,
        "closes_on": french_date(campaign.closes_on) if campaign.closes_on else None,
        "indicators": indicators,
        "codes": campaign.access_mode == AccessMode.CODES,
        "dashboard_url": _url("establishment.dashboard", uai=establishment.uai, campagne=campaign.id),
    }
    if indicators:  # heads fill in a report on their page: no staff link, no poster
        context["report_url"] = _url("establishment.indicator_report", uai=establishment.uai, campaign_id=campaign.id)
    else:
        context["url"] = respondent_url(link.token, from_request=False)
        context["code"] = display_code(link.short_code)
        context["entry_url"] = code_entry_url(from_request=False)
        context["codes_url"] = _url("establishment.codes", uai=establishment.uai)
    return context


def _send(kind: str, heads: list[User], subject: str, context: dict[str, Any], files: list[Attachment]) -> int:
    queued = 0
    for head in heads:
        if enqueue(kind, head.email, subject, kind, {**context, "name": head.name}, files) is not None:
            queued += 1
    return queued


def poster_pdf(link: CampaignEstablishment) -> Attachment:
    """Return the staff-room poster of an establishment (the admin's printable sheet) as a PDF."""
    html = render_template("admin/sheet_pdf.html", **sheet_context(link.campaign, link, from_request=False))
    name = f"affiche-{link.establishment.uai}-{link.campaign.survey.slug}-{link.campaign.school_year}.pdf"
    return Attachment(name, "application/pdf", render_pdf(html, QrCodeFetcher))


def queue_opening(link: CampaignEstablishment) -> int:
    """Tell each head of the establishment that the campaign is open: link, code, poster; return the mails queued."""
    heads = heads_of(link.establishment_id)
    if not heads:
        return 0
    context = _common(link)
    files = [] if context["indicators"] else [poster_pdf(link)]
    subject = f"Campagne ouverte : {link.campaign.survey.title} — {link.establishment.name}"
    return _send("campaign_opening", heads, subject, context, files)


def _reported(campaign: Campaign, establishment_id: int) -> bool:
    count = db.session.scalar(
        select(func.count())
        .select_from(IndicatorReport)
        .filter_by(campaign_id=campaign.id, establishment_id=establishment_id)
    )
    return bool(count)


def _remind(link: CampaignEstablishment, today: date, data: CampaignData | None) -> int:
    campaign = link.campaign
    if campaign.closes_on is None or (data is None and _reported(campaign, link.establishment_id)):
        return 0  # an indicator report already entered needs no reminder
    heads = heads_of(link.establishment_id)
    if not heads:
        return 0
    days = (campaign.closes_on - today).days + 1  # the closing day is a day to answer
    context = {**_common(link), "days_left": days}
    if data is not None:
        min_size = current_app.config["BOUSSOLE_MIN_GROUP_SIZE"]
        figure = participation(db.session, campaign, link.establishment_id, link.staff_size, min_size, data)
        context.update(received=figure.responses, staff_size=figure.staff_size, rate=figure.rate)
    left = "dernier jour" if days == 1 else f"plus que {days} jours"
    subject = f"{left.capitalize()} : {campaign.survey.title} — {link.establishment.name}"
    return _send("campaign_reminder", heads, subject, context, [])


def queue_reminders(campaign: Campaign, today: date) -> int:
    """Remind each head of the closing date, with the participation their dashboard shows; return the mails queued.

    The campaign's aggregates are read once, by the dashboard's own function, for all its establishments.
    """
    data = None
    if not is_indicator_campaign(campaign):
        data = campaign_data(db.session, campaign, current_app.config["BOUSSOLE_MIN_GROUP_SIZE"])
    return sum(_remind(link, today, data) for link in campaign_links(campaign))


def _pole_ids(campaign: Campaign) -> list[int]:
    """The poles of the campaign's establishments, as its results group them (frozen at closing)."""
    rows = db.session.scalars(
        select(func.coalesce(CampaignEstablishment.pole_id, Establishment.pole_id))
        .join(Establishment, Establishment.id == CampaignEstablishment.establishment_id)
        .where(CampaignEstablishment.campaign_id == campaign.id)
        .distinct()
    )
    return sorted(pole_id for pole_id in rows if pole_id is not None)


def _results_url(campaign: Campaign, pole_id: int | None = None) -> str:
    endpoint = "network.indicators" if is_indicator_campaign(campaign) else "network.dashboard"
    return _url(endpoint, network_id=campaign.network_id, campagne=campaign.id, pole=pole_id)


def queue_results(campaign: Campaign) -> int:
    """Tell the network's coordinators and the pilots of its poles that the results are out: a link, no figure."""
    subject = f"Résultats publiés : {campaign.label}"
    context = {
        "campaign": campaign,
        "title": campaign.survey.title,
        "network": campaign.network.name,
        "year": period_label(campaign),
        "indicators": is_indicator_campaign(campaign),
        "min_size": current_app.config["BOUSSOLE_MIN_GROUP_SIZE"],
    }
    readers: list[tuple[User, str, str | None]] = [
        (user, _results_url(campaign), None)
        for user in accounts_of(Role.COORDINATOR, UserScope.network_id, [campaign.network_id])
    ]
    poles = {pole.id: pole.name for pole in campaign.network.poles}
    for user in accounts_of(Role.PILOT, UserScope.pole_id, _pole_ids(campaign)):
        own = next(s.pole_id for s in user.scopes if s.pole_id in poles)
        readers.append((user, _results_url(campaign, own), poles[own]))
    queued = 0
    for user, url, pole in readers:
        values = {**context, "name": user.name, "url": url, "pole": pole}
        if enqueue("campaign_results", user.email, subject, "campaign_results", values) is not None:
            queued += 1
    return queued
