"""Late arrivals and departures: who joins a campaign after its creation, and who may leave it.

An establishment that enters a campaign's scope while it is open or scheduled (imported, moved) joins it at once;
the administration may add one of the network's establishments, or withdraw one that has no answer yet. A closed
campaign never changes: its membership is frozen with its published results (docs/privacy.md, § membership).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import delete, func, or_, select

from app import clock
from app.extensions import db
from app.models import (
    AccessCode,
    Campaign,
    CampaignEstablishment,
    CampaignNotice,
    CampaignState,
    CampaignStatus,
    CampaignWithdrawal,
    Draft,
    Establishment,
    IndicatorReport,
    NoticeKind,
    Response,
    User,
)
from app.services.accounts import audit
from app.services.campaigns.campaigns import add_links, attach_establishments, link_of
from app.services.campaigns.errors import CampaignError

FROZEN = "La campagne est clôturée : la liste de ses établissements est figée avec ses résultats publiés."


def announce_later(campaign: Campaign, today: date) -> None:
    """Have the heads of establishments just enrolled in an open campaign told of it, by the next request.

    The campaign-wide opening notice is taken back: the next check (`send_due_notices`) announces the opening
    again, and mails only the establishments that have no opening notice of their own yet.
    """
    if campaign.state(today) == CampaignState.OPEN:
        db.session.execute(
            delete(CampaignNotice).where(
                CampaignNotice.campaign_id == campaign.id,
                CampaignNotice.kind == NoticeKind.OPENING,
                CampaignNotice.establishment_id.is_(None),
            )
        )


def open_campaigns(network_ids: Iterable[int | None], today: date) -> list[Campaign]:
    """Return the campaigns of these networks that are open or scheduled today."""
    ids = {network_id for network_id in network_ids if network_id is not None}
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Campaign)
            .where(
                Campaign.network_id.in_(ids),
                Campaign.status == CampaignStatus.OPEN,
                or_(Campaign.closes_on.is_(None), Campaign.closes_on >= today),
            )
            .order_by(Campaign.id)
        )
    )


def enrol_in_open_campaigns(
    network_ids: Iterable[int | None], today: date | None = None
) -> list[CampaignEstablishment]:
    """Give a link to every establishment of these networks that entered an open or scheduled campaign's scope.

    Called after an import or a move with the networks it touched; withdrawn establishments stay out.
    """
    added: list[CampaignEstablishment] = []
    for campaign in open_campaigns(network_ids, today or clock.today()):
        links = attach_establishments(campaign)
        if links:
            names = ", ".join(link.establishment.label for link in links[:10]) + (" …" if len(links) > 10 else "")
            audit.record_by_app(
                "campaign.enrol", f"{len(links)} établissement(s) arrivé(s) : {names} — {campaign.label}"
            )
            announce_later(campaign, today or clock.today())
        added += links
    return added


def addable_establishments(campaign: Campaign) -> list[Establishment]:
    """Return the network's establishments that have no link in the campaign, by name."""
    linked = select(CampaignEstablishment.establishment_id).where(CampaignEstablishment.campaign_id == campaign.id)
    return list(
        db.session.scalars(
            select(Establishment)
            .where(Establishment.network_id == campaign.network_id, Establishment.id.not_in(linked))
            .order_by(Establishment.name)
        )
    )


def add_establishment(campaign: Campaign, establishment: Establishment, actor: User) -> CampaignEstablishment:
    """Add one of the network's establishments to a campaign that is not closed, with its link; journal it."""
    if campaign.state() == CampaignState.CLOSED:
        raise CampaignError(FROZEN)
    if establishment.network_id != campaign.network_id:
        raise CampaignError(f"{establishment.label} n'appartient pas au réseau « {campaign.network.name} ».")
    if link_of(campaign.id, establishment.id) is not None:
        raise CampaignError(f"{establishment.label} participe déjà à cette campagne.")
    db.session.execute(delete(CampaignWithdrawal).filter_by(campaign_id=campaign.id, establishment_id=establishment.id))
    (link,) = add_links(campaign, [establishment.id])
    audit.record(actor, "campaign.enrol", f"{establishment.label} — {campaign.label}")
    announce_later(campaign, clock.today())
    return link


def withdraw_establishment(campaign: Campaign, establishment: Establishment, actor: User) -> None:
    """Withdraw an establishment from a campaign that is not closed, if nobody answered there yet; journal it.

    Its link and its codes stop working; nothing anyone wrote is lost, since there is nothing.
    """
    if campaign.state() == CampaignState.CLOSED:
        raise CampaignError(FROZEN)
    if link_of(campaign.id, establishment.id) is None:
        raise CampaignError(f"{establishment.label} ne participe pas à cette campagne.")
    responses, drafts = _answers(campaign, establishment)
    reported = db.session.scalar(
        select(func.count())
        .select_from(IndicatorReport)
        .filter_by(campaign_id=campaign.id, establishment_id=establishment.id)
    )
    if reported:
        raise CampaignError(
            f"{establishment.label} ne peut pas être retiré de la campagne : ses indicateurs sont déjà remontés. "
            "Le retirer les ferait disparaître des lectures du pôle et du réseau."
        )
    if responses or drafts:
        held = []
        if responses:
            held.append(f"{responses} réponse{'s' if responses > 1 else ''} envoyée{'s' if responses > 1 else ''}")
        if drafts:
            held.append(f"{drafts} réponse{'s' if drafts > 1 else ''} en cours")
        raise CampaignError(
            f"{establishment.label} ne peut pas être retiré de la campagne : il y a déjà {' et '.join(held)}. "
            "Les retirer effacerait ce que des personnels ont écrit."
        )
    db.session.execute(delete(AccessCode).filter_by(campaign_id=campaign.id, establishment_id=establishment.id))
    db.session.execute(
        delete(CampaignEstablishment).filter_by(campaign_id=campaign.id, establishment_id=establishment.id)
    )
    db.session.add(CampaignWithdrawal(campaign_id=campaign.id, establishment_id=establishment.id))
    db.session.flush()
    audit.record(actor, "campaign.withdraw", f"{establishment.label} — {campaign.label}")


def _answers(campaign: Campaign, establishment: Establishment) -> tuple[int, int]:
    def count(model: type[Response] | type[Draft]) -> int:
        return (
            db.session.scalar(
                select(func.count())
                .select_from(model)
                .filter_by(campaign_id=campaign.id, establishment_id=establishment.id)
            )
            or 0
        )

    return count(Response), count(Draft)
