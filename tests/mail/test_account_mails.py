"""Invitations and password resets by mail, against a real SMTP server: the links in them work."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select

from app.clock import today
from app.extensions import db
from app.models import AuditEntry, MailStatus, OutboxMessage
from app.services.accounts.accounts import authenticate, find_user
from app.web.formats import local_datetime
from tests.clock import set_today
from tests.mail.smtp_server import html_of, text_of

PASSWORD = "une phrase de passe solide"
INVITE_LINK = re.compile(r"https?://\S+/compte/invitation/\S+")
RESET_LINK = re.compile(r"https?://\S+/compte/reinitialiser/\S+")


def _invite(client, make, buffered: bool = True):
    establishment = make.establishment(name="Collège Mignet")
    db.session.commit()
    data = {"email": "chef@ac-test.fr", "name": "Mme Chef", "role": "head", "uais": establishment.uai}
    return client.post("/admin/utilisateurs/inviter", data=data, buffered=buffered)


def _set_password(client, link: str) -> int:
    path = urlsplit(link).path
    return client.post(path, data={"password": PASSWORD, "confirm": PASSWORD}).status_code


def _outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_a_web_invitation_is_mailed_and_its_link_sets_the_password(smtp, client, login, make):
    login("admin")
    response = _invite(client, make)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Invitation envoyée à chef@ac-test.fr" in page
    assert "/compte/invitation/" not in page and 'id="invitation-link"' not in page  # mailed, not shown
    [received] = smtp.to("chef@ac-test.fr")  # sent after the response: nobody ran `flask mail send`
    text, html = text_of(received), html_of(received)
    assert "Bonjour Mme Chef" in text and "Chef d'établissement" in text and "Collège Mignet" in text
    link = INVITE_LINK.search(text)[0]
    assert f'href="{link}"' in html
    entry = db.session.scalar(select(AuditEntry).filter_by(action="user.invite"))
    assert "/compte/invitation/" not in entry.detail  # the link is never journaled
    [message] = _outbox()
    assert message.status == MailStatus.SENT and message.body_text == ""  # nor kept once sent

    assert _set_password(client, link) == 302
    assert authenticate("chef@ac-test.fr", PASSWORD) is not None


def test_the_account_page_tells_how_the_invitation_mail_went(smtp, client, login, make):
    login("admin")
    _invite(client, make)
    user = find_user("chef@ac-test.fr")
    smtp.stop()

    page = client.post(f"/admin/utilisateurs/{user.id}/invitation").get_data(as_text=True)
    assert "Invitation envoyée à chef@ac-test.fr" in page
    page = client.get(f"/admin/utilisateurs/{user.id}").get_data(as_text=True)
    assert "Courriel d'invitation" in page and "en attente" in page and "essai(s)" in page


def test_the_mail_leaves_when_the_response_is_closed(smtp, client, login, make):
    """The after-response path: nothing is sent while the response is still being delivered."""
    login("admin")
    response = _invite(client, make, buffered=False)
    assert response.status_code == 200
    assert smtp.messages == [] and _outbox()[0].status == MailStatus.WAITING
    response.close()  # what the WSGI server does once the page has gone
    assert len(smtp.to("chef@ac-test.fr")) == 1


def test_a_reset_is_mailed_to_a_known_address_only_and_answers_the_same(smtp, client, make, caplog):
    user = make.user("admin", email="oubli@ac-test.fr", password="ancien mot de passe")
    db.session.commit()
    caplog.set_level(logging.INFO)

    known = client.post("/compte/mot-de-passe-oublie", data={"email": user.email}, follow_redirects=True)
    unknown = client.post("/compte/mot-de-passe-oublie", data={"email": "inconnu@ac-test.fr"}, follow_redirects=True)

    assert known.status_code == unknown.status_code == 200
    assert known.get_data() == unknown.get_data()
    assert "envoyé par courriel" in known.get_data(as_text=True)
    assert [str(m["To"]) for m in smtp.messages] == ["oubli@ac-test.fr"]
    assert not [r for r in caplog.records if "reinitialiser" in r.getMessage()]  # no link in the log with mail on
    link = RESET_LINK.search(text_of(smtp.messages[0]))[0]
    assert "valable une heure" in text_of(smtp.messages[0])
    assert _set_password(client, link) == 302
    assert _set_password(client, link) == 410  # once
    db.session.expire_all()
    assert authenticate(user.email, PASSWORD) is not None


def test_a_mailed_reset_link_never_follows_a_forged_host(smtp, client, make):
    make.user("admin", email="hote@ac-test.fr", password="ancien mot de passe")
    db.session.commit()
    client.post(
        "/compte/mot-de-passe-oublie",
        data={"email": "hote@ac-test.fr"},
        headers={"Host": "piege.example"},
        base_url="http://piege.example",
    )
    text = text_of(smtp.to("hote@ac-test.fr")[0])
    assert "piege.example" not in text
    assert RESET_LINK.search(text)[0].startswith("http://127.0.0.1:5000/compte/reinitialiser/")


def test_a_mail_queued_while_the_server_was_down_leaves_later_by_cron(smtp, client, runner, make, monkeypatch):
    make.user("admin", email="oubli@ac-test.fr", password="ancien mot de passe")
    db.session.commit()
    smtp.stop()

    response = client.post("/compte/mot-de-passe-oublie", data={"email": "oubli@ac-test.fr"})
    assert response.status_code == 302  # the page answers; the mail waits
    [message] = _outbox()
    assert message.status == MailStatus.WAITING and message.attempts == 1
    assert "Connection" in message.last_error or "refused" in message.last_error.lower()

    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0
    next_try = local_datetime(db.session.get(OutboxMessage, message.id, populate_existing=True).next_attempt_at)
    assert result.output.strip() == (  # back-off, and when it ends
        f"0 courriel envoyé, 1 en attente d'un nouvel essai, 0 abandonné ; prochain essai le {next_try}"
    )
    assert db.session.get(OutboxMessage, message.id, populate_existing=True).attempts == 1  # not tried again yet

    set_today(monkeypatch, today() + timedelta(days=1))  # the server was down for a while: the night
    result = runner.invoke(args=["mail", "send"])
    assert result.output.strip().startswith("0 courriel envoyé, 1 en attente d'un nouvel essai, 0 abandonné ; prochain")
    assert smtp.messages == []

    smtp.start()
    set_today(monkeypatch, today() + timedelta(days=1))
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "1 courriel envoyé, 0 en attente d'un nouvel essai, 0 abandonné"
    link = RESET_LINK.search(text_of(smtp.to("oubli@ac-test.fr")[0]))[0]
    assert _set_password(client, link) == 302  # the token's hour runs on the real clock


def test_without_mail_server_the_link_is_shown_and_nothing_is_queued(client, login, make, caplog):
    login("admin")
    page = _invite(client, make).get_data(as_text=True)
    assert 'id="invitation-link"' in page and "/compte/invitation/" in page
    assert "Invitation envoyée" not in page
    caplog.set_level(logging.INFO)
    client.post("/compte/mot-de-passe-oublie", data={"email": "chef@ac-test.fr"})
    assert [r for r in caplog.records if "reinitialiser" in r.getMessage()]
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
