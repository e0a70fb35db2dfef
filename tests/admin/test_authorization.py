"""The authorization matrix: every administration route × every role, with the status each must get."""

from __future__ import annotations

import io
import re

import pytest

from app.extensions import db
from app.models import Establishment, OutboxMessage
from tests.admin.conftest import ROLES

ANONYMOUS = "anonymous"
ALL_ROLES = [*ROLES, ANONYMOUS]

# kind: "list" pages show each manager their own territory; "object" routes touch an object of network A;
# "form_a" posts a form naming network A (another network's coordinator cannot pick it);
# "admin" routes are for administrators only.


def _directory(w) -> dict:
    csv = "Identifiant_de_l_etablissement;Nom_etablissement\n0130050J;Lycée Vauvenargues\n".encode()
    return {"file": (io.BytesIO(csv), "annuaire.csv"), "network": w.network.id, "pole": w.pole.id}


def _newcomer(w) -> dict:
    """An establishment of network A that is not in its campaign yet."""
    newcomer = Establishment(uai="0130999Z", name="École Cézanne", network_id=w.network.id, pole_id=w.pole.id)
    db.session.add(newcomer)
    db.session.commit()
    return {"establishment": newcomer.id}


def _failed_mail(w) -> dict:
    """A mail given up on, for the « Renvoyer » button (mail stays off: it goes back to the queue, unsent)."""
    db.session.add(OutboxMessage(id=4242, kind="invitation", recipient="x@ac-test.fr", subject="s", status="failed"))
    db.session.commit()
    return {}


ROUTES = [
    ("GET", "/admin/", "list", None, 200),
    ("GET", "/admin/reseaux", "list", None, 200),
    ("POST", "/admin/reseaux", "admin", lambda w: {"name": "Réseau Étoile", "academy": "Aix-Marseille"}, 302),
    ("GET", "/admin/reseaux/{w.network.id}", "object", None, 200),
    ("POST", "/admin/reseaux/{w.network.id}/renommer", "object", lambda w: {"name": "Réseau Sainte-Victoire"}, 302),
    ("POST", "/admin/reseaux/{w.network.id}/poles", "object", lambda w: {"new_pole-name": "Gardanne"}, 302),
    ("POST", "/admin/reseaux/{w.network.id}/departement", "admin", lambda w: {"code": "84"}, 302),
    ("POST", "/admin/poles/{w.pole.id}/renommer", "object", lambda w: {f"pole{w.pole.id}-name": "Aix-Centre"}, 302),
    ("GET", "/admin/etablissements", "list", None, 200),
    ("GET", "/admin/etablissements/import", "list", None, 200),
    ("GET", "/admin/etablissements/a-rattacher", "list", None, 200),
    ("POST", "/admin/etablissements/import", "form_a", _directory, 200),
    ("GET", "/admin/etablissements/{w.establishment.id}", "object", None, 200),
    ("POST", "/admin/etablissements/{w.establishment.id}/pole", "object", lambda w: {"pole": w.other_pole.id}, 302),
    ("GET", "/admin/utilisateurs", "list", None, 200),
    ("GET", "/admin/utilisateurs/inviter", "list", None, 200),
    (
        "POST",
        "/admin/utilisateurs/inviter",
        "form_a",
        lambda w: {"email": "adjoint@ac-test.fr", "role": "head", "uais": w.sibling.uai},
        200,
    ),
    ("GET", "/admin/utilisateurs/{w.head.id}", "object", None, 200),
    ("POST", "/admin/utilisateurs/{w.head.id}/desactiver", "object", None, 302),
    ("POST", "/admin/utilisateurs/{w.head.id}/reactiver", "object", None, 302),
    ("POST", "/admin/utilisateurs/{w.head.id}/invitation", "object", None, 200),
    ("GET", "/admin/utilisateurs/{w.head.id}/modifier", "object", None, 200),
    (
        "POST",
        "/admin/utilisateurs/{w.head.id}/modifier",
        "object",
        lambda w: {"role": "head", "uais": f"{w.establishment.uai} {w.sibling.uai}"},
        302,
    ),
    ("GET", "/admin/campagnes", "list", None, 200),
    ("GET", "/admin/campagnes/nouvelle", "list", None, 200),
    (
        "POST",
        "/admin/campagnes/nouvelle",
        "form_a",
        lambda w: {
            "survey": w.campaign.survey_id,
            "network": w.network.id,
            "school_year": "2026-2027",
            "access_mode": "link",
        },
        302,
    ),
    ("GET", "/admin/campagnes/{w.campaign.id}", "object", None, 200),
    ("POST", "/admin/campagnes/{w.campaign.id}/statut/cloturer", "object", None, 302),
    (
        "POST",
        "/admin/campagnes/{w.campaign.id}/codes",
        "object",
        lambda w: {"establishment": w.establishment.id, "count": 3},
        302,
    ),
    ("POST", "/admin/campagnes/{w.campaign.id}/etablissements", "object", _newcomer, 302),
    ("POST", "/admin/campagnes/{w.campaign.id}/etablissements/{w.sibling.id}/retirer", "object", None, 302),
    ("GET", "/admin/campagnes/{w.campaign.id}/liens.csv", "object", None, 200),
    ("GET", "/admin/campagnes/{w.campaign.id}/codes.csv", "object", None, 200),
    ("GET", "/admin/campagnes/{w.campaign.id}/etablissements/{w.establishment.id}/affiche", "object", None, 200),
    ("GET", "/admin/campagnes/{w.campaign.id}/etablissements/{w.establishment.id}/codes", "object", None, 200),
    ("GET", "/admin/journal", "admin", None, 200),
    ("GET", "/admin/courriels", "admin", None, 200),
    ("POST", "/admin/courriels/envoyer", "admin", None, 302),
    ("POST", "/admin/courriels/4242/renvoyer", "admin", _failed_mail, 302),
]


