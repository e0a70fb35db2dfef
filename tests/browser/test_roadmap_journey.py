"""Feuilles de route in chromium: the pilot writes the pole's, the head writes three priorities (a fourth is refused)
and reads the pole's above their own; once the next campaign closes, each priority stands beside its outcome."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app.models import CampaignStatus
from app.services.campaigns.campaigns import set_status
from tests.dashboards import answer

pytestmark = pytest.mark.browser

HEAD_PASSWORD = "la phrase de passe du principal"
PILOT_PASSWORD = "la phrase de passe du pilote"
YEAR = "2024-2025"


def _log_in(page, live_server, email: str, password: str) -> None:
    page.goto(live_server.url("/compte/connexion"))
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.locator("#submit").click()


def _add(page, subject: str, target: str, actions: str) -> None:
    form = page.locator("#nouvelle-priorite")
    form.get_by_label("Sujet").select_option(subject)
    form.get_by_label("Cible").select_option(target)
    form.get_by_label("Actions").fill(actions)
    form.get_by_label("Responsables").fill("Équipe de direction")
    form.get_by_role("button", name="Enregistrer la priorité").click()


def test_a_head_and_a_pilot_write_their_feuilles_de_route_and_see_the_outcome(
    page, new_page, live_server, live_make, live_db
):
    network = live_make.network("Sainte Victoire")
    aix = live_make.pole("Aix", network)
    school = live_make.establishment(pole=aix, name="Collège Mignet")
    other = live_make.establishment(pole=aix, name="Lycée Vauvenargues")
    before = live_make.campaign(
        network=network, school_year=YEAR, status=CampaignStatus.CLOSED, establishments=[school, other]
    )
    after = live_make.campaign(network=network, school_year="2025-2026", establishments=[school, other])
    answer(live_make, before, school, [2] * 6 + [3] * 4)
    answer(live_make, before, other, [2] * 10)
    answer(live_make, after, school, [3] * 10, partenaires=3, **{"objets-travail": 2})
    answer(live_make, after, other, [3] * 10)
    live_make.user("head", school, email="direction@ac-test.fr", password=HEAD_PASSWORD)
    live_make.user("pilot", aix, email="pilote@ac-test.fr", password=PILOT_PASSWORD)
    ids = {"network": network.id, "aix": aix.id, "uai": school.uai, "after": after.id}
    live_db.session.commit()

    # The pilot writes the pole's feuille de route.
    _log_in(page, live_server, "pilote@ac-test.fr", PILOT_PASSWORD)
    page.goto(live_server.url(f"/reseau/{ids['network']}"))
    page.get_by_role("link", name="pôle Aix").click()
    page.get_by_label("Année scolaire", exact=True).select_option(YEAR)
    page.get_by_role("button", name="Afficher").click()
    _add(page, "dimension:equipe-direction", "3", "Un comité de pilotage de pôle chaque trimestre")
    expect(page.get_by_text("Priorité ajoutée à la feuille de route.")).to_be_visible()

    # The head finds the feuille de route from the dashboard; the pole's is shown above, read only.
    head = new_page()
    _log_in(head, live_server, "direction@ac-test.fr", HEAD_PASSWORD)
    head.goto(live_server.url(f"/etablissement/{ids['uai']}"))
    head.get_by_role("link", name="Feuille de route de l'établissement").click()
    head.get_by_label("Année scolaire", exact=True).select_option(YEAR)
    head.get_by_role("button", name="Afficher").click()
    above = head.locator(".roadmap-above", has_text="Feuille de route du pôle Aix")
    expect(above).to_contain_text("Dimension — Équipe de direction")
    expect(above).to_contain_text("Un comité de pilotage de pôle chaque trimestre")
    expect(above.locator("form")).to_have_count(0)

    _add(head, "dimension:collectif", "3", "Des temps d'échange entre disciplines")
    _add(head, "dimension:partenaires", "4", "Un forum des partenaires")
    # A second tab still shows the form; the third priority is added there, the fourth is then refused here.
    second = head.context.new_page()
    second.goto(head.url)
    _add(second, "dimension:objets-travail", "3", "Une problématique commune")
    expect(second.get_by_text("compte déjà 3 priorités")).to_be_visible()
    _add(head, "theme:rituels", "3", "Une quatrième priorité")
    expect(head.get_by_role("alert")).to_contain_text("au plus 3 priorités")
    head.goto(head.url.split("#")[0])
    expect(head.locator(".roadmap-priority")).to_have_count(3)
    expect(head.get_by_text("Une quatrième priorité")).to_have_count(0)
    # The target's descriptor is shown beside it.
    expect(head.locator(".roadmap-priority", has_text="Dimension — Collectif")).to_contain_text(
        "Émergence de groupes de travail"
    )
    # While the next campaign is open, nothing is measured.
    expect(head.locator("[data-outcome='pas mesurable']")).to_have_count(3)
    expect(head.locator(".roadmap-priority").first).to_contain_text("2025-2026 n'est pas encore clôturée")

    # The next campaign closes: each priority stands beside what it measured.
    from app.extensions import db
    from app.models import Campaign

    set_status(db.session.get(Campaign, ids["after"]), CampaignStatus.CLOSED)
    live_db.session.commit()
    head.reload()
    outcomes = {
        "Dimension — Collectif": "atteint",
        "Dimension — Partenaires": "en progrès",
        "Dimension — Objets de travail": "pas encore",
    }
    for subject, outcome in outcomes.items():
        card = head.locator(".roadmap-priority", has_text=subject)
        expect(card.locator(".roadmap-outcome")).to_contain_text(f"Résultat mesuré : {outcome}")
    expect(above).to_contain_text("Résultat mesuré : atteint")  # the pole: median 2, then 3; target 3
