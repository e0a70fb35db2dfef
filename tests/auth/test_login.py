"""Login, logout, the account page and where each role lands."""

from __future__ import annotations

import pytest

from app.extensions import db

PASSWORD = "correct horse battery"


@pytest.fixture
def head(make):
    establishment = make.establishment(name="Collège Mignet")
    return make.user("head", establishment, email="principal@ac-test.fr", password=PASSWORD)


def test_login_with_the_right_password_opens_a_session(client, head):
    response = client.post("/compte/connexion", data={"email": " Principal@AC-test.fr ", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/compte/").get_data(as_text=True)
    assert "Mon périmètre" in page and "Collège Mignet" in page


def test_a_wrong_password_is_refused_with_a_french_message(client, head):
    response = client.post("/compte/connexion", data={"email": head.email, "password": "wrong password!"})
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in response.get_data(as_text=True)
    assert client.get("/compte/").status_code == 302


def test_an_unknown_address_gets_the_same_answer(client, head):
    response = client.post("/compte/connexion", data={"email": "nobody@ac-test.fr", "password": PASSWORD})
    assert "Adresse électronique ou mot de passe incorrect." in response.get_data(as_text=True)


def test_a_disabled_account_cannot_log_in(client, make):
    user = make.user("admin", email="ancien@ac-test.fr", password=PASSWORD, active=False)
    response = client.post("/compte/connexion", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert client.get("/compte/").status_code == 302


def test_login_starts_a_new_session(client, head):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.post("/compte/connexion", data={"email": head.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == head.get_id()


@pytest.mark.parametrize(
    "role,scope_kind,landing",
    [
        ("admin", None, "/admin/"),
        ("coordinator", "network", "/admin/"),
        ("head", "establishment", "/etablissement/"),
    ],
)
def test_each_role_lands_on_its_dashboard(app, client, make, role, scope_kind, landing):
    establishment = make.establishment()
    scope = {"network": establishment.network, "establishment": establishment, None: None}[scope_kind]
    user = make.user(role, scope, password=PASSWORD)
    response = client.post("/compte/connexion", data={"email": user.email, "password": PASSWORD})
    exists = True
    try:
        app.url_map.bind("localhost").match(landing)
    except Exception as exc:
        exists = type(exc).__name__ == "RequestRedirect"
    assert response.headers["Location"] == (landing if exists else "/compte/")


def test_next_is_followed_only_within_the_site(client, head):
    response = client.post("/compte/connexion?next=/compte/", data={"email": head.email, "password": PASSWORD})
    assert response.headers["Location"] == "/compte/"
    client.post("/compte/deconnexion")
    response = client.post("/compte/connexion?next=//evil.example/", data={"email": head.email, "password": PASSWORD})
    assert "evil" not in response.headers["Location"]


def test_logout_is_a_post_and_ends_the_session(client, head):
    client.post("/compte/connexion", data={"email": head.email, "password": PASSWORD})
    assert client.get("/compte/deconnexion").status_code == 405
    response = client.post("/compte/deconnexion")
    assert response.status_code == 302
    assert client.get("/compte/").status_code == 302


def test_navigation_shows_links_by_role_and_a_logout_form(client, login, make):
    login("coordinator", make.network())
    page = client.get("/compte/").get_data(as_text=True)
    assert 'href="/reseau/"' in page and 'href="/admin/"' in page
    assert 'action="/compte/deconnexion"' in page
    client.post("/compte/deconnexion")
    login("head", make.establishment())
    page = client.get("/compte/").get_data(as_text=True)
    assert 'href="/etablissement/"' in page and 'href="/admin/"' not in page


def test_changing_the_password_keeps_this_session_and_ends_the_others(app, client, head):
    client.post("/compte/connexion", data={"email": head.email, "password": PASSWORD})
    other = app.test_client()
    other.post("/compte/connexion", data={"email": head.email, "password": PASSWORD})
    response = client.post(
        "/compte/",
        data={"current": PASSWORD, "password": "a brand new passphrase", "confirm": "a brand new passphrase"},
    )
    assert response.status_code == 302
    assert client.get("/compte/").status_code == 200
    assert other.get("/compte/").status_code == 302
    db.session.expire_all()
    assert head.session_version == 2


def test_changing_the_password_needs_the_current_one_and_twelve_characters(client, head):
    client.post("/compte/connexion", data={"email": head.email, "password": PASSWORD})
    page = client.post(
        "/compte/",
        data={"current": "not it", "password": "a brand new passphrase", "confirm": "a brand new passphrase"},
    ).get_data(as_text=True)
    assert "Mot de passe actuel incorrect." in page
    page = client.post("/compte/", data={"current": PASSWORD, "password": "short", "confirm": "short"}).get_data(
        as_text=True
    )
    assert "entre 12 et 256 caractères" in page
