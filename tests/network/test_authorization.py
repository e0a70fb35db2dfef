"""The authorization matrix: every dashboard route, export and API answer × every role, own scope or not.

Outside the reader's scope an establishment, a network, a pole or a campaign is as missing as one that does not
exist: the same 404 and the same body, so that no reader learns which identifiers exist (issue 12, attack 10).
"""

from __future__ import annotations

import pytest

from app.models import CampaignStatus
from tests.dashboards import small_network

UNKNOWN_UAI = "0000000A"
UNKNOWN_ID = 999_999

# who → (scope chooser, may read establishment a3 (pole Aix), the network dashboard's status)
# The network dashboard: 200 for its readers, 403 for a head of the network (it is theirs, only not for them),
# 404 for everyone else.
READERS = {
    "admin": (lambda w, other: None, True, 200),
    "coordinator": (lambda w, other: w["network"], True, 200),
    "coordinator-elsewhere": (lambda w, other: other["network"], False, 404),
    "inspector": (lambda w, other: w["network"], True, 200),
    "inspector-elsewhere": (lambda w, other: other["network"], False, 404),
    "pilot": (lambda w, other: w["poles"][0], True, 200),
    "pilot-other-pole": (lambda w, other: w["poles"][1], False, 200),
    "pilot-elsewhere": (lambda w, other: other["pole"], False, 404),
    "head": (lambda w, other: w["est"][2], True, 403),
    "head-other-establishment": (lambda w, other: w["est"][0], False, 403),
    "head-elsewhere": (lambda w, other: other["establishment"], False, 404),
    # the académie's steering cell and the DASEN: whole networks, read only (issue 14, item 5)
    "academy": (lambda w, other: w["network"].academy, True, 200),
    "academy-elsewhere": (lambda w, other: other["network"].academy, False, 404),
    "department": (lambda w, other: w["network"].department, True, 200),
    "department-elsewhere": (lambda w, other: other["network"].department, False, 404),
}

ESTABLISHMENT_ROUTES = [
    "/etablissement/{uai}",
    "/etablissement/{uai}/imprimer",
    "/etablissement/{uai}/export/niveaux.csv",
    "/etablissement/{uai}/export/tout.xlsx",
    "/etablissement/{uai}/bilan.pdf",
    "/etablissement/{uai}/synthese.pdf",
    "/api/v1/establishments/{uai}/levels",
    "/etablissement/{uai}/commentaires",
    "/etablissement/{uai}/commentaires/export.csv",
    "/api/v1/establishments/{uai}/comments",
    "/etablissement/{uai}/besoins",
    "/etablissement/{uai}/besoins/export/tout.xlsx",
]
NETWORK_ROUTES = [
    "/reseau/{nid}",
    "/reseau/{nid}/imprimer",
    "/reseau/{nid}/export/etablissements.csv",
    "/reseau/{nid}/export/tout.xlsx",
    "/reseau/{nid}/bilan.pdf",
    "/api/v1/networks/{nid}/poles",
    "/api/v1/networks/{nid}/progression",
    "/api/v1/networks/{nid}/establishments",
    "/reseau/{nid}/commentaires",
    "/reseau/{nid}/commentaires/export.csv",
    "/api/v1/networks/{nid}/comments",
    "/api/v1/networks/{nid}/self-positioning",
    "/reseau/{nid}/besoins",
    "/reseau/{nid}/besoins/export/tout.xlsx",
]
ESTABLISHMENT_POSTS = [
    ("/etablissement/{uai}/niveaux-convenus", {"level_0": "3"}),
    ("/etablissement/{uai}/effectif", {"staff_size": "30"}),
]
# Single-use codes: handed out by the head and the network's coordination; read-only readers are refused in scope.
CODES_ROUTES = [
    ("GET", "/etablissement/{uai}/codes", None),
    ("GET", "/etablissement/{uai}/codes/{cid}/feuille", None),
    ("POST", "/etablissement/{uai}/codes/{cid}", {"count": "3"}),
]
# Comment moderation: the network's coordination (and admins) only; readers of the network 403, outsiders 404.
MODERATION_POSTS = [
    ("/reseau/{nid}/commentaires/masquer", {"token": "", "reason": "Nomme une personne"}),
    ("/reseau/{nid}/commentaires/afficher", {"token": ""}),
]


