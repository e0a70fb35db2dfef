"""The API publishes a campaign's results once it is closed, as the pages do, and says so (issue 12)."""

from __future__ import annotations

from datetime import date

from app.models import CampaignStatus
from tests.publication import open_network


def test_the_document_describes_the_publication_fields(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/establishments/{uai}/levels", "/networks/{network_id}/poles", "/networks/{network_id}/progression"):
        schema = paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert {"results_published", "publication_note"} <= set(schema["properties"])


def test_an_open_campaign_answers_participation_only(client, make, login, db):
    world = open_network(make)
    world["now"].closes_on = date(2040, 6, 12)
    db.session.commit()
    login("coordinator", world["network"])
    x, network, now = world["est"][0], world["network"].id, world["now"].id
    levels = client.get(f"/api/v1/establishments/{x.uai}/levels?campaign={now}").get_json()
    assert levels["results_published"] is False and levels["levels"] == []
    assert levels["publication_note"] == (
        "Les résultats seront publiés à la clôture de la campagne, prévue le 12 juin 2040 (règle d'anonymat)."
    )
    assert (levels["responses"], levels["staff_size"], levels["participation"]) == (6, 20, 0.3)
    poles = client.get(f"/api/v1/networks/{network}/poles?campaign={now}").get_json()
    assert poles["cells"] == [] and poles["previous_campaign"] is None and poles["results_published"] is False
    table = client.get(f"/api/v1/networks/{network}/establishments?campaign={now}").get_json()
    assert [c["key"] for c in table["columns"]] == ["name", "uai", "kind", "pole", "responses", "rate"]
    assert {r["name"]: r["responses"] for r in table["rows"]} == {
        "Collège Xavier": 6,
        "Lycée Yves": 5,
        "Collège Zola": 8,
    }


def test_by_default_the_latest_closed_campaign_is_read(client, make, login, db):
    world = open_network(make)
    login("coordinator", world["network"])
    poles = client.get(f"/api/v1/networks/{world['network'].id}/poles").get_json()
    assert poles["campaign"]["id"] == world["before"].id and poles["results_published"] is True
    assert poles["publication_note"] is None and poles["cells"]
    world["now"].status = CampaignStatus.CLOSED
    db.session.commit()
    poles = client.get(f"/api/v1/networks/{world['network'].id}/poles").get_json()
    assert poles["campaign"]["id"] == world["now"].id and poles["cells"]
