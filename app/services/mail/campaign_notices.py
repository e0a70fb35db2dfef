"""A campaign's notices, each sent once whichever machine notices it first: opening, reminder, results.

A notice is claimed by inserting its `campaign_notice` row, in the transaction that queues its mails: a unique
index refuses a second claim (a second machine's insert waits for the first to commit, then fails), so nobody is
mailed twice. The campaign-wide row (no establishment) says the campaign's notice is done, and is what the
per-request check (`due_campaign_ids`) looks for; one row per establishment says its heads were told of the
opening, so that when an establishment is enrolled late only its heads are told.

With mail off, the campaign-wide rows are claimed all the same and nothing is queued: turning mail on later
mails nobody about campaigns opened long ago (docs/campaigns.md, « Courriels de campagne »). Flush, never commit.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, and_, exists, insert, literal, or_, select
from sqlalchemy.exc import IntegrityError

from app.clock import utcnow
from app.extensions import db
from app.models import (
    Campaign,
    CampaignEstablishment,
    CampaignNotice,
    CampaignState,
    CampaignStatus,
    Establishment,
    NoticeKind,
)
from app.services.mail.campaign_mails import queue_opening, queue_reminders, queue_results
from app.services.mail.outbox import mail_enabled


def reminder_days() -> int:
    return int(current_app.config["BOUSSOLE_REMINDER_DAYS"])  # app/config.py holds its default


def _reminder_due(campaign: Campaign, today: date) -> bool:
    return campaign.closes_on is not None and today >= campaign.closes_on - timedelta(days=reminder_days())


def _notice(campaign_id: Any, kind: NoticeKind, establishment_id: Any) -> ColumnElement[bool]:
    """The notice of that kind for one establishment, or the campaign-wide one (`campaign_id` may be a column)."""
    where = CampaignNotice.establishment_id
    return and_(
        CampaignNotice.campaign_id == campaign_id,
        CampaignNotice.kind == kind,
        where.is_(None) if establishment_id is None else where == establishment_id,
    )


def _claimed(campaign_id: int, kind: NoticeKind, establishment_id: int | None) -> bool:
    return bool(db.session.scalar(select(exists().where(_notice(campaign_id, kind, establishment_id)))))


def claim(campaign_id: int, kind: NoticeKind, establishment_id: int | None = None) -> CampaignNotice | None:
    """Insert the notice's row and return it, or None if it was claimed already (here or by another machine)."""
    if _claimed(campaign_id, kind, establishment_id):
        return None
    notice = CampaignNotice(campaign_id=campaign_id, kind=kind, establishment_id=establishment_id)
    try:
        with db.session.begin_nested():
            db.session.add(notice)
            db.session.flush()
    except IntegrityError:  # another transaction claimed it between our look and our insert
        return None
    return notice


def _open_for(link: CampaignEstablishment) -> int:
    """Claim an establishment's opening notice and, mail on, queue it to its heads; return the mails queued."""
    notice = claim(link.campaign_id, NoticeKind.OPENING, link.establishment_id)
    if notice is None or not mail_enabled():
        return 0
    notice.recipients = queue_opening(link)
    return notice.recipients


def _unannounced(campaign: Campaign) -> list[CampaignEstablishment]:
    """The campaign's links whose heads were not told of its opening yet, by establishment name."""
    told = exists().where(_notice(campaign.id, NoticeKind.OPENING, CampaignEstablishment.establishment_id))
    query = (
        select(CampaignEstablishment)
        .join(Establishment)
        .where(CampaignEstablishment.campaign_id == campaign.id, ~told)
        .order_by(Establishment.name)
    )
    return list(db.session.scalars(query))


