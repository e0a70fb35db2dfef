"""`?next=` leads only to a path of this site: known open-redirect payloads, at the helper and through the login."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from app.web.redirects import local_path_or_none

PASSWORD = "correct horse battery"

# Collected from open-redirect cheat sheets: each one, somewhere, has led a browser to another host.
PAYLOADS = [
    "//evil.com",
    "///evil.com",
    "////evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "\\/evil.com",
    "/\\/evil.com",
    "/%09/evil.com",
    "/\t/evil.com",
    "/\n/evil.com",
    "/\r\n/evil.com",
    "/%0a/evil.com",
    "/%0d/evil.com",
    "/%2F%2Fevil.com",
    "/%2f%2fevil.com",
    "%2F%2Fevil.com",
    "/%5Cevil.com",
    "/%5C%5Cevil.com",
    "/%252F%252Fevil.com",
    "/%25252F%25252Fevil.com",
    "https:evil.com",
    "http://evil.com",
    "https://evil.com/compte/",
    "HTTPS://evil.com",
    "//evil.com/%2F..",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "java%0ascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.com",
    "@evil.com",
    " //evil.com",
    "/ /evil.com",
    "/\x00/evil.com",
    "/\u2028/evil.com",
    "/\u200b/evil.com",
    "//evil.com\\@boussole.fr",
    "/%2F%2Fevil%E3%80%82com",
    "",
]

LOCAL = [
    "/",
    "/reseau/",
    "/admin/campagnes/3?onglet=codes#liste",
    "/etablissement/0750001A/tableau?campagne=2&vue=cat%C3%A9gories",
    "/.//evil.com",  # a path of this site: the browser stays here, on /evil.com of its own host at worst
    "/q/code",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_helper_refuses_what_leaves_the_site(payload):
    assert local_path_or_none(payload) is None


@pytest.mark.parametrize("path", LOCAL)
def test_the_helper_keeps_local_paths(path):
    assert local_path_or_none(path) == path


def test_no_next_is_no_path():
    assert local_path_or_none(None) is None


def _location_after_login(client, make, next_value: str) -> str | None:
    make.user("admin", email="admin@ac-test.fr", password=PASSWORD)
    response = client.post(
        f"/compte/connexion?next={quote(next_value, safe='')}",
        data={"email": "admin@ac-test.fr", "password": PASSWORD},
    )
    if response.status_code == 400 and "\x00" in next_value:
        return None  # refused before the login (app/web/security.py): nothing to follow
    assert response.status_code == 302
    return response.headers["Location"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_login_never_sends_the_browser_elsewhere(client, make, payload):
    location = _location_after_login(client, make, payload)
    if location is None:
        return
    parts = urlsplit(location)
    assert parts.netloc in ("", "localhost"), location
    assert not location.startswith(("//", "/\\", "\\")), location
    assert location == "/admin/", location  # the landing page instead


def test_the_reported_attack_lands_on_the_dashboard(client, make):
    make.user("admin", email="admin@ac-test.fr", password=PASSWORD)
    response = client.post(
        "/compte/connexion?next=/%09/evil.example/x", data={"email": "admin@ac-test.fr", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/admin/"


@pytest.mark.parametrize("path", LOCAL)
def test_the_login_follows_a_local_next(client, make, path):
    assert _location_after_login(client, make, path) == path
