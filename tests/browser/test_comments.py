"""A head reads the comments of a closed campaign; the coordinator hides one that names a person; the head no longer
sees it, and the coordinator shows it again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.comments import commented_network

pytestmark = pytest.mark.browser

PASSWORD = "mot de passe des commentaires"
NAMING = "Collège Grand : remarque 2"


def _log_in(page, live_server, email: str) -> None:
    page.goto(live_server.url("/compte/connexion"))
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("#submit").click()


def test_a_head_reads_comments_and_a_coordinator_hides_one(page, new_page, live_server, live_make, live_db):
    world = commented_network(live_make)
    grand, network = world["est"][2], world["network"]
    live_make.user("head", grand, email="principal@ac-test.fr", password=PASSWORD)
    live_make.user("coordinator", network, email="coordination@ac-test.fr", password=PASSWORD)
    live_db.session.commit()
    uai = grand.uai

    _log_in(page, live_server, "principal@ac-test.fr")
    page.goto(live_server.url(f"/etablissement/{uai}"))
    page.get_by_role("link", name="Commentaires").click()
    expect(page.get_by_role("heading", name="Collège Grand : commentaires")).to_be_visible()
    collectif = page.locator("section.comment-topic", has=page.get_by_role("heading", name="Collectif"))
    expect(collectif.locator("blockquote")).to_have_count(3)
    expect(page.get_by_text(NAMING)).to_be_visible()
    expect(page.get_by_text("Masquer (nomme une personne…)")).to_have_count(0)

    coordinator = new_page()
    _log_in(coordinator, live_server, "coordination@ac-test.fr")
    coordinator.goto(live_server.url(f"/reseau/{network.id}"))
    coordinator.get_by_role("link", name="Commentaires").click()
    expect(coordinator.get_by_role("heading", name=f"Réseau {network.name} : commentaires")).to_be_visible()
    item = coordinator.locator("li.comment", has_text=NAMING)
    item.get_by_text("Masquer (nomme une personne…)").click()
    item.get_by_label("Motif").fill("Nomme une collègue")
    item.get_by_role("button", name="Masquer ce commentaire").click()
    expect(coordinator.get_by_text("Commentaire masqué : plus aucun lecteur ne le voit.")).to_be_visible()
    masked = coordinator.locator("li.comment-masked", has_text=NAMING)
    expect(masked).to_contain_text("Nomme une collègue")

    page.reload()
    expect(page.get_by_text(NAMING)).to_have_count(0)
    expect(collectif.locator("blockquote")).to_have_count(2)

    masked.get_by_role("button", name="Afficher de nouveau").click()
    expect(coordinator.get_by_text("Commentaire de nouveau affiché.")).to_be_visible()
    page.reload()
    expect(page.get_by_text(NAMING)).to_be_visible()
