"""The administration home: what a manager's territory holds, counted at a glance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.models import Campaign, CampaignState, CampaignStatus, Establishment, Network, User
from app.services.accounts.accounts import users_managed_by
from app.services.accounts.scopes import managed_network_ids


@dataclass(frozen=True)
class AdministrationSummary:
    networks: int
    establishments: int
    without_network: int  # establishments attached to no network, which only an administrator can see
    users: int
    open: int  # campaigns open today (not the scheduled ones)
    campaigns: int


def administration_summary(
    actor: User, network_ids: list[int] | None, today: date | None = None
) -> AdministrationSummary:
    """Count the networks, establishments, accounts and campaigns `actor` manages (`network_ids` None: all)."""
    establishments = select(func.count()).select_from(Establishment)
    campaigns = select(Campaign.status, func.count()).group_by(Campaign.status)
    without_network = 0
    if network_ids is not None:
        establishments = establishments.where(Establishment.network_id.in_(network_ids))
        campaigns = campaigns.where(Campaign.network_id.in_(network_ids))
    else:
        without_network = (
            db.session.scalar(select(func.count()).select_from(Establishment).where(Establishment.network_id.is_(None)))
            or 0
        )
    by_status = dict(db.session.execute(campaigns).all())
    stored_open = select(Campaign).where(Campaign.status == CampaignStatus.OPEN)
    if network_ids is not None:
        stored_open = stored_open.where(Campaign.network_id.in_(network_ids))
    open_today = sum(c.state(today) == CampaignState.OPEN for c in db.session.scalars(stored_open))
    users = select(func.count()).select_from(users_managed_by(actor, network_ids).subquery())
    return AdministrationSummary(
        networks=db.session.scalar(
            select(func.count()).select_from(Network).where(Network.id.in_(managed_network_ids(actor)))
        )
        or 0,
        establishments=db.session.scalar(establishments) or 0,
        without_network=without_network,
        users=db.session.scalar(users) or 0,
        open=open_today,
        campaigns=sum(by_status.values()),
    )
