"""The device cookie: a random id for the submission rate limit, and the questionnaires this device already sent.

It is never stored in the database. It lives in the browser (signed, HttpOnly, SameSite=Lax) and, hashed, as a
rate-limit key in the limiter's storage for the length of the window (docs/privacy.md).
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from flask import current_app, request
from flask.wrappers import Response
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "boussole_appareil"
MAX_AGE = 365 * 24 * 3600  # a year: a second response a term later on the same device still gets the question
KEPT_LINKS = 20  # the most recent questionnaires remembered; older ones drop off


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(str(current_app.secret_key), salt="boussole-device")


# Kept on the request itself: `g` lives as long as the app context, which several requests may share.
STATE, KNOWN = "boussole.device", "boussole.device_known"


def _state() -> dict[str, Any]:
    """Return the cookie's content, checked; a missing, tampered or odd cookie gives a new device."""
    if STATE not in request.environ:
        raw = request.cookies.get(COOKIE)
        try:
            data = _serializer().loads(raw) if raw else None
        except BadSignature:
            data = None
        valid = (
            isinstance(data, dict)
            and isinstance(data.get("id"), str)
            and isinstance(data.get("sent"), list)
            and all(isinstance(link_id, int) for link_id in data["sent"])
        )
        request.environ[KNOWN] = valid
        request.environ[STATE] = data if valid else {"id": secrets.token_urlsafe(16), "sent": [], "new": True}
    state: dict[str, Any] = request.environ[STATE]
    return state


def sent_links() -> set[int]:
    """The ids of the links this device already sent a response for."""
    return set(_state()["sent"])


def mark_sent(link_id: int) -> None:
    state = _state()
    sent = [other for other in state["sent"] if other != link_id] + [link_id]
    request.environ[STATE] = {**state, "sent": sent[-KEPT_LINKS:], "new": True}


def rate_limit_key() -> str:
    """Key the per-device limit on the cookie's id (hashed), or on the address of a client without a valid cookie.

    A client sending no cookie, or a made-up one, shares its address's limit: only an id this app signed counts.
    """
    state = _state()
    if not request.environ[KNOWN]:
        return "address:" + (get_remote_address() or "")
    return "device:" + hashlib.sha256(state["id"].encode()).hexdigest()


def save(response: Response) -> Response:
    """Give the browser its device cookie when it has none, or when it changed."""
    state = _state()
    if state.get("new"):
        response.set_cookie(
            COOKIE,
            _serializer().dumps({"id": state["id"], "sent": state["sent"]}),
            max_age=MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        )
    return response
