"""A head reads, on a phone, that the self-positioning instrument changed edition, and which items changed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app.models import CampaignStatus

pytestmark = pytest.mark.browser

PASSWORD = "la phrase de passe du principal"


def test_the_edition_caveat_is_visible_on_a_phone_and_names_the_items(phone, live_server, live_make, live_db):
    network = live_make.network("Sainte Victoire")
    school = live_make.establishment(pole=live_make.pole("Aix", network), name="Collège Mignet")
    for year, version, values in (
        ("2024-2025", "1", {"ap-temps-seance": 2, "ap-signalement-harcelement": 4}),
        ("2025-2026", "2", {"ap-temps-seance": 3, "ap-prevention-harcelement": 1, "ap-formation-proximite": 2}),
    ):
        campaign = live_make.campaign(
            "autopositionnement",
            network=network,
            school_year=year,
            status=CampaignStatus.CLOSED,
            establishments=[school],
            version=version,
        )
        for _ in range(5):
            live_make.response(campaign, school, values)
    live_make.user("head", scope=school, email="principal@ac-test.fr", password=PASSWORD)
    live_db.session.commit()

    phone.goto(live_server.url("/compte/connexion"))
    phone.get_by_label("Adresse électronique").fill("principal@ac-test.fr")
    phone.get_by_label("Mot de passe").fill(PASSWORD)
    phone.get_by_role("button", name="Se connecter").click()
    phone.goto(live_server.url(f"/etablissement/{school.uai}"))

    caveat = phone.get_by_role("note").filter(has_text="À lire avant de comparer")
    expect(caveat).to_be_visible()
    expect(caveat).to_contain_text("Entre 2024-2025 et 2025-2026")
    expect(caveat).to_contain_text("a changé d'édition (version 1\u00a0→ 2)")
    for words in (
        "Je gère le temps de la séance pour garder un moment de synthèse",  # reworded
        "Je mène avec l'équipe les actions de prévention du harcèlement",  # the replacement…
        "Je sais à qui et comment signaler une situation de harcèlement",  # …and what it replaces
        "Je participe à des formations de proximité",  # new
    ):
        expect(caveat).to_contain_text(words)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # the caveat wraps: nothing pushes the page sideways
