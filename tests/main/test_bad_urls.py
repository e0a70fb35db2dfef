"""Garbage in every path of every route, for an anonymous visitor and signed-in users: a 4xx or a redirect, never a 500.

The routes are read from the app's own URL map, so a new route is covered the day it is added.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import pytest

from app import create_app
from app.models import AccessMode
from tests.conftest import TEST_CONFIG

# Typed as they would arrive in a URL: some already percent-encoded, so that the server decodes them.
GARBAGE = [
    "a" * 3000,  # very long
    quote("é🙂中文\u202eŉ"),  # unicode, a right-to-left override
    "..%2F..%2Fetc%2Fpasswd",  # an encoded path traversal
    "%2e%2e",  # ".." itself
    "%00",
    "x%00y",  # NUL, alone and inside
    "%ff%fe",  # not UTF-8
    quote("<script>alert(1)</script>"),
    quote("' OR 1=1 --"),
    "-1",
    "0",
    "00000001",
    "2147483648",  # one past a 32-bit integer
    "99999999999999999999999",  # past a 64-bit integer
    quote("١٢٣"),  # Arabic-Indic digits (Werkzeug's int converter accepts them)
    "%20",
    "null",
]
# The query arguments the pages read (filters, pages, campaigns), each given garbage.
QUERIES = [
    "page=" + "9" * 30 + "&q=%00&campaign=-1&pole=" + "9" * 30 + "&network=" + "9" * 30 + "&type=" + "x" * 500,
    "page=%ff&q=" + "a" * 3000 + "&campaign=" + "9" * 30 + "&pole=%00&network=%00&retour=%2F%2Fevil.example",
    "next=%2F%2Fevil.example&code=%00&network=aucun&pole=-1&campaign=1e3&campagne=0x10&etablissement=%00",
]
ROUTES = sorted(
    (rule.rule, rule.endpoint, method)
    for rule in create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"}).url_map.iter_rules()
    for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
)


@dataclass
class Places:
    """A valid value for each kind of path argument, so that garbage can be put in one argument at a time."""

    values: dict[str, str]


@pytest.fixture
def places(make, db) -> Places:
    establishment = make.establishment()
    campaign = make.campaign(network=establishment.network, access_mode=AccessMode.LINK)
    link = make.campaign_establishment(campaign, establishment)
    other = make.user("coordinator", establishment.network)
    db.session.commit()
    return Places(
        {
            "campaign_id": str(campaign.id),
            "establishment_id": str(establishment.id),
            "network_id": str(establishment.network_id),
            "academy_id": str(establishment.network.academy_id),
            "code": "13",
            "pole_id": str(establishment.pole_id),
            "user_id": str(other.id),
            "action": "ouvrir",
            "uai": establishment.uai,
            "table_id": "tout",
            "fmt": "xlsx",
            "token": link.token,
            "section_id": "collectif",
            "priority_id": "1",  # a feuille de route priority
            "raw": "x",
            "filename": "css/boussole.css",
        }
    )


def _urls(rule, places: Places) -> list[str]:
    """The rule with garbage in one argument at a time (the others valid), then in all of them at once."""

    def build(values: dict[str, str]) -> str:
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<{_converter(rule, name)}{name}>", values[name])
        return url

    if not rule.arguments:
        return [rule.rule] + [f"{rule.rule}?{query}" for query in QUERIES]
    urls = []
    for garbage in GARBAGE:
        for name in rule.arguments:
            urls.append(build({**places.values, name: garbage}))
        if len(rule.arguments) > 1:
            urls.append(build(dict.fromkeys(rule.arguments, garbage)))
    return urls


def _converter(rule, name: str) -> str:
    """The converter prefix as written in the rule (`int:`, `path:` or none)."""
    for prefix in ("int:", "path:", ""):
        if f"<{prefix}{name}>" in rule.rule:
            return prefix
    raise AssertionError(f"{rule.rule}: argument {name} not found")


@pytest.mark.parametrize(("path", "endpoint", "method"), ROUTES)
def test_garbage_in_the_path_never_gives_a_server_error(app, client, login, make, places, path, endpoint, method):
    rule = next(r for r in app.url_map.iter_rules() if (r.rule, r.endpoint) == (path, endpoint))
    users = {"anonymous": None, "admin": make.user("admin"), "head": make.user("head", make.establishment())}
    failures = []
    for name, user in users.items():
        with client.session_transaction() as session:
            session.clear()
        if user is not None:
            login(user=user)
        for url in _urls(rule, places):
            failures += _problems(client, method, url, name)
    assert not failures, "\n".join(failures)


def _problems(client, method: str, url: str, user: str) -> list[str]:
    """What is wrong with the answer to one request: a server error, or a 4xx that is not the app's own page."""
    where = f"{user}: {method} {url[:120]}"
    try:
        response = client.open(url, method=method, data={} if method == "POST" else None)
    except Exception as exc:  # TESTING propagates what would be a 500
        return [f"{where} → {type(exc).__name__}: {str(exc)[:200]}"]
    if response.status_code >= 500:
        return [f"{where} → {response.status_code}"]
    if response.status_code < 400:
        return []
    if url.startswith("/api/"):
        if not (response.is_json and response.get_json().get("status") == response.status_code):
            return [f"{where} → {response.status_code} without a JSON error"]
        return []
    body = response.get_data(as_text=True)
    if 'lang="fr"' not in body or "The requested URL" in body:  # Werkzeug's English default page
        return [f"{where} → {response.status_code} without the French error page"]
    return []


