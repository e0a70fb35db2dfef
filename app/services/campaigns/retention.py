"""Retention: once a campaign has been over for long enough, forget what only served to answer it.

The rule (also in docs/privacy.md): a campaign is over on its closing date (`closes_on`), whatever its status,
unless it is still in preparation (status « draft »). When `closes_on + retention_days < today`, its drafts and its
unused access codes are deleted. A campaign closed by hand without a closing date is never purged: it is listed so
that an administrator gives it one. Responses, answers, comments, agreed levels and used codes are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import ColumnElement, delete, func, select

from app.extensions import Model, db
from app.models import AccessCode, Campaign, CampaignStatus, Draft
from app.services.accounts.audit import record


@dataclass
class CampaignPurge:
    campaign: Campaign
    drafts: int
    unused_codes: int


@dataclass
class PurgeReport:
    retention_days: int
    purged: list[CampaignPurge] = field(default_factory=list)
    undated: list[Campaign] = field(default_factory=list)

    @property
    def drafts(self) -> int:
        return sum(item.drafts for item in self.purged)

    @property
    def unused_codes(self) -> int:
        return sum(item.unused_codes for item in self.purged)


def expired_campaigns(retention_days: int, today: date) -> list[Campaign]:
    """Return the campaigns whose closing date is more than `retention_days` days old."""
    if retention_days < 0:
        raise ValueError("La durée de conservation doit être positive ou nulle.")
    limit = today - timedelta(days=retention_days)
    return list(
        db.session.scalars(
            select(Campaign)
            .where(Campaign.status != CampaignStatus.DRAFT, Campaign.closes_on.is_not(None), Campaign.closes_on < limit)
            .order_by(Campaign.closes_on, Campaign.id)
        )
    )


def undated_closed_campaigns() -> list[Campaign]:
    """Return the closed campaigns that have no closing date, hence no retention deadline."""
    return list(
        db.session.scalars(
            select(Campaign)
            .where(Campaign.status == CampaignStatus.CLOSED, Campaign.closes_on.is_(None))
            .order_by(Campaign.id)
        )
    )


def purge_expired(retention_days: int, today: date, dry_run: bool = False) -> PurgeReport:
    """Delete the drafts and unused codes of expired campaigns (or only count them with `dry_run`)."""
    report = PurgeReport(retention_days, undated=undated_closed_campaigns())
    for campaign in expired_campaigns(retention_days, today):
        drafts = _count(Draft, Draft.campaign_id == campaign.id)
        codes = _count(AccessCode, AccessCode.campaign_id == campaign.id, AccessCode.used.is_(False))
        if drafts or codes:
            report.purged.append(CampaignPurge(campaign, drafts, codes))
    if not dry_run and report.purged:
        ids = [item.campaign.id for item in report.purged]
        db.session.execute(delete(Draft).where(Draft.campaign_id.in_(ids)))
        db.session.execute(delete(AccessCode).where(AccessCode.campaign_id.in_(ids), AccessCode.used.is_(False)))
        record(
            None,
            "data.purge",
            f"conservation {retention_days} j : {report.drafts} brouillon(s) et "
            f"{report.unused_codes} code(s) non utilisé(s) supprimés, campagnes "
            f"{', '.join(map(str, ids))}",
        )
    return report


def _count(model: type[Model], *conditions: ColumnElement[bool]) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0
