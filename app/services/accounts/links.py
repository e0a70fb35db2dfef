"""Signed one-time links: an invitation to set a password (7 days) and a password reset (1 hour).

A link carries the account id and its session version; setting a password bumps the version, so a link
works once and dies after any password change or disabling.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.extensions import db
from app.models import User
from app.services.accounts import audit
from app.services.accounts.accounts import AccountError, set_password

INVITATION = "invitation"
RESET = "reset"
MAX_AGE = {INVITATION: 7 * 24 * 3600, RESET: 3600}
ENDPOINT = {INVITATION: "auth.accept_invitation", RESET: "auth.reset_password"}
COMMAND_LINE_BASE_URL = "http://127.0.0.1:5000"  # `flask run`'s address; `make run` sets BOUSSOLE_BASE_URL


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"boussole-{purpose}")


def make_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"u": user.id, "v": user.session_version})


def user_for_token(token: str, purpose: str) -> User:
    """Return the account a link was made for, or raise AccountError saying why it no longer works."""
    try:
        data = _serializer(purpose).loads(token, max_age=MAX_AGE[purpose])
    except SignatureExpired:
        raise AccountError("Ce lien a expiré : demandez-en un nouveau.") from None
    except BadSignature:
        raise AccountError("Ce lien n'est pas valable : vérifiez qu'il a été copié en entier.") from None
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) else None
    if user is None or not user.active or data.get("v") != user.session_version:
        raise AccountError("Ce lien a déjà servi ou n'est plus valable : demandez-en un nouveau.")
    return user


def base_url(*, from_request: bool = True) -> str:
    """Return the address links start with: BOUSSOLE_BASE_URL if set, else the one this page was served on.

    The command line serves no page: without the setting it prints links on COMMAND_LINE_BASE_URL, and says so.
    `from_request=False` for a link an anonymous request asks for (a password reset): its Host header is the
    requester's to forge, and the link would send the account's owner to the requester's site.
    """
    configured = current_app.config.get("BOUSSOLE_BASE_URL")
    if configured:
        return str(configured)
    if from_request and has_request_context():
        return request.url_root
    return COMMAND_LINE_BASE_URL


def external_url(endpoint: str, *, from_request: bool = True, **values: Any) -> str:
    """Build an absolute URL on `base_url()`, the address people reach (also from the command line)."""
    base = urlsplit(base_url(from_request=from_request))
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


def account_link(user: User, purpose: str) -> str:
    """Return the one-time link of an account for `purpose` (invitation or reset)."""
    return external_url(ENDPOINT[purpose], from_request=purpose != RESET, token=make_token(user, purpose))


def renew_invitation(user: User, actor: User) -> str:
    """Return a fresh invitation link for an account, journaled (the link itself never is)."""
    link = account_link(user, INVITATION)
    audit.record(actor, "user.invitation", user.email)
    return link


def set_password_from_link(user: User, password: str, purpose: str) -> None:
    """Set the password an invitation or reset link was opened for, and journal it."""
    set_password(user, password)
    if purpose == INVITATION:
        audit.record(user, "account.password_set")
    else:
        audit.record(user, "account.password_reset")
