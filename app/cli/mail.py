"""`flask mail send|list|test`: send the outbox from cron, read it, check the configuration."""

from __future__ import annotations

from typing import NoReturn

import click
from flask.cli import AppGroup

from app.extensions import db
from app.models import MailStatus, OutboxMessage
from app.services.accounts.accounts import AccountError, check_email
from app.services.mail.account_mails import trial_mail
from app.services.mail.listing import counts_by_status, kind_label, outbox_page, status_label
from app.services.mail.outbox import mail_enabled
from app.services.mail.sending import send_due_report, send_messages
from app.web.formats import local_datetime

mail_cli = AppGroup("mail", help="Courriels : envoyer la file d'attente (cron), la lire, essayer la configuration.")

MAIL_OFF = (
    "L'envoi de courriels est désactivé : réglez MAIL_SERVER (et MAIL_PORT, MAIL_USE_TLS, MAIL_USERNAME, "
    "MAIL_PASSWORD, MAIL_DEFAULT_SENDER), voir docs/mail.md."
)


def _require_mail() -> None:
    if not mail_enabled():
        _fail(MAIL_OFF)


def _fail(message: str) -> NoReturn:
    db.session.rollback()
    click.echo(message, err=True)
    raise SystemExit(1)


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n <= 1 else plural}"


def say_sent(message_id: int, done: str) -> bool:
    """Send one queued mail now and say how it went; a mail the server did not take waits for `mail send`."""
    if send_messages([message_id])[0]:
        click.echo(done)
        return True
    message = db.session.get_one(OutboxMessage, message_id)
    click.echo(
        f"Le serveur de courriel n'a pas pris le message ({message.last_error}) : il reste dans la file "
        "d'attente, `flask --app wsgi mail send` le renverra.",
        err=True,
    )
    return False


@mail_cli.command("send")
def send() -> None:
    """Send every mail that is due (run it from cron every minute or five)."""
    _require_mail()
    report = send_due_report()
    click.echo(
        f"{_count(report.sent, 'courriel envoyé', 'courriels envoyés')}, "
        f"{report.waiting} en attente d'un nouvel essai, "
        f"{_count(report.given_up, 'abandonné', 'abandonnés')}"
        + (
            f" ; prochain essai le {local_datetime(report.next_attempt)}"
            if report.next_attempt and report.waiting
            else ""
        )
    )


@mail_cli.command("list")
@click.option("--all", "everything", is_flag=True, help="Aussi les courriels envoyés.")
def list_mails(everything: bool) -> None:
    """List the mails waiting or failed (with their error), newest first; never their content."""
    counts = counts_by_status()
    click.echo(", ".join(f"{status_label(status)} : {count}" for status, count in counts.items()))
    statuses = list(MailStatus) if everything else [MailStatus.WAITING, MailStatus.SENDING, MailStatus.FAILED]
    for status in statuses:
        for message in outbox_page(status, 1, per_page=100).items:
            error = f" — {message.last_error}" if message.last_error else ""
            click.echo(
                f"n°{message.id} {local_datetime(message.created_at)} {kind_label(message.kind)} → {message.recipient} "
                f"[{status_label(message.status)}, {message.attempts} essai(s)]{error}"
            )


@mail_cli.command("test")
@click.argument("address")
def test(address: str) -> None:
    """Send a test mail to ADDRESS at once, and say whether the server took it."""
    _require_mail()
    try:
        recipient = check_email(address)
    except AccountError as exc:
        _fail(str(exc))
    message = trial_mail(recipient)
    if message is None:  # mail_enabled() said yes a moment ago
        _fail(MAIL_OFF)
    db.session.commit()
    if not say_sent(message.id, f"Courriel d'essai envoyé à {recipient} : le serveur l'a accepté."):
        raise SystemExit(1)
