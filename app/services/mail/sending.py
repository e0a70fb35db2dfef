"""Send what the outbox holds: claimed one message at a time, so that several machines never send one twice.

A failure waits longer each time (1, 2, 4… minutes, at most 6 hours) and is given up after MAX_ATTEMPTS, or at once
when the server refuses the address for good (a 5xx reply) or the mail cannot be built. Sending commits after each
message: a mail that has left cannot be rolled back, and the next machine must see it sent. When no server answers
at all, the run stops there: the other messages stay due, rather than each waiting out the same timeout.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from flask_mailman import EmailMultiAlternatives
from sqlalchemy import CursorResult, and_, func, or_, select, update

from app.clock import utcnow
from app.extensions import db, mail
from app.models import MailStatus, OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
MAX_DELAY = timedelta(hours=6)
STALE_CLAIM = timedelta(minutes=10)  # a process that claimed a mail and died: another one takes it again
BATCH = 200


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failure: doubling from one minute, capped."""
    return min(timedelta(minutes=2 ** (attempts - 1)), MAX_DELAY)


def _due(now: datetime) -> Any:
    return or_(
        and_(OutboxMessage.status == MailStatus.WAITING, OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == MailStatus.SENDING, OutboxMessage.claimed_at < now - STALE_CLAIM),
    )


def due_ids(now: datetime, limit: int = BATCH) -> list[int]:
    """Return the messages to send now, oldest first."""
    query = select(OutboxMessage.id).where(_due(now)).order_by(OutboxMessage.id).limit(limit)
    return list(db.session.scalars(query))


def _claim(message_id: int, now: datetime) -> OutboxMessage | None:
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, _due(now))
        .values(status=MailStatus.SENDING, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if cast("CursorResult[Any]", result).rowcount != 1:  # sent or claimed meanwhile
        return None
    return db.session.get(OutboxMessage, message_id, populate_existing=True)


def _email(message: OutboxMessage, connection: Any) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject, body=message.body_text, to=[message.recipient], connection=connection
    )
    email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment.filename, attachment.content, attachment.mimetype)
    return email


def _permanent(error: Exception) -> bool:
    """A refusal the server will repeat (5xx for this address or sender), not a server that is down."""
    if isinstance(error, ValueError):  # a mail the mailer will not build (a header with a line break): never will
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _unreachable(error: Exception) -> bool:
    """No SMTP server answered at all (refused, timed out, no route): not a reply about this one mail."""
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def _sent(message: OutboxMessage, now: datetime) -> None:
    message.status, message.sent_at, message.claimed_at, message.last_error = MailStatus.SENT, now, None, None
    message.attempts += 1
    message.body_text = message.body_html = ""  # the outbox keeps no copy of a sent link
    message.attachments.clear()


def _failed(message: OutboxMessage, error: Exception, now: datetime) -> None:
    message.attempts += 1
    message.claimed_at = None
    message.last_error = f"{type(error).__name__} : {error}"[:500]
    if _permanent(error) or message.attempts >= MAX_ATTEMPTS:
        message.status = MailStatus.FAILED
    else:
        message.status = MailStatus.WAITING
        message.next_attempt_at = now + retry_delay(message.attempts)


def send_messages(ids: Iterable[int], now: datetime | None = None) -> tuple[int, int]:
    """Send the given messages if they are still due; return (sent, failed this time)."""
    now = now or utcnow()
    sent = failed = 0
    connection = None
    for message_id in ids:
        message = _claim(message_id, now)
        if message is None:
            logger.info("mail n°%s not due or taken by another process", message_id)
            continue
        try:
            connection = connection or mail.get_connection()
            _email(message, connection).send()
        except (OSError, smtplib.SMTPException, ValueError) as error:  # refused, unreachable, timed out, TLS…
            logger.warning("mail n°%s not sent: %s", message.id, error)
            _failed(message, error, now)
            failed += 1
            if connection is not None:
                connection.close()  # start the next mail on a fresh connection, whatever state this one is in
            connection = None
            if _unreachable(error):  # the next ones would wait as long for the same answer: they stay due
                db.session.commit()
                break
        else:
            _sent(message, now)
            sent += 1
        db.session.commit()
    if connection is not None:
        connection.close()
    return sent, failed


def send_due(now: datetime | None = None) -> tuple[int, int]:
    """Send every message due now (the cron command, and the back-off's next tries)."""
    now = now or utcnow()
    return send_messages(due_ids(now), now)


@dataclass(frozen=True)
class SendReport:
    """What one run did: sent and given up now, and how many mails the outbox still holds for another try."""

    sent: int
    waiting: int
    given_up: int
    next_attempt: datetime | None = None  # when the soonest waiting mail is tried again


def send_due_report(now: datetime | None = None) -> SendReport:
    """Send every message due now and say where the outbox stands afterwards (`flask mail send`)."""
    now = now or utcnow()
    ids = due_ids(now)
    send_messages(ids, now)

    def count(*where: Any) -> int:
        return db.session.scalar(select(func.count(OutboxMessage.id)).where(*where)) or 0

    return SendReport(
        sent=count(OutboxMessage.id.in_(ids), OutboxMessage.status == MailStatus.SENT),
        waiting=count(OutboxMessage.status.in_([MailStatus.WAITING, MailStatus.SENDING])),
        given_up=count(OutboxMessage.id.in_(ids), OutboxMessage.status == MailStatus.FAILED),
        next_attempt=db.session.scalar(
            select(func.min(OutboxMessage.next_attempt_at)).where(OutboxMessage.status == MailStatus.WAITING)
        ),
    )


def retry(message: OutboxMessage, now: datetime | None = None) -> None:
    """Put a failed message back in the queue, to be sent at the next run (an administrator's button)."""
    message.status, message.attempts, message.next_attempt_at = MailStatus.WAITING, 0, now or utcnow()
    db.session.flush()
