"""Send the mails a request wrote to the outbox once its response has gone, so that nobody waits on the server.

If this process dies first, or the mail server is down, the mail stays in the outbox for `flask mail send`.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, g

from app.services.mail.sending import send_messages

logger = logging.getLogger(__name__)


def _send_after(app: Flask, ids: list[int]) -> None:
    with app.app_context():
        try:
            send_messages(ids)
        except Exception:  # the response has gone; the outbox keeps the mail for the next run
            logger.exception("mails %s left in the outbox", ids)


def queue_sending(response: Response) -> Response:
    ids = g.pop("mail_queued", None)
    if ids and current_app.config["BOUSSOLE_WORK_AFTER_RESPONSE"]:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        response.call_on_close(lambda: _send_after(app, ids))
    return response


def init_mail_after_response(app: Flask) -> None:
    app.after_request(queue_sending)
