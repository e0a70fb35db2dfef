"""The authorization matrix: every dashboard route, export and API answer × every role, own scope or not."""

import pytest

from tests.dashboards import small_network

# who → (scope chooser, may read establishment a3 (pole Aix), may read the network dashboard)
READERS = {
    "admin": (lambda w, other: None, True, True),
    "coordinator": (lambda w, other: w["network"], True, True),
    "coordinator-elsewhere": (lambda w, other: other["network"], False, False),
    "inspector": (lambda w, other: w["network"], True, True),
    "inspector-elsewhere": (lambda w, other: other["network"], False, False),
    "pilot": (lambda w, other: w["poles"][0], True, True),
    "pilot-other-pole": (lambda w, other: w["poles"][1], False, True),
    "head": (lambda w, other: w["est"][2], True, False),
    "head-other-establishment": (lambda w, other: w["est"][0], False, False),
}

ESTABLISHMENT_ROUTES = [
    "/etablissement/{uai}",
    "/etablissement/{uai}/imprimer",
    "/etablissement/{uai}/export/niveaux.csv",
    "/etablissement/{uai}/export/tout.xlsx",
    "/api/v1/establishments/{uai}/levels",
]
NETWORK_ROUTES = [
    "/reseau/{nid}",
    "/reseau/{nid}/imprimer",
    "/reseau/{nid}/export/etablissements.csv",
    "/reseau/{nid}/export/tout.xlsx",
    "/api/v1/networks/{nid}/poles",
    "/api/v1/networks/{nid}/progression",
    "/api/v1/networks/{nid}/establishments",
]


@pytest.mark.parametrize("who", list(READERS))
def test_matrix(client, make, login, who):
    world = small_network(make)
    elsewhere = {"network": make.network("Ailleurs")}
    scope_of, reads_establishment, reads_network = READERS[who]
    login(who.split("-")[0], scope_of(world, elsewhere))
    values = {"uai": world["est"][2].uai, "nid": world["network"].id}
    for route in ESTABLISHMENT_ROUTES:
        status = client.get(route.format(**values)).status_code
        assert status == (200 if reads_establishment else 403), (route, status)
    for route in NETWORK_ROUTES:
        status = client.get(route.format(**values)).status_code
        assert status == (200 if reads_network else 403), (route, status)


@pytest.mark.parametrize("route", ESTABLISHMENT_ROUTES + NETWORK_ROUTES)
def test_anonymous_is_refused_everywhere(client, make, route):
    world = small_network(make)
    response = client.get(route.format(uai=world["est"][2].uai, nid=world["network"].id))
    assert response.status_code in (302, 401)
    if route.startswith("/api/"):
        assert response.status_code == 401 and response.is_json
