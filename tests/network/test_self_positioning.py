"""The network and pole dashboards on a self-positioning campaign: themes by pole, progression, items ranked."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from app.models import CampaignStatus
from app.services.dashboards import network as network_dashboard
from tests.self_positioning import ACCOMPAGNEMENT, EVALUATION, self_positioning_network


def _text(html: str) -> str:
    """The text a reader sees: tags and the charts' data blocks left out."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _section(html: str, ident: str) -> str:
    return re.search(rf'<section class="panel" id="{ident}".*?</section>', html, re.S).group(0)


def _rows(section: str) -> dict[str, str]:
    """Each row of the section's data table by its first two cells."""
    table = re.search(r"<details class=\"data-table\".*?</details>", section, re.S).group(0)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = [_text(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if len(cells) > 2 and '<th scope="col"' not in row:
            rows[f"{cells[0]} / {cells[1]}"] = " | ".join(cells[2:])
    return rows


def test_an_inspector_opens_a_self_positioning_campaign(client, make, login):
    world = self_positioning_network(make)
    login("inspector", world["network"])
    response = client.get(f"/reseau/{world['network'].id}?campagne={world['now'].id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for ident in ("themes-poles", "progression-themes", "items-classes", "etablissements"):
        assert f'id="{ident}"' in html
    themes = _rows(_section(html, "themes-poles"))
    # Aix: A 41/19, B 61/19 → 102/38 = 2.68; Pertuis: 2.0; the network: 134/54 = 2.48
    assert themes[f"Aix / {ACCOMPAGNEMENT}"].startswith("19 | 2,7")
    assert themes[f"Pertuis / {ACCOMPAGNEMENT}"].startswith("8 | 2,0 | 0 %")
    assert themes[f"Réseau Réseau test / {ACCOMPAGNEMENT}"].startswith("27 | 2,5")
    assert "2 items sur 4" in themes[f"Aix / {ACCOMPAGNEMENT}"]
    assert themes[f"Pertuis / {EVALUATION}"].startswith("8 | 1,0")
    assert "aucune réponse" in themes["Aix / Rituels"]
    # items ranked for the whole network, lowest first: A (57/27 = 2.11), C (59/27 = 2.19), B (77/27 = 2.85)
    ranked = _text(_section(html, "items-classes"))
    a, c, b = (ranked.index(t) for t in ("repère les acquis", "critères de réussite", "différencie les tâches"))
    assert a < c < b
    assert "−0,4" in ranked  # A: 2.56 → 2.11
    caveats = _text(re.search(r'<div class="notice notice-warning caveats".*?</div>', html, re.S).group(0))
    assert "Aix : la participation est passée de 25 % à 48 %" in caveats
    assert '"type":"heatmap"' in html


def test_filters_by_pole_and_type_keep_the_suppression_of_the_whole_network(client, make, login):
    world = self_positioning_network(make)
    login("coordinator", world["network"])
    base = f"/reseau/{world['network'].id}?campagne={world['now'].id}"
    whole = _rows(_section(client.get(base).get_data(as_text=True), "themes-poles"))
    pertuis_only = _rows(
        _section(client.get(f"{base}&pole={world['poles']['Pertuis'].id}").get_data(as_text=True), "themes-poles")
    )
    assert set(pertuis_only) == {k for k in whole if k.startswith("Pertuis /")}
    assert all(pertuis_only[k] == whole[k] for k in pertuis_only)  # the same figure, whatever the filter
    # Lycées only: in Aix, Lycée Moyen is hidden (secret secondaire), so no filtered total of Aix may show
    lycees = _rows(_section(client.get(f"{base}&type=Lycée").get_data(as_text=True), "themes-poles"))
    assert "moins de" in lycees[f"Aix / {ACCOMPAGNEMENT}"] or "masqué" in lycees[f"Aix / {ACCOMPAGNEMENT}"]


def test_a_pilot_reads_only_their_pole_and_items_ranked_for_it(client, make, login):
    world = self_positioning_network(make)
    login("pilot", world["poles"]["Pertuis"])
    html = client.get(f"/reseau/{world['network'].id}?campagne={world['now'].id}").get_data(as_text=True)
    themes = _rows(_section(html, "themes-poles"))
    assert {k.split(" / ")[0] for k in themes} == {"Pertuis"}
    ranked = _text(_section(html, "items-classes"))
    assert "Aix" not in ranked and ranked.index("critères de réussite") < ranked.index("repère les acquis")


def test_progression_reads_closed_campaigns_only(client, make, login):
    world = self_positioning_network(make)
    later = make.campaign(
        "autopositionnement", network=world["network"], school_year="2026-2027", status=CampaignStatus.OPEN
    )
    make.db.session.commit()
    login("coordinator", world["network"])
    html = client.get(f"/reseau/{world['network'].id}?campagne={world['now'].id}").get_data(as_text=True)
    progression = _text(_section(html, "progression-themes"))
    assert "2024-2025" in progression and "2025-2026" in progression and "2026-2027" not in progression
    opened = client.get(f"/reseau/{world['network'].id}?campagne={later.id}").get_data(as_text=True)
    assert "Les résultats seront publiés à la clôture" in opened and 'id="themes-poles"' not in opened
    export = client.get(f"/reseau/{world['network'].id}/export/themes-poles.csv?campagne={later.id}")
    assert export.status_code == 404 and "publiés à la clôture" in export.get_data(as_text=True)
    api = client.get(f"/api/v1/networks/{world['network'].id}/self-positioning?campaign={later.id}").get_json()
    assert api["results_published"] is False and api["themes"] == api["items"] == []


def test_exports_and_api_carry_the_same_figures(client, make, login):
    world = self_positioning_network(make)
    login("coordinator", world["network"])
    nid, cid = world["network"].id, world["now"].id
    csv = client.get(f"/reseau/{nid}/export/themes-poles.csv?campagne={cid}")
    assert csv.status_code == 200
    lines = csv.get_data(as_text=True).splitlines()
    assert lines[0].lstrip("\ufeff").startswith("Pôle;Thème;Réponses (par item, au moins);Moyenne (1 à 4)")
    # (a column holding a hidden cell's reason is text: pandas writes its numbers with a point)
    pertuis = re.compile(f"^Pertuis;{ACCOMPAGNEMENT};8;2[.,]0;0[.,]0;2 items sur 4")
    assert any(pertuis.match(line) for line in lines), lines[:3]
    workbook = load_workbook(io.BytesIO(client.get(f"/reseau/{nid}/export/tout.xlsx?campagne={cid}").data))
    assert len(workbook.sheetnames) == 4  # themes, progression, items, establishments
    api = client.get(f"/api/v1/networks/{nid}/self-positioning?campaign={cid}").get_json()
    assert api["self_positioning"] is True and api["results_published"] is True
    pertuis = next(r for r in api["themes"] if r["pole"] == "Pertuis" and r["theme"] == ACCOMPAGNEMENT)
    assert pertuis["mean"] == 2.0 and pertuis["n"] == 8
    rituels = next(r for r in api["themes"] if r["pole"] == "Aix" and r["theme"] == "Rituels")
    assert rituels["mean"] == {"hidden": True, "reason": "aucune réponse"}
    assert [r["text"][:20] for r in api["items"][:1]] == ["Je repère les acquis"]


def test_the_cached_page_follows_the_campaign_it_reads(client, make, login, monkeypatch):
    world = self_positioning_network(make)
    calls = []
    original = network_dashboard.fill
    monkeypatch.setattr(network_dashboard, "fill", lambda s, d: calls.append(d.campaign.id) or original(s, d))
    login("coordinator", world["network"])
    nid = world["network"].id
    grid = client.get(f"/reseau/{nid}?campagne={world['grid'].id}").get_data(as_text=True)
    items = client.get(f"/reseau/{nid}?campagne={world['now'].id}").get_data(as_text=True)
    again = client.get(f"/reseau/{nid}?campagne={world['now'].id}").get_data(as_text=True)
    assert 'id="themes-poles"' in items and 'id="themes-poles"' not in grid and items == again
    assert calls == [world["grid"].id, world["now"].id]  # each rendered once, then served from the cache
    make.response(world["now"], world["est"]["Collège Pertuis"], {"ap-criteres-reussite": 4})  # a late import
    make.db.session.commit()
    client.get(f"/reseau/{nid}?campagne={world['now'].id}")
    assert calls[-1] == world["now"].id and len(calls) == 3
