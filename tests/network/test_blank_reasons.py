"""The network dashboard reads mean levels, and every missing « évol. » says why, in its cell."""

import re

from app.models import CampaignStatus
from tests.dashboards import answer, small_network


def _row(html: str, name: str) -> str:
    table = re.search(r'id="etablissements".*?</table>', html, re.S).group(0)
    return re.search(rf"<tr><th scope=\"row\"><a [^>]*>{name}</a>.*?</tr>", table, re.S).group(0)


def _page(client, login, world) -> str:
    login("inspector", world["network"])
    return client.get(f"/reseau/{world['network'].id}").get_data(as_text=True)


def test_the_heatmap_and_the_tables_show_the_mean_level(client, make, login):
    world = small_network(make)
    html = _page(client, login, world)
    # pole Aix: 1 × 2, 20 × 3, 9 × 4: mean 3.27, median 3
    assert "3,3\\u003cbr\\u003en = 30" in html and '"text":"Niveau moyen"' in html  # the heatmap's colorbar
    assert '"text":"Médiane"' not in html and "3,0\\u003cbr\\u003en = 30" not in html
    poles = re.search(r'id="poles".*?</section>', html, re.S).group(0)
    assert "Niveau moyen (1 à 5)" in poles
    # Collège Grand: 12 × 3 and 8 × 4: mean 3.4 shown, not its median 3
    grand = _row(html, "Collège Grand")
    assert "3,4" in grand and "3,0" not in grand and "+0,9" in grand


def test_each_missing_change_says_why(client, make, login):
    world = small_network(make)
    html = _page(client, login, world)
    petit = _row(html, "Collège Petit")  # 4 answers this year
    assert "masqué : moins de 5 réponses" in petit
    assert 'href="/confidentialite#qui-voit-quoi"' in petit and "Règle d&#39;anonymat" in petit
    assert "le niveau de 2025-2026 repose sur moins de 5 réponses" in petit
    moyen = _row(html, "Lycée Moyen")  # 6 answers, hidden as a complement of Collège Petit's 4
    assert "masqué : secret secondaire" in moyen and "confidentialite#qui-voit-quoi" in moyen


def test_a_change_without_last_years_answers_says_so(client, make, login):
    world = small_network(make)
    answer(make, world["now"], world["est"][0], [3] * 2)  # Collège Petit: 6 answers, nothing hidden in Aix now
    moyen = _row(_page(client, login, world), "Lycée Moyen")  # 6 answers this year, none the year before
    assert "aucune réponse en 2024-2025" in moyen and "confidentialite" not in moyen


def test_a_change_hidden_last_year_says_so(client, make, login):
    world = small_network(make)
    answer(make, world["now"], world["est"][0], [3] * 2)  # Collège Petit: 6 answers, nothing hidden in Aix now
    answer(make, world["before"], world["est"][1], [3] * 3)  # Lycée Moyen: 3 answers in 2024-2025
    answer(make, world["before"], world["est"][0], [3] * 5)  # Collège Petit: 5 (no complement to hide)
    moyen = _row(_page(client, login, world), "Lycée Moyen")
    assert "masqué : moins de 5 réponses" in moyen and "le niveau de 2024-2025 repose sur moins de 5" in moyen


def test_a_first_campaign_has_no_previous_one_and_says_so(client, make, login):
    network = make.network("Réseau neuf")
    pole = make.pole("Aix", network=network)
    school = make.establishment(pole=pole, name="Collège Neuf", kind="Collège")
    campaign = make.campaign(
        network=network, school_year="2025-2026", status=CampaignStatus.CLOSED, establishments=[school]
    )
    answer(make, campaign, school, [3] * 6)
    html = _page(client, login, {"network": network})
    assert "pas de campagne précédente" in _row(html, "Collège Neuf")


def test_the_privacy_page_has_the_rule_the_blanks_link_to(client):
    html = client.get("/confidentialite").get_data(as_text=True)
    section = html.split('id="qui-voit-quoi"', 1)[1].split("<h2", 1)[0]
    assert "moins de" in section and "réponses" in section
