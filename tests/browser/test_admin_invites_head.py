"""An administrator invites a head of establishment, who sets a password, logs in and sees only their school."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "mot de passe administrateur"
HEAD_PASSWORD = "la phrase de passe du principal"


def _log_in(page, live_server, email: str, password: str) -> None:
    page.goto(live_server.url("/compte/connexion"))
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_an_administrator_invites_a_head_who_sees_only_their_establishment(
    page, new_page, live_server, live_make, live_db
):
    network = live_make.network("Sainte Victoire")
    school = live_make.establishment(pole=live_make.pole("Aix", network), name="Collège Mignet")
    live_make.establishment(pole=live_make.pole("Pertuis", network), name="Lycée Val de Durance")
    live_make.user("admin", email="admin@ac-test.fr", password=ADMIN_PASSWORD)
    live_db.session.commit()

    _log_in(page, live_server, "admin@ac-test.fr", ADMIN_PASSWORD)
    page.get_by_role("link", name="Administration").click()
    page.get_by_role("navigation", name="Administration").get_by_role("link", name="Comptes").click()
    page.get_by_role("link", name="Inviter une personne").click()
    page.get_by_label("Adresse électronique").fill("principal@ac-test.fr")
    page.get_by_label("Rôle").select_option(label="Chef d'établissement")
    page.get_by_label("UAI des établissements").fill(school.uai)
    page.get_by_role("button", name="Créer le compte et le lien d'invitation").click()
    expect(page.get_by_role("heading", name="Lien d'invitation de principal@ac-test.fr")).to_be_visible()
    link = page.locator("#invitation-link").input_value()
    assert link.startswith(live_server.url("/compte/invitation/"))

    head = new_page()
    head.goto(link)
    expect(head.get_by_text("principal@ac-test.fr")).to_be_visible()
    head.get_by_label("Nouveau mot de passe").fill(HEAD_PASSWORD)
    head.get_by_label("Confirmez le mot de passe").fill(HEAD_PASSWORD)
    head.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(head.get_by_text("Votre mot de passe est enregistré")).to_be_visible()

    _log_in(head, live_server, "principal@ac-test.fr", HEAD_PASSWORD)
    head.get_by_role("link", name="Mon compte").click()
    scope = head.locator("#perimetre")
    expect(scope).to_contain_text("Collège Mignet")
    expect(scope).not_to_contain_text("Val de Durance")
    expect(head.get_by_role("link", name="Administration")).to_have_count(0)
    assert head.goto(live_server.url("/admin/")).status == 403

    head.goto(link)  # the invitation served once
    expect(head.get_by_text("déjà servi")).to_be_visible()
