"""The reviews publish nothing the dashboards withhold: read twice around one more answer, and small groups."""

from __future__ import annotations

from tests.dashboards import answer
from tests.publication import AFTER, BEFORE, assert_no_category, assert_only_participation_changed, open_network
from tests.reviews.pdf import needs_poppler, pdf_text

pytestmark = needs_poppler


def _read(client, urls: list[str]) -> dict[str, str]:
    readings = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
        readings[url] = pdf_text(response.get_data())
    return readings


def test_one_more_answer_to_an_open_campaign_changes_only_participation(client, make, login):
    world = open_network(make)
    x = world["est"][0]
    nid, now = world["network"].id, world["now"]
    urls = [
        f"/etablissement/{x.uai}/bilan.pdf?annee=2025-2026",
        f"/etablissement/{x.uai}/synthese.pdf?campagne={now.id}",
        f"/reseau/{nid}/bilan.pdf?annee=2025-2026",
        f"/reseau/{nid}/bilan.pdf?annee=2025-2026&pole={world['poles'][0].id}",
    ]
    login("coordinator", world["network"])
    before = _read(client, urls)
    for text in before.values():
        assert "Les résultats seront publiés à la clôture de la campagne" in text
        assert "Niveaux perçus et niveau convenu Dimension" not in text  # no result table while open
    assert_no_category(before)
    answer(make, now, x, [1])
    after = _read(client, urls)
    assert_only_participation_changed(before, after, BEFORE, AFTER)
