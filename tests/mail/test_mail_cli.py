"""`flask users invite` and `flask mail send|list|test` against a real SMTP server."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy import func, select

from app.extensions import db
from app.models import MailStatus, OutboxMessage
from app.services.accounts.accounts import authenticate
from tests.mail.smtp_server import text_of

PASSWORD = "une phrase de passe solide"


def _invite(runner, make, *options):
    establishment = make.establishment(name="Collège Mignet")
    db.session.commit()
    return runner.invoke(
        args=["users", "invite", "chef@ac-test.fr", "--role", "head", "--scope", establishment.uai, *options]
    )


def test_a_command_line_invitation_is_mailed_and_its_link_works(smtp, runner, client, make):
    result = _invite(runner, make)
    assert result.exit_code == 0, result.output
    assert "Invitation envoyée par courriel à chef@ac-test.fr." in result.output
    assert "/compte/invitation/" not in result.output
    [received] = smtp.to("chef@ac-test.fr")
    link = re.search(r"http://127\.0\.0\.1:5000/compte/invitation/\S+", text_of(received))[0]
    path = urlsplit(link).path
    assert client.post(path, data={"password": PASSWORD, "confirm": PASSWORD}).status_code == 302
    assert authenticate("chef@ac-test.fr", PASSWORD) is not None


def test_print_link_prints_the_link_and_mails_nothing(smtp, runner, make):
    result = _invite(runner, make, "--print-link")
    assert result.exit_code == 0
    assert result.output.strip().splitlines()[-1].startswith("http://127.0.0.1:5000/compte/invitation/")
    assert smtp.messages == [] and db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_an_invitation_the_server_does_not_take_waits_in_the_outbox(smtp, runner, make):
    smtp.stop()
    result = _invite(runner, make)
    assert result.exit_code == 0  # the account exists; its mail will leave with `flask mail send`
    assert "reste dans la file d'attente" in result.stderr and "mail send" in result.stderr
    assert db.session.scalar(select(OutboxMessage.status)) == MailStatus.WAITING

    listing = runner.invoke(args=["mail", "list"]).output
    assert "en attente : 1" in listing
    assert "Invitation → chef@ac-test.fr [en attente, 1 essai(s)] — ConnectionRefusedError" in listing


def test_mail_test_reaches_the_server_or_says_why_not(smtp, runner):
    result = runner.invoke(args=["mail", "test", "Admin@AC-test.fr"])
    assert result.exit_code == 0, result.output
    assert "Courriel d'essai envoyé à admin@ac-test.fr" in result.output
    assert "l'envoi des courriels fonctionne" in text_of(smtp.to("admin@ac-test.fr")[0])

    smtp.stop()
    result = runner.invoke(args=["mail", "test", "admin@ac-test.fr"])
    assert result.exit_code == 1 and "ConnectionRefusedError" in result.stderr
    assert runner.invoke(args=["mail", "test", "pas une adresse"]).exit_code == 1


def test_without_mail_server_the_mail_commands_say_how_to_turn_it_on(runner, db):
    for args in (["mail", "send"], ["mail", "test", "a@ac-test.fr"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 1
        assert "L'envoi de courriels est désactivé : réglez MAIL_SERVER" in result.stderr


def test_mail_list_gives_paris_time_as_the_admin_page_does(runner, db):
    """Stored in UTC: a mail of 23:30 UTC on 31 December is listed on 1 January at 00:30, as on « Courriels »."""
    message = OutboxMessage(
        kind="reset",
        recipient="chef@ac-test.fr",
        subject="s",
        body_text="t",
        body_html="h",
        created_at=datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
        next_attempt_at=datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
    )
    db.session.add(message)
    db.session.commit()
    assert f"n°{message.id} 01/01/2027 00:30 " in runner.invoke(args=["mail", "list"]).output  # ids differ by database
