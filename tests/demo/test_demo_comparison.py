"""The demo's networks compared: Sainte Victoire and Calanques in the 13, Ventoux in the 84, figures published."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.demo.build import DemoOptions
from app.models import Establishment, Network, User
from tests.demo_data import built_demo
from tests.steering.helpers import csv_rows

OPTIONS = DemoOptions(establishments=9, respondents=8, campaigns=2, seed=42)


@pytest.fixture
def demo(db, monkeypatch):
    return built_demo(db, monkeypatch, OPTIONS)


def test_three_networks_in_two_departements_sainte_victoire_unchanged(db, demo):
    networks = {n.name: n for n in db.session.scalars(select(Network))}
    assert {name: n.department.code for name, n in networks.items()} == {
        "Sainte Victoire": "13",
        "Calanques": "13",
        "Ventoux": "84",
    }
    counts = dict(
        db.session.execute(select(Establishment.network_id, func.count()).group_by(Establishment.network_id)).all()
    )
    assert counts == {networks["Sainte Victoire"].id: 9, networks["Calanques"].id: 6, networks["Ventoux"].id: 6}


def test_the_academie_compares_at_least_two_networks_with_published_figures(client, login, db, demo):
    academy_user = db.session.scalar(select(User).filter_by(email="academie@demo.boussole.fr"))
    login(user=academy_user)
    landing = client.get("/academie/", follow_redirects=True)
    assert landing.status_code == 200
    academy_id = academy_user.scopes[0].academy_id
    rows = csv_rows(client.get(f"/academie/{academy_id}/export/reseaux.csv"))
    published = {r["Réseau"] for r in rows if r["Niveau moyen (1 à 5)"][:1].isdigit()}
    assert {"Sainte Victoire", "Calanques", "Ventoux"} <= published
    progression = csv_rows(client.get(f"/academie/{academy_id}/export/progression-reseaux.csv"))
    assert len({r["Année scolaire"] for r in progression}) == 2  # year on year: the two closed school years


def test_the_dasen_compares_the_networks_of_the_bouches_du_rhone(client, login, db, demo):
    login(user=db.session.scalar(select(User).filter_by(email="dasen13@demo.boussole.fr")))
    rows = csv_rows(client.get("/academie/departement/13/export/reseaux.csv"))
    assert {r["Réseau"] for r in rows} == {"Sainte Victoire", "Calanques", "Département Bouches-du-Rhône (13)"}
    ventoux = db.session.scalar(select(Network).filter_by(name="Ventoux"))
    assert client.get(f"/reseau/{ventoux.id}").status_code == 404