def test_every_route_is_covered(app):
    """The parametrised list above is the URL map of the app under test."""
    served = {(r.rule, r.endpoint, m) for r in app.url_map.iter_rules() for m in r.methods - {"HEAD", "OPTIONS"}}
    assert served == set(ROUTES)


def test_a_nul_character_anywhere_is_a_french_400(client, login, places):
    """PostgreSQL cannot hold one: refused before any query, on both databases."""
    for response in (
        client.get(f"/q/{places.values['token'][:5]}%00"),
        client.get("/q/code?retour=a%00"),
        client.post("/q/code", data={"code": "ABCD\x00EFGH"}),
        client.post("/q/code", data={"co\x00de": "ABCD"}),
    ):
        assert response.status_code == 400
        assert "caractère nul" in response.get_data(as_text=True)
    login("admin")
    response = client.get(f"/api/v1/establishments/{places.values['uai']}%00/levels")
    assert response.status_code == 400 and "caractère nul" in response.get_json()["message"]


def test_an_id_past_the_database_range_is_a_404_and_a_filter_past_it_is_ignored(client, login, places):
    login("admin")
    assert client.get("/reseau/2147483647").status_code == 404  # the largest id: looked up, absent
    assert client.get("/reseau/2147483648").status_code == 404  # one more: not even looked up
    assert client.get(f"/admin/etablissements?pole={'9' * 30}&network={'9' * 30}").status_code == 200
    response = client.get(f"/api/v1/networks/{places.values['network_id']}/poles?campaign=2147483648")
    assert response.status_code == 400 and "de 0 à 2147483647" in response.get_json()["message"]


def test_a_method_not_allowed_names_the_allowed_ones(client):
    for path, allowed in (
        ("/", {"GET", "HEAD", "OPTIONS"}),
        ("/api/v1/campaigns", {"GET", "HEAD", "OPTIONS"}),
        ("/q/code", {"GET", "HEAD", "OPTIONS", "POST"}),
    ):
        response = client.delete(path)
        assert response.status_code == 405
        assert set(response.headers["Allow"].split(", ")) == allowed


@pytest.mark.parametrize("body", [0, 1.5, [1, 2], "texte", {"code": 5}, {"code": ["A", 1]}])
def test_a_json_body_sent_to_a_form_is_a_415(client, login, places, body):
    """Flask-WTF would take it as the form: a number where text is expected, or no mapping at all."""
    for path in ("/q/code", f"/q/{places.values['token']}/commencer", "/compte/connexion"):
        response = client.post(path, json=body)
        assert response.status_code == 415, path
        assert "attend un formulaire, pas des données JSON" in response.get_data(as_text=True)
    login("admin")
    assert client.post("/admin/etablissements/import", json=body).status_code == 415
    assert client.post("/api/v1/campaigns", json=body).status_code == 405  # no such route: the method is the problem


def test_an_encoded_slash_in_a_path_value_is_a_404_not_a_redirect(client, db, make):
    """`%2F` decodes to "/": Werkzeug's slash merging would answer 308 to another page."""
    campaign = make.campaign()
    link = make.campaign_establishment(campaign, make.establishment())
    for method in (client.get, client.post):
        response = method(f"/q/{link.token}/etape/%2F0")
        assert response.status_code == 404, response.status_code
