"""Run work once a response has gone (gunicorn closes it right after writing), in an app context of its own.

What is run there is best-effort: if it fails or the process stops, the outbox, the notices and the stored results
are taken up again by the next request, the first reader or cron. `BOUSSOLE_WORK_AFTER_RESPONSE=0` turns it off.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Response, current_app

from app.extensions import db

logger = logging.getLogger(__name__)


def after_response(response: Response, work: Callable[[], object], failure: str) -> None:
    """Have `work()` run once `response` has gone; on an error, roll back and log `failure`."""
    if not current_app.config["BOUSSOLE_WORK_AFTER_RESPONSE"]:
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def run() -> None:
        with app.app_context():
            try:
                work()
            except Exception:  # the response has gone: nobody to answer, the work is taken up again later
                db.session.rollback()
                logger.exception(failure)

    response.call_on_close(run)
