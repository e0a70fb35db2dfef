"""Throttling, CSRF, cache headers and sessions that end when an account is disabled."""

from __future__ import annotations

from app.extensions import db
from app.services.accounts.accounts import set_active

PASSWORD = "correct horse battery"


def test_ten_wrong_passwords_are_throttled_per_account(limited_app, make):
    user = make.user("head", make.establishment(), email="cible@ac-test.fr", password=PASSWORD)
    bystander = make.user("head", make.establishment(), email="voisin@ac-test.fr", password=PASSWORD)
    db.session.commit()
    client = limited_app.test_client()
    statuses = [
        client.post("/compte/connexion", data={"email": user.email, "password": f"essai {n}"}).status_code
        for n in range(10)
    ]
    assert statuses[:5] == [200] * 5
    assert statuses[5:] == [429] * 5
    throttled = client.post("/compte/connexion", data={"email": user.email, "password": PASSWORD})
    assert throttled.status_code == 429
    assert "Trop de tentatives" in throttled.get_data(as_text=True)
    # the same school (same IP), another account: not throttled
    assert client.post("/compte/connexion", data={"email": bystander.email, "password": PASSWORD}).status_code == 302


def test_a_form_without_csrf_token_is_refused(csrf_client, make):
    user = make.user("admin", email="admin@ac-test.fr", password=PASSWORD)
    response = csrf_client.post("/compte/connexion", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Le formulaire a expiré" in response.get_data(as_text=True)
    assert csrf_client.get("/compte/").status_code == 302


def test_an_admin_action_without_csrf_token_is_refused(csrf_client, app, make):
    network = make.network("Réseau Sainte Victoire")
    admin = make.user("admin")
    with app.test_request_context(environ_base=csrf_client.environ_base):
        identifier = app.login_manager._session_identifier_generator()
    with csrf_client.session_transaction() as session:
        session.update({"_user_id": admin.get_id(), "_fresh": True, "_id": identifier})
    response = csrf_client.post(f"/admin/reseaux/{network.id}/renommer", data={"name": "Piraté"})
    assert response.status_code == 400
    db.session.refresh(network)
    assert network.name == "Réseau Sainte Victoire"


def test_a_form_with_its_csrf_token_goes_through(csrf_client, make):
    import re

    user = make.user("admin", email="admin@ac-test.fr", password=PASSWORD)
    page = csrf_client.get("/compte/connexion").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    response = csrf_client.post(
        "/compte/connexion", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_a_disabled_accounts_open_session_stops_working(client, login, make):
    user = login("coordinator", make.network())
    assert client.get("/admin/").status_code == 200
    set_active(user, False, None)
    db.session.commit()
    response = client.get("/admin/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/compte/connexion")


def test_disabling_from_the_administration_ends_the_session(app, client, login, make):
    network = make.network()
    coordinator = make.user("coordinator", network, email="coord@ac-test.fr", password=PASSWORD)
    coordinator_client = app.test_client()
    coordinator_client.post("/compte/connexion", data={"email": coordinator.email, "password": PASSWORD})
    assert coordinator_client.get("/admin/").status_code == 200
    login("admin")
    assert client.post(f"/admin/utilisateurs/{coordinator.id}/desactiver").status_code == 302
    assert coordinator_client.get("/admin/").status_code == 302


def test_signed_in_pages_are_not_cached(client, login):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    assert client.get("/compte/connexion").headers["Cache-Control"] == "no-store"
    login("admin")
    for path in ("/", "/compte/", "/admin/", "/admin/journal"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_session_cookie_is_httponly_and_samesite(client, make):
    user = make.user("admin", email="admin@ac-test.fr", password=PASSWORD)
    response = client.post("/compte/connexion", data={"email": user.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_an_upload_over_5_mb_gets_a_french_413(client, login):
    login("admin")
    # A body built by hand: werkzeug's test client would spool it to a temporary file it never closes.
    boundary = "boussole"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="annuaire.csv"\r\n'
            f"Content-Type: text/csv\r\n\r\n"
        ).encode()
        + b"x" * (5 * 1024 * 1024 + 10)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.post(
        "/admin/etablissements/import", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 413
    assert "Fichier trop volumineux" in response.get_data(as_text=True)
