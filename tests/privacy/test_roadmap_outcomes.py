"""A feuille de route's outcome never says more than the dashboards: read twice around one more answer.

Around one more answer in a group under k, or in a campaign still open, every reading of the outcome (page, CSV,
API) is identical: a hidden cell stays "pas mesurable" with the same reason, never a figure.
"""

from __future__ import annotations

from datetime import UTC, datetime

from app.models import CampaignStatus
from app.services.roadmaps.roadmaps import PriorityInput, add_priority
from tests.dashboards import answer, small_network

NOW = datetime(2025, 1, 20, tzinfo=UTC)
YEAR = "2024-2025"


def _readings(client, uai: str) -> dict[str, str]:
    urls = [
        f"/etablissement/{uai}/feuille-de-route?annee={YEAR}",
        f"/etablissement/{uai}/feuille-de-route.csv?annee={YEAR}",
        f"/api/v1/establishments/{uai}/roadmap?school_year={YEAR}",
    ]
    out = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        out[url] = response.get_data(as_text=True)
    return out


def _priorities(owner):
    for key in ("collectif", "partenaires"):
        add_priority(owner, YEAR, PriorityInput(f"dimension:{key}", 4), None, NOW)
    add_priority(owner, YEAR, PriorityInput("dimension:objets-travail", None), None, NOW)


def test_the_outcome_of_a_hidden_cell_reads_the_same_around_one_more_answer(client, make, login, db):
    world = small_network(make)
    small = make.establishment(pole=world["poles"][1], name="Collège Minuscule")
    make.campaign_establishment(world["now"], small)
    answer(make, world["now"], small, [4, 4])  # two answers: hidden, and b1's cell too (complementary)
    _priorities(small)
    login("head", small)
    before = _readings(client, small.uai)
    answer(make, world["now"], small, [1])  # one more, still under k
    after = _readings(client, small.uai)
    assert after == before
    page = after[f"/etablissement/{small.uai}/feuille-de-route?annee={YEAR}"]
    assert page.count('data-outcome="pas mesurable"') == 3 and "moins de 5 réponses" in page
    api = client.get(f"/api/v1/establishments/{small.uai}/roadmap?school_year={YEAR}").get_json()
    assert all(p["later"]["value"] is None and p["later"]["hidden"] for p in api["roadmap"]["priorities"])


def test_an_open_campaign_measures_nothing_whatever_is_answered(client, make, login, db):
    world = small_network(make)
    a3 = world["est"][2]
    later = make.campaign(network=world["network"], school_year="2026-2027", establishments=list(world["est"]))
    add_priority(a3, "2025-2026", PriorityInput("dimension:collectif", 4), None, NOW)
    login("head", a3)

    def read():
        return {
            url: client.get(url).get_data(as_text=True)
            for url in (
                f"/etablissement/{a3.uai}/feuille-de-route?annee=2025-2026",
                f"/etablissement/{a3.uai}/feuille-de-route.csv?annee=2025-2026",
                f"/api/v1/establishments/{a3.uai}/roadmap?school_year=2025-2026",
            )
        }

    answer(make, later, a3, [4] * 6)
    before = read()
    answer(make, later, a3, [5])
    assert read() == before
    assert (
        "2026-2027 n&#39;est pas encore clôturée" in before[f"/etablissement/{a3.uai}/feuille-de-route?annee=2025-2026"]
    )
    assert later.status == CampaignStatus.OPEN
