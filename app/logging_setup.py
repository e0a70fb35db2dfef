"""Logging without personal data: no query string, no respondent link, no client address, no request body.

Every log record of the process, whoever creates it (Flask, werkzeug, gunicorn, a library), is scrubbed when it is
created: its message is formatted once and cleaned. Nothing in Boussole logs a request body; a traceback shows
code, not form values, and is cleaned the same way.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from flask import Flask

MASK = "[masqué]"

# A respondent's link: its token opens an establishment's questionnaire, its draft token opens answers in progress.
RESPONDENT_PATH = re.compile(r"(/q/)[^\s\"'?#]+")
# One-time account links. Masked in request logs only: until mail is sent, auth logs a reset link on purpose.
ACCOUNT_LINK = re.compile(r"(/compte/invitation/|/compte/reinitialiser/)[^\s\"'?#]+")
REQUEST_LOGGERS = ("gunicorn.access", "werkzeug")
# A query string after a path or a URL: it may carry codes, e-mail addresses or search terms.
QUERY_STRING = re.compile(r"((?:https?://[^\s/\"'?#]+)?/[^\s\"'?#]*)\?[^\s\"'#]*")
# The values of a failed SQL statement, should an engine show them (Boussole's hides them: app/config.py).
SQL_PARAMETERS = re.compile(r"\[parameters: [^\n]*\]")
# The client address that werkzeug's development server puts first on each request line.
CLIENT_ADDRESS = re.compile(r"^[0-9A-Fa-f:.]+ - - \[")


def scrub(message: str, logger: str = "") -> str:
    """Remove query strings, link secrets, SQL values and client addresses from one log message."""
    message = QUERY_STRING.sub(r"\1", message)
    message = RESPONDENT_PATH.sub(lambda m: m.group(1) + MASK, message)
    if logger.startswith(REQUEST_LOGGERS):
        message = ACCOUNT_LINK.sub(lambda m: m.group(1) + MASK, message)
    message = SQL_PARAMETERS.sub(f"[parameters: {MASK}]", message)
    return CLIENT_ADDRESS.sub("- - - [", message)


def _scrubbing(factory: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def create(*args, **kwargs) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        try:
            record.msg, record.args = scrub(record.getMessage(), record.name), None
            if record.exc_info and not record.exc_text:
                record.exc_text = scrub(logging.Formatter().formatException(record.exc_info), record.name)
        except Exception:  # a message that cannot be formatted is left for logging to report, as usual
            return record
        return record

    create.boussole_scrubbing = True  # type: ignore[attr-defined]
    return create


def install_log_scrubber() -> None:
    """Make every log record of this process scrubbed at creation (idempotent; gunicorn.conf.py calls it too)."""
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "boussole_scrubbing", False):
        logging.setLogRecordFactory(_scrubbing(factory))


def configure_logging(app: Flask) -> None:
    """Scrub every record, send the app's messages to gunicorn's handlers when served by gunicorn."""
    install_log_scrubber()
    gunicorn = logging.getLogger("gunicorn.error")
    if gunicorn.handlers and not app.debug:
        app.logger.handlers = list(gunicorn.handlers)
        app.logger.setLevel(gunicorn.level)
    elif app.logger.level == logging.NOTSET:
        app.logger.setLevel(logging.DEBUG if app.debug else logging.INFO)
