"""Changing an account's role and scope in the administration: who may, what is journaled, when it holds."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Role, User
from app.services.accounts.accounts import change_access


def _page(response) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'")


def _edit(client, user: User, **data):
    return client.post(f"/admin/utilisateurs/{user.id}/modifier", data=data)


def _scope_ids(user: User) -> list[tuple[int | None, int | None, int | None]]:
    db.session.expire_all()
    return sorted((s.network_id, s.pole_id, s.establishment_id) for s in db.session.get(User, user.id).scopes)


def test_the_edit_form_shows_the_accounts_role_and_scope(client, login, world):
    login("admin")
    page = _page(client.get(f"/admin/utilisateurs/{world.head.id}/modifier"))
    assert '<option selected value="head">' in page
    assert f'value="{world.establishment.uai}"' in page
    assert "Modifier le rôle ou le périmètre" in _page(client.get(f"/admin/utilisateurs/{world.head.id}"))


def test_a_coordinator_gives_a_head_a_second_establishment_and_the_journal_says_before_and_after(client, login, world):
    coordinator = login("coordinator", world.network)
    response = _edit(client, world.head, role="head", uais=f"{world.establishment.uai} {world.sibling.uai.lower()}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/utilisateurs/{world.head.id}")
    assert _scope_ids(world.head) == sorted([(None, None, world.establishment.id), (None, None, world.sibling.id)])
    entry = db.session.scalar(select(AuditEntry).filter_by(action="user.access"))
    assert entry.user_id == coordinator.id
    assert entry.detail == (
        f"principal@ac-test.fr : Chef d'établissement — {world.establishment.label} → "
        f"Chef d'établissement — {world.establishment.label}, {world.sibling.label}"
    )
    # the head with two establishments lands on the chooser, and each dashboard offers to change
    login(user=db.session.get(User, world.head.id))
    chooser = _page(client.get("/etablissement/"))
    assert world.establishment.name in chooser and world.sibling.name in chooser
    assert "Changer d'établissement" in _page(client.get(f"/etablissement/{world.sibling.uai}"))


def test_an_admin_turns_a_head_into_a_pilot_then_an_inspector(client, login, world):
    login("admin")
    assert _edit(client, world.head, role="pilot", pole=world.other_pole.id).status_code == 302
    assert db.session.get(User, world.head.id).role == Role.PILOT
    assert _scope_ids(world.head) == [(None, world.other_pole.id, None)]
    both = [world.network.id, world.other_network.id]
    assert _edit(client, world.head, role="inspector", networks=both).status_code == 302
    assert _scope_ids(world.head) == sorted([(world.network.id, None, None), (world.other_network.id, None, None)])
    details = db.session.scalars(select(AuditEntry.detail).filter_by(action="user.access").order_by(AuditEntry.id))
    assert [d.split(" → ")[1] for d in details] == [
        "Pilote de pôle — Pôle Pertuis",
        "Inspecteur (IA-IPR, IEN) — Réseau Sainte Victoire, Réseau Calanques",
    ]


def test_nothing_changed_is_said_and_not_journaled(client, login, world):
    login("admin")
    response = _edit(client, world.head, role="head", uais=world.establishment.uai)
    assert response.status_code == 302
    assert "Rien n'a changé" in _page(client.get(response.headers["Location"]))
    assert db.session.scalar(select(AuditEntry).filter_by(action="user.access")) is None


def test_a_bad_scope_is_refused_in_french_and_keeps_what_was_typed(client, login, world):
    login("admin")
    typed = f"{world.establishment.uai} {world.sibling.uai}"
    response = _edit(client, world.head, role="pilot", uais=typed)
    assert response.status_code == 422
    page = _page(response)
    assert "Le périmètre d'un pilote de pôle est un pôle." in page
    assert f'value="{typed}"' in page  # nothing typed is lost
    unknown = _edit(client, world.head, role="head", uais="0000000A")
    assert unknown.status_code == 422 and "Aucun établissement n'a l'UAI « 0000000A »" in _page(unknown)
    invented_role = _edit(client, world.head, role="dictator", uais=world.establishment.uai)
    assert invented_role.status_code == 422
    assert db.session.get(User, world.head.id).role == Role.HEAD
    assert _scope_ids(world.head) == [(None, None, world.establishment.id)]


def test_a_coordinator_cannot_raise_anyone_above_their_own_reach(client, login, world):
    login("coordinator", world.network)
    as_admin = _edit(client, world.head, role="admin")
    assert as_admin.status_code == 422  # not among the coordinator's choices
    foreign = _edit(client, world.head, role="head", uais=f"{world.establishment.uai} {world.foreign.uai}")
    assert foreign.status_code == 422
    assert f"Aucun établissement de vos réseaux n'a l'UAI « {world.foreign.uai} »" in _page(foreign)
    other_network = _edit(client, world.head, role="coordinator", networks=[world.other_network.id])
    assert other_network.status_code == 422
    assert db.session.get(User, world.head.id).role == Role.HEAD
    assert _scope_ids(world.head) == [(None, None, world.establishment.id)]
    # the head of another network is not theirs to edit; nor is their own account
    assert client.get(f"/admin/utilisateurs/{world.foreign_head.id}/modifier").status_code == 404


def test_nobody_changes_their_own_role(client, login, world):
    admin = login("admin")
    response = _edit(client, admin, role="head", uais=world.establishment.uai)
    assert response.status_code == 403
    assert "votre propre rôle" in _page(response)
    assert db.session.get(User, admin.id).role == Role.ADMIN
    assert "Modifier le rôle" not in _page(client.get(f"/admin/utilisateurs/{admin.id}"))


def test_rights_taken_away_hold_from_the_next_request_without_signing_out(client, login, make, world):
    admin = make.user("admin")
    head = login(user=make.user("head", [world.establishment, world.sibling]))
    assert client.get(f"/etablissement/{world.sibling.uai}").status_code == 200
    change_access(head, Role.HEAD, [world.establishment], admin)
    db.session.commit()
    assert client.get(f"/etablissement/{world.sibling.uai}").status_code == 404
    assert client.get(f"/etablissement/{world.establishment.uai}").status_code == 200  # still signed in
