"""On a phone, the administration's pages stay as wide as the screen: a wide table scrolls inside its frame."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SHOT_PHONE

pytestmark = pytest.mark.browser

PASSWORD = "mot de passe administrateur"


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_administration_pages_are_no_wider_than_a_phone(new_page, live_server, live_make, live_db):
    network = live_make.network("Sainte Victoire")
    live_make.establishment(network=network, name="École maternelle Les Lilas de la colline")  # no pole: à rattacher
    live_make.user("admin", email="admin@ac-test.fr", password=PASSWORD)
    live_db.session.commit()
    phone = new_page(viewport=SHOT_PHONE)
    phone.goto(live_server.url("/compte/connexion"))
    phone.get_by_label("Adresse électronique").fill("admin@ac-test.fr")
    phone.get_by_label("Mot de passe").fill(PASSWORD)
    phone.get_by_role("button", name="Se connecter").click()
    phone.wait_for_url("**/admin/")

    # a table's hidden "Rattacher <name>" text (.sr-only) once widened the whole page to the table's width
    phone.goto(live_server.url("/admin/etablissements/a-rattacher"))
    assert phone.get_by_role("link", name="Rattacher École maternelle Les Lilas de la colline").is_visible()
    assert _page_width(phone) <= SHOT_PHONE["width"]
    # « Créer le compte et le lien d'invitation », an <input type=submit>, did not wrap and stuck out
    phone.goto(live_server.url("/admin/utilisateurs/inviter"))
    button = phone.get_by_role("button", name="Créer le compte et le lien d'invitation").bounding_box()
    assert button is not None and button["x"] + button["width"] <= SHOT_PHONE["width"]
    assert _page_width(phone) <= SHOT_PHONE["width"]


def test_a_long_address_in_the_invitations_heading_wraps_on_a_phone(new_page, live_server, live_make, live_db):
    """« Lien d'invitation de … » (or « Invitation envoyée à … ») and the account's address ran past the screen."""
    school = live_make.establishment(name="Collège Mignet")
    live_make.user("admin", email="admin@ac-test.fr", password=PASSWORD)
    live_db.session.commit()
    phone = new_page(viewport=SHOT_PHONE)
    phone.goto(live_server.url("/compte/connexion"))
    phone.get_by_label("Adresse électronique").fill("admin@ac-test.fr")
    phone.get_by_label("Mot de passe").fill(PASSWORD)
    phone.get_by_role("button", name="Se connecter").click()
    phone.wait_for_url("**/admin/")
    phone.goto(live_server.url("/admin/utilisateurs/inviter"))
    phone.get_by_label("Adresse électronique").fill("direction.principale.mignet@acaixmarseille.fr")
    phone.get_by_label("Rôle").select_option("head")
    phone.get_by_label("UAI des établissements").fill(school.uai)
    phone.get_by_role("button", name="Créer le compte et le lien d'invitation").click()
    heading = phone.locator(".invitation h1")
    heading.wait_for()
    assert heading.evaluate("h => h.scrollWidth <= h.clientWidth")
    assert _page_width(phone) <= SHOT_PHONE["width"]