# Feuilles de route: (level, page) read by whom; written by whom (the others in sight get 403, the rest 404).
ROADMAP_PAGES = {
    "establishment": "/etablissement/{uai}/feuille-de-route",
    "pole": "/reseau/{nid}/pole/{pid}/feuille-de-route",
    "network": "/reseau/{nid}/feuille-de-route",
}
ROADMAP_API = {
    "establishment": "/api/v1/establishments/{uai}/roadmap",
    "pole": "/api/v1/networks/{nid}/poles/{pid}/roadmap",
    "network": "/api/v1/networks/{nid}/roadmap",
}
ROADMAP_READERS = {
    "establishment": {"admin", "coordinator", "inspector", "pilot", "head", "academy", "department"},
    "pole": {"admin", "coordinator", "inspector", "pilot", "head", "head-other-establishment", "academy", "department"},
    "network": {w for w in READERS if not w.endswith("-elsewhere")},
}
ROADMAP_WRITERS = {
    "establishment": {"admin", "coordinator", "head"},
    "pole": {"admin", "coordinator", "pilot"},
    "network": {"admin", "coordinator"},
}
ROADMAP_ACTIONS = ["", "/{prid}", "/{prid}/statut", "/{prid}/supprimer", "/reprendre"]
PRIORITY_FORM = {"subject": "dimension:collectif", "target": "4", "status": "en_cours"}

# Indicator campaigns (docs/indicators.md): read by the readers of the establishment or the network dashboard (no
# campaign argument), entered by the head, the pilot of the establishment's pole and the network's coordination.
INDICATOR_ESTABLISHMENT_ROUTES = [
    "/etablissement/{uai}/indicateurs",
    "/etablissement/{uai}/indicateurs/{cid}",
    "/etablissement/{uai}/indicateurs/export/tout.xlsx",
]
INDICATOR_NETWORK_ROUTES = [
    "/reseau/{nid}/indicateurs",
    "/reseau/{nid}/indicateurs/export/tout.xlsx",
    "/api/v1/networks/{nid}/indicators",
]
INDICATOR_WRITERS = {"admin", "coordinator", "pilot", "head"}


def _elsewhere(make) -> dict:
    """Another network with its pole, establishment and closed campaign: nothing of it is the readers' business."""
    network = make.network("Ailleurs")
    pole = make.pole("Loin", network=network)
    establishment = make.establishment(pole=pole, name="Collège Lointain")
    campaign = make.campaign(network=network, status=CampaignStatus.CLOSED, establishments=[establishment])
    return {"network": network, "pole": pole, "establishment": establishment, "campaign": campaign}


def _campaign_arg(route: str) -> str:
    return "campaign" if route.startswith("/api/") else "campagne"


def _same_answer(found, unknown, what: str) -> None:
    """The answer about an object outside the scope is byte for byte the answer about an invented one."""
    assert (found.status_code, unknown.status_code) == (404, 404), (what, found.status_code, unknown.status_code)
    assert found.content_type == unknown.content_type, what
    assert found.get_data(as_text=True) == unknown.get_data(as_text=True), what


def _with_self_positioning(make, world: dict) -> dict:
    """A closed self-positioning campaign beside the grid, so that the needs pages and exports have results."""
    items = make.campaign(
        "autopositionnement", network=world["network"], status=CampaignStatus.CLOSED, establishments=world["est"]
    )
    for value in (1, 2, 3, 3, 4, 4):
        make.response(items, world["est"][2], {"ap-besoins-debut-sequence": value, "ap-differenciation": 5 - value})
    return world | {"items": items}


@pytest.fixture
def worlds(make):
    world, elsewhere = _with_self_positioning(make, small_network(make)), _elsewhere(make)
    # each network in a département of its own académie, for the steering readers
    world["network"].department = make.department("13", academy=world["network"].academy)
    elsewhere["network"].department = make.department("84", academy=elsewhere["network"].academy)
    return world, elsewhere


