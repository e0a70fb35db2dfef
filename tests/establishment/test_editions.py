"""A trend across two editions of the self-positioning instrument: shown where comparable, flagged where not.

What edition 2 changes: tests/editions.py.
"""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest

from app.extensions import db
from app.models import CampaignStatus
from app.services.dashboards import establishment as establishment_dashboard
from tests.dashboards import small_network
from tests.editions import ADDED_KEY, KEPT_KEY, OLD_KEY, REPLACING_KEY, REWORDED_KEY, plain

REWORDED_TEXT = "Je gère le temps de la séance pour garder un moment de synthèse avant la fin"
OLD_TEXT = "Je sais à qui et comment signaler une situation de harcèlement"
REPLACING_TEXT = "Je mène avec l'équipe les actions de prévention du harcèlement prévues dans l'établissement"
ADDED_TEXT = "Je participe à des formations de proximité avec des collègues du réseau"


@pytest.fixture
def two_editions(make):
    """Collège Grand answered edition 1 in 2024-2025 and edition 2 in 2025-2026, six responses each."""
    world = small_network(make)
    a3 = world["est"][2]
    before = make.campaign(
        "autopositionnement",
        network=world["network"],
        school_year="2024-2025",
        status=CampaignStatus.CLOSED,
        establishments=[a3],
        version="1",
    )
    now = make.campaign(
        "autopositionnement",
        network=world["network"],
        school_year="2025-2026",
        status=CampaignStatus.CLOSED,
        establishments=[a3],
        version="2",
    )
    for _ in range(6):  # last year: 2 on the reworded item, 4 on the one replaced, 3 on the one kept
        make.response(before, a3, {REWORDED_KEY: 2, OLD_KEY: 4, KEPT_KEY: 3})
    for _ in range(6):  # this year: 3 on the reworded item, 1 on the replacement, 2 on the new item, 3 again
        make.response(now, a3, {REWORDED_KEY: 3, REPLACING_KEY: 1, ADDED_KEY: 2, KEPT_KEY: 3})
    return world | {"a3": a3, "items_before": before, "items_now": now}


def test_the_dashboard_names_what_the_new_edition_changed(client, login, two_editions):
    a3 = two_editions["a3"]
    login("head", a3)
    page = client.get(f"/etablissement/{a3.uai}?campagne={two_editions['now'].id}").get_data(as_text=True)
    caveats = plain(re.search(r'<div class="notice notice-warning caveats".*?</div>', page, re.S).group(0))
    assert "Entre 2024-2025 et 2025-2026 : « Autopositionnement sur les pratiques professionnelles »" in caveats
    assert "a changé d'édition (version 1 → 2)" in caveats
    assert f"Reformulé, sans changer de sens (comparable) : « {REWORDED_TEXT} »" in caveats
    assert f"« {REPLACING_TEXT} (programme pHARe) » remplace « {OLD_TEXT} » : pas de comparaison" in caveats
    assert f"Nouveau dans cette édition, sans année précédente : « {ADDED_TEXT}" in caveats


def test_the_items_table_continues_a_reworded_item_and_breaks_at_the_others(client, login, two_editions):
    a3 = two_editions["a3"]
    login("head", a3)
    page = client.get(f"/etablissement/{a3.uai}?campagne={two_editions['now'].id}").get_data(as_text=True)
    section = plain(re.search(r'id="autopositionnement".*?</section>', page, re.S).group(0))
    assert "Moyenne 2024-2025 Moyenne Remarque" in section
    # n, non concerné, shares of the four points, last year's mean, this year's with the change under it, remark
    assert f"{REWORDED_TEXT}. 6 0 0 % 0 % 100 % 0 % 2,0 3,0 +1,0 reformulé (comparable)" in section
    assert f"{KEPT_ROW} 6 0 0 % 0 % 100 % 0 % 3,0 3,0 = 0,0 —" in section  # unchanged: no remark
    # The replaced item scored 4 last year: that is not the replacement's past, so no change is shown.
    assert f"(programme pHARe). 6 0 100 % 0 % 0 % 0 % — 1,0 remplace « {OLD_TEXT} » (pas de comparaison)" in section
    added_row = f"{ADDED_TEXT} (constellation, formation d'initiative locale). 6 0 0 % 100 % 0 % 0 % — 2,0 nouvel item"
    assert added_row in section


