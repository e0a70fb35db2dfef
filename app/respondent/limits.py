"""The submission rate limits of a questionnaire by link: per link and per device (docs/privacy.md, padding).

A campaign by single-use codes needs none: one code opens one questionnaire.
"""

from __future__ import annotations

from flask import current_app, request
from flask.wrappers import Response

from app.models import AccessMode
from app.services.responding.access import access_mode_of

TOO_MANY_SUBMISSIONS = (
    "Trop de réponses ont été envoyées en peu de temps par ce lien ou depuis cet appareil. Vos réponses "
    "sont conservées dans votre brouillon : réessayez d'envoyer dans quelques minutes."
)
# Kept on the request: `g` lives as long as the app context, which several requests may share (the tests do).
STORED, BY_CODES = "boussole.response_stored", "boussole.link_by_codes"


def per_link() -> str:
    return str(current_app.config["BOUSSOLE_SUBMIT_LIMIT_PER_LINK"])


def per_device() -> str:
    return str(current_app.config["BOUSSOLE_SUBMIT_LIMIT_PER_DEVICE"])


def _token() -> str:
    return str((request.view_args or {}).get("token", ""))


def link_key() -> str:
    return "submit-link:" + _token()


def by_codes() -> bool:
    """Read once a request: both limits ask."""
    if BY_CODES not in request.environ:
        request.environ[BY_CODES] = access_mode_of(_token()) == AccessMode.CODES
    return bool(request.environ[BY_CODES])


def count_stored() -> None:
    """Say that this request stored a new response: only that counts against the limits."""
    request.environ[STORED] = True


def stored(response: Response) -> bool:
    """An invalid form, a reload or a double click costs nothing."""
    return bool(request.environ.get(STORED))
