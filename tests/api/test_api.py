"""The JSON API: same scopes and threshold as the pages, JSON errors, an OpenAPI description."""

from tests.dashboards import small_network


def test_openapi_document_describes_every_route(client, app):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    rules = {
        r.rule.removeprefix("/api/v1").replace("<int:", "{").replace("<", "{").replace(">", "}")
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("api.") and r.endpoint != "api.openapi"
    }
    assert rules == set(doc["paths"])


def test_anonymous_calls_get_a_json_401(client, make):
    response = client.get("/api/v1/campaigns")
    assert response.status_code == 401 and response.get_json()["status"] == 401


def test_levels_hand_computed_and_hidden_cell(client, make, login):
    world = small_network(make)
    a1, a2, a3, _ = world["est"]
    login("admin")
    grand = client.get(f"/api/v1/establishments/{a3.uai}/levels").get_json()
    collectif = next(level for level in grand["levels"] if level["dimension"] == "collectif")
    assert collectif["n"] == 20 and collectif["median"] == 3 and abs(collectif["mean"] - 3.4) < 1e-9
    assert collectif["distribution"] == {"1": 0, "2": 0, "3": 12, "4": 8, "5": 0}
    small = client.get(f"/api/v1/establishments/{a1.uai}/levels").get_json()
    assert all(level["hidden"] and level["reason"] == "moins de 5 réponses" for level in small["levels"])
    assert all("median" not in level and "distribution" not in level for level in small["levels"])
    moyen = client.get(f"/api/v1/establishments/{a2.uai}/levels").get_json()
    assert all(level["hidden"] for level in moyen["levels"])  # complementary suppression


def test_a_head_cannot_read_another_establishment(client, make, login):
    world = small_network(make)
    login("head", world["est"][0])
    response = client.get(f"/api/v1/establishments/{world['est'][1].uai}/levels")
    unknown = client.get("/api/v1/establishments/0000000A/levels")
    assert response.status_code == unknown.status_code == 404
    assert response.get_json() == unknown.get_json()  # nothing tells an existing establishment from an invented one
    assert client.get(f"/api/v1/networks/{world['network'].id}/poles").status_code == 403  # their own network
    assert client.get("/api/v1/establishments/nope/levels").status_code == 404


def test_poles_and_progression_for_a_pilot(client, make, login):
    world = small_network(make)
    pole_a, pole_b = world["poles"]
    login("pilot", pole_b)
    poles = client.get(f"/api/v1/networks/{world['network'].id}/poles").get_json()
    assert {cell["name"] for cell in poles["cells"]} == {"Pertuis"}
    change = next(c for c in poles["cells"] if c["dimension"] == "collectif")["change_since_previous"]
    assert abs(change - 1.5) < 1e-9
    progression = client.get(f"/api/v1/networks/{world['network'].id}/progression").get_json()
    assert {p["school_year"] for p in progression["points"]} == {"2024-2025", "2025-2026"}
    rows = client.get(f"/api/v1/networks/{world['network'].id}/establishments").get_json()["rows"]
    assert [row["name"] for row in rows] == ["Collège Pertuis"]
    assert client.get(f"/api/v1/networks/{world['network'].id}/poles?pole={pole_a.id}").status_code == 404


def test_campaigns_listed_within_scope_and_bad_arguments(client, make, login):
    world = small_network(make)
    make.campaign(network=make.network())
    login("inspector", world["network"])
    listed = client.get("/api/v1/campaigns").get_json()["campaigns"]
    assert {c["id"] for c in listed} == {world["before"].id, world["now"].id}
    response = client.get(f"/api/v1/networks/{world['network'].id}/poles?campaign=abc")
    assert response.status_code == 400 and response.is_json
    assert client.get(f"/api/v1/networks/{world['network'].id}/poles?campaign=424242").status_code == 404
