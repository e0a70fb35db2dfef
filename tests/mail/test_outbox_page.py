"""The outbox page: statuses and errors for administrators, never a mail's content; send again, send now."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.clock import utcnow
from app.extensions import db
from app.models import AuditEntry, MailStatus, OutboxMessage

SECRET = "https://b.test/compte/invitation/SECRET-TOKEN"


def _message(recipient: str, status: MailStatus, **fields) -> OutboxMessage:
    message = OutboxMessage(
        kind="invitation",
        recipient=recipient,
        subject="Votre compte Boussole",
        body_text=f"Lien : {SECRET}",
        body_html=f'<a href="{SECRET}">lien</a>',
        status=status,
        **fields,
    )
    db.session.add(message)
    db.session.commit()
    return message


def test_administrators_see_each_status_and_error_but_no_content(client, login):
    login("admin")
    _message("envoye@ac-test.fr", MailStatus.SENT, attempts=1, sent_at=utcnow())
    _message("attente@ac-test.fr", MailStatus.WAITING, attempts=2, last_error="TimeoutError : timed out")
    _message("echec@ac-test.fr", MailStatus.FAILED, attempts=1, last_error="SMTPRecipientsRefused : 550 No such user")

    page = client.get("/admin/courriels").get_data(as_text=True)
    for text in ("envoye@ac-test.fr", "attente@ac-test.fr", "echec@ac-test.fr", "550 No such user", "TimeoutError"):
        assert text in page
    assert "envoyé" in page and "en attente" in page and "échec" in page and "Invitation" in page
    assert "SECRET-TOKEN" not in page
    assert page.count(">Renvoyer<") == 1
    assert "L'envoi de courriels est désactivé" in page  # mail off in this test

    failed = client.get("/admin/courriels?statut=failed").get_data(as_text=True)
    assert "echec@ac-test.fr" in failed and "attente@ac-test.fr" not in failed
    assert client.get("/admin/courriels?statut=nimporte&page=x").status_code == 200


def test_send_again_puts_a_failed_mail_back_and_sends_it(smtp, client, login):
    login("admin")
    message = _message("echec@ac-test.fr", MailStatus.FAILED, attempts=10, last_error="TimeoutError : timed out")

    response = client.post(f"/admin/courriels/{message.id}/renvoyer", follow_redirects=True)
    assert response.status_code == 200 and "Envoyés : 1" in response.get_data(as_text=True)
    assert SECRET in smtp.to("echec@ac-test.fr")[0].get_body(preferencelist=("plain",)).get_content()
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).status == MailStatus.SENT
    entry = db.session.scalar(select(AuditEntry).filter_by(action="mail.retry"))
    assert entry.detail == "Invitation → echec@ac-test.fr" and "SECRET" not in entry.detail
    assert client.post("/admin/courriels/999999/renvoyer").status_code == 404


def test_send_now_does_not_wait_out_the_back_off(smtp, client, login):
    login("admin")
    later = utcnow() + timedelta(hours=3)
    _message("attente@ac-test.fr", MailStatus.WAITING, attempts=8, next_attempt_at=later)

    page = client.get("/admin/courriels").get_data(as_text=True)
    assert "Envoyer maintenant" in page and "L'envoi de courriels est désactivé" not in page
    client.post("/admin/courriels/envoyer")
    assert len(smtp.to("attente@ac-test.fr")) == 1


def test_the_outbox_is_for_administrators_only(client, login, make):
    login("coordinator", make.network("Sainte Victoire"))
    assert client.get("/admin/courriels").status_code == 403
    page = client.get("/admin/").get_data(as_text=True)
    assert "/admin/courriels" not in page  # nor in their menu


def test_the_dashboard_tells_administrators_of_failed_mails(client, login):
    login("admin")
    assert "n'ont pas pu être envoyés" not in client.get("/admin/").get_data(as_text=True)
    _message("echec@ac-test.fr", MailStatus.FAILED, attempts=1, last_error="SMTPRecipientsRefused : 550")
    page = client.get("/admin/").get_data(as_text=True)
    assert "1 courriel(s) n&#39;ont pas pu être envoyés" in page or "1 courriel(s) n'ont pas pu être envoyés" in page
    assert "/admin/courriels?statut=failed" in page
