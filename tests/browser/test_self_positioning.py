"""An IA-IPR opens a self-positioning campaign on the network dashboard, then the network's and a pole's needs."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.self_positioning import ACCOMPAGNEMENT, EVALUATION, self_positioning_network

pytestmark = pytest.mark.browser

PASSWORD = "la phrase de passe de l'inspectrice"


def test_an_inspector_reads_self_positioning_across_the_network_and_the_needs(page, phone, live_server, live_make):
    world = self_positioning_network(live_make)
    live_make.user("inspector", world["network"], email="ia-ipr@ac-test.fr", password=PASSWORD)
    live_make.db.session.commit()

    for browser_page in (page, phone):
        browser_page.goto(live_server.url("/compte/connexion"))
        browser_page.get_by_label("Adresse électronique").fill("ia-ipr@ac-test.fr")
        browser_page.get_by_label("Mot de passe").fill(PASSWORD)
        browser_page.locator("#submit").click()
        expect(browser_page.get_by_role("heading", name="Réseau Réseau test")).to_be_visible()

    # the grid by default; the self-positioning campaign is chosen in the same selector
    page.get_by_label("Campagne", exact=True).select_option(
        label="2025-2026 — Autopositionnement sur les pratiques professionnelles"
    )
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("heading", name="Autopositionnement des pôles par thème")).to_be_visible()
    for chart in ("#graphique-themes-poles", "#graphique-items-classes"):  # drawn by charts.js once scrolled to
        page.locator(chart).scroll_into_view_if_needed()
        expect(page.locator(f"{chart} .main-svg").first).to_be_visible()
    expect(page.locator(".caveats")).to_contain_text("Aix : la participation est passée de 25 % à 48 %")
    page.locator("#themes-poles summary").click()
    expect(page.locator("#themes-poles table.data")).to_contain_text(ACCOMPAGNEMENT)

    page.get_by_role("link", name="Besoins de formation").click()
    expect(page.get_by_role("heading", name="Réseau Réseau test", exact=True)).to_be_visible()
    expect(page.locator("#besoins-items .need").first).to_contain_text("Je repère les acquis")
    expect(page.get_by_role("link", name="En faire une priorité de la feuille de route")).to_have_count(0)  # reads only
    page.get_by_label("Pôle", exact=True).select_option(label="Pertuis")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("heading", name="Pôle Pertuis")).to_be_visible()
    expect(page.locator("#besoins-baisses .need").first).to_contain_text(EVALUATION)
    with page.expect_download() as download:
        page.get_by_role("link", name="Plan de formation (Excel)").click()
    assert download.value.suggested_filename.startswith(
        f"boussole-plan-de-formation-pole-{world['poles']['Pertuis'].id}"
    )

    # on a phone: the heatmap turns, the needs list reads without scrolling sideways
    phone.goto(live_server.url(f"/reseau/{world['network'].id}?campagne={world['now'].id}"))
    phone.locator("#graphique-themes-poles").scroll_into_view_if_needed()
    expect(phone.locator("#graphique-themes-poles .main-svg").first).to_be_visible()
    phone.goto(live_server.url(f"/reseau/{world['network'].id}/besoins"))
    expect(phone.locator("#besoins-themes .need").first).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
