"""The feuille de route pages: writing priorities, French errors, the levels above, the CSV and the API."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from sqlalchemy import select

from app.models import AuditEntry, PriorityStatus
from app.services.roadmaps import roadmaps as service
from tests.dashboards import small_network

YEAR = "2024-2025"
NOW = datetime(2025, 10, 1, tzinfo=UTC)
PRIORITY = {"subject": "dimension:collectif", "target": "4", "actions": "Ateliers", "status": "a_lancer"}


def _url(world, suffix=""):
    return f"/etablissement/{world['est'][2].uai}/feuille-de-route{suffix}?annee={YEAR}"


def test_a_head_writes_three_priorities_and_the_fourth_is_refused(client, make, login, db):
    world = small_network(make)
    login("head", world["est"][2])
    for subject in ("dimension:collectif", "dimension:partenaires", "theme:rituels"):
        target = "3" if subject.startswith("theme") else "4"
        response = client.post(_url(world), data={**PRIORITY, "subject": subject, "target": target})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
    refused = client.post(_url(world), data={**PRIORITY, "subject": "dimension:objets-travail"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "au plus 3 priorités" in page
    assert len(service.roadmap_of(world["est"][2], YEAR).priorities) == 3
    shown = client.get(_url(world)).get_data(as_text=True)
    assert "Dimension — Collectif" in shown and "Thème — Rituels" in shown and "(3/3)" in shown
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.user_id.is_not(None))) == "roadmap.priority_add"


def test_validation_errors_are_french_and_4xx(client, make, login):
    world = small_network(make)
    login("head", world["est"][2])
    empty = client.post(_url(world), data={"status": "a_lancer"})
    assert empty.status_code == 422 and "Choisissez une dimension ou un thème." in empty.get_data(as_text=True)
    out_of_scale = client.post(_url(world), data={**PRIORITY, "target": "9"})
    assert out_of_scale.status_code == 422 and "niveau de l&#39;échelle" in out_of_scale.get_data(as_text=True)
    late = client.post(_url(world), data={**PRIORITY, "due_on": "2026-01-10"})
    assert late.status_code == 422 and "année scolaire 2024-2025" in late.get_data(as_text=True)
    bad_date = client.post(_url(world), data={**PRIORITY, "due_on": "demain"})
    assert bad_date.status_code == 422
    unknown = client.post(_url(world), data={**PRIORITY, "subject": "dimension:nope"})
    assert unknown.status_code == 422 and "ni une dimension" in unknown.get_data(as_text=True)
    year = client.get(f"/etablissement/{world['est'][2].uai}/feuille-de-route?annee=2024")
    assert year.status_code == 400 and "2025-2026" in year.get_data(as_text=True)
    sujet = client.get(f"/etablissement/{world['est'][2].uai}/feuille-de-route?sujet=dimension:nope")
    assert sujet.status_code == 400


def test_sujet_prefills_the_form_with_the_default_target_and_its_descriptor(client, make, login):
    world = small_network(make)
    login("head", world["est"][2])
    page = client.get(_url(world) + "&sujet=dimension:collectif").get_data(as_text=True)
    assert '<option selected value="dimension:collectif">' in page
    assert '<option selected value="3">' in page  # median 2.5 in 2024-2025: next level 3
    client.post(_url(world), data={**PRIORITY, "target": "3"})
    shown = client.get(_url(world)).get_data(as_text=True)
    assert "Émergence de groupes de travail" in shown  # level 3's descriptor beside the target


def test_edit_status_delete_and_next_year(client, make, login):
    world = small_network(make)
    login("head", world["est"][2])
    client.post(_url(world), data=PRIORITY)
    client.post(_url(world), data={**PRIORITY, "subject": "dimension:partenaires"})
    first, second = service.roadmap_of(world["est"][2], YEAR).priorities
    base = f"/etablissement/{world['est'][2].uai}/feuille-de-route"
    assert client.get(_url(world) + f"&modifier={first.id}").status_code == 200
    edited = client.post(f"{base}/{first.id}", data={**PRIORITY, "actions": "Visites croisées"})
    assert edited.status_code == 303 and first.actions == "Visites croisées"
    assert client.post(f"{base}/{first.id}/statut", data={"status": "realisee"}).status_code == 303
    assert first.status == PriorityStatus.DONE
    assert client.post(f"{base}/{first.id}/statut", data={"status": "fini"}).status_code == 400
    assert client.post(f"{base}/reprendre?annee={YEAR}").status_code == 303
    [copied] = service.roadmap_of(world["est"][2], "2025-2026").priorities
    assert copied.subject_key == "partenaires"
    assert client.post(f"{base}/{second.id}/supprimer").status_code == 303
    assert [p.subject_key for p in service.roadmap_of(world["est"][2], YEAR).priorities] == ["collectif"]
    other = make.establishment(pole=world["poles"][0])
    service.add_priority(other, YEAR, service.PriorityInput("dimension:collectif", 3), None, NOW)
    foreign = service.roadmap_of(other, YEAR).priorities[0]
    assert client.post(f"{base}/{foreign.id}/statut", data={"status": "realisee"}).status_code == 404
    assert client.post(f"{base}/999999/supprimer").status_code == 404


def test_the_head_reads_the_pole_and_network_roadmaps_above_their_own(client, make, login):
    world = small_network(make)
    service.add_priority(
        world["poles"][0], YEAR, service.PriorityInput("theme:rituels", 3, actions="Rituels de pôle"), None, NOW
    )
    service.add_priority(world["network"], YEAR, service.PriorityInput("dimension:partenaires", 4), None, NOW)
    login("head", world["est"][2])
    page = client.get(_url(world)).get_data(as_text=True)
    assert "Feuille de route du pôle Aix" in page and "Rituels de pôle" in page
    assert "Feuille de route du réseau Réseau test" in page and "Dimension — Partenaires" in page
    pole_url = f"/reseau/{world['network'].id}/pole/{world['poles'][0].id}/feuille-de-route?annee={YEAR}"
    assert client.get(pole_url).status_code == 200
    assert client.post(pole_url, data=PRIORITY).status_code == 403  # read only for the head


def test_csv_and_api(client, make, login):
    world = small_network(make)
    login("head", world["est"][2])
    client.post(_url(world), data={**PRIORITY, "actions": '=HYPERLINK("http://x")', "target": "3"})
    response = client.get(_url(world, ".csv"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    header, row = rows[0], rows[1]
    assert row[header.index("Actions")].startswith("'=")  # a formula is neutralised
    assert row[header.index("Résultat")] == "atteint"  # mean 3.4 in 2025-2026, target 3
    api = client.get(f"/api/v1/establishments/{world['est'][2].uai}/roadmap?school_year={YEAR}").get_json()
    [priority] = api["roadmap"]["priorities"]
    assert priority["outcome"]["code"] == "atteint" and priority["later"]["value"] == 3.4
    assert priority["baseline"] == {"campaign": "2024-2025", "value": 2.5, "hidden": False, "reason": None}
    assert [above["level"] for above in api["above"]] == [None, None]  # pole and network wrote nothing yet
    assert client.get(f"/api/v1/establishments/{world['est'][2].uai}/roadmap?school_year=24").status_code == 400


def test_a_saved_priority_is_confirmed_in_its_card_where_the_page_lands(client, make, login):
    world = small_network(make)
    login("head", world["est"][2])
    response = client.post(_url(world), data=PRIORITY)
    anchor = response.location.rsplit("#", 1)[1]
    assert response.status_code == 303 and anchor.startswith("priorite-")
    page = client.get(response.location).get_data(as_text=True)
    card = page[page.index(f'id="{anchor}"') :]
    assert 'role="status">Priorité ajoutée à la feuille de route.' in card
    assert page.count("Priorité ajoutée à la feuille de route.") == 1
    refused = client.post(_url(world), data={**PRIORITY, "target": "9"}).get_data(as_text=True)
    form = refused[refused.index('id="nouvelle-priorite"') :]
    assert 'role="alert">La priorité n&#39;a pas été enregistrée' in form
