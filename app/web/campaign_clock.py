"""Close, at the first request that notices, the campaigns whose closing date has passed; announce the day's notices.

Two small queries a request. When a campaign is due, `close_due_campaigns` closes it with a conditional UPDATE, so
that several machines serving at once close it once, and announces its results in that transaction
(docs/campaigns.md, « Dates »). When an opening or a reminder is due, it is announced after the response has gone
(posters are PDFs to render: nobody waits for them), REQUEST_BATCH establishments at a time, each notice claimed
once (« Courriels de campagne »); `flask campaigns tick` announces the rest at night.
"""

from __future__ import annotations

import logging
from datetime import date

from flask import Flask, Response, current_app, g, request
from sqlalchemy.exc import SQLAlchemyError

from app.clock import today
from app.extensions import db
from app.services.campaigns.states import close_due_campaigns
from app.services.mail.campaign_notices import due_campaign_ids, send_due_notices
from app.services.mail.sending import send_due
from app.web.stored_results import results_after_response

logger = logging.getLogger(__name__)
SKIPPED = {"static", "main.health"}
REQUEST_BATCH = 10  # establishments' opening notices after one response


def close_due_before_request() -> None:
    if request.endpoint is None or request.endpoint in SKIPPED:
        return
    try:
        closed = close_due_campaigns(today())
        if closed:
            db.session.commit()
            results_after_response(c.id for c in closed)
        if due_campaign_ids(today()):
            g.campaign_notices_due = today()
    except SQLAlchemyError:
        # A database not migrated yet, or gone: the page says so itself if it needs it; pages that do not
        # (the API's description) still answer. Dates are still read truly by Campaign.state().
        db.session.rollback()
        logger.warning("campaigns past their closing date could not be closed", exc_info=True)


def _announce(app: Flask, day: date) -> None:
    with app.app_context():
        try:
            if send_due_notices(day, REQUEST_BATCH):
                db.session.commit()
                send_due()
        except Exception:  # the response has gone; the next request, or the tick, announces it
            db.session.rollback()
            logger.exception("campaign notices left for the next request")


def announce_after_response(response: Response) -> Response:
    day = g.pop("campaign_notices_due", None)
    if day is not None and current_app.config["BOUSSOLE_WORK_AFTER_RESPONSE"]:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        response.call_on_close(lambda: _announce(app, day))
    return response


def init_campaign_clock(app: Flask) -> None:
    app.before_request(close_due_before_request)
    app.after_request(announce_after_response)
