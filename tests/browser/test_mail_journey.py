"""With a mail server: an administrator invites a head, who follows the link in the mail, signs in, then resets the
password from « Mot de passe oublié » through another mail. Real SMTP server, real browser.

`BOUSSOLE_SCREENSHOTS=1` also rewrites docs/screenshots/mail-invitation*.png (the mail's HTML, 700 and 390 wide).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.mail.smtp_server import SmtpServer, html_of, mail_towards, text_of

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ADMIN_PASSWORD = "mot de passe administrateur"
HEAD_PASSWORD = "la phrase de passe du principal"
NEW_PASSWORD = "une toute nouvelle phrase de passe"


@pytest.fixture
def live_smtp(live_server) -> Iterator[SmtpServer]:
    """Turn mail on for the served app, towards a real SMTP server on loopback."""
    with mail_towards(live_server.app) as server:
        yield server


def _received(smtp: SmtpServer, recipient: str, count: int, page) -> str:
    """The plain text of the `count`-th mail to `recipient`, once it has come (it leaves after the response: on a
    loaded machine, seconds after the page)."""
    for _ in range(300):
        if len(smtp.to(recipient)) >= count:
            return text_of(smtp.to(recipient)[count - 1])
        page.wait_for_timeout(100)
    raise AssertionError(f"no mail n°{count} for {recipient}")


def _log_in(page, live_server, email: str, password: str) -> None:
    page.goto(live_server.url("/compte/connexion"))
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_an_invitation_and_a_reset_arrive_by_mail_and_their_links_work(
    page, new_page, live_server, live_make, live_db, live_smtp
):
    school = live_make.establishment(pole=live_make.pole("Aix", live_make.network("Sainte Victoire")))
    live_make.user("admin", email="admin@ac-test.fr", password=ADMIN_PASSWORD)
    live_db.session.commit()

    _log_in(page, live_server, "admin@ac-test.fr", ADMIN_PASSWORD)
    page.goto(live_server.url("/admin/utilisateurs/inviter"))
    page.get_by_label("Adresse électronique").fill("principal@ac-test.fr")
    page.get_by_label("Nom").fill("Mme Martin")
    page.get_by_label("Rôle").select_option(label="Chef d'établissement")
    page.get_by_label("UAI des établissements").fill(school.uai)
    page.get_by_role("button", name="Créer le compte et envoyer l'invitation").click()
    expect(page.get_by_role("heading", name="Invitation envoyée à principal@ac-test.fr")).to_be_visible()
    expect(page.locator("#invitation-link")).to_have_count(0)

    text = _received(live_smtp, "principal@ac-test.fr", 1, page)
    link = re.search(r"http://\S+/compte/invitation/\S+", text)[0]
    assert link.startswith(live_server.url("/compte/invitation/"))
    if os.environ.get("BOUSSOLE_SCREENSHOTS"):
        html = html_of(live_smtp.to("principal@ac-test.fr")[0])
        for width, name in ((700, "mail-invitation.png"), (390, "mail-invitation-phone.png")):
            shot = new_page(viewport={"width": width, "height": 700})
            shot.set_content(html)
            shot.screenshot(path=str(SHOTS / name), full_page=True)

    head = new_page()
    head.goto(link)
    head.get_by_label("Nouveau mot de passe").fill(HEAD_PASSWORD)
    head.get_by_label("Confirmez le mot de passe").fill(HEAD_PASSWORD)
    head.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(head.get_by_text("Votre mot de passe est enregistré")).to_be_visible()

    head.goto(live_server.url("/compte/mot-de-passe-oublie"))
    head.get_by_label("Adresse électronique").fill("principal@ac-test.fr")
    head.get_by_role("button", name="Recevoir un lien").click()
    expect(head.get_by_text("envoyé par courriel")).to_be_visible()
    reset = re.search(r"http://\S+/compte/reinitialiser/\S+", _received(live_smtp, "principal@ac-test.fr", 2, head))[0]
    head.goto(reset)
    head.get_by_label("Nouveau mot de passe").fill(NEW_PASSWORD)
    head.get_by_label("Confirmez le mot de passe").fill(NEW_PASSWORD)
    head.get_by_role("button", name="Enregistrer le mot de passe").click()
    _log_in(head, live_server, "principal@ac-test.fr", NEW_PASSWORD)
    expect(head.get_by_role("link", name="Mon compte")).to_be_visible()

    page.goto(live_server.url("/admin/courriels"))
    expect(page.locator("table")).to_contain_text("Réinitialisation du mot de passe")
    expect(page.locator(".badge-mail-sent")).to_have_count(2)
