"""Accounts in the administration: invite with a role and a scope, disable, enable, new links."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Role, User
from app.services.accounts.accounts import find_user


def _page(response) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'")


def _link(page: str) -> str:
    return re.search(r'id="invitation-link" type="text" readonly value="([^"]+)"', page)[1]


def test_a_coordinator_invites_a_head_and_gets_a_one_time_link(client, login, world):
    coordinator = login("coordinator", world.network)
    response = client.post(
        "/admin/utilisateurs/inviter",
        data={
            "email": "Adjoint@AC-test.fr",
            "name": "M. Adjoint",
            "role": "head",
            "uais": f" {world.sibling.uai.lower()} ",
        },
    )
    assert response.status_code == 200
    page = _page(response)
    link = _link(page)
    assert "/compte/invitation/" in link and "valable <strong>7 jours</strong>" in page
    user = find_user("adjoint@ac-test.fr")
    assert user.role == Role.HEAD and user.password_hash is None
    assert [scope.establishment_id for scope in user.scopes] == [world.sibling.id]
    entry = db.session.scalar(select(AuditEntry).filter_by(action="user.invite"))
    assert entry.user_id == coordinator.id and "adjoint@ac-test.fr" in entry.detail
    assert "/compte/invitation/" not in entry.detail  # the link is shown once, never stored


def test_inviting_into_another_network_is_refused(client, login, world):
    login("coordinator", world.network)
    response = client.post(
        "/admin/utilisateurs/inviter", data={"email": "x@ac-test.fr", "role": "head", "uais": world.foreign.uai}
    )
    invented = client.post(
        "/admin/utilisateurs/inviter", data={"email": "x@ac-test.fr", "role": "head", "uais": "0000000A"}
    )
    assert response.status_code == invented.status_code == 422
    # another network's UAI reads as one that exists nowhere: a coordinator cannot probe who is in Boussole
    assert f"Aucun établissement de vos réseaux n'a l'UAI « {world.foreign.uai} »" in _page(response)
    assert _page(response).replace(world.foreign.uai, "0000000A") == _page(invented)
    assert find_user("x@ac-test.fr") is None
    response = client.post(
        "/admin/utilisateurs/inviter", data={"email": "x@ac-test.fr", "role": "pilot", "pole": world.foreign_pole.id}
    )
    assert response.status_code == 422
    response = client.post("/admin/utilisateurs/inviter", data={"email": "x@ac-test.fr", "role": "admin"})
    assert response.status_code == 422  # a coordinator cannot make administrators
    assert find_user("x@ac-test.fr") is None


def test_the_scope_must_fit_the_role(client, login, world):
    login("admin")
    cases = [
        ({"role": "pilot"}, "un pôle"),
        ({"role": "pilot", "pole": world.pole.id, "networks": [world.network.id]}, "un pôle"),
        ({"role": "coordinator", "uais": world.establishment.uai}, "un ou plusieurs réseaux"),
        ({"role": "head", "uais": "0000000A"}, "Aucun établissement n'a l'UAI"),
        ({"role": "admin", "networks": [world.network.id]}, "ne lui donnez pas de périmètre"),
    ]
    for fields, message in cases:
        response = client.post("/admin/utilisateurs/inviter", data={"email": "x@ac-test.fr", **fields})
        assert response.status_code == 422, fields
        assert message in _page(response), fields
    assert find_user("x@ac-test.fr") is None


def test_an_address_already_taken_or_malformed_is_refused(client, login, world):
    login("admin")
    page = _page(
        client.post(
            "/admin/utilisateurs/inviter",
            data={"email": "PRINCIPAL@ac-test.fr", "role": "head", "uais": world.establishment.uai},
        )
    )
    assert "Un compte existe déjà" in page
    response = client.post("/admin/utilisateurs/inviter", data={"email": "pas une adresse", "role": "admin"})
    assert response.status_code == 422


def test_an_inspector_of_two_networks_and_a_pilot(client, login, world):
    login("admin")
    client.post(
        "/admin/utilisateurs/inviter",
        data={"email": "ia@ac-test.fr", "role": "inspector", "networks": [world.network.id, world.other_network.id]},
    )
    client.post(
        "/admin/utilisateurs/inviter", data={"email": "pilote@ac-test.fr", "role": "pilot", "pole": world.pole.id}
    )
    assert {s.network_id for s in find_user("ia@ac-test.fr").scopes} == {world.network.id, world.other_network.id}
    assert [s.pole_id for s in find_user("pilote@ac-test.fr").scopes] == [world.pole.id]


def test_the_list_shows_only_the_accounts_a_coordinator_manages(client, login, world, make):
    make.user("inspector", [world.network, world.other_network], email="ia.deux@ac-test.fr")
    make.user("admin", email="recteur@ac-test.fr")
    login("coordinator", world.network)
    page = _page(client.get("/admin/utilisateurs"))
    assert "principal@ac-test.fr" in page
    assert "principal.marseille@ac-test.fr" not in page and "recteur@ac-test.fr" not in page
    page = _page(client.get("/admin/utilisateurs?q=marseille"))
    assert "principal@ac-test.fr" not in page
    inspector = find_user("ia.deux@ac-test.fr")
    assert client.get(f"/admin/utilisateurs/{inspector.id}").status_code == 404  # also scoped elsewhere


def test_disable_and_enable_bump_the_session_version(client, login, world):
    admin = login("admin")
    head = world.head
    assert client.post(f"/admin/utilisateurs/{head.id}/desactiver").status_code == 302
    assert not head.active and head.session_version == 2
    assert client.post(f"/admin/utilisateurs/{head.id}/reactiver").status_code == 302
    assert head.active and head.session_version == 3
    page = _page(client.post(f"/admin/utilisateurs/{admin.id}/desactiver", follow_redirects=True))
    assert "votre propre compte" in page
    assert admin.active
    actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["user.disable", "user.enable"]


def test_a_new_invitation_link_replaces_nothing_until_used(client, login, world):
    login("admin")
    first = _link(_page(client.post(f"/admin/utilisateurs/{world.head.id}/invitation")))
    second = _link(_page(client.post(f"/admin/utilisateurs/{world.head.id}/invitation")))
    path = first.removeprefix("http://localhost")  # the address the page was served on
    client.post("/compte/deconnexion")
    assert client.post(path, data={"password": "une phrase solide", "confirm": "une phrase solide"}).status_code == 302
    assert (
        client.get(second.removeprefix("http://localhost")).status_code == 410
    )  # the password changed: every link dies


def test_a_disabled_account_gets_no_new_link(client, login, world):
    login("admin")
    client.post(f"/admin/utilisateurs/{world.head.id}/desactiver")
    page = _page(client.post(f"/admin/utilisateurs/{world.head.id}/invitation", follow_redirects=True))
    assert "Réactivez d'abord ce compte." in page
    db.session.expire_all()
    assert db.session.get(User, world.head.id).active is False
