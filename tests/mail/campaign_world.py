"""A network for the campaign notices' tests: two poles, a school in each, their heads, pilots and coordinator."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage

from app.models import Campaign, CampaignStatus, Establishment, User
from tests.mail.smtp_server import SmtpServer, html_of, text_of

BASE = "https://boussole.example.fr"
OPENS, CLOSES = date(2026, 3, 2), date(2026, 3, 20)


@dataclass
class World:
    campaign: Campaign
    school: Establishment
    other_school: Establishment
    head: User
    other_head: User
    pilot: User
    coordinator: User
    bystanders: list[User]  # a disabled head, a head and a pilot of another network, an inspector


def make_world(make, db, slug: str = "territoire-apprenant", **fields) -> World:
    network = make.network()
    pole_a, pole_b = make.pole(name="Aix", network=network), make.pole(name="Pertuis", network=network)
    school, other_school = make.establishment(pole=pole_a), make.establishment(pole=pole_b)
    outsider = make.establishment()  # of another network
    values = {"status": CampaignStatus.DRAFT, "opens_on": OPENS, "closes_on": CLOSES, **fields}
    campaign = make.campaign(slug, network=network, establishments=[school, other_school], **values)
    world = World(
        campaign,
        school,
        other_school,
        head=make.user("head", scope=school, email="cheffe@ac-test.fr"),
        other_head=make.user("head", scope=other_school, email="chef.pertuis@ac-test.fr"),
        pilot=make.user("pilot", scope=pole_a, email="pilote.aix@ac-test.fr"),
        coordinator=make.user("coordinator", scope=network, email="coordo@ac-test.fr"),
        bystanders=[
            make.user("head", scope=school, email="ancien.chef@ac-test.fr", active=False),
            make.user("head", scope=outsider, email="chef.ailleurs@ac-test.fr"),
            make.user("pilot", scope=outsider.pole, email="pilote.ailleurs@ac-test.fr"),
            make.user("inspector", scope=network, email="ipr@ac-test.fr"),
        ],
    )
    world.head.name = "Anne Martin"
    db.session.commit()
    return world


def everything(message: EmailMessage) -> str:
    """Subject, text and HTML of a mail, and the text of its attachments: what a test searches for a leak."""
    parts = [str(message["Subject"]), text_of(message), html_of(message)]
    for attachment in message.iter_attachments():
        content = attachment.get_content()
        parts.append(pdf_text(content) if attachment.get_content_type() == "application/pdf" else str(content))
    return "\n".join(parts)


def pdf_text(content: bytes) -> str:
    """The text of a PDF, read by poppler's pdftotext (what a reader's viewer would find)."""
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def subjects(smtp: SmtpServer, recipient: str) -> list[str]:
    """The subjects of the mails one address received, in order."""
    return [str(m["Subject"]).strip() for m in smtp.to(recipient)]


def visit(client, url: str = "/") -> int:
    """Request a page and close its response, as a server does once sent: what runs after the response runs."""
    response = client.get(url)
    response.close()
    return response.status_code
