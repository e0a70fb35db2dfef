"""Fixtures: `smtp`, a real SMTP server the app sends to for the length of a test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.mail.smtp_server import SmtpServer, mail_towards


@pytest.fixture(autouse=True)
def work_after_response(app) -> Iterator[None]:
    """Mails and notices go out after the response, as in production (the suite elsewhere turns it off)."""
    app.config["BOUSSOLE_WORK_AFTER_RESPONSE"] = True
    yield
    app.config["BOUSSOLE_WORK_AFTER_RESPONSE"] = False


@pytest.fixture
def smtp(app, db) -> Iterator[SmtpServer]:
    """Point the app at a running SMTP server on loopback; mail is off again afterwards."""
    with mail_towards(app) as server:
        yield server


@pytest.fixture
def base_url(app) -> Iterator[str]:
    """Links in mails on a configured public address (BOUSSOLE_BASE_URL), whatever host a request came on."""
    saved = app.config.get("BOUSSOLE_BASE_URL")
    app.config["BOUSSOLE_BASE_URL"] = "https://boussole.example.fr"
    yield app.config["BOUSSOLE_BASE_URL"]
    app.config["BOUSSOLE_BASE_URL"] = saved
