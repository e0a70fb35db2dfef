"""The establishment's annual review and its one-page summary: real PDFs, their sections in order, their figures."""

from __future__ import annotations

import re

from app.analytics.instrument import dimensions_of
from app.models import CampaignStatus
from app.surveys.registry import survey_of
from tests.dashboards import small_network
from tests.reviews.pdf import in_order, needs_poppler, pdf_pages, pdf_text

pytestmark = needs_poppler
SECTIONS = [
    "Participation",
    "Niveaux par dimension et progression",
    "Autopositionnement : synthèse",
    "Feuille de route 2025-2026 et résultats",
    "Priorités pour l'année suivante",
]
ITEM_A, ITEM_B = "ap-besoins-debut-sequence", "ap-differenciation"


def _review(client, uai: str, query: str = "annee=2025-2026") -> str:
    response = client.get(f"/etablissement/{uai}/bilan.pdf?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    return pdf_text(response.get_data())


def test_the_review_holds_every_section_in_order(client, make, login):
    world = small_network(make)
    a3 = world["est"][2]
    items = make.campaign(
        "autopositionnement", network=world["network"], status=CampaignStatus.CLOSED, establishments=[a3]
    )
    for value in [1, 2, 3, 4, 4, 3]:
        make.response(items, a3, {ITEM_A: value, ITEM_B: 4})
    login("head", a3)
    text = _review(client, a3.uai)
    in_order(text, ["Bilan annuel 2025-2026", "Collège Grand", *SECTIONS])
    assert "Total Territoire apprenant 20" in text  # a3's 20 answers of 2025-2026
    dims = [d.title for d in dimensions_of(survey_of(world["now"].survey))]
    levels = text[text.find(SECTIONS[1]) : text.find(SECTIONS[2])]
    for title in dims:
        assert title in levels, title
    # 2025-2026: 12 threes and 8 fours, mean 3,4; 2024-2025: 10 twos and 10 threes, mean 2,5: both in the comparison
    assert "2024-2025 : 2,5" in levels and "2025-2026 : 3,4" in levels
    assert "Aucune feuille de route enregistrée pour cette année." in text
    items_part = text[text.find(SECTIONS[2]) : text.find(SECTIONS[3])]
    assert "Points d'appui" in items_part and "moyenne 4,0, n = 6" in items_part  # item B: six fours


def test_the_review_without_year_is_the_latest_closed_one(client, make, login):
    world = small_network(make)
    make.campaign(network=world["network"], school_year="2026-2027", establishments=list(world["est"]))  # open
    login("head", world["est"][2])
    assert "Bilan annuel 2025-2026" in _review(client, world["est"][2].uai, "")
    assert "Bilan annuel 2024-2025" in _review(client, world["est"][2].uai, "annee=2024-2025")


def test_a_small_group_is_withheld_in_the_pdf(client, make, login):
    world = small_network(make)
    a1 = world["est"][0]  # 4 answers: 2, 3, 3, 4 (median 3, mean 3)
    login("head", a1)
    text = _review(client, a1.uai)
    levels = text[text.find("Niveaux par dimension et progression") : text.find("Autopositionnement : synthèse")]
    assert "moins de 5 réponses" in levels
    assert not re.search(r"\d,\d", levels), levels  # no median, mean, quartile nor share: only the reason
    assert "Total Territoire apprenant 4" in text  # participation is published


def test_a_bad_year_is_a_french_4xx(client, make, login):
    world = small_network(make)
    login("head", world["est"][2])
    uai = world["est"][2].uai
    for bad in ["2025", "2025-2027", "deux-mille", "2025-2026'--"]:
        response = client.get(f"/etablissement/{uai}/bilan.pdf?annee={bad}")
        assert response.status_code == 400, bad
        assert "année scolaire écrite comme 2025-2026" in response.get_data(as_text=True)
    response = client.get(f"/etablissement/{uai}/bilan.pdf?annee=2030-2031")
    assert response.status_code == 404
    assert "Aucune campagne du réseau de cet établissement en 2030-2031." in response.get_data(as_text=True)


def test_the_summary_is_one_page(client, make, login):
    world = small_network(make)
    a3 = world["est"][2]
    login("head", a3)
    response = client.get(f"/etablissement/{a3.uai}/synthese.pdf?campagne={world['now'].id}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    body = response.get_data()
    assert pdf_pages(body) == 1
    text = pdf_text(body)
    in_order(text, ["Synthèse pour le conseil pédagogique", "Collège Grand", "Participation", "Niveaux perçus"])
    assert "Page 1 / 1" in text and re.search(r"Participation 20\b", text)


def test_the_dashboards_link_to_the_pdfs(client, make, login):
    world = small_network(make)
    a3 = world["est"][2]
    login("head", a3)
    html = client.get(f"/etablissement/{a3.uai}?campagne={world['now'].id}").get_data(as_text=True)
    assert f"/etablissement/{a3.uai}/bilan.pdf?annee=2025-2026" in html
    assert f"/etablissement/{a3.uai}/synthese.pdf?campagne={world['now'].id}" in html
    printable = client.get(f"/etablissement/{a3.uai}/imprimer?campagne={world['now'].id}").get_data(as_text=True)
    assert "bilan.pdf" in printable


def test_no_campaign_yet_is_a_french_404(client, make, login):
    establishment = make.establishment(name="Collège Neuf")
    login("head", establishment)
    response = client.get(f"/etablissement/{establishment.uai}/bilan.pdf")
    assert response.status_code == 404
    assert "son bilan suivra la première campagne" in response.get_data(as_text=True)
    login("coordinator", establishment.network)
    response = client.get(f"/reseau/{establishment.network.id}/bilan.pdf")
    assert response.status_code == 404
    assert "son bilan suivra la première campagne" in response.get_data(as_text=True)


def test_the_review_shows_the_feuille_de_route_with_outcomes_and_next_years_priorities(client, make, login, db):
    from datetime import UTC, datetime

    from app.services.roadmaps.roadmaps import PriorityInput, add_priority

    world = small_network(make)
    a3 = world["est"][2]
    now = datetime(2024, 10, 1, tzinfo=UTC)
    add_priority(a3, "2024-2025", PriorityInput("dimension:collectif", 3), None, now)
    add_priority(a3, "2025-2026", PriorityInput("theme:rituels", 3), None, now)
    db.session.commit()
    login("head", a3)
    text = _review(client, a3.uai, "annee=2024-2025")
    roadmap = text[text.find("Feuille de route 2024-2025 et résultats") : text.find("Priorités pour l'année suivante")]
    assert "Dimension — Collectif" in roadmap
    # a3's collectif: median 2,5 in 2024-2025, then 3 in 2025-2026 (the next closed campaign): target 3 reached
    assert "atteint — " in roadmap, roadmap
    upcoming = text[text.find("Priorités pour l'année suivante (2025-2026)") :]
    assert "Thème — " in upcoming and "Aucune priorité enregistrée" not in upcoming
