"""The pole and the network read each indicator by establishment and pole over the half-years, with completeness."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from app.models import IndicatorReport, IndicatorValue
from tests.indicators import indicator_place


def _report(db, campaign, establishment, **values):
    report = IndicatorReport(campaign=campaign, establishment=establishment)
    for key, value in values.items():
        text = value if isinstance(value, str) else None
        report.values.append(IndicatorValue(indicator=key, number=None if text else float(value), text=text))
    db.session.add(report)
    db.session.flush()


@pytest.fixture
def reported(make, db):
    place = indicator_place(make)
    _report(db, place.s1, place.lycee, **{"eleves-pfmp": 100, "taux-eleves-places": 90, "plan-actions": 1})
    _report(db, place.s1, place.college, **{"eleves-pfmp": 40, "taux-eleves-places": 70, "plan-actions": 0})
    _report(db, place.s1, place.other, **{"eleves-pfmp": 60, "situation-a-signaler": '=HYPERLINK("x")'})
    _report(db, place.s2, place.lycee, **{"eleves-pfmp": 110, "taux-eleves-places": 95, "plan-actions": 1})
    db.session.commit()
    return place


def test_the_network_sees_each_indicator_by_pole_and_period_with_completeness(client, reported, login):
    place = reported
    login("coordinator", place.network)
    page = client.get(f"/reseau/{place.network.id}/indicateurs").get_data(as_text=True)
    assert "S2 2025-2026 : 1 établissement sur 3 a répondu." in page
    assert "3 sur 3" in page and "1 sur 3" in page  # completeness per period, in all
    assert "somme des établissements" in page
    # Pole Aix, S1: 100 + 40; S2: 110 (only the lycée answered); Pertuis S1: 60; the network S1: 200.
    assert ">140<" in page and ">110<" in page and ">200<" in page
    percent = client.get(f"/reseau/{place.network.id}/indicateurs?indicateur=taux-eleves-places").get_data(as_text=True)
    assert "moyenne des établissements" in percent and ">80\u202f%<" in percent  # Aix S1: (90 + 70) / 2
    yes = client.get(f"/reseau/{place.network.id}/indicateurs?indicateur=plan-actions").get_data(as_text=True)
    assert "ayant répondu « oui »" in yes and ">1<" in yes  # Aix S1: the lycée said oui, the collège non


def test_the_exports_hold_the_same_figures_with_formulas_neutralised(client, reported, login):
    place = reported
    login("admin")
    base = f"/reseau/{place.network.id}/indicateurs/export"
    csv = client.get(f"{base}/eleves-pfmp-poles.csv").get_data(as_text=True)
    lines = csv.lstrip("\ufeff").splitlines()
    assert lines[0] == "Pôle;S1 2025-2026;S2 2025-2026"
    assert "Aix;140;110" in lines and "Pertuis;60;" in lines and "Ensemble;200;110" in lines
    texts = client.get(f"{base}/situation-a-signaler-etablissements.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in texts
    book = load_workbook(io.BytesIO(client.get(f"{base}/tout.xlsx").data))
    assert len(book.sheetnames) >= 1 + 11  # completeness, then every indicator
    assert client.get(f"{base}/inconnu.csv").status_code == 404


def test_a_pilot_reads_their_pole_only(client, reported, login):
    place = reported
    login("pilot", place.aix)
    page = client.get(f"/reseau/{place.network.id}/indicateurs").get_data(as_text=True)
    assert "Collège Mignet" in page and "Lycée Pertuis" not in page and "Ensemble" not in page
    assert "S2 2025-2026 : 1 établissement sur 2 a répondu." in page
    assert client.get(f"/reseau/{place.network.id}/indicateurs?pole={place.pertuis.id}").status_code == 404
    csv = client.get(f"/reseau/{place.network.id}/indicateurs/export/completude.csv").get_data(as_text=True)
    assert "Pertuis" not in csv


def test_outside_the_scope_the_pages_are_404(client, make, reported, login):
    place = reported
    login("coordinator", make.network())
    assert client.get(f"/reseau/{place.network.id}/indicateurs").status_code == 404
    assert client.get(f"/reseau/{place.network.id}/indicateurs/export/completude.csv").status_code == 404
    login("admin")
    assert client.get(f"/reseau/{place.network.id}/indicateurs?instrument=inconnu").status_code == 404
    assert client.get(f"/reseau/{place.network.id}/indicateurs?indicateur=inconnu").status_code == 404


def test_the_head_reads_their_own_series(client, reported, login):
    place = reported
    login("head", place.lycee)
    page = client.get(f"/etablissement/{place.lycee.uai}/indicateurs").get_data(as_text=True)
    assert "S1 2025-2026" in page and "S2 2025-2026" in page
    assert "100 élèves" in page and "110 élèves" in page and "95\u202f%" in page
    assert "Saisir ou corriger" in page  # S2 is open
    csv = client.get(f"/etablissement/{place.lycee.uai}/indicateurs/export/serie-poles-de-stages.csv")
    assert "100 élèves;110 élèves" in csv.get_data(as_text=True)


def test_the_api_gives_the_same_tables_under_the_same_scope(client, make, reported, login):
    place = reported
    login("pilot", place.aix)
    answer = client.get(f"/api/v1/networks/{place.network.id}/indicators").get_json()
    assert answer["instrument"]["slug"] == "poles-de-stages"
    assert [p["label"] for p in answer["periods"]] == ["S1 2025-2026", "S2 2025-2026"]
    assert answer["completeness"]["sentence"] == "S2 2025-2026 : 1 établissement sur 2 a répondu."
    pfmp = next(i for i in answer["indicators"] if i["id"] == "eleves-pfmp")
    s1, s2 = (p["key"] for p in answer["periods"])
    assert pfmp["by_pole"] == [{"pole": "Aix", s1: 140, s2: 110}]
    assert pfmp["total"] == "somme des établissements"
    assert {row["name"] for row in pfmp["by_establishment"]} == {"Lycée des métiers Vauvenargues", "Collège Mignet"}
    assert client.get(f"/api/v1/networks/{place.network.id}/indicators?pole={place.pertuis.id}").status_code == 404
    assert client.get(f"/api/v1/networks/{place.network.id}/indicators?pole=x").status_code == 400
    login("coordinator", make.network())
    assert client.get(f"/api/v1/networks/{place.network.id}/indicators").status_code == 404
    assert "/networks/{network_id}/indicators" in client.get("/api/v1/openapi.json").get_json()["paths"]
