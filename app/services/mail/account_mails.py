"""The mails of accounts: an invitation to choose a password, a password reset, a test of the configuration.

Each returns the outbox row, or None when mail is off: the caller then shows the link (or logs it) as before.
The link is in the mail's body only, never in the journal or the log.
"""

from __future__ import annotations

from app.models import OutboxMessage, User
from app.services.accounts.accounts import role_label, scopes_text
from app.services.mail.outbox import enqueue

INVITATION_SUBJECT = "Votre compte Boussole : choisissez votre mot de passe"
RESET_SUBJECT = "Boussole : nouveau mot de passe"
TEST_SUBJECT = "Boussole : courriel d'essai"


def invitation_mail(user: User, link: str) -> OutboxMessage | None:
    """Queue the invitation of an account (valid 7 days, once) to its own address."""
    context = {"name": user.name, "role": role_label(user.role), "scope": scopes_text(user), "link": link}
    return enqueue("invitation", user.email, INVITATION_SUBJECT, "invitation", context)


def reset_mail(user: User, link: str) -> OutboxMessage | None:
    """Queue a password-reset link (valid 1 hour, once) to the account's address."""
    return enqueue("reset", user.email, RESET_SUBJECT, "reset", {"name": user.name, "link": link})


def trial_mail(recipient: str) -> OutboxMessage | None:
    """Queue a mail that says only that the configuration works (`flask mail test`)."""
    return enqueue("test", recipient, TEST_SUBJECT, "test", {})
