"""Steering readers in the administration: invited with an académie or a département; a network placed in one."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Department, Role
from app.services.accounts.accounts import find_user


def test_an_admin_invites_the_academie_cell_and_a_dasen(client, login, make):
    academy = make.academy("Aix-Marseille")
    department = make.department("13", "Bouches-du-Rhône", academy)
    login("admin")
    form = client.get("/admin/utilisateurs/inviter").get_data(as_text=True)
    assert "Cellule académique (lecture)" in form and "Bouches-du-Rhône (13)" in form
    response = client.post(
        "/admin/utilisateurs/inviter", data={"email": "cellule@ac-test.fr", "role": "academy", "academy": academy.id}
    )
    assert response.status_code == 200, response.status_code
    user = find_user("cellule@ac-test.fr")
    assert user.role == Role.ACADEMY and [s.academy_id for s in user.scopes] == [academy.id]
    response = client.post(
        "/admin/utilisateurs/inviter",
        data={"email": "dasen@ac-test.fr", "role": "department", "department": department.id},
    )
    assert response.status_code == 200
    assert [s.department_id for s in find_user("dasen@ac-test.fr").scopes] == [department.id]


def test_a_steering_role_needs_its_own_kind_of_scope(client, login, make):
    network = make.network()
    login("admin")
    response = client.post(
        "/admin/utilisateurs/inviter", data={"email": "x@ac-test.fr", "role": "department", "networks": [network.id]}
    )
    assert response.status_code == 422
    assert "est un département." in response.get_data(as_text=True)
    assert find_user("x@ac-test.fr") is None


def test_a_coordinator_cannot_give_a_steering_role(client, login, make):
    network = make.network()
    make.department("13", academy=network.academy)
    login("coordinator", network)
    form = client.get("/admin/utilisateurs/inviter").get_data(as_text=True)
    assert "Cellule académique" not in form and "DASEN" not in form
    response = client.post(
        "/admin/utilisateurs/inviter", data={"email": "y@ac-test.fr", "role": "academy", "networks": [network.id]}
    )
    assert response.status_code == 422 and find_user("y@ac-test.fr") is None


def test_an_admin_places_a_network_in_a_departement(client, login, make):
    network = make.network("Calanques")
    login("admin")
    page = client.get(f"/admin/reseaux/{network.id}").get_data(as_text=True)
    assert "Code du département" in page
    response = client.post(f"/admin/reseaux/{network.id}/departement", data={"code": "013"})
    assert response.status_code == 302
    department = db.session.scalar(select(Department).filter_by(code="13"))
    assert department.name == "Bouches-du-Rhône" and network.department_id == department.id
    assert db.session.scalar(select(AuditEntry).filter_by(action="network.department")) is not None
    # a code that is no département, and a new one without its name: French messages, nothing stored
    client.post(f"/admin/reseaux/{network.id}/departement", data={"code": "1x"})
    assert "Code de département invalide" in client.get(f"/admin/reseaux/{network.id}").get_data(as_text=True)
    client.post(f"/admin/reseaux/{network.id}/departement", data={"code": "06"})
    assert "indiquez son nom" in client.get(f"/admin/reseaux/{network.id}").get_data(as_text=True)
    assert network.department_id == department.id
    client.post(f"/admin/reseaux/{network.id}/departement", data={"code": ""})
    assert network.department_id is None


def test_a_coordinator_cannot_place_their_network(client, login, make):
    network = make.network()
    login("coordinator", network)
    assert "Code du département" not in client.get(f"/admin/reseaux/{network.id}").get_data(as_text=True)
    assert client.post(f"/admin/reseaux/{network.id}/departement", data={"code": "13"}).status_code == 403
    assert network.department_id is None
