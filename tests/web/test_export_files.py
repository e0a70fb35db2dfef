"""Every export linked from a dashboard: one charset in its Content-Type, Excel sheet names a reader recognises."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from app.services.dashboards.sheet_names import SHEET_MAX, sheet_name, shorten
from tests.dashboards import small_network
from tests.steering.helpers import two_departments

FORBIDDEN = set(":\\/?*[]")
EXPORT_LINK = re.compile(r'href="([^"]*/export[^"]*\.(?:csv|xlsx)[^"]*)"')


def _links(client, page: str) -> list[str]:
    response = client.get(page)
    assert response.status_code == 200, page
    links = sorted({href.replace("&amp;", "&") for href in EXPORT_LINK.findall(response.get_data(as_text=True))})
    assert links, f"{page} links no export"
    return links


def _check_export(client, url: str) -> list[str]:
    """Download one export, check its headers and (for Excel) its sheet names; return those names."""
    response = client.get(url)
    assert response.status_code == 200, url
    content_type = response.headers["Content-Type"]
    assert content_type.lower().count("charset") == (1 if ".csv" in url else 0), content_type
    if ".csv" in url:
        assert content_type == "text/csv; charset=utf-8"
        return []
    names = openpyxl.load_workbook(io.BytesIO(response.get_data())).sheetnames
    assert len({n.lower() for n in names}) == len(names), names
    for name in names:
        assert 0 < len(name) <= SHEET_MAX and not FORBIDDEN & set(name), name
        assert name == name.strip() and "  " not in name and not name.startswith("'"), name
    return names


def _check_page(client, page: str) -> list[str]:
    return [name for url in _links(client, page) for name in _check_export(client, url)]


def test_every_establishment_and_network_export(client, make, login):
    world = small_network(make)
    network, (pole_a, _) = world["network"], world["poles"]
    login("coordinator", network)
    names = _check_page(client, f"/etablissement/{world['est'][2].uai}")
    names += _check_page(client, f"/reseau/{network.id}")
    names += _check_page(client, f"/reseau/{network.id}?pole={pole_a.id}")
    # The poles' change from a year to the next keeps its two years and its arrow, shortened but whole.
    assert "Évolution pôles – 24-25 → 25-26" in names


def test_every_steering_export(client, make, login):
    world = two_departments(make)
    login("academy", world["academy"])
    names = _check_page(client, f"/academie/{world['academy'].id}")
    assert names


def test_a_departement_export(client, make, login):
    two_departments(make)
    login("admin")
    assert _check_page(client, "/academie/departement/13")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Évolution des pôles : 2024-2025 → 2025-2026", "Évolution pôles – 24-25 → 25-26"),
        ("Niveau moyen : 2025-2026 et 2024-2025", "Niveau moyen – 25-26 et 24-25"),
        ("Répartition des niveaux perçus", "Répartition des niveaux perçus"),
        ("a/b?c*[d]", "a-b？c×(d)"),
        ("'Participation'", "Participation"),
        ("Participation par réseau — 2025-2026 S1", "Particip. réseau — 2025-26 S1"),
    ],
)
def test_a_title_is_shortened_with_care(title, expected):
    assert shorten(title) == expected


def test_a_long_title_is_cut_at_a_word_and_says_so():
    name = shorten("Thèmes et items en plus forte baisse depuis l'année précédente")
    assert len(name) <= SHEET_MAX and name.endswith("…")
    assert "Thèmes et items en plus forte baisse depuis".startswith(name[:-1])


def test_names_stay_unique_and_short():
    used: set[str] = set()
    names = [sheet_name("Niveau moyen : 2025-2026 et 2024-2025", used) for _ in range(12)] + [
        sheet_name("History", used)
    ]
    assert len({n.lower() for n in names}) == len(names)
    assert all(len(n) <= SHEET_MAX for n in names) and names[-1] != "History"
