"""An académie of three networks in two départements, with answers counted by hand (docs/dashboards.md)."""

from __future__ import annotations

import csv
import io

from app.models import CampaignStatus
from app.services.campaigns.campaigns import freeze_membership
from tests.dashboards import answer


def two_departments(make) -> dict:
    """Étoile (13): e11 6 answers at 2, e12 6 at 4 → n 12, median 3, mean 3; in 2024-2025 e11 5 at 1 and 5 at 3.

    Garlaban (13): e21 3 answers at 1 → hidden. Ventoux (84): e31 8 at 3 and 2 at 4 → n 10, median 3, mean 3.2.
    So the Bouches-du-Rhône's total would give Garlaban (total minus Étoile): hidden, and so is the académie's.
    """
    academy = make.academy("Aix-Marseille")
    d13 = make.department("13", "Bouches-du-Rhône", academy)
    d84 = make.department("84", "Vaucluse", academy)
    n1, n2, n3 = (make.network(name, academy) for name in ("Étoile", "Garlaban", "Ventoux"))
    n1.department, n2.department, n3.department = d13, d13, d84
    p1, p2, p3 = (make.pole(name, network=n) for name, n in (("Aix", n1), ("Aubagne", n2), ("Carpentras", n3)))
    e11 = make.establishment(pole=p1, name="Collège Étoile")
    e12 = make.establishment(pole=p1, name="Lycée Étoile", kind="Lycée")
    e21 = make.establishment(pole=p2, name="Collège Garlaban")
    e31 = make.establishment(pole=p3, name="Collège Ventoux", departement="084")
    closed = CampaignStatus.CLOSED
    before = make.campaign(network=n1, school_year="2024-2025", status=closed, establishments=[e11, e12])
    c1 = make.campaign(network=n1, school_year="2025-2026", status=closed, establishments=[e11, e12])
    c2 = make.campaign(network=n2, school_year="2025-2026", status=closed, establishments=[e21])
    c3 = make.campaign(network=n3, school_year="2025-2026", status=closed, establishments=[e31])
    open_n2 = make.campaign(network=n2, school_year="2026-2027", establishments=[e21])
    answer(make, before, e11, [1] * 5 + [3] * 5)
    answer(make, c1, e11, [2] * 6)
    answer(make, c1, e12, [4] * 6)
    answer(make, c2, e21, [1] * 3)
    answer(make, c3, e31, [3] * 8 + [4] * 2)
    answer(make, open_n2, e21, [4] * 6)
    for campaign in (before, c1, c2, c3):
        freeze_membership(campaign)  # as closing does
    return {
        "academy": academy,
        "departments": (d13, d84),
        "networks": (n1, n2, n3),
        "poles": (p1, p2, p3),
        "est": (e11, e12, e21, e31),
        "campaigns": (before, c1, c2, c3),
        "open": open_n2,
    }


def csv_rows(response) -> list[dict[str, str]]:
    """Read an export as the dicts of its rows (the `;` and decimal comma of French spreadsheets)."""
    assert response.status_code == 200, response.status_code
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))


def figures(rows: list[dict[str, str]], name: str, dimension: str = "Collectif") -> dict[str, str]:
    """The row of one network (or total) and dimension."""
    found = [r for r in rows if r["Réseau"] == name and r["Dimension"] == dimension]
    assert len(found) == 1, (name, dimension, [r["Réseau"] for r in rows])
    return found[0]