@pytest.mark.parametrize("who", list(READERS))
@pytest.mark.parametrize("route", ESTABLISHMENT_ROUTES)
def test_establishment_routes(client, login, worlds, who, route):
    world, elsewhere = worlds
    scope_of, reads_establishment, _ = READERS[who]
    login(who.split("-")[0], scope_of(world, elsewhere))
    found = client.get(route.format(uai=world["est"][2].uai))
    if reads_establishment:
        assert found.status_code == 200, (route, found.status_code)
        # another network's campaign is as unknown as a campaign that never was
        arg = _campaign_arg(route)
        foreign = client.get(route.format(uai=world["est"][2].uai) + f"?{arg}={elsewhere['campaign'].id}")
        invented = client.get(route.format(uai=world["est"][2].uai) + f"?{arg}={UNKNOWN_ID}")
        _same_answer(foreign, invented, f"{route}?{arg}")
    else:
        _same_answer(found, client.get(route.format(uai=UNKNOWN_UAI)), route)
    # a reader of this network sees nothing of the other one: its establishment is as unknown as any
    if who != "admin" and not who.endswith("-elsewhere"):
        _same_answer(
            client.get(route.format(uai=elsewhere["establishment"].uai)),
            client.get(route.format(uai=UNKNOWN_UAI)),
            f"{route} (another network)",
        )


@pytest.mark.parametrize("who", list(READERS))
@pytest.mark.parametrize("route", NETWORK_ROUTES)
def test_network_routes(client, login, worlds, who, route):
    world, elsewhere = worlds
    scope_of, _, network_status = READERS[who]
    login(who.split("-")[0], scope_of(world, elsewhere))
    found = client.get(route.format(nid=world["network"].id))
    if network_status == 404:
        _same_answer(found, client.get(route.format(nid=UNKNOWN_ID)), route)
        return
    assert found.status_code == network_status, (route, found.status_code)
    if network_status != 200:
        return
    url = route.format(nid=world["network"].id)
    arg = _campaign_arg(route)
    _same_answer(
        client.get(f"{url}?{arg}={elsewhere['campaign'].id}"), client.get(f"{url}?{arg}={UNKNOWN_ID}"), f"{url} {arg}"
    )
    _same_answer(client.get(f"{url}?pole={elsewhere['pole'].id}"), client.get(f"{url}?pole={UNKNOWN_ID}"), url)
    if who == "pilot-other-pole":  # a pole of their network that is not theirs: as unknown as any
        _same_answer(client.get(f"{url}?pole={world['poles'][0].id}"), client.get(f"{url}?pole={UNKNOWN_ID}"), url)


@pytest.mark.parametrize("who", list(READERS))
@pytest.mark.parametrize("route,data", ESTABLISHMENT_POSTS)
def test_establishment_forms(client, login, worlds, who, route, data):
    world, elsewhere = worlds
    scope_of, reads_establishment, _ = READERS[who]
    login(who.split("-")[0], scope_of(world, elsewhere))
    url = route.format(uai=world["est"][2].uai) + f"?campagne={world['now'].id}"
    response = client.post(url, data=data)
    if not reads_establishment:
        invented = client.post(route.format(uai=UNKNOWN_UAI) + f"?campagne={world['now'].id}", data=data)
        _same_answer(response, invented, route)
    elif who in ("admin", "coordinator", "head"):
        assert response.status_code in (302, 422), (route, response.status_code)
    else:
        assert response.status_code == 403, (route, response.status_code)  # in their scope, not theirs to write


@pytest.mark.parametrize("who", list(READERS))
@pytest.mark.parametrize("method,route,data", CODES_ROUTES)
def test_codes_routes(client, login, worlds, who, method, route, data):
    world, elsewhere = worlds
    scope_of, reads_establishment, _ = READERS[who]
    login(who.split("-")[0], scope_of(world, elsewhere))
    send = client.get if method == "GET" else client.post
    response = send(route.format(uai=world["est"][2].uai, cid=world["now"].id), data=data)
    if not reads_establishment:
        invented = send(route.format(uai=UNKNOWN_UAI, cid=world["now"].id), data=data)
        _same_answer(response, invented, route)
    elif who in ("admin", "coordinator", "head"):
        # the campaign is by link, not by codes: the page answers, a codes campaign's sheet is unknown
        assert response.status_code == (200 if route.endswith("/codes") else 404), (route, response.status_code)
    else:
        assert response.status_code == 403, (route, response.status_code)  # in their scope, not theirs to hand out


