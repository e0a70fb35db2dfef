"""Close, at the first request that notices, the campaigns whose closing date has passed; announce the day's notices.

Two small queries a request; when a campaign is due, `close_due_campaigns` closes it with a conditional
UPDATE, so that several machines serving at once close it once (docs/campaigns.md, « Dates »), and
`send_due_notices` announces the openings and reminders due today, each claimed once (« Courriels de campagne »).
"""

from __future__ import annotations

import logging

from flask import Flask, request
from sqlalchemy.exc import SQLAlchemyError

from app.clock import today
from app.extensions import db
from app.services.campaigns.states import close_due_campaigns
from app.services.mail.campaign_notices import send_due_notices

logger = logging.getLogger(__name__)
SKIPPED = {"static", "main.health"}


def close_due_before_request() -> None:
    if request.endpoint is None or request.endpoint in SKIPPED:
        return
    try:
        closed = close_due_campaigns(today())
        if closed or send_due_notices(today()):
            db.session.commit()
    except SQLAlchemyError:
        # A database not migrated yet, or gone: the page says so itself if it needs it; pages that do not
        # (the API's description) still answer. Dates are still read truly by Campaign.state().
        db.session.rollback()
        logger.warning("campaigns past their closing date could not be closed", exc_info=True)


def init_campaign_clock(app: Flask) -> None:
    app.before_request(close_due_before_request)
