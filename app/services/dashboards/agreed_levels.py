"""What a team records beside its results: the level agreed in conseil pédagogique, and its staff size."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import AgreedLevel, Campaign, CampaignEstablishment, Establishment, User
from app.services.accounts import audit
from app.services.surveys import question_ids

JUSTIFICATION_MAX = 1000


class NotInCampaign(LookupError):
    """The establishment does not take part in that campaign."""


def record_agreed_levels(
    establishment: Establishment, campaign: Campaign, levels: dict[str, tuple[int | None, str]], user: User, today: date
) -> int:
    """Store one agreed level (and justification) per dimension; an empty level removes it. Return changes."""
    ids = question_ids(campaign.survey.slug)
    existing = {
        row.question_id: row
        for row in db.session.scalars(
            select(AgreedLevel).filter_by(campaign_id=campaign.id, establishment_id=establishment.id)
        )
    }
    changed = 0
    for key, (level, given) in levels.items():
        question_id = ids[key]
        row = existing.get(question_id)
        justification = (given or "").strip()[:JUSTIFICATION_MAX]
        if level is None:
            if row is not None:
                db.session.delete(row)
                changed += 1
            continue
        if row is None:
            db.session.add(
                AgreedLevel(
                    campaign_id=campaign.id,
                    establishment_id=establishment.id,
                    question_id=question_id,
                    level=level,
                    justification=justification,
                    recorded_by_id=user.id,
                    recorded_on=today,
                )
            )
            changed += 1
        elif (row.level, row.justification) != (level, justification):
            row.level, row.justification, row.recorded_by_id, row.recorded_on = level, justification, user.id, today
            changed += 1
    if changed:
        audit.record(
            user,
            "establishment.agreed_levels",
            f"campagne {campaign.id}, établissement {establishment.uai} : {changed} niveau(x)",
        )
    db.session.flush()
    return changed


def network_campaign(establishment: Establishment, campaign_id: int | None) -> Campaign | None:
    """Return the campaign of that id if it is one of the establishment's network, else None."""
    campaign = db.session.get(Campaign, campaign_id or 0)
    if campaign is None or campaign.network_id != establishment.network_id:
        return None
    return campaign


def set_staff_size(establishment: Establishment, campaign: Campaign, size: int | None, user: User) -> None:
    """Record the staff invited to answer `campaign` in the establishment: its participation rate's base.

    Each campaign (instrument) has its own: the grid and the self-positioning items may be put to different staff.
    """
    link = db.session.scalar(
        select(CampaignEstablishment).filter_by(campaign_id=campaign.id, establishment_id=establishment.id)
    )
    if link is None:
        raise NotInCampaign(establishment.uai)
    link.staff_size = size
    audit.record(
        user, "establishment.staff_size", f"campagne {campaign.id}, établissement {establishment.uai} : {size}"
    )
    db.session.flush()
