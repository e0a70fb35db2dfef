"""Fixtures: `smtp`, a real SMTP server the app sends to for the length of a test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.extensions import mail
from tests.mail.smtp_server import SmtpServer


@pytest.fixture(autouse=True)
def work_after_response(app) -> Iterator[None]:
    """Mails and notices go out after the response, as in production (the suite elsewhere turns it off)."""
    app.config["BOUSSOLE_WORK_AFTER_RESPONSE"] = True
    yield
    app.config["BOUSSOLE_WORK_AFTER_RESPONSE"] = False


@pytest.fixture
def smtp(app, db) -> Iterator[SmtpServer]:
    """Point the app at a running SMTP server on loopback; mail is off again afterwards."""
    server = SmtpServer()
    server.start()
    saved = {key: app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT", "MAIL_TIMEOUT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=5)
    mail.init_app(app)  # Flask-Mailman reads the server's address when it is bound to the app
    try:
        yield server
    finally:
        server.stop()
        app.config.update(saved)
        mail.init_app(app)


@pytest.fixture
def base_url(app) -> Iterator[str]:
    """Links in mails on a configured public address (BOUSSOLE_BASE_URL), whatever host a request came on."""
    saved = app.config.get("BOUSSOLE_BASE_URL")
    app.config["BOUSSOLE_BASE_URL"] = "https://boussole.example.fr"
    yield app.config["BOUSSOLE_BASE_URL"]
    app.config["BOUSSOLE_BASE_URL"] = saved