def _claim_openings_at_once(campaign: Campaign) -> int | None:
    """Mail off: claim every establishment's opening in one statement (nobody to mail, each row only says that the
    establishment was told), instead of a look and an insert each: 2,000 establishments took seconds of the
    requests after an opening. Return the rows claimed, or None if another machine is claiming them meanwhile."""
    told = exists().where(_notice(campaign.id, NoticeKind.OPENING, CampaignEstablishment.establishment_id))
    kind, created_at = CampaignNotice.__table__.c.kind.type, CampaignNotice.__table__.c.created_at.type
    rows = select(
        CampaignEstablishment.campaign_id,
        literal(NoticeKind.OPENING, kind),
        CampaignEstablishment.establishment_id,
        literal(0),
        literal(utcnow(), created_at),
    ).where(CampaignEstablishment.campaign_id == campaign.id, ~told)
    columns = ["campaign_id", "kind", "establishment_id", "recipients", "created_at"]
    statement = insert(CampaignNotice).from_select(columns, rows).returning(CampaignNotice.id)
    try:
        with db.session.begin_nested():  # RETURNING: the ORM gives no row count for an INSERT … SELECT on PostgreSQL
            claimed = db.session.execute(statement).all()
    except IntegrityError:
        return None
    return len(claimed)


def announce_opening(campaign: Campaign, today: date, limit: int | None = None) -> int:
    """Tell the heads of a campaign open today that it is open, once; return the establishments handled (-1: done).

    At most `limit` establishments a call (each poster is a PDF to render): the campaign-wide row is claimed once
    every establishment's is, and until then the campaign stays due. Each establishment's notice is claimed even
    with mail off (all at once), so that one enrolled later is the only one told then (`enrolment.announce_later`).
    A reminder already due is claimed too, unsent: the opening gives the closing date.
    """
    if campaign.state(today) != CampaignState.OPEN or _claimed(campaign.id, NoticeKind.OPENING, None):
        return 0
    if mail_enabled():
        pending = _unannounced(campaign)
        batch = pending if limit is None else pending[:limit]
        for link in batch:
            _open_for(link)
        if len(batch) < len(pending):
            return len(batch)
        handled = len(batch)
    else:
        claimed = _claim_openings_at_once(campaign)
        if claimed is None:
            return 0
        handled = claimed
    if claim(campaign.id, NoticeKind.OPENING) is None:
        return handled
    if _reminder_due(campaign, today):
        claim(campaign.id, NoticeKind.REMINDER)
    return handled or -1


def remind(campaign: Campaign, today: date) -> bool:
    """Remind the heads of the closing date, once, from BOUSSOLE_REMINDER_DAYS before; say whether this call did."""
    if campaign.state(today) != CampaignState.OPEN or not _reminder_due(campaign, today):
        return False
    if not _claimed(campaign.id, NoticeKind.OPENING, None):  # the opening is still being announced
        return False
    notice = claim(campaign.id, NoticeKind.REMINDER)
    if notice is None:
        return False
    if mail_enabled():
        notice.recipients = queue_reminders(campaign, today)
    return True


def announce_results(campaign: Campaign) -> bool:
    """Tell the pilots and coordinators that a closed campaign's results are published, once (no figure)."""
    if campaign.status != CampaignStatus.CLOSED:
        return False
    notice = claim(campaign.id, NoticeKind.RESULTS)
    if notice is None:
        return False
    if mail_enabled():
        notice.recipients = queue_results(campaign)
    return True


def _missing(kind: NoticeKind) -> ColumnElement[bool]:
    return ~exists().where(_notice(Campaign.id, kind, None))


def due_campaign_ids(today: date) -> list[int]:
    """Return the campaigns open today whose opening, or due reminder, is not announced yet: one small query."""
    open_today = and_(
        Campaign.status == CampaignStatus.OPEN,
        or_(Campaign.opens_on.is_(None), Campaign.opens_on <= today),
        or_(Campaign.closes_on.is_(None), Campaign.closes_on >= today),
    )
    reminder = and_(Campaign.closes_on <= today + timedelta(days=reminder_days()), _missing(NoticeKind.REMINDER))
    query = select(Campaign.id).where(open_today, or_(_missing(NoticeKind.OPENING), reminder)).order_by(Campaign.id)
    return list(db.session.scalars(query))


def send_due_notices(today: date, limit: int | None = None) -> int:
    """Announce the openings and reminders due today; return how many notices were written (0: nothing to commit).

    `flask campaigns tick` announces everything; a request's after-response job, `limit` establishments' openings.
    """
    done = 0
    for campaign_id in due_campaign_ids(today):
        campaign = db.session.get_one(Campaign, campaign_id)
        budget = None if limit is None else limit - done
        if budget is not None and budget <= 0:
            break
        done += abs(announce_opening(campaign, today, budget)) + remind(campaign, today)
    return done
