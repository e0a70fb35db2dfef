"""The priority form in chromium: choosing a subject offers its named levels, choosing a level says what it means;
on a phone, nothing of the form runs off the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app.models import CampaignStatus
from tests.dashboards import answer

pytestmark = pytest.mark.browser

PASSWORD = "la phrase de passe du principal"
YEAR = "2024-2025"


def test_the_target_follows_the_subject_and_is_described(page, phone, live_server, live_make, live_db):
    network = live_make.network("Sainte Victoire")
    aix = live_make.pole("Aix", network)
    school = live_make.establishment(pole=aix, name="Collège Mignet")
    campaign = live_make.campaign(
        network=network, school_year=YEAR, status=CampaignStatus.CLOSED, establishments=[school]
    )
    answer(live_make, campaign, school, [2] * 10)
    live_make.user("head", school, email="direction@ac-test.fr", password=PASSWORD)
    uai = school.uai
    live_db.session.commit()

    for tab in (page, phone):
        tab.goto(live_server.url("/compte/connexion"))
        tab.get_by_label("Adresse électronique").fill("direction@ac-test.fr")
        tab.get_by_label("Mot de passe").fill(PASSWORD)
        tab.locator("#submit").click()
        tab.goto(live_server.url(f"/etablissement/{uai}/feuille-de-route?annee={YEAR}"))
        form = tab.locator("#nouvelle-priorite")
        hint = form.locator("#target-level")
        expect(hint).to_contain_text("Choisissez d'abord un sujet")
        form.get_by_label("Sujet").select_option("theme:rituels")
        expect(form.locator("#target option")).to_have_count(5)  # no target, then 1 to 4
        expect(form.locator("#target option").nth(3)).to_have_text("3. Souvent")
        form.get_by_label("Cible").select_option("3")
        expect(hint).to_have_text("Moyenne visée des items du thème : 3 (Souvent).")
        form.get_by_label("Sujet").select_option("dimension:collectif")
        expect(form.locator("#target option")).to_have_count(6)
        expect(form.get_by_label("Cible")).to_have_value("3")  # a level of both scales is kept
        expect(hint).to_contain_text("Niveau 3 — Collectif implanté / établissement : Émergence de groupes de travail")
        width = tab.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], width
        form.get_by_role("button", name="Enregistrer la priorité").click()
        expect(tab.get_by_text("Priorité ajoutée à la feuille de route.")).to_be_visible()
        card = tab.locator(".roadmap-priority", has_text="Dimension — Collectif")
        expect(card).to_contain_text("3. Collectif implanté / établissement")
        card.get_by_role("button", name="Retirer").click()  # the phone adds the same priority afterwards
