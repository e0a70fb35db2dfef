"""Write a mail to the outbox, in the caller's transaction: if the transaction rolls back, no mail leaves.

Templates `mail/<template>.txt` and `mail/<template>.html` render the two bodies from the same context. A mail
never carries an answer or a comment: the contexts hold links, codes, dates and published counts only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app, g, has_request_context, render_template

from app.extensions import db
from app.models import OutboxAttachment, OutboxMessage


@dataclass(frozen=True)
class Attachment:
    filename: str
    mimetype: str
    content: bytes


def mail_enabled() -> bool:
    """Whether Boussole sends mail (MAIL_SERVER set); without it, links are shown in the page as before."""
    return bool(current_app.config.get("MAIL_SERVER"))


def enqueue(
    kind: str,
    recipient: str,
    subject: str,
    template: str,
    context: Mapping[str, Any],
    files: Sequence[Attachment] = (),
) -> OutboxMessage | None:
    """Add one mail to the outbox (flushed, not committed); return None when mail is off.

    Within a request, the mail is also sent as soon as the response has gone (app/web/mail_after_response.py).
    """
    if not mail_enabled():
        return None
    # A name with a line break (an import, a crafted form) would be refused by the mailer at each try, and the
    # queue would stop at it: a subject is one line.
    subject = " ".join(subject.split())
    message = OutboxMessage(
        kind=kind,
        recipient=recipient,
        subject=subject,
        body_text=render_template(f"mail/{template}.txt", **context),
        body_html=render_template(f"mail/{template}.html", subject=subject, **context),
        attachments=[OutboxAttachment(filename=a.filename, mimetype=a.mimetype, content=a.content) for a in files],
    )
    db.session.add(message)
    db.session.flush()
    if has_request_context():
        g.setdefault("mail_queued", []).append(message.id)
    return message
