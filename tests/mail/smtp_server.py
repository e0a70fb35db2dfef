"""A real SMTP server for the tests (aiosmtpd), on loopback, that can go down and come back on the same port."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session
from flask import Flask

from app.extensions import mail
from bench.server import free_port


class _Inbox:
    """The aiosmtpd handler: keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        self.messages.append(email.message_from_bytes(content, policy=email.policy.default))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    """Start, stop and start again an SMTP server on one port; `messages` holds what it received."""

    port: int = field(default_factory=free_port)
    inbox: _Inbox = field(default_factory=_Inbox)
    _controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()  # returns once the server has answered a first connection

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[EmailMessage]:
        return self.inbox.messages

    def to(self, recipient: str) -> list[EmailMessage]:
        """The messages received for one address."""
        return [m for m in self.messages if recipient in str(m["To"])]


@contextmanager
def mail_towards(app: Flask) -> Iterator[SmtpServer]:
    """Start an SMTP server and point `app` at it; mail is off again, and the server stopped, afterwards."""
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


def text_of(message: EmailMessage) -> str:
    """The plain-text body of a received mail."""
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""  # type: ignore[attr-defined]


def html_of(message: EmailMessage) -> str:
    """The HTML body of a received mail."""
    part = message.get_body(preferencelist=("html",))
    return part.get_content() if part is not None else ""  # type: ignore[attr-defined]
