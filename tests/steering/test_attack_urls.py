"""Garbage in the steering and new administration URLs and forms: a 4xx with a French message, never a 500."""

from __future__ import annotations

import pytest

from tests.steering.helpers import two_departments

GETS = [
    "/academie/99999999999999999999",
    "/academie/-1",
    "/academie/abc",
    "/academie/{aid}?annee=2025",
    "/academie/{aid}?annee=2026-2025",
    "/academie/{aid}?annee=" + "9" * 500,
    "/academie/{aid}/export/reseaux.pdf",
    "/academie/{aid}/export/inconnu.csv",
    "/academie/{aid}/export/reseaux.csv?annee=1999-2000",
    "/academie/departement/%00",
    "/academie/departement/" + "x" * 300,
    "/academie/departement/99",
    "/academie/departement/13/export/..%2F..%2Fetc.csv",
    "/academie/departement/13?annee=%ff",
]


@pytest.mark.parametrize("url", GETS)
def test_garbage_steering_urls_are_4xx(client, login, make, url):
    world = two_departments(make)
    login("admin")
    response = client.get(url.format(aid=world["academy"].id))
    assert 400 <= response.status_code < 500, response.status_code


POSTS = [
    ("/admin/utilisateurs/{head}/modifier", {"role": "superadmin"}),
    ("/admin/utilisateurs/{head}/modifier", {"role": "academy", "academy": "-1"}),
    ("/admin/utilisateurs/{head}/modifier", {"role": "academy", "academy": "99999999999999999999"}),
    ("/admin/utilisateurs/{head}/modifier", {"role": "department", "department": "abc"}),
    ("/admin/utilisateurs/{head}/modifier", {"role": "coordinator", "networks": ["-1", "x", "99999999999999999999"]}),
    ("/admin/utilisateurs/{head}/modifier", {"role": "pilot", "pole": "99999999999999999999"}),
    ("/admin/utilisateurs/{head}/modifier", {"role": "head", "uais": "0000000A " * 500}),
    ("/admin/utilisateurs/{head}/modifier", {"role": "head", "uais": "=cmd|' /C calc'!A0"}),
    ("/admin/campagnes/{cid}/etablissements", {"establishment": "99999999999999999999"}),
    ("/admin/campagnes/{cid}/etablissements", {"establishment": "-1"}),
    ("/admin/campagnes/{cid}/etablissements/99999999999999999999/retirer", {}),
    ("/admin/reseaux/{nid}/departement", {"code": "999"}),
    ("/admin/reseaux/{nid}/departement", {"code": "42", "name": "x" * 5000}),
    ("/admin/reseaux/{nid}/departement", {"code": "\x00"}),
]


@pytest.mark.parametrize(("url", "data"), POSTS)
def test_garbage_administration_posts_are_refused(client, login, make, url, data):
    world = two_departments(make)
    head = make.user(role="head", scope=world["est"][0])
    login("admin")
    open_campaign = world["open"]
    target = url.format(head=head.id, cid=open_campaign.id, nid=world["networks"][0].id)
    response = client.post(target, data=data, follow_redirects=True)
    assert response.status_code < 500, response.status_code
    assert (
        response.status_code >= 400
        or "alert" in response.get_data(as_text=True)
        or "error" in response.get_data(as_text=True)
    )
