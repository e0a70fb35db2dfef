"""The outbox as administrators read it: counts per status, one page of messages, the last mail to an address.

Bodies are never read here: they hold links until the mail has left.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import MailStatus, OutboxMessage

# What each kind of mail is, in French; a kind missing here is shown as recorded.
KIND_LABELS = {
    "invitation": "Invitation",
    "reset": "Réinitialisation du mot de passe",
    "test": "Courriel d'essai",
    "campaign_opening": "Ouverture d'une campagne",
    "campaign_reminder": "Rappel avant clôture",
    "campaign_results": "Résultats publiés",
}

STATUS_LABELS = {
    MailStatus.WAITING: "en attente",
    MailStatus.SENDING: "en cours d'envoi",
    MailStatus.SENT: "envoyé",
    MailStatus.FAILED: "échec",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


# The same states counted: « 3 envoyés », « 1 échec ».
COUNT_LABELS = {
    MailStatus.WAITING: ("en attente", "en attente"),
    MailStatus.SENDING: ("en cours d'envoi", "en cours d'envoi"),
    MailStatus.SENT: ("envoyé", "envoyés"),
    MailStatus.FAILED: ("échec", "échecs"),
}


def status_label(status: MailStatus, count: int | None = None) -> str:
    """Name a state; given a count, agreed with it."""
    if count is None:
        return STATUS_LABELS[status]
    one, many = COUNT_LABELS[status]
    return one if count <= 1 else many


def counts_by_status() -> dict[MailStatus, int]:
    """Return how many messages are in each status (every status, zero included)."""
    query = select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    counts = dict.fromkeys(MailStatus, 0)
    for status, count in db.session.execute(query):
        counts[status] = count
    return counts


def outbox_page(status: MailStatus | None, page: int, per_page: int = 50) -> Pagination:
    """Return one page of the outbox, newest first, of one status or all."""
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def last_mail_to(recipient: str, kinds: Iterable[str]) -> OutboxMessage | None:
    """Return the newest mail of these kinds to an address (how an account's invitation went)."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.recipient == recipient, OutboxMessage.kind.in_(list(kinds)))
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def bring_waiting_forward(now: datetime) -> int:
    """Make every waiting message due now, whatever its back-off (the server is known to be back)."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == MailStatus.WAITING, OutboxMessage.next_attempt_at > now)
        .values(next_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return int(getattr(result, "rowcount", 0) or 0)
