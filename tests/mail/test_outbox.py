"""The outbox against a real SMTP server: written in the caller's transaction, sent, retried, never lost."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.clock import utcnow
from app.extensions import db as _db
from app.models import MailStatus, OutboxMessage
from app.services.mail.outbox import Attachment, enqueue
from app.services.mail.sending import MAX_ATTEMPTS, retry_delay, send_due, send_messages
from tests.mail.smtp_server import html_of, text_of

CONTEXT = {"name": "Anne", "role": "Chef d'établissement", "scope": "Collège Test", "link": "https://b.test/x/tok"}


def _queue(recipient: str = "anne@example.org", **kwargs) -> OutboxMessage:
    message = enqueue("invitation", recipient, "Votre compte Boussole", "invitation", CONTEXT, **kwargs)
    assert message is not None
    return message


def test_a_queued_mail_reaches_the_server_in_text_and_html(smtp, db):
    message = _queue(files=[Attachment("affiche.pdf", "application/pdf", b"%PDF-1.4 test")])
    db.session.commit()

    assert send_due() == (1, 0)

    [received] = smtp.to("anne@example.org")
    assert received["Subject"] == "Votre compte Boussole"
    assert "https://b.test/x/tok" in text_of(received)
    assert 'href="https://b.test/x/tok"' in html_of(received)
    [attachment] = list(received.iter_attachments())
    assert attachment.get_filename() == "affiche.pdf" and attachment.get_content() == b"%PDF-1.4 test"
    stored = db.session.get(OutboxMessage, message.id)
    assert stored.status == MailStatus.SENT and stored.sent_at is not None
    assert stored.body_text == stored.body_html == "" and stored.attachments == []  # no copy of the link kept


def test_a_mail_of_a_rolled_back_transaction_never_leaves(smtp, db):
    _queue()
    db.session.rollback()

    assert send_due() == (0, 0)
    assert smtp.messages == []


def test_without_mail_server_nothing_is_queued(app, db):
    assert enqueue("invitation", "a@example.org", "Sujet", "invitation", CONTEXT) is None
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_a_mail_waits_while_the_server_is_down_and_leaves_when_it_is_back(smtp, db):
    message = _queue()
    db.session.commit()
    smtp.stop()
    now = utcnow()

    assert send_due(now) == (0, 1)
    stored = db.session.get(OutboxMessage, message.id)
    assert stored.status == MailStatus.WAITING and stored.attempts == 1
    assert "Connection" in (stored.last_error or "") or "refused" in (stored.last_error or "").lower()
    assert stored.next_attempt_at.replace(tzinfo=now.tzinfo) == now + retry_delay(1)
    assert send_due(now + timedelta(seconds=30)) == (0, 0)  # not before its back-off

    smtp.start()
    assert send_due(now + timedelta(minutes=1)) == (1, 0)
    assert len(smtp.to("anne@example.org")) == 1
    assert db.session.get(OutboxMessage, message.id).status == MailStatus.SENT


def test_back_off_doubles_and_is_capped():
    assert [retry_delay(n) for n in (1, 2, 3)] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert retry_delay(30) == timedelta(hours=6)


def test_a_mail_is_given_up_after_the_last_attempt(smtp, db):
    message = _queue()
    db.session.commit()
    smtp.stop()
    now = utcnow()
    for attempt in range(MAX_ATTEMPTS):
        send_due(now)
        now += retry_delay(attempt + 1)
    stored = db.session.get(OutboxMessage, message.id)
    assert stored.status == MailStatus.FAILED and stored.attempts == MAX_ATTEMPTS
    assert stored.body_text  # kept, so that an administrator can send it again


def test_an_address_the_server_refuses_for_good_fails_at_once(smtp, db):
    async def refuse(server, session, envelope, address, rcpt_options):
        if address.startswith("inconnu"):
            return "550 No such user"
        envelope.rcpt_tos.append(address)  # an aiosmtpd RCPT hook keeps the addresses it accepts
        return "250 OK"

    smtp.inbox.handle_RCPT = refuse  # type: ignore[attr-defined]
    refused, accepted = _queue("inconnu@example.org"), _queue("anne@example.org")
    db.session.commit()

    assert send_due() == (1, 1)
    assert db.session.get(OutboxMessage, refused.id).status == MailStatus.FAILED
    assert "550" in (db.session.get(OutboxMessage, refused.id).last_error or "")
    assert db.session.get(OutboxMessage, accepted.id).status == MailStatus.SENT


def test_a_mail_claimed_by_another_process_is_not_sent_twice(smtp, db):
    message = _queue()
    db.session.commit()
    assert send_messages([message.id]) == (1, 0)
    assert send_messages([message.id]) == (0, 0)  # already sent: the claim matches no row
    assert len(smtp.messages) == 1


def test_a_claim_left_by_a_dead_process_is_taken_again(smtp, db):
    message = _queue()
    message.status, message.claimed_at = MailStatus.SENDING, utcnow() - timedelta(hours=1)
    db.session.commit()

    assert send_due() == (1, 0)
    assert _db.session.get(OutboxMessage, message.id).status == MailStatus.SENT


def test_when_no_server_answers_the_run_stops_and_the_others_stay_due(smtp, db):
    first, second, third = _queue("a@example.org"), _queue("b@example.org"), _queue("c@example.org")
    db.session.commit()
    smtp.stop()

    assert send_due() == (0, 1)  # one connection refused: the two others would only wait the same way
    db.session.expire_all()
    assert [db.session.get(OutboxMessage, m.id).attempts for m in (first, second, third)] == [1, 0, 0]
    assert {db.session.get(OutboxMessage, m.id).status for m in (second, third)} == {MailStatus.WAITING}

    smtp.start()
    assert send_due() == (2, 0)


def test_a_line_break_in_a_subject_neither_injects_a_header_nor_blocks_the_queue(smtp, db):
    """An establishment or campaign named with CR/LF (an import, a crafted form) goes into a subject line."""
    poisoned = enqueue("invitation", "anne@example.org", "Campagne\r\nBcc: eve@example.org", "invitation", CONTEXT)
    _queue("paul@example.org")
    db.session.commit()

    assert send_due() == (2, 0)

    [received] = smtp.to("anne@example.org")
    assert received["Subject"] == "Campagne Bcc: eve@example.org" and received["Bcc"] is None
    assert smtp.to("eve@example.org") == [] and len(smtp.to("paul@example.org")) == 1
    assert db.session.get(OutboxMessage, poisoned.id).status == MailStatus.SENT


def test_a_mail_the_mailer_will_not_build_fails_at_once_and_the_next_ones_leave(smtp, db):
    """Not retried for ever, nor left « en cours d'envoi » with the run stopped at it."""
    broken = _queue()
    broken.subject = "Ligne\nBcc: eve@example.org"  # written before subjects were kept on one line
    _queue("paul@example.org")
    db.session.commit()

    assert send_due() == (1, 1)

    assert db.session.get(OutboxMessage, broken.id).status == MailStatus.FAILED
    assert "BadHeaderError" in db.session.get(OutboxMessage, broken.id).last_error
    assert len(smtp.to("paul@example.org")) == 1 and smtp.to("eve@example.org") == []
