"""Attacks on the comparison's anonymity by reading it twice, around a change an administrator may make."""

from __future__ import annotations

from app.models import CampaignStatus
from app.services.campaigns.campaigns import freeze_membership
from tests.dashboards import answer
from tests.steering.helpers import csv_rows, figures, two_departments


def _four_departments(make) -> dict:
    """04: X (3 answers, hidden). 05: B (10), Y (3), Z (3). 13: V (4). 84: W1 (3), W2 (2).

    Hidden parts: 04 → 3 (hidden), 05 → 6, 13 → 4 (hidden), 84 → 5: the 04 and the 13 hide each other, the
    Hautes-Alpes (05) shows 16 answers.
    """
    academy = make.academy("Aix-Marseille")
    deps = {
        code: make.department(code, name, academy)
        for code, name in (
            ("04", "Alpes-de-Haute-Provence"),
            ("05", "Hautes-Alpes"),
            ("13", "Bouches-du-Rhône"),
            ("84", "Vaucluse"),
        )
    }
    plan = {
        "X": ("04", 3),
        "B": ("05", 10),
        "Y": ("05", 3),
        "Z": ("05", 3),
        "V": ("13", 4),
        "W1": ("84", 3),
        "W2": ("84", 2),
    }
    networks = {}
    for name, (code, count) in plan.items():
        network = make.network(f"Réseau {name}", academy)
        network.department = deps[code]
        school = make.establishment(
            pole=make.pole(f"Pôle {name}", network=network), name=f"Collège {name}", departement=f"0{code}"
        )
        campaign = make.campaign(
            network=network, school_year="2025-2026", status=CampaignStatus.CLOSED, establishments=[school]
        )
        answer(make, campaign, school, [1 + (i % 4) for i in range(count)])
        freeze_membership(campaign)
        networks[name] = network
    return {"academy": academy, "departments": deps, "networks": networks}


def test_moving_a_hidden_network_to_another_departement_is_refused(client, login, make):
    """Else the Hautes-Alpes reads 16 answers, then 19 after X joins: the difference is X's 3 hidden answers."""
    world = _four_departments(make)
    hautes_alpes = world["departments"]["05"]
    login("department", hautes_alpes)
    before = figures(
        csv_rows(client.get("/academie/departement/05/export/reseaux.csv")), "Département Hautes-Alpes (05)"
    )
    assert before["Réponses"] == "16"
    login("admin")
    x = world["networks"]["X"]
    moved = client.post(f"/admin/reseaux/{x.id}/departement", data={"code": "05"}, follow_redirects=True)
    assert moved.status_code == 200
    assert "résultats déjà publiés" in moved.get_data(as_text=True)
    assert x.department.code == "04"
    login("department", hautes_alpes)
    after = figures(
        csv_rows(client.get("/academie/departement/05/export/reseaux.csv")), "Département Hautes-Alpes (05)"
    )
    assert after["Réponses"] == before["Réponses"]


def test_a_network_named_like_a_formula_is_neutralised_in_the_comparison_exports(client, login, make):
    world = two_departments(make)
    world["networks"][0].name = '=HYPERLINK("http://x","clic")'
    login("academy", world["academy"])
    rows = csv_rows(client.get(f"/academie/{world['academy'].id}/export/participation-reseaux.csv?annee=2025-2026"))
    assert '\'=HYPERLINK("http://x","clic")' in [r["Réseau"] for r in rows]
    workbook = client.get(f"/academie/{world['academy'].id}/export/reseaux.xlsx?annee=2025-2026")
    assert workbook.status_code == 200
