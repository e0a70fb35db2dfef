"""The network dashboard: poles compared, complementary suppression, who sees which poles."""

import re

import pytest

from tests.dashboards import small_network


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _section(html: str, ident: str) -> str:
    return re.search(rf'id="{ident}".*?</section>', html, re.S).group(0)


def test_inspector_sees_poles_year_on_year_and_establishments(client, make, login):
    world = small_network(make)
    login("inspector", world["network"])
    response = client.get(f"/reseau/{world['network'].id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for section in ("poles", "evolution", "progression", "etablissements"):
        assert f'id="{section}"' in html
    evolution = _text(_section(html, "evolution"))
    # Pertuis: 8 × level 1 last year (mean 1.0), 4 × 2 and 4 × 3 now (mean 2.5): +1.5
    assert "Pertuis" in evolution and "+1,5" in evolution
    assert "heatmap" in html and "Réseau Réseau test" in html


def test_complementary_suppression_in_the_establishment_table(client, make, login):
    world = small_network(make)
    login("coordinator", world["network"])
    html = client.get(f"/reseau/{world['network'].id}?tri=name").get_data(as_text=True)
    rows = {
        m.group(1): _text(m.group(0))
        for m in re.finditer(
            r"<tr>\s*<th scope=\"row\"><a [^>]*>([^<]+)</a>.*?</tr>", _section(html, "etablissements"), re.S
        )
    }
    assert "moins de 5 réponses" in rows["Collège Petit"]  # 4 answers
    assert "masqué (secret secondaire)" in rows["Lycée Moyen"]  # the next smallest of pole Aix
    assert "3,4" in rows["Collège Grand"] and "+0,9" in rows["Collège Grand"]  # its mean, and the mean's change


def test_pilot_sees_only_their_pole(client, make, login):
    world = small_network(make)
    pole_a, pole_b = world["poles"]
    login("pilot", pole_b)
    html = client.get(f"/reseau/{world['network'].id}").get_data(as_text=True)
    assert "Collège Pertuis" in html
    assert "Collège Grand" not in html and "Lycée Moyen" not in html
    assert "Aix" not in _text(_section(html, "poles")) and "Réseau Réseau test" not in _text(_section(html, "poles"))
    assert client.get(f"/reseau/{world['network'].id}?pole={pole_a.id}").status_code == 404
    assert client.get(f"/reseau/{world['network'].id}/export/etablissements.csv?pole={pole_a.id}").status_code == 404
    assert "Collège Grand" not in client.get(f"/reseau/{world['network'].id}/export/etablissements.csv").get_data(
        as_text=True
    )


@pytest.mark.parametrize("role", ["head", "pilot"])
def test_readers_outside_the_network_are_refused(client, make, login, role):
    world = small_network(make)
    other = make.pole(network=make.network())
    scope = make.establishment(pole=other) if role == "head" else other
    login(role, scope)
    assert client.get(f"/reseau/{world['network'].id}").status_code == 404
    assert client.get(f"/reseau/{world['network'].id}/export/poles.csv").status_code == 404
    assert client.get(f"/reseau/{world['network'].id}").data == client.get("/reseau/999999").data


def test_a_head_has_no_network_dashboard(client, make, login):
    world = small_network(make)
    login("head", world["est"][0])
    response = client.get(f"/reseau/{world['network'].id}")
    # their own establishment's network is no secret to them: they are told why, not that it does not exist
    assert response.status_code == 403 and "réservé" in response.get_data(as_text=True)


def test_type_filter_restricts_table_and_pole_figures(client, make, login):
    world = small_network(make)
    login("inspector", world["network"])
    html = client.get(f"/reseau/{world['network'].id}?type=Lyc%C3%A9e").get_data(as_text=True)
    table = _text(_section(html, "etablissements"))
    assert "Lycée Moyen" in table and "Collège Grand" not in table
    # Aix holds a hidden establishment: its Lycée-only figure could be subtracted from the full one
    poles = _text(_section(html, "poles"))
    assert "masqué" in poles or "moins de 5" in poles


def test_sorting_by_a_column_and_bad_arguments(client, make, login):
    world = small_network(make)
    login("admin")
    url = f"/reseau/{world['network'].id}"
    html = client.get(url + "?tri=responses&ordre=desc").get_data(as_text=True)
    names = re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a>', _section(html, "etablissements"))
    assert names == ["Collège Grand", "Collège Pertuis", "Lycée Moyen", "Collège Petit"]
    assert client.get(url + "?campagne=x").status_code == 400
    assert client.get(url + "?campagne=999999").status_code == 404
    assert client.get("/reseau/999999").status_code == 404
    assert client.get(url + "?tri=<script>").status_code == 200  # unknown sort keys are ignored


def test_pilot_cannot_open_another_poles_establishment(client, make, login):
    world = small_network(make)
    login("pilot", world["poles"][1])
    other = world["est"][2]  # pole Aix
    assert client.get(f"/etablissement/{other.uai}").status_code == 404
    assert client.get(f"/etablissement/{other.uai}/export/tout.xlsx").status_code == 404
    assert client.get(f"/api/v1/establishments/{other.uai}/levels").status_code == 404
    assert client.get(f"/etablissement/{world['est'][3].uai}").status_code == 200  # their own pole's
