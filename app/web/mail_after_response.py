"""Send the mails a request wrote to the outbox once its response has gone, so that nobody waits on the server.

If this process dies first, or the mail server is down, the mail stays in the outbox for `flask mail send`.
"""

from __future__ import annotations

from flask import Flask, Response, g

from app.services.mail.sending import send_messages
from app.web.after_response import after_response


def queue_sending(response: Response) -> Response:
    ids = g.pop("mail_queued", None)
    if ids:  # the outbox keeps the mail for the next run if this fails
        after_response(response, lambda: send_messages(ids), f"mails {ids} left in the outbox")
    return response


def init_mail_after_response(app: Flask) -> None:
    app.after_request(queue_sending)