KEPT_ROW = "Je participe à des temps de concertation avec des collègues sur nos pratiques de classe."


def test_the_export_carries_the_same_trend_and_flags(client, login, two_editions):
    a3 = two_editions["a3"]
    login("head", a3)
    response = client.get(f"/etablissement/{a3.uai}/export/items.csv?campagne={two_editions['now'].id}")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    by_text = {row["Item"]: row for row in rows}
    reworded = by_text[REWORDED_TEXT + "."]
    assert (reworded["Moyenne"], reworded["Moyenne 2024-2025"], reworded["Évolution"]) == ("3,0", "2,0", "1,0")
    assert reworded["Remarque"] == "reformulé (comparable)"
    replacing = next(row for text, row in by_text.items() if text.startswith(REPLACING_TEXT))
    assert (replacing["Moyenne"], replacing["Moyenne 2024-2025"], replacing["Évolution"]) == ("1,0", "", "")
    assert plain(replacing["Remarque"]) == f"remplace « {OLD_TEXT} » (pas de comparaison)"
    added = next(row for text, row in by_text.items() if text.startswith(ADDED_TEXT))
    assert (added["Moyenne 2024-2025"], added["Remarque"]) == ("", "nouvel item (pas d'année précédente)")
    assert OLD_TEXT + "." not in by_text  # the old item is not asked any more: no row of its own
    workbook = client.get(f"/etablissement/{a3.uai}/export/tout.xlsx?campagne={two_editions['now'].id}")
    sheets = openpyxl.load_workbook(io.BytesIO(workbook.get_data()))
    items_sheet = next(
        rows
        for rows in ([[c.value for c in row] for row in sheet.iter_rows()] for sheet in sheets)
        if any("Remarque" in row for row in rows)
    )
    header = next(row for row in items_sheet if "Remarque" in row)
    reworded_line = next(row for row in items_sheet if REWORDED_TEXT + "." in row)
    assert [reworded_line[header.index(k)] for k in ("Moyenne 2024-2025", "Moyenne", "Évolution", "Remarque")] == [
        2.0,
        3.0,
        1.0,
        "reformulé (comparable)",
    ]


def test_the_api_carries_the_same_caveat(client, login, two_editions):
    a3 = two_editions["a3"]
    login("head", a3)
    body = client.get(f"/api/v1/establishments/{a3.uai}/levels?campaign={two_editions['now'].id}").get_json()
    caveat = plain(next(w for w in body["warnings"] if "a changé d'édition" in w))
    assert caveat.startswith("Entre 2024-2025 et 2025-2026 : « Autopositionnement sur les pratiques professionnelles »")
    for text in (REWORDED_TEXT, REPLACING_TEXT, OLD_TEXT, ADDED_TEXT):
        assert text in caveat


def test_no_caveat_where_the_edition_did_not_change(client, login, make, two_editions):
    a3 = two_editions["a3"]
    login("head", a3)
    page = client.get(f"/etablissement/{a3.uai}?campagne={two_editions['before'].id}").get_data(as_text=True)
    assert "a changé d'édition" not in page  # 2024-2025 is the first self-positioning campaign: nothing to compare
    later = make.campaign(
        "autopositionnement",
        network=two_editions["network"],
        school_year="2026-2027",
        status=CampaignStatus.CLOSED,
        establishments=[a3],
    )
    for _ in range(5):
        make.response(later, a3, {REWORDED_KEY: 4, REPLACING_KEY: 2, KEPT_KEY: 3})
    dash = establishment_dashboard.build(db.session, a3, later.id, min_size=5)
    assert not [w for w in dash.warnings if "édition" in w]  # 2025-2026 and 2026-2027 both ask edition 2
    items = dash.frames["items"].set_index("key")
    # Edition 2 still says `replaces:`, but against 2025-2026 the replacement now has a past of its own.
    assert (items.loc[REPLACING_KEY, "previous_mean"], items.loc[REPLACING_KEY, "change"]) == (1.0, 1.0)
    assert items.loc[REPLACING_KEY, "flag"] == "" and items.loc[ADDED_KEY, "flag"] == ""
    assert pd_isna(items.loc[ADDED_KEY, "mean"])  # nobody answered it this time


def pd_isna(value) -> bool:
    return value is None or value != value
