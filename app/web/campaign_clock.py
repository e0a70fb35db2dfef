"""Close, at the first request that notices, the campaigns whose closing date has passed; announce the day's notices.

Two small queries, at most once every BOUSSOLE_CLOCK_SECONDS in each process, again whenever the day changes or
this process wrote a campaign. Waiting is safe: `Campaign.state()` reads the dates itself, so a campaign past its
closing date accepts no answer and shows as closed before anyone writes it so; only the writing (and the mails)
wait, and never past the day. When a campaign is due, `close_due_campaigns` closes it with a conditional UPDATE, so
that several machines serving at once close it once, and announces its results in that transaction
(docs/campaigns.md, « Dates »). When an opening or a reminder is due, it is announced after the response has gone
(posters are PDFs to render: nobody waits for them), REQUEST_BATCH establishments at a time, each notice claimed
once (« Courriels de campagne »); `flask campaigns tick` announces the rest at night.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date

from flask import Flask, Response, current_app, g, has_app_context, request
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import ORMExecuteState, Session

from app.clock import today
from app.extensions import db
from app.models import Campaign, CampaignEstablishment, CampaignNotice
from app.services.campaigns.states import close_due_campaigns
from app.services.mail.campaign_notices import due_campaign_ids, send_due_notices
from app.services.mail.sending import send_due
from app.web.after_response import after_response
from app.web.stored_results import results_after_response

logger = logging.getLogger(__name__)
SKIPPED = {"static", "main.health"}
REQUEST_BATCH = 10  # establishments' opening notices after one response
EXTENSION = "boussole.campaign_clock"
WATCHED = (Campaign, CampaignEstablishment, CampaignNotice)


@dataclass
class LastCheck:
    """When this process last looked for due campaigns (the day, the monotonic time); None: look at the next request."""

    day: date | None = None
    at: float = float("-inf")


def _look_again() -> None:
    if has_app_context() and EXTENSION in current_app.extensions:
        current_app.extensions[EXTENSION].day = None


def _forget_on_campaign_write(session: Session, _context: object) -> None:
    """A campaign, link or notice written here (new dates, opened, enrolled) may be due at once: look again."""
    if any(isinstance(row, WATCHED) for row in (*session.new, *session.dirty, *session.deleted)):
        _look_again()


def _forget_on_bulk_write(state: ORMExecuteState) -> None:
    """The same for an UPDATE or DELETE statement (a late enrolment deletes the campaign's opening notice)."""
    mapper = state.bind_mapper
    if (state.is_update or state.is_delete) and mapper is not None and issubclass(mapper.class_, WATCHED):
        _look_again()


def _check_due(day: date) -> bool:
    """Say whether to look now, and note it: a new day, a campaign written here, or the interval gone by."""
    last: LastCheck = current_app.extensions[EXTENSION]
    now = time.monotonic()
    if last.day == day and now - last.at < current_app.config["BOUSSOLE_CLOCK_SECONDS"]:
        return False
    last.day, last.at = day, now
    return True


def close_due_before_request() -> None:
    if request.endpoint is None or request.endpoint in SKIPPED or not _check_due(today()):
        return
    try:
        closed = close_due_campaigns(today())
        if closed:
            db.session.commit()
            results_after_response(c.id for c in closed)
        if due_campaign_ids(today()):
            g.campaign_notices_due = today()
            if current_app.config["BOUSSOLE_WORK_AFTER_RESPONSE"]:  # this request announces some: the next goes on
                current_app.extensions[EXTENSION].day = None
    except SQLAlchemyError:
        # A database not migrated yet, or gone: the page says so itself if it needs it; pages that do not
        # (the API's description) still answer. Dates are still read truly by Campaign.state().
        db.session.rollback()
        current_app.extensions[EXTENSION].day = None  # try again at the next request
        logger.warning("campaigns past their closing date could not be closed", exc_info=True)


def _announce(day: date) -> None:
    if send_due_notices(day, REQUEST_BATCH):
        db.session.commit()
        send_due()


def announce_after_response(response: Response) -> Response:
    day = g.pop("campaign_notices_due", None)
    if day is not None:  # if this fails, the next request, or the tick, announces it
        after_response(response, lambda: _announce(day), "campaign notices left for the next request")
    return response


def init_campaign_clock(app: Flask) -> None:
    app.extensions[EXTENSION] = LastCheck()
    if not event.contains(Session, "after_flush", _forget_on_campaign_write):
        event.listen(Session, "after_flush", _forget_on_campaign_write)
        event.listen(Session, "do_orm_execute", _forget_on_bulk_write)
    app.before_request(close_due_before_request)
    app.after_request(announce_after_response)