@pytest.mark.parametrize("who", list(READERS))
@pytest.mark.parametrize("route,data", MODERATION_POSTS)
def test_moderation_forms(client, login, worlds, who, route, data):
    world, elsewhere = worlds
    scope_of, _, network_status = READERS[who]
    login(who.split("-")[0], scope_of(world, elsewhere))
    query = f"?campagne={world['now'].id}"
    response = client.post(route.format(nid=world["network"].id) + query, data=data)
    if network_status == 404:
        _same_answer(response, client.post(route.format(nid=UNKNOWN_ID) + query, data=data), route)
    elif who in ("admin", "coordinator"):
        assert response.status_code == 303, (route, response.status_code)  # no comment named: back, with the reason
        client.get(response.headers["Location"])  # the page shows (and spends) the message
        foreign = client.post(
            route.format(nid=world["network"].id) + f"?campagne={elsewhere['campaign'].id}", data=data
        )
        invented = client.post(route.format(nid=world["network"].id) + f"?campagne={UNKNOWN_ID}", data=data)
        _same_answer(foreign, invented, f"{route}?campagne")
    else:
        assert response.status_code == 403, (route, response.status_code)  # in their sight, not theirs to moderate


@pytest.fixture
def roadmaps(worlds):
    """One priority in the 2025-2026 feuille de route of a3, of pole Aix and of the network."""
    from datetime import UTC, datetime

    from app.services.roadmaps.roadmaps import PriorityInput, add_priority

    world, elsewhere = worlds
    now = datetime(2025, 10, 1, tzinfo=UTC)
    owners = {"establishment": world["est"][2], "pole": world["poles"][0], "network": world["network"]}
    made = {
        level: add_priority(o, "2025-2026", PriorityInput("dimension:collectif", 4), None, now)
        for level, o in owners.items()
    }
    made["elsewhere"] = add_priority(
        elsewhere["establishment"], "2025-2026", PriorityInput("dimension:collectif", 4), None, now
    )
    return world, elsewhere, made


def _roadmap_url(template: str, world, pole=None, uai=None, nid=None, prid=None) -> str:
    return template.format(
        uai=uai or world["est"][2].uai,
        nid=nid if nid is not None else world["network"].id,
        pid=pole if pole is not None else world["poles"][0].id,
        prid=prid,
    )


def _invented(template: str, world) -> str:
    return _roadmap_url(template, world, pole=UNKNOWN_ID, uai=UNKNOWN_UAI, nid=UNKNOWN_ID, prid=UNKNOWN_ID)


@pytest.mark.parametrize("who", list(READERS))
@pytest.mark.parametrize("level", list(ROADMAP_PAGES))
@pytest.mark.parametrize("suffix", ["", ".csv", "api"])
def test_roadmap_reads(client, login, roadmaps, who, level, suffix):
    world, elsewhere, _ = roadmaps
    scope_of = READERS[who][0]
    login(who.split("-")[0], scope_of(world, elsewhere))
    template = ROADMAP_API[level] if suffix == "api" else ROADMAP_PAGES[level] + suffix
    found = client.get(
        _roadmap_url(template, world) + ("?school_year=2025-2026" if suffix == "api" else "?annee=2025-2026")
    )
    if who in ROADMAP_READERS[level]:
        assert found.status_code == 200, (template, found.status_code)
    else:
        _same_answer(found, client.get(_invented(template, world)), template)
    if level == "pole" and who in ROADMAP_READERS[level]:  # a pole of another network, through this network's id
        _same_answer(
            client.get(_roadmap_url(template, world, pole=elsewhere["pole"].id)),
            client.get(_invented(template, world)),
            template,
        )


@pytest.mark.parametrize("who", list(READERS))
@pytest.mark.parametrize("level", list(ROADMAP_PAGES))
@pytest.mark.parametrize("action", ROADMAP_ACTIONS)
def test_roadmap_writes(client, login, roadmaps, who, level, action):
    world, elsewhere, made = roadmaps
    scope_of = READERS[who][0]
    login(who.split("-")[0], scope_of(world, elsewhere))
    template = ROADMAP_PAGES[level] + action
    data = {"status": "realisee"} if action.endswith("statut") else PRIORITY_FORM
    if who in ROADMAP_WRITERS[level] and "{prid}" in action:
        # another owner's priority through this page: as unknown as an invented one
        foreign = client.post(_roadmap_url(template, world, prid=made["elsewhere"].id), data=data)
        _same_answer(foreign, client.post(_roadmap_url(template, world, prid=UNKNOWN_ID), data=data), template)
    response = client.post(_roadmap_url(template, world, prid=made[level].id) + "?annee=2025-2026", data=data)
    if who in ROADMAP_WRITERS[level]:
        assert response.status_code in (303, 422), (template, response.status_code)
    elif who in ROADMAP_READERS[level]:
        assert response.status_code == 403, (template, response.status_code)  # in sight, read only
    else:
        _same_answer(response, client.post(_invented(template, world) + "?annee=2025-2026", data=data), template)


