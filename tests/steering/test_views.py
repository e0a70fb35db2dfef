"""The académie's and a département's comparison of networks: figures by hand, suppression, scope, landing."""

from __future__ import annotations

import pytest

from tests.dashboards import answer
from tests.steering.helpers import csv_rows, figures, two_departments

COMPLEMENT = "masqué (secret secondaire)"
SMALL = "moins de 5 réponses"


@pytest.fixture
def world(make):
    return two_departments(make)


def _academy_csv(client, world, table="reseaux", year="2025-2026"):
    return csv_rows(client.get(f"/academie/{world['academy'].id}/export/{table}.csv?annee={year}"))


def test_the_academie_compares_its_networks_with_the_figures_counted_by_hand(client, login, world):
    login("academy", world["academy"])
    page = client.get(f"/academie/{world['academy'].id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for name in ("Étoile", "Garlaban", "Ventoux", "Département Bouches-du-Rhône (13)", "Académie Aix-Marseille"):
        assert name in html
    rows = _academy_csv(client, world)
    etoile = figures(rows, "Étoile")
    assert (etoile["Réponses"], etoile["Médiane"], etoile["Niveau moyen (1 à 5)"]) == ("12", "3,0", "3,0")
    ventoux = figures(rows, "Ventoux")
    assert (ventoux["Réponses"], ventoux["Médiane"], ventoux["Niveau moyen (1 à 5)"]) == ("10", "3,0", "3,2")
    # a network under the threshold is hidden, as on its own dashboard
    assert figures(rows, "Garlaban")["Niveau moyen (1 à 5)"] == SMALL
    # the Bouches-du-Rhône minus Étoile would give Garlaban's 3 answers: hidden; so would the académie minus both
    assert figures(rows, "Département Bouches-du-Rhône (13)")["Niveau moyen (1 à 5)"] == COMPLEMENT
    assert figures(rows, "Académie Aix-Marseille")["Réponses"] == COMPLEMENT
    # the Vaucluse holds Ventoux only, visible: its total repeats Ventoux, nothing more
    vaucluse = figures(rows, "Département Vaucluse (84)")
    assert (vaucluse["Réponses"], vaucluse["Niveau moyen (1 à 5)"]) == ("10", "3,2")
    # and the network's dashboard publishes the same figure
    network = csv_rows(client.get(f"/reseau/{world['networks'][0].id}/export/poles.csv"))
    own = next(r for r in network if r["Pôle"] == "Réseau Étoile" and r["Dimension"] == "Collectif")
    assert (own["Réponses"], own["Niveau moyen (1 à 5)"]) == (etoile["Réponses"], etoile["Niveau moyen (1 à 5)"])


def test_a_second_hidden_network_lets_the_academie_total_show(client, login, make, world):
    """Two hidden networks, 3 and 4 answers: their sum (7) protects each; the académie's total shows, 29 answers."""
    n4 = make.network("Comtat", world["academy"])
    n4.department = world["departments"][1]
    e41 = make.establishment(pole=make.pole("Orange", network=n4), name="Collège Comtat", departement="084")
    status = world["campaigns"][0].status
    closed = make.campaign(network=n4, school_year="2025-2026", status=status, establishments=[e41])
    answer(make, closed, e41, [2] * 4)
    login("academy", world["academy"])
    rows = _academy_csv(client, world)
    assert figures(rows, "Comtat")["Niveau moyen (1 à 5)"] == SMALL
    assert figures(rows, "Département Vaucluse (84)")["Niveau moyen (1 à 5)"] == COMPLEMENT  # minus Ventoux: Comtat's 4
    academy = figures(rows, "Académie Aix-Marseille")
    assert academy["Réponses"] == "29"
    assert academy["Niveau moyen (1 à 5)"] == "2,72"  # (6×2 + 6×4 + 3×1 + 8×3 + 2×4 + 4×2) / 29 = 79 / 29


def test_year_on_year_and_participation(client, login, world):
    login("academy", world["academy"])
    progression = _academy_csv(client, world, "progression-reseaux")
    years = {
        r["Année scolaire"]: r["Niveau moyen (1 à 5)"]
        for r in progression
        if (r["Réseau"], r["Dimension"]) == ("Étoile", "Collectif")
    }
    assert years == {"2024-2025": "2,0", "2025-2026": "3,0"}
    participation = {r["Réseau"]: r for r in _academy_csv(client, world, "participation-reseaux")}
    assert (participation["Étoile"]["Établissements"], participation["Étoile"]["Réponses"]) == ("2", "12")
    assert participation["Ventoux"]["Campagne"] == "2025-2026"
    before = _academy_csv(client, world, year="2024-2025")
    assert figures(before, "Étoile")["Réponses"] == "10"
    assert client.get(f"/academie/{world['academy'].id}?annee=2019-2020").status_code == 404
    assert client.get(f"/academie/{world['academy'].id}?annee=demain").status_code == 400


def test_the_departement_reads_its_networks_only(client, login, world):
    d13 = world["departments"][0]
    n1, _, n3 = world["networks"]
    login("department", d13)
    page = client.get("/academie/departement/13")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Étoile" in html and "Garlaban" in html and "Ventoux" not in html
    assert f'href="/reseau/{n1.id}"' in html  # each network links to its dashboard
    rows = csv_rows(client.get("/academie/departement/13/export/reseaux.csv"))
    assert figures(rows, "Étoile")["Niveau moyen (1 à 5)"] == "3,0"
    assert figures(rows, "Département Bouches-du-Rhône (13)")["Niveau moyen (1 à 5)"] == COMPLEMENT
    assert {r["Réseau"] for r in rows} == {"Étoile", "Garlaban", "Département Bouches-du-Rhône (13)"}
    # another département, the académie, another département's network: as unknown as any
    assert client.get("/academie/departement/84").status_code == 404
    assert client.get("/academie/departement/84").get_data() == client.get("/academie/departement/99").get_data()
    assert client.get(f"/academie/{world['academy'].id}").status_code == 404
    assert client.get(f"/reseau/{n3.id}").status_code == 404
    assert client.get(f"/reseau/{n1.id}").status_code == 200
    assert client.get(f"/etablissement/{world['est'][3].uai}").status_code == 404
    assert client.get(f"/etablissement/{world['est'][0].uai}").status_code == 200


def test_readings_do_not_move_with_one_more_answer_or_a_move(client, login, make, world):
    """An answer in an open campaign and a school moved to another network after closing change no figure."""
    login("academy", world["academy"])
    urls = [
        f"/academie/{world['academy'].id}/export/{t}.csv?annee={y}"
        for t in ("reseaux", "progression-reseaux", "participation-reseaux")
        for y in ("2024-2025", "2025-2026")
    ] + ["/academie/departement/13/export/reseaux.csv", "/academie/departement/84/export/reseaux.csv"]

    def read() -> dict[str, bytes]:
        return {url: client.get(url).get_data() for url in urls}

    first = read()
    answer(make, world["open"], world["est"][2], [4])
    assert read() == first
    e12 = world["est"][1]
    e12.network, e12.pole = world["networks"][2], world["poles"][2]  # Étoile's lycée now in Ventoux
    make.db.session.flush()
    assert read() == first


def test_other_roles_have_no_steering_view(client, login, world):
    n1 = world["networks"][0]
    for role, scope, status in (("coordinator", n1, 403), ("inspector", n1, 403), ("head", world["est"][0], 403)):
        login(role, scope)
        assert client.get(f"/academie/{world['academy'].id}").status_code == status
        assert client.get("/academie/departement/13").status_code == status


def test_an_admin_reads_both_and_the_index_lists_them(client, login, world):
    login("admin")
    index = client.get("/academie/").get_data(as_text=True)
    assert "Académie Aix-Marseille" in index and "Département Bouches-du-Rhône (13)" in index
    assert client.get(f"/academie/{world['academy'].id}").status_code == 200
    assert client.get("/academie/departement/84").status_code == 200


@pytest.mark.parametrize("role,target", [("academy", "academie/"), ("department", "academie/")])
def test_signing_in_lands_on_the_steering_view(client, make, world, role, target):
    scope = world["academy"] if role == "academy" else world["departments"][0]
    user = make.user(role, scope, email=f"{role}@ac-test.fr", password="un mot de passe long")
    response = client.post("/compte/connexion", data={"email": user.email, "password": "un mot de passe long"})
    assert response.status_code == 302 and response.headers["Location"].endswith(target)
    landed = client.get(response.headers["Location"], follow_redirects=True)
    assert landed.status_code == 200
    html = landed.get_data(as_text=True)
    assert ("Département Bouches-du-Rhône (13)" if role == "department" else "Académie Aix-Marseille") in html
    assert 'href="/academie/"' in html  # the navigation shows the view


def test_an_academie_without_closed_campaigns_says_so_and_exports_nothing(client, login, make):
    academy = make.academy("Nice")
    make.network("Azur", academy)
    login("academy", academy)
    page = client.get(f"/academie/{academy.id}")
    assert page.status_code == 200 and "la comparaison suivra la première clôture" in page.get_data(as_text=True)
    export = client.get(f"/academie/{academy.id}/export/tout.xlsx")
    assert export.status_code == 404 and "rien à exporter" in export.get_data(as_text=True)


def test_a_pole_scoped_campaign_never_replaces_a_network_in_the_comparison(client, login, make, world):
    """Networks are compared on whole-network campaigns: a later one of a few poles, closed the same year, would
    swap the network's row (and every total above it) for a part of the network."""
    from app.models import CampaignScope

    login("academy", world["academy"])
    before = _academy_csv(client, world)
    e11 = world["est"][0]
    status = world["campaigns"][0].status
    part = make.campaign(network=world["networks"][0], school_year="2025-2026", status=status, establishments=[e11])
    part.scope = CampaignScope.POLES
    answer(make, part, e11, [1] * 5)
    after = _academy_csv(client, world)
    assert figures(after, "Étoile") == figures(before, "Étoile")
    assert after == before
