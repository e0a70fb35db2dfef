"""Besoins de formation: an establishment's, a pole's and the network's, their plan de formation exports."""

from __future__ import annotations

import html as html_text
import io
import re
from datetime import date

from openpyxl import load_workbook

from app.models import CampaignStatus
from app.web.priorities import establishment_target, network_target, pole_target, priority_url
from tests.self_positioning import ACCOMPAGNEMENT, EVALUATION, self_positioning_network


def _text(html: str) -> str:
    return html_text.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _section(html: str, ident: str) -> str:
    return _text(re.search(rf'<section class="panel" id="{ident}".*?</section>', html, re.S).group(0))


def test_a_head_reads_the_needs_of_their_establishment(client, make, login):
    world = self_positioning_network(make)
    grand = world["est"]["Collège Grand"]
    login("head", grand)
    response = client.get(f"/etablissement/{grand.uai}/besoins")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # the latest closed self-positioning campaign by default; Grand: A 3 → 2, B 3 → 4, C 3 → 3
    assert "Autopositionnement 2025-2026" in html
    themes = _section(html, "besoins-themes")
    assert themes.index(ACCOMPAGNEMENT) < themes.index(EVALUATION)  # both 3,0: in the questionnaire's order
    assert "9 thème(s) non classés" in themes  # never answered: never ranked
    items = _section(html, "besoins-items")
    assert items.index("repère les acquis") < items.index("critères de réussite") < items.index("différencie")
    falls = _section(html, "besoins-baisses")
    assert "repère les acquis" in falls and "−1,0" in falls and "différencie" not in falls
    # one step from a need to a priority: the head's feuille de route, its form filled with the theme
    links = re.findall(r'href="([^"]*feuille-de-route[^"]*)"[^>]*>En faire une priorité', html)
    assert links and all(f"/etablissement/{grand.uai}/feuille-de-route?" in link for link in links), links
    assert any("sujet=theme%3A" in link or "sujet=theme:" in link for link in links), links
    link = links[0].replace("&amp;", "&")
    theme = re.search(r"sujet=theme(?:%3A|:)([\w-]+)", link).group(1)
    form = client.get(link).get_data(as_text=True)
    assert re.search(rf'<option selected value="theme:{theme}"', form), theme


def test_a_small_establishment_gets_no_ranking_at_all(client, make, login):
    world = self_positioning_network(make)
    for name in ("Collège Petit", "Lycée Moyen"):  # 3 answers, and its complement (secret secondaire)
        login("coordinator", world["network"])
        html = client.get(f"/etablissement/{world['est'][name].uai}/besoins").get_data(as_text=True)
        assert "11 thème(s) non classés" in _section(html, "besoins-themes")
        assert "Aucune évolution à mesurer" in _section(html, "besoins-baisses")
        assert '<ol class="needs-list">' not in html


def test_a_pilot_reads_their_pole_and_the_coordinator_any_pole_or_the_network(client, make, login):
    world = self_positioning_network(make)
    nid, pertuis, aix = world["network"].id, world["poles"]["Pertuis"], world["poles"]["Aix"]
    login("pilot", pertuis)
    html = client.get(f"/reseau/{nid}/besoins").get_data(as_text=True)
    assert "<h1>Pôle Pertuis</h1>" in html
    themes = _section(html, "besoins-themes")
    assert themes.index(EVALUATION) < themes.index(ACCOMPAGNEMENT)  # 1,0 then 2,0
    falls = _section(html, "besoins-baisses")
    assert falls.index("Thème " + EVALUATION) < falls.index("Item Je communique aux élèves les critères")
    assert client.get(f"/reseau/{nid}/besoins?pole={aix.id}").status_code == 404
    login("coordinator", world["network"])
    assert "<h1>Réseau Réseau test</h1>" in client.get(f"/reseau/{nid}/besoins").get_data(as_text=True)
    aix_page = client.get(f"/reseau/{nid}/besoins?pole={aix.id}").get_data(as_text=True)
    assert "<h1>Pôle Aix</h1>" in aix_page and "−0,8" in _section(aix_page, "besoins-baisses")  # A: 3 → 41/19


def test_the_plan_de_formation_exports(client, make, login):
    world = self_positioning_network(make)
    grand = world["est"]["Collège Grand"]
    login("head", grand)
    csv = client.get(f"/etablissement/{grand.uai}/besoins/export/besoins-items.csv")
    assert csv.status_code == 200
    assert "plan-de-formation" in csv.headers["Content-Disposition"]
    lines = csv.get_data(as_text=True).splitlines()
    assert lines[0].lstrip("\ufeff").startswith("Rang;Item;Thème;Réponses;Moyenne (1 à 4)")
    assert lines[1].startswith("1;Je repère les acquis") and len(lines) == 4  # the three items answered
    workbook = load_workbook(io.BytesIO(client.get(f"/etablissement/{grand.uai}/besoins/export/tout.xlsx").data))
    assert len(workbook.sheetnames) == 3
    nid = world["network"].id
    login("pilot", world["poles"]["Pertuis"])
    falls = client.get(f"/reseau/{nid}/besoins/export/besoins-baisses.csv").get_data(as_text=True)
    assert "Thème;Évaluation au service des apprentissages" in falls
    assert client.get(f"/reseau/{nid}/besoins/export/inconnu.csv").status_code == 404


def test_an_open_or_a_grid_campaign_has_no_needs(client, make, login):
    world = self_positioning_network(make, now_status=CampaignStatus.OPEN)
    grand = world["est"]["Collège Grand"]
    login("head", grand)
    page = client.get(f"/etablissement/{grand.uai}/besoins?campagne={world['now'].id}")
    assert page.status_code == 200 and "publiés à la clôture" in page.get_data(as_text=True)
    assert 'id="besoins-themes"' not in page.get_data(as_text=True)
    export = client.get(f"/etablissement/{grand.uai}/besoins/export/tout.xlsx?campagne={world['now'].id}")
    assert export.status_code == 404 and "publiés à la clôture" in export.get_data(as_text=True)
    grid = client.get(f"/etablissement/{grand.uai}/besoins?campagne={world['grid'].id}")
    assert grid.status_code == 404  # a campaign of the grid has no self-positioning
    by_default = client.get(f"/etablissement/{grand.uai}/besoins").get_data(as_text=True)
    assert "Autopositionnement 2024-2025" in by_default  # the latest closed one


def test_a_need_goes_to_the_feuille_de_route_being_written(app, monkeypatch):
    monkeypatch.setattr("app.web.priorities.today", lambda: date(2026, 12, 1))  # school year 2026-2027
    with app.test_request_context():
        past = priority_url(establishment_target("0130242T", "2025-2026"), "theme:rituels")
        assert past == "/etablissement/0130242T/feuille-de-route?annee=2026-2027&sujet=theme:rituels"
        current = priority_url(pole_target(1, 2, "2026-2027"), "theme:etayage")
        assert current == "/reseau/1/pole/2/feuille-de-route?annee=2026-2027&sujet=theme:etayage"
        assert priority_url(network_target(1, "2027-2028"), "theme:etayage").startswith(
            "/reseau/1/feuille-de-route?annee=2027-2028&"
        )
        assert priority_url(None, "theme:etayage") is None
        assert priority_url(network_target(1, "2026-2027"), "") is None
