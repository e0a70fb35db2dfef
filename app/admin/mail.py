"""The outbox, for administrators: what was sent, what waits, what failed and why; send again, send now."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.admin.access import page_number
from app.admin.blueprint import bp
from app.auth.decorators import roles_required
from app.clock import utcnow
from app.extensions import db
from app.models import MailStatus, OutboxMessage, Role
from app.services.accounts import audit
from app.services.mail.listing import bring_waiting_forward, counts_by_status, kind_label, outbox_page
from app.services.mail.outbox import mail_enabled
from app.services.mail.sending import retry, send_due_report
from app.web.errors import abort_with


def _status_filter(value: str | None) -> MailStatus | None:
    """Read ?statut= leniently: an unknown value lists everything."""
    return next((status for status in MailStatus if status.value == value), None)


@bp.get("/courriels")
@roles_required(Role.ADMIN)
def outbox():
    """List the outbox newest first, by status, without the mails' content (it holds links)."""
    status = _status_filter(request.args.get("statut"))
    page = outbox_page(status, page_number(request.args.get("page")))
    counts = counts_by_status()
    return render_template(
        "admin/mail.html",
        page=page,
        counts=counts,
        waiting=counts[MailStatus.WAITING],
        status=status,
        mail_on=mail_enabled(),
    )


@bp.post("/courriels/<int:message_id>/renvoyer")
@roles_required(Role.ADMIN)
def retry_mail(message_id: int):
    """Put a failed mail back in the queue, and send it at once."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        abort_with(404, "Ce courriel n'existe pas.")
    if message.status != MailStatus.FAILED:
        flash("Seul un courriel en échec peut être renvoyé.", "error")
        return redirect(url_for("admin.outbox"))
    retry(message)
    audit.record(current_user, "mail.retry", f"{kind_label(message.kind)} → {message.recipient}")
    db.session.commit()
    _send_now_and_say()
    return redirect(url_for("admin.outbox"))


@bp.post("/courriels/envoyer")
@roles_required(Role.ADMIN)
def send_mail_now():
    """Send every waiting mail now, without waiting out its back-off (the server is back)."""
    if not mail_enabled():
        flash("L'envoi de courriels est désactivé : réglez MAIL_SERVER (docs/mail.md).", "error")
        return redirect(url_for("admin.outbox"))
    bring_waiting_forward(utcnow())
    db.session.commit()
    _send_now_and_say()
    return redirect(url_for("admin.outbox"))


def _send_now_and_say() -> None:
    if not mail_enabled():
        flash("Courriel remis dans la file ; il partira quand MAIL_SERVER sera réglé.", "info")
        return
    report = send_due_report()
    flash(
        f"Envoyés : {report.sent} ; en attente d'un nouvel essai : {report.waiting} ; abandonnés : {report.given_up}.",
        "success" if not (report.waiting or report.given_up) else "info",
    )
