"""The establishment dashboard: hand-computed figures, the threshold, who may open it."""

import re

import pytest

from app.models import CampaignStatus
from tests.dashboards import answer, small_network


def test_a_head_sees_levels_distribution_and_progression(client, make, login):
    world = small_network(make)
    a3 = world["est"][2]
    login("head", a3)
    page = client.get(f"/etablissement/{a3.uai}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Collège Grand" in html and "2025-2026" in html  # latest closed campaign by default
    # 12 × level 3 and 8 × level 4: median 3, mean 3.4; last year 10 × 2 and 10 × 3: mean 2.5 → +0.9
    assert "3,4" in html and "2,5" in html and "+0,9" in html
    assert 'data-chart="donnees-progression"' in html and 'id="donnees-comparaison"' in html
    assert "scatterpolar" in html
    assert "<script>" not in html.replace('<script type="application/json"', "")  # no inline code


def test_a_cell_of_four_is_hidden_in_the_page(client, make, login):
    world = small_network(make)
    a1 = world["est"][0]
    login("head", a1)
    html = client.get(f"/etablissement/{a1.uai}").get_data(as_text=True)
    assert "moins de 5 réponses" in html
    # the 2, 3, 3, 4 answers must not leak as a median, a mean or a share
    table = re.search(r'id="niveaux".*?</table>', html, re.S).group(0)
    assert "3,0" not in table and "2,5" not in table and "25\u202f%" not in html


def test_a_head_cannot_open_another_establishment(client, make, login):
    world = small_network(make)
    a1, a2 = world["est"][:2]
    login("head", a1)
    unknown = client.get("/etablissement/0000000A")
    assert unknown.status_code == 404
    for path in ("", "/export/niveaux.csv", "/imprimer"):
        other = client.get(f"/etablissement/{a2.uai}{path}")
        assert other.status_code == 404  # as missing as an establishment that does not exist
    assert client.get(f"/etablissement/{a2.uai}").data == unknown.data


def test_the_list_redirects_a_head_to_their_only_establishment(client, make, login):
    world = small_network(make)
    login("head", world["est"][0])
    response = client.get("/etablissement/")
    assert response.status_code == 302 and world["est"][0].uai in response.headers["Location"]


def test_anonymous_readers_are_sent_to_login(client, make):
    world = small_network(make)
    assert client.get(f"/etablissement/{world['est'][0].uai}").status_code in (302, 401)


def test_unknown_or_foreign_campaign_is_404_and_bad_argument_400(client, make, login):
    world = small_network(make)
    other = make.campaign(network=make.network())
    login("admin")
    uai = world["est"][2].uai
    assert client.get(f"/etablissement/{uai}?campagne={other.id}").status_code == 404
    assert client.get(f"/etablissement/{uai}?campagne=abc").status_code == 400


def test_category_gap_shown_only_where_groups_are_large_enough(client, make, login):
    world = small_network(make)
    a3 = world["est"][2]
    answer(make, world["now"], a3, [5] * 6, category="direction")
    login("head", a3)

    def section():
        html = client.get(f"/etablissement/{a3.uai}").get_data(as_text=True)
        return re.search(r'id="categories".*?</section>', html, re.S).group(0)

    assert "Personnel de direction" in section() and "+1,6" in section()  # 5.0 − 3.4
    # two answers of vie scolaire: hidden, and direction with them, or "total − the others" would reveal them
    answer(make, world["now"], a3, [1] * 2, category="vie-scolaire")
    text = section()
    assert "Vie scolaire" in text and "moins de 5 réponses" in text
    assert "+1,6" not in text and "masqué (secret secondaire)" in text


def test_open_campaign_is_selectable(client, make, login):
    world = small_network(make)
    current = make.campaign(
        network=world["network"], school_year="2026-2027", status=CampaignStatus.OPEN, establishments=world["est"]
    )
    login("head", world["est"][2])
    html = client.get(f"/etablissement/{world['est'][2].uai}?campagne={current.id}").get_data(as_text=True)
    assert "campagne en cours" in html


@pytest.mark.parametrize("role", ["inspector", "coordinator"])
def test_network_readers_open_any_establishment_of_their_network(client, make, login, role):
    world = small_network(make)
    login(role, world["network"])
    assert client.get(f"/etablissement/{world['est'][3].uai}").status_code == 200


def _visible_text(html: str) -> str:
    html = re.sub(r'<[^>]+class="[^"]*sr-only[^"]*"[^>]*>.*?</[a-z]+>', " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_an_empty_section_says_so_in_one_line(client, make, login):
    world = small_network(make)
    a3 = world["est"][2]  # every answer from teachers: no other category to compare with
    login("head", a3)
    html = client.get(f"/etablissement/{a3.uai}").get_data(as_text=True)
    section = re.search(r'id="categories".*?</section>', html, re.S).group(0)
    assert 'class="empty-section"' in section and "Pas de comparaison possible" in section
    assert "data-chart" not in section  # no empty chart: its teachers' figures stay one tap away in the table
    # two answers of vie scolaire: hidden, and the teachers with them as a complement: nothing left to show
    answer(make, world["now"], a3, [1] * 2, category="vie-scolaire")
    html = client.get(f"/etablissement/{a3.uai}").get_data(as_text=True)
    section = re.search(r'id="categories".*?</section>', html, re.S).group(0)
    assert section.count('class="empty-section"') == 1 and "Pas de comparaison possible" in section
    assert "data-chart" not in section and "<table" not in section and "<figure" not in section


def test_chart_titles_are_not_said_twice(client, make, login):
    world = small_network(make)
    a3 = world["est"][2]
    answer(make, world["now"], a3, [5] * 6, category="direction")
    login("head", a3)
    html = client.get(f"/etablissement/{a3.uai}").get_data(as_text=True)
    for section in re.findall(r'<section class="panel"[^>]*>.*?</section>', html, re.S):
        heading = re.search(r"<h2>(.*?)</h2>", section, re.S)
        caption = re.search(r'<figcaption[^>]*class="chart-title"[^>]*>(.*?)</figcaption>', section, re.S)
        if heading and caption:  # a visible caption (sr-only ones carry another class)
            words = set(re.findall(r"\w{4,}", heading.group(1).lower()))
            said = set(re.findall(r"\w{4,}", caption.group(1).lower()))
            assert len(words & said) < 2, (heading.group(1), caption.group(1))


def test_the_distribution_table_gives_the_mean(client, make, login):
    world = small_network(make)
    a3 = world["est"][2]
    login("head", a3)
    html = client.get(f"/etablissement/{a3.uai}").get_data(as_text=True)
    table = re.search(r'id="graphique-repartition".*?</table>', html, re.S).group(0)
    assert "Niveau moyen (1 à 5)" in table and "3,4" in table  # 12 × 3 and 8 × 4
    assert "le losange" not in html and "moy. 3,4" in html
