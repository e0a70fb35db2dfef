"""BOUSSOLE_PASSWORD_LOGIN=0: single sign-on is the only way in, and every password page says so."""

from __future__ import annotations

import html

import pytest

from app import create_app
from app.config import ConfigError
from app.extensions import db
from app.services.accounts.links import INVITATION, RESET, make_token
from tests.conftest import TEST_CONFIG
from tests.oidc.server import ProviderBrowser, sign_on_enabled

PASSWORD = "correct horse battery"
OFF = "La connexion par mot de passe est désactivée"


@pytest.fixture
def sign_on_only(app, oidc_provider):
    with sign_on_enabled(app, oidc_provider.issuer, BOUSSOLE_PASSWORD_LOGIN=False):
        yield oidc_provider


@pytest.fixture
def head(make):
    user = make.user("head", make.establishment(), email="principal@ac-test.fr", password=PASSWORD)
    db.session.commit()
    return user


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_login_page_shows_only_the_sign_on_button(client, sign_on_only):
    page = text(client.get("/compte/connexion"))
    assert "Se connecter avec l'identité de l'académie" in page
    assert 'name="password"' not in page and "Mot de passe oublié" not in page


def test_a_right_password_is_refused(client, sign_on_only, head):
    response = client.post("/compte/connexion", data={"email": head.email, "password": PASSWORD})
    assert response.status_code == 403 and OFF in text(response)
    with client.session_transaction() as session:
        assert "_user_id" not in session


@pytest.mark.parametrize("method", ["get", "post"])
def test_forgotten_passwords_and_reset_links_are_refused(client, sign_on_only, head, method):
    for path in ("/compte/mot-de-passe-oublie", f"/compte/reinitialiser/{make_token(head, RESET)}"):
        response = getattr(client, method)(path, data={"email": head.email, "password": PASSWORD, "confirm": PASSWORD})
        assert response.status_code == 403 and OFF in text(response), path


def test_an_invitation_says_to_sign_in_with_the_provider(client, sign_on_only, make):
    invited = make.user("head", make.establishment(), email="invitee@ac-test.fr")
    db.session.commit()
    link = f"/compte/invitation/{make_token(invited, INVITATION)}"
    page = text(client.get(link))
    assert "invitee@ac-test.fr" in page and "on ne choisit pas de mot de passe" in page
    assert 'href="/compte/connexion/sso"' in page
    response = client.post(link, data={"password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 403
    assert db.session.get(type(invited), invited.id).password_hash is None


def test_the_account_page_offers_no_password_change(client, sign_on_only, login):
    login("admin")
    assert "Changer de mot de passe" not in text(client.get("/compte/"))
    response = client.post("/compte/", data={"current": PASSWORD, "password": PASSWORD * 2, "confirm": PASSWORD * 2})
    assert response.status_code == 403


def test_sign_on_still_opens_the_account(client, sign_on_only, head):
    browser = ProviderBrowser(sign_on_only.issuer)
    callback = browser.follow(client.get("/compte/connexion/sso").location, head.email)
    assert client.get(callback).location == "/etablissement/"


def test_passwords_on_by_default(client, head):
    assert 'name="password"' in text(client.get("/compte/connexion"))
    assert client.post("/compte/connexion", data={"email": head.email, "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    "settings,message",
    [
        ({"BOUSSOLE_PASSWORD_LOGIN": False}, "personne ne pourrait se connecter"),
        ({"OIDC_ISSUER": "https://idp.example"}, "sans OIDC_CLIENT_ID et OIDC_CLIENT_SECRET"),
        ({"OIDC_ISSUER": "https://idp.example", "OIDC_CLIENT_ID": "b"}, "sans OIDC_CLIENT_ID et OIDC_CLIENT_SECRET"),
        (
            {
                "OIDC_ISSUER": "https://idp.example",
                "OIDC_CLIENT_ID": "b",
                "OIDC_CLIENT_SECRET": "s",
                "OIDC_SCOPES": "email",
            },
            "doit contenir « openid »",
        ),
    ],
)
def test_start_up_refuses_a_configuration_nobody_could_sign_in_with(settings, message):
    with pytest.raises(ConfigError, match=message):
        create_app({**TEST_CONFIG, **settings})


def test_pages_let_the_logout_form_reach_the_provider(client, sign_on_only):
    policy = client.get("/compte/connexion").headers["Content-Security-Policy"]
    assert f"form-action 'self' {sign_on_only.issuer}" in policy


def test_without_sign_on_forms_stay_on_the_site(client):
    assert "form-action 'self';" in client.get("/compte/connexion").headers["Content-Security-Policy"] + ";"
