"""The network's and a pole's annual review: sections in order, every pole, the pole filter, bad years."""

from __future__ import annotations

import re

from app.analytics.instrument import dimensions_of
from app.surveys.registry import survey_of
from tests.dashboards import small_network
from tests.reviews.pdf import in_order, needs_poppler, pdf_text

pytestmark = needs_poppler
SECTIONS = [
    "Participation",
    "Niveaux par dimension et progression",
    "Autopositionnement : synthèse",
    "Feuille de route 2025-2026 et résultats",
    "Priorités pour l'année suivante",
]


def _text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    return pdf_text(response.get_data())


def test_the_network_review_holds_every_section_in_order(client, make, login):
    world = small_network(make)
    login("coordinator", world["network"])
    text = _text(client, f"/reseau/{world['network'].id}/bilan.pdf?annee=2025-2026")
    in_order(text, ["Bilan annuel 2025-2026", "Réseau Réseau test", *SECTIONS])
    participation = text[: text.find(SECTIONS[1])]
    for name, responses in [("Collège Grand", 20), ("Collège Pertuis", 8), ("Lycée Moyen", 6), ("Collège Petit", 4)]:
        assert re.search(rf"{name}.{{0,40}}? {responses} ", participation), name
    assert re.search(r"\b38\b", participation.split("Établissement")[0])  # 4 + 6 + 20 + 8 answers in all
    levels = text[text.find(SECTIONS[1]) : text.find(SECTIONS[2])]
    for title in [d.title for d in dimensions_of(survey_of(world["now"].survey))]:
        assert title in levels, title
    assert "Aix" in levels and "Pertuis" in levels and "Réseau test" in levels
    # pole Aix: a1 (4 answers) and a2 (6) are hidden in the table of establishments' comparisons; the poles show
    assert "moins de 5 réponses" in text or "masqué (secret secondaire)" in text


def test_a_pole_review_is_the_pole_only(client, make, login):
    world = small_network(make)
    aix, pertuis = world["poles"]
    login("coordinator", world["network"])
    text = _text(client, f"/reseau/{world['network'].id}/bilan.pdf?annee=2025-2026&pole={aix.id}")
    in_order(text, ["Pôle Aix — réseau Réseau test", *SECTIONS])
    assert "Collège Grand" in text and "Collège Pertuis" not in text and "Pertuis" not in text
    login("pilot", pertuis)
    text = _text(client, f"/reseau/{world['network'].id}/bilan.pdf")
    assert "Collège Pertuis" in text and "Collège Grand" not in text and "Bilan annuel 2025-2026" in text
    assert "Pôle Pertuis — réseau Réseau test" in text and "rapport d'activité du pôle" in text


def test_the_previous_year_and_bad_years(client, make, login):
    world = small_network(make)
    login("inspector", world["network"])
    url = f"/reseau/{world['network'].id}/bilan.pdf"
    assert "Bilan annuel 2024-2025" in _text(client, f"{url}?annee=2024-2025")
    for bad in ["2024", "2024-2026", "x"]:
        response = client.get(f"{url}?annee={bad}")
        assert response.status_code == 400
        assert "année scolaire écrite comme 2025-2026" in response.get_data(as_text=True)
    response = client.get(f"{url}?annee=2019-2020")
    assert response.status_code == 404
    assert "Aucune campagne de ce réseau en 2019-2020." in response.get_data(as_text=True)


def test_the_network_dashboard_links_to_the_review(client, make, login):
    world = small_network(make)
    aix = world["poles"][0]
    login("coordinator", world["network"])
    nid = world["network"].id
    html = client.get(f"/reseau/{nid}?pole={aix.id}").get_data(as_text=True)
    assert f"/reseau/{nid}/bilan.pdf?annee=2025-2026&amp;pole={aix.id}" in html
    assert f"/reseau/{nid}/bilan.pdf?annee=2025-2026" in client.get(f"/reseau/{nid}/imprimer").get_data(as_text=True)
