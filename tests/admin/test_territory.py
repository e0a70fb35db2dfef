"""Networks and poles from the administration, and objects of another network out of reach."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Network, Pole


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_an_administrator_creates_a_network_once(client, login):
    admin = login("admin")
    response = client.post("/admin/reseaux", data={"name": "  Sainte   Victoire ", "academy": "Aix-Marseille"})
    assert response.status_code == 302
    network = db.session.scalar(select(Network).filter_by(name="Sainte Victoire"))
    assert network.academy.name == "Aix-Marseille"
    entry = db.session.scalar(select(AuditEntry).filter_by(action="network.create"))
    assert entry.user_id == admin.id and "Sainte Victoire" in entry.detail
    again = client.post("/admin/reseaux", data={"name": "sainte victoire", "academy": "Aix-Marseille"})
    assert again.status_code == 422
    assert "existe déjà" in again.get_data(as_text=True)


def test_a_coordinator_renames_the_network_and_manages_its_poles(client, login, world):
    login("coordinator", world.network)
    assert (
        client.post(f"/admin/reseaux/{world.network.id}/renommer", data={"name": "Sainte-Victoire"}).status_code == 302
    )
    assert world.network.name == "Sainte-Victoire"
    client.post(f"/admin/reseaux/{world.network.id}/poles", data={"new_pole-name": "Gardanne"})
    assert {p.name for p in world.network.poles} == {"Aix", "Pertuis", "Gardanne"}
    page = (
        client.post(
            f"/admin/reseaux/{world.network.id}/poles", data={"new_pole-name": "gardanne"}, follow_redirects=True
        )
        .get_data(as_text=True)
        .replace("&#39;", "'")
    )
    assert "existe déjà dans ce réseau" in page
    client.post(f"/admin/poles/{world.pole.id}/renommer", data={f"pole{world.pole.id}-name": "Aix-en-Provence"})
    assert world.pole.name == "Aix-en-Provence"
    page = (
        client.post(
            f"/admin/poles/{world.pole.id}/renommer",
            data={f"pole{world.pole.id}-name": "Pertuis"},
            follow_redirects=True,
        )
        .get_data(as_text=True)
        .replace("&#39;", "'")
    )
    assert "s'appelle déjà « Pertuis »" in page
    assert _actions() == ["network.rename", "pole.create", "pole.rename"]


def test_a_name_taken_by_another_network_is_refused(client, login, world):
    login("admin")
    page = (
        client.post(f"/admin/reseaux/{world.network.id}/renommer", data={"name": "CALANQUES"}, follow_redirects=True)
        .get_data(as_text=True)
        .replace("&#39;", "'")
    )
    assert "Un autre réseau s'appelle déjà" in page
    db.session.refresh(world.network)
    assert world.network.name == "Sainte Victoire"


def test_a_coordinator_sees_only_their_networks(client, login, world):
    login("coordinator", world.network)
    page = client.get("/admin/reseaux").get_data(as_text=True)
    assert "Sainte Victoire" in page and "Calanques" not in page
    assert "Créer un réseau" not in page


@pytest.mark.parametrize(
    "method,path,data",
    [
        ("GET", "/admin/reseaux/{w.other_network.id}", None),
        ("POST", "/admin/reseaux/{w.other_network.id}/renommer", {"name": "Volé"}),
        ("POST", "/admin/reseaux/{w.other_network.id}/poles", {"new_pole-name": "Volé"}),
        ("POST", "/admin/poles/{w.foreign_pole.id}/renommer", {"pole{w.foreign_pole.id}-name": "Volé"}),
        ("GET", "/admin/etablissements/{w.foreign.id}", None),
        ("POST", "/admin/etablissements/{w.foreign.id}/pole", {"pole": "{w.pole.id}"}),
        ("GET", "/admin/utilisateurs/{w.foreign_head.id}", None),
        ("POST", "/admin/utilisateurs/{w.foreign_head.id}/desactiver", None),
        ("GET", "/admin/campagnes/{w.foreign_campaign.id}", None),
        ("POST", "/admin/campagnes/{w.foreign_campaign.id}/statut/cloturer", None),
        ("GET", "/admin/campagnes/{w.foreign_campaign.id}/liens.csv", None),
        ("GET", "/admin/campagnes/{w.foreign_campaign.id}/etablissements/{w.foreign.id}/affiche", None),
        ("GET", "/admin/campagnes/{w.campaign.id}/etablissements/{w.foreign.id}/affiche", None),
        ("GET", "/admin/campagnes/{w.campaign.id}/etablissements/{w.foreign.id}/codes", None),
        ("GET", "/admin/reseaux/999999", None),
    ],
)
def test_objects_of_another_network_are_not_reachable_by_id(client, login, world, method, path, data):
    login("coordinator", world.network)
    form = {key.format(w=world): value.format(w=world) for key, value in data.items()} if data else None
    response = client.open(path.format(w=world), method=method, data=form)
    assert response.status_code == 404
    db.session.expire_all()
    assert world.other_network.name == "Calanques" and world.foreign_pole.name == "Marseille Sud"
    assert world.foreign.pole_id == world.foreign_pole.id and world.foreign_head.active
    assert world.foreign_campaign.status.value == "open"
    assert _actions() == []


def test_no_pole_of_another_network_can_be_added_by_name(client, login, world):
    login("coordinator", world.network)
    client.post(f"/admin/reseaux/{world.network.id}/poles", data={"new_pole-name": "Marseille Sud"})
    pole = db.session.scalar(select(Pole).filter_by(name="Marseille Sud", network_id=world.network.id))
    assert pole is not None and pole.id != world.foreign_pole.id  # a new pole of network A, B's is untouched
    assert world.foreign_pole.network_id == world.other_network.id
