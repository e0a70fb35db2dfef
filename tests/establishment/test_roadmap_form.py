"""The priority form names each target level and describes the chosen one; the page links its annual review."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from app.services.roadmaps import roadmaps as service
from tests.dashboards import small_network

YEAR = "2024-2025"
NOW = datetime(2025, 10, 1, tzinfo=UTC)


def _url(world, extra=""):
    return f"/etablissement/{world['est'][2].uai}/feuille-de-route?annee={YEAR}{extra}"


def _target_select(page: str) -> str:
    return re.search(r'<select[^>]*id="target"[^>]*>.*?</select>', page, re.S).group(0)


def _hint(page: str) -> str:
    return re.search(r'<p class="target-hint" id="target-level"[^>]*>(.*?)</p>', page, re.S).group(1)


def test_a_chosen_dimension_offers_its_levels_by_name_and_describes_the_default_target(client, make, login):
    world = small_network(make)
    login("head", world["est"][2])
    page = client.get(_url(world, "&sujet=dimension:collectif")).get_data(as_text=True)
    select = _target_select(page)
    assert '<option selected value="3">3. Collectif implanté / établissement</option>' in select
    assert "5. Réseau de réflexion et de travail" in select and "<optgroup" not in select
    assert "Émergence de groupes de travail" in _hint(page)  # level 3's descriptor, near the field
    assert re.search(
        r'id="target"[^>]*aria-describedby="target-hint target-level"|aria-describedby="target-hint'
        r' target-level"[^>]*id="target"',
        page,
    )


def test_a_theme_offers_its_scale_and_a_blank_form_both_scales_in_groups(client, make, login):
    world = small_network(make)
    login("head", world["est"][2])
    theme = client.get(_url(world, "&sujet=theme:rituels")).get_data(as_text=True)
    assert "3. Souvent" in _target_select(theme)
    assert _hint(theme).startswith("Sans cible chiffrée")  # no self-positioning published here: no default
    assert "Collectif implanté" not in _target_select(theme)
    blank = client.get(_url(world)).get_data(as_text=True)
    select = _target_select(blank)
    assert '<optgroup label="Dimension : niveau de la grille">' in select
    assert '<optgroup label="Thème : moyenne visée">' in select
    assert "3. Collectif implanté / établissement" in select and "Choisissez d&#39;abord un sujet" in _hint(blank)
    assert 'id="cibles-priorite"' in blank and "js/roadmap.js" in blank  # the progressive enhancement


def test_a_refused_form_and_the_edit_form_keep_the_named_levels(client, make, login):
    world = small_network(make)
    login("head", world["est"][2])
    refused = client.post(
        _url(world),
        data={"subject": "dimension:partenaires", "target": "4", "due_on": "2030-01-01", "status": "a_lancer"},
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert '<option selected value="4">4. Collectif émergent réseau' in _target_select(page)
    assert _hint(page).startswith("Niveau 4 — Collectif émergent réseau")
    priority = service.add_priority(world["est"][2], YEAR, service.PriorityInput("theme:rituels", 2), None, NOW)
    edit = client.get(_url(world, f"&modifier={priority.id}")).get_data(as_text=True)
    assert '<option selected value="2">2. Parfois</option>' in _target_select(edit)
    assert "Moyenne visée des items du thème : 2 (Parfois)." in _hint(edit)


def test_the_page_links_the_annual_review_of_its_year_when_there_is_one(client, make, login):
    world = small_network(make)
    login("head", world["est"][2])
    page = client.get(_url(world)).get_data(as_text=True)
    link = f"/etablissement/{world['est'][2].uai}/bilan.pdf?annee={YEAR}"
    assert f'href="{link}"' in page and f"Bilan annuel {YEAR} (PDF)" in page
    assert client.get(link).status_code == 200
    later = client.get(f"/etablissement/{world['est'][2].uai}/feuille-de-route?annee=2030-2031").get_data(as_text=True)
    assert "bilan.pdf" not in later  # no campaign that year: no review to link
    login("pilot", world["poles"][0])
    pole = f"/reseau/{world['network'].id}/pole/{world['poles'][0].id}/feuille-de-route?annee={YEAR}"
    shown = client.get(pole).get_data(as_text=True)
    assert f'href="/reseau/{world["network"].id}/bilan.pdf?annee={YEAR}&amp;pole={world["poles"][0].id}"' in shown


def test_a_subject_is_a_priority_once_per_feuille_de_route(client, make, login):
    world = small_network(make)
    login("head", world["est"][2])
    data = {"subject": "dimension:collectif", "target": "4", "status": "a_lancer"}
    assert client.post(_url(world), data=data).status_code == 303
    twice = client.post(_url(world), data={**data, "target": "5"})
    assert twice.status_code == 422 and "La priorité 1 porte déjà sur « Collectif »" in twice.get_data(as_text=True)
    other = client.post(_url(world), data={**data, "subject": "dimension:partenaires"})
    assert other.status_code == 303
    second = service.roadmap_of(world["est"][2], YEAR).priorities[1]
    moved = client.post(_url(world).replace("?", f"/{second.id}?"), data=data)
    assert moved.status_code == 422 and "porte déjà sur" in moved.get_data(as_text=True)
    assert [p.subject_key for p in service.roadmap_of(world["est"][2], YEAR).priorities] == ["collectif", "partenaires"]


def test_a_need_already_a_priority_opens_that_priority(client, make, login):
    world = small_network(make)
    login("head", world["est"][2])
    client.post(_url(world), data={"subject": "theme:rituels", "target": "3", "status": "a_lancer"})
    [priority] = service.roadmap_of(world["est"][2], YEAR).priorities
    response = client.get(_url(world, "&sujet=theme:rituels"))
    assert response.status_code == 303
    assert response.location.endswith(f"modifier={priority.id}#modifier-{priority.id}")
    page = client.get(response.location).get_data(as_text=True)
    assert "« Rituels » est déjà la priorité 1" in page and f'id="modifier-{priority.id}"' in page


def test_next_year_does_not_copy_a_subject_it_already_has(make):
    world = small_network(make)
    school = world["est"][2]
    service.add_priority(school, YEAR, service.PriorityInput("dimension:collectif", 4), None, NOW)
    service.add_priority(school, YEAR, service.PriorityInput("theme:rituels", 3), None, NOW)
    service.add_priority(school, "2025-2026", service.PriorityInput("theme:rituels", 4), None, NOW)
    roadmap, copied = service.start_next_year(school, YEAR, None, NOW)
    assert copied == 1
    assert sorted(p.subject_key for p in roadmap.priorities) == ["collectif", "rituels"]


def test_a_target_already_reached_at_the_start_is_pointed_out(client, make, login):
    world = small_network(make)
    login("head", world["est"][2])
    # Collège Grand: median 2.5 in 2024-2025 (the start); a target of 2 is already reached.
    client.post(_url(world), data={"subject": "dimension:collectif", "target": "2", "status": "a_lancer"})
    client.post(_url(world), data={"subject": "dimension:partenaires", "target": "4", "status": "a_lancer"})
    page = client.get(_url(world)).get_data(as_text=True)
    assert page.count("target-reached-already") == 1
    assert "La cible 2 est déjà atteinte au départ (2,50) : relevez-la" in page