def test_the_matrix_covers_every_dashboard_route(app):
    """A new dashboard, export or API route that takes an identifier must join the matrix above."""
    adapter = app.url_map.bind("localhost")
    gets = [r.format(uai=UNKNOWN_UAI, nid=1) for r in ESTABLISHMENT_ROUTES + NETWORK_ROUTES]
    posts = [r.format(uai=UNKNOWN_UAI) for r, _ in ESTABLISHMENT_POSTS]
    codes = [(m, r.format(uai=UNKNOWN_UAI, cid=1)) for m, r, _ in CODES_ROUTES]
    codes += [("POST", r.format(nid=1)) for r, _ in MODERATION_POSTS]
    gets += [r.format(uai=UNKNOWN_UAI, nid=1, cid=1) for r in INDICATOR_ESTABLISHMENT_ROUTES + INDICATOR_NETWORK_ROUTES]
    roadmap_gets = [
        t.format(uai=UNKNOWN_UAI, nid=1, pid=1)
        for t in [*ROADMAP_API.values(), *ROADMAP_PAGES.values(), *(p + ".csv" for p in ROADMAP_PAGES.values())]
    ]
    roadmap_posts = [
        (p + a).format(uai=UNKNOWN_UAI, nid=1, pid=1, prid=1) for p in ROADMAP_PAGES.values() for a in ROADMAP_ACTIONS
    ]
    covered = (
        {adapter.match(url, method="GET")[0] for url in gets + roadmap_gets}
        | {adapter.match(url, method="POST")[0] for url in roadmap_posts}
        | {adapter.match(url, method="POST")[0] for url in posts}
        | {adapter.match(url, method=method)[0] for method, url in codes}
    )
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in ("establishment", "network", "api") and rule.arguments:
            assert rule.endpoint in covered, f"{rule.rule} is not in the matrix"


@pytest.mark.parametrize("route", ESTABLISHMENT_ROUTES + NETWORK_ROUTES)
def test_anonymous_is_refused_everywhere(client, make, route):
    world = small_network(make)
    response = client.get(route.format(uai=world["est"][2].uai, nid=world["network"].id))
    assert response.status_code in (302, 401)
    if route.startswith("/api/"):
        assert response.status_code == 401 and response.is_json


@pytest.mark.parametrize("who", list(READERS))
def test_indicator_routes(client, login, make, worlds, who):
    world, elsewhere = worlds
    campaign = make.campaign("poles-de-stages", network=world["network"], period="S2", establishments=world["est"])
    scope_of, reads_establishment, network_status = READERS[who]
    login(who.split("-")[0], scope_of(world, elsewhere))
    uai = world["est"][2].uai
    for route in INDICATOR_ESTABLISHMENT_ROUTES:
        found = client.get(route.format(uai=uai, cid=campaign.id))
        if reads_establishment:
            assert found.status_code == 200, (route, found.status_code)
        else:
            _same_answer(found, client.get(route.format(uai=UNKNOWN_UAI, cid=campaign.id)), route)
    sent = client.post(f"/etablissement/{uai}/indicateurs/{campaign.id}", data={})
    if not reads_establishment:
        _same_answer(sent, client.post(f"/etablissement/{UNKNOWN_UAI}/indicateurs/{campaign.id}", data={}), "post")
    else:  # an empty form is refused by its required indicators; a reader in sight who may not enter, 403
        assert sent.status_code == (422 if who in INDICATOR_WRITERS else 403), (who, sent.status_code)
    for route in INDICATOR_NETWORK_ROUTES:
        found = client.get(route.format(nid=world["network"].id))
        if network_status == 404:
            _same_answer(found, client.get(route.format(nid=UNKNOWN_ID)), route)
        else:
            assert found.status_code == network_status, (route, found.status_code)