def expected_status(kind: str, role: str, allowed: int) -> int:
    if role == ANONYMOUS:
        return 302
    if role not in ("admin", "coordinator", "coordinator_other"):
        return 403  # inspectors, pilots and heads read dashboards, they administer nothing
    if kind == "admin" and role != "admin":
        return 403
    if kind == "object" and role == "coordinator_other":
        return 404  # another network's object is as missing as one that does not exist
    if kind == "form_a" and role == "coordinator_other":
        return 422  # network A is not among the choices of their form
    return allowed


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("method,path,kind,data,allowed", ROUTES, ids=[f"{r[0]} {r[1]}" for r in ROUTES])
def test_admin_route_answers_each_role_as_it_must(client, world, login_as, role, method, path, kind, data, allowed):
    login_as(role)
    url = path.format(w=world)
    response = client.open(url, method=method, data=data(world) if data else None)
    assert response.status_code == expected_status(kind, role, allowed), response.get_data(as_text=True)[:500]
    if role == ANONYMOUS:
        assert response.headers["Location"].startswith("/compte/connexion")


def test_the_matrix_covers_every_administration_route(app):
    adapter = app.url_map.bind("localhost")
    covered = {
        (method, adapter.match(re.sub(r"\{[^}]+\}", "1", path), method=method)[0]) for method, path, *_ in ROUTES
    }
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin."):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (method, rule.endpoint) in covered, f"{method} {rule.rule} is not in the matrix"


@pytest.mark.parametrize("role", ALL_ROLES)
def test_account_page_needs_a_login_and_nothing_else(client, login_as, role):
    login_as(role)
    response = client.get("/compte/")
    assert response.status_code == (302 if role == ANONYMOUS else 200)


class _Invented:
    """Stands for the world with every object replaced by one that does not exist."""

    def __getattr__(self, name: str):
        return type("Missing", (), {"id": 999_999})()


OBJECT_ROUTES = [route for route in ROUTES if route[2] == "object"]


@pytest.mark.parametrize("method,path,kind,data,allowed", OBJECT_ROUTES, ids=[f"{r[0]} {r[1]}" for r in OBJECT_ROUTES])
def test_another_networks_object_answers_as_an_invented_one(client, world, login_as, method, path, kind, data, allowed):
    """A coordinator cannot tell another network's objects from ids that exist nowhere: same status, same page."""
    login_as("coordinator_other")
    sent = data(world) if data else None
    found = client.open(path.format(w=world), method=method, data=sent)
    invented = client.open(path.format(w=_Invented()), method=method, data=sent)
    assert found.status_code == invented.status_code == 404
    assert found.get_data(as_text=True) == invented.get_data(as_text=True)
