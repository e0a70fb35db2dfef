"""Campaigns whose closing date has passed are closed in the database, once, whichever machine notices first.

`Campaign.state()` already reads such a campaign as closed; this writes it so, and does what closing does
(`set_status`: membership frozen, results published). Each request (`app/web/campaign_clock.py`) and each
`flask campaigns` command calls it, and `flask campaigns tick` lets cron do it at night.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from app.extensions import db
from app.models import Campaign, CampaignStatus, User
from app.services.accounts import audit
from app.services.campaigns.campaigns import change_status, freeze_membership
from app.services.mail.campaign_notices import announce_results


def due_campaign_ids(today: date) -> list[int]:
    """Return the campaigns still stored open whose closing date is before `today`."""
    return list(
        db.session.scalars(
            select(Campaign.id).where(
                Campaign.status == CampaignStatus.OPEN, Campaign.closes_on.is_not(None), Campaign.closes_on < today
            )
        )
    )


def close_due_campaigns(today: date) -> list[Campaign]:
    """Close every campaign past its closing date, and journal it; return those this call closed.

    The conditional UPDATE lets one transaction only win a campaign: a second machine's UPDATE waits for the
    first to commit, then matches no row and freezes nothing. Flushes, never commits.
    """
    closed = []
    for campaign_id in due_campaign_ids(today):
        result = db.session.execute(
            update(Campaign)
            .where(Campaign.id == campaign_id, Campaign.status == CampaignStatus.OPEN, Campaign.closes_on < today)
            .values(status=CampaignStatus.CLOSED)
        )
        if cast("CursorResult[Any]", result).rowcount != 1:  # another machine closed it first
            continue
        campaign = db.session.get_one(Campaign, campaign_id)
        freeze_membership(campaign)
        audit.record_by_app("campaign.close", f"{campaign.label} — à sa date de clôture")
        announce_results(campaign)  # in the closing's transaction: published and announced together, or neither
        closed.append(campaign)
    return closed


def transition(campaign: Campaign, action: str, actor: User, today: date) -> str:
    """Apply an administrator's « ouvrir » or « clôturer »; closing announces the results in the same transaction.

    An opening is announced by the request that follows (its posters are PDFs to render: after the response,
    `app/web/campaign_clock.py`), or on its opening day for a scheduled campaign.
    """
    audit_action = change_status(campaign, action, actor, today)
    announce_results(campaign)  # nothing unless it closed
    return audit_action
