"""Single sign-on against a real OpenID provider (tests/oidc/provider): the journey, its refusals, its logout."""

from __future__ import annotations

import html
import time
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import User
from app.services.accounts.accounts import find_user
from bench.server import free_port
from tests.oidc.server import CLIENT_ID, SHORT_CODE, UNVERIFIED, LoginAsked, ProviderBrowser, sign_on_enabled

HEAD = "principal@ac-test.fr"


@pytest.fixture
def sign_on(app, oidc_provider):
    with sign_on_enabled(app, oidc_provider.issuer):
        yield oidc_provider


@pytest.fixture
def provider_browser(oidc_provider) -> ProviderBrowser:
    return ProviderBrowser(oidc_provider.issuer)


@pytest.fixture
def head(make):
    user = make.user("head", make.establishment(name="Collège Mignet"), email=HEAD)
    db.session.commit()
    return user


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def authorize_url(client, next_path: str | None = None) -> str:
    response = client.get("/compte/connexion/sso" + (f"?next={next_path}" if next_path else ""))
    assert response.status_code == 302, text(response)
    return response.location


def with_param(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()} | params
    return urlunsplit(parts._replace(query=urlencode(query)))


def sign_in(client, provider_browser, email: str, next_path: str | None = None):
    callback = provider_browser.follow(authorize_url(client, next_path), email)
    return client.get(callback)


def signed_in_as(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("_user_id")


def test_the_login_page_offers_sign_on_when_configured(client, sign_on):
    page = text(client.get("/compte/connexion"))
    assert "Se connecter avec l'identité de l'académie" in page
    assert 'name="password"' in page  # passwords stay unless BOUSSOLE_PASSWORD_LOGIN=0


def test_the_login_page_passes_next_on_to_sign_on(client, sign_on):
    page = text(client.get("/compte/connexion?next=/reseau/"))
    assert 'href="/compte/connexion/sso?next=/reseau/"' in page
    assert 'href="/compte/connexion/sso"' in text(client.get("/compte/connexion?next=//evil.example/"))


def test_the_authorization_request_carries_state_nonce_and_pkce(client, sign_on):
    query = parse_qs(urlsplit(authorize_url(client)).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0]
    assert query["scope"] == ["openid email profile"]
    assert query["redirect_uri"] == ["http://localhost/compte/connexion/sso/retour"]


def test_a_verified_address_opens_its_account_in_a_new_session(client, sign_on, provider_browser, head):
    client.get("/compte/connexion")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    response = sign_in(client, provider_browser, "Principal@AC-test.fr")
    assert response.status_code == 302 and response.location == "/etablissement/"
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == head.get_id()
        assert session["sign_on_id_token"].count(".") == 2  # kept for the provider's logout
    assert "Collège Mignet" in text(client.get("/compte/"))


def test_a_userinfo_signed_as_a_jwt_is_read(client, app, oidc_provider, provider_browser, head):
    """ProConnect's profile: the secret in the token request's body, userinfo as a signed JWT, its signature checked."""
    jwt_client = {"OIDC_CLIENT_ID": CLIENT_ID + "-jwt", "OIDC_TOKEN_AUTH_METHOD": "client_secret_post"}
    with sign_on_enabled(app, oidc_provider.issuer, **jwt_client):
        response = sign_in(client, provider_browser, HEAD)
    assert response.status_code == 302 and response.location == "/etablissement/"
    assert signed_in_as(client) == head.get_id()


def test_sign_on_goes_back_to_a_local_next_only(client, sign_on, provider_browser, head):
    assert sign_in(client, provider_browser, HEAD, "/compte/").location == "/compte/"
    client.post("/compte/deconnexion")
    provider_browser.http.cookies.clear()
    assert sign_in(client, provider_browser, HEAD, "//evil.example/").location == "/etablissement/"


def test_an_unknown_address_is_refused_and_no_account_is_created(client, sign_on, provider_browser, head):
    users = db.session.scalar(select(func.count()).select_from(User))
    response = sign_in(client, provider_browser, "inconnu@ac-test.fr")
    assert response.status_code == 403
    page = text(response)
    assert "Aucun compte Boussole ne correspond" in page and "administrateur de votre réseau" in page
    assert db.session.scalar(select(func.count()).select_from(User)) == users
    assert find_user("inconnu@ac-test.fr") is None
    assert signed_in_as(client) is None


def test_a_disabled_account_is_refused(client, sign_on, provider_browser, make):
    make.user("admin", email="ancien@ac-test.fr", active=False)
    db.session.commit()
    response = sign_in(client, provider_browser, "ancien@ac-test.fr")
    assert response.status_code == 403
    assert "est désactivé" in text(response)
    assert signed_in_as(client) is None


def test_an_unverified_address_is_refused(client, sign_on, provider_browser, make):
    make.user("admin", email=UNVERIFIED)
    db.session.commit()
    response = sign_in(client, provider_browser, UNVERIFIED)
    assert response.status_code == 403
    assert "n'a pas vérifié l'adresse" in text(response)
    assert signed_in_as(client) is None


def test_a_tampered_state_is_refused(client, sign_on, provider_browser, head):
    callback = provider_browser.follow(authorize_url(client), HEAD)
    response = client.get(with_param(callback, state="forged-state"))
    assert response.status_code == 400
    assert "n'est pas celle que ce navigateur a commencée" in text(response)
    assert signed_in_as(client) is None


def test_a_callback_from_another_browser_is_refused(client, app, sign_on, provider_browser, head):
    callback = provider_browser.follow(authorize_url(client), HEAD)
    stranger = app.test_client()
    assert stranger.get(callback).status_code == 400


def test_a_reused_code_is_refused(client, sign_on, provider_browser, head):
    first = provider_browser.follow(authorize_url(client), HEAD)
    assert client.get(first).status_code == 302
    client.post("/compte/deconnexion")
    # A new journey, its own state in the session, but the code already spent.
    second = provider_browser.follow(authorize_url(client), HEAD)
    code = parse_qs(urlsplit(first).query)["code"][0]
    response = client.get(with_param(second, code=code))
    assert response.status_code == 400
    assert "Le code de connexion a expiré ou a déjà servi" in text(response)
    assert signed_in_as(client) is None


def test_an_expired_code_is_refused(client, sign_on, provider_browser, make):
    make.user("admin", email=SHORT_CODE)
    db.session.commit()
    callback = provider_browser.follow(authorize_url(client), SHORT_CODE)
    time.sleep(2.1)  # the provider gives this address codes that live one second
    response = client.get(callback)
    assert response.status_code == 400
    assert "Le code de connexion a expiré" in text(response)


def test_another_nonce_in_the_id_token_is_refused(client, sign_on, provider_browser, head):
    callback = provider_browser.follow(with_param(authorize_url(client), nonce="not-the-session-nonce"), HEAD)
    response = client.get(callback)
    assert response.status_code == 400
    assert "n'a pas pu être vérifiée" in text(response)
    assert signed_in_as(client) is None


def test_another_code_challenge_is_refused(client, sign_on, provider_browser, head):
    url = with_param(authorize_url(client), code_challenge="E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    response = client.get(provider_browser.follow(url, HEAD))
    assert response.status_code == 400
    assert signed_in_as(client) is None


def test_a_refusal_at_the_provider_is_explained(client, sign_on):
    authorize_url(client)
    response = client.get("/compte/connexion/sso/retour?error=access_denied&state=x")
    assert response.status_code == 403
    assert "annulée ou refusée chez le fournisseur" in text(response)


@pytest.mark.parametrize("query", ["", "?code=abc", "?state=abc"])
def test_an_incomplete_callback_is_refused(client, sign_on, query):
    response = client.get("/compte/connexion/sso/retour" + query)
    assert response.status_code == 400
    assert "incomplète" in text(response)


def test_logout_also_ends_the_provider_session(client, sign_on, provider_browser, head):
    sign_in(client, provider_browser, HEAD)
    response = client.post("/compte/deconnexion")
    assert response.status_code == 302 and response.location.startswith(sign_on.issuer + "/session/end?")
    query = parse_qs(urlsplit(response.location).query)
    assert query["post_logout_redirect_uri"] == ["http://localhost/"]
    assert query["id_token_hint"][0].count(".") == 2
    assert signed_in_as(client) is None
    assert provider_browser.follow(response.location) == "http://localhost/"
    with pytest.raises(LoginAsked):
        provider_browser.follow(authorize_url(client))


def test_without_logout_the_provider_session_goes_on(client, app, sign_on, provider_browser, head):
    """The twin of the test above: it shows that LoginAsked means something."""
    sign_in(client, provider_browser, HEAD)
    callback = provider_browser.follow(authorize_url(app.test_client()))
    assert callback.startswith("http://localhost/compte/connexion/sso/retour?")


def test_a_password_session_logs_out_locally_only(client, sign_on, make):
    user = make.user("admin", email="mdp@ac-test.fr", password="correct horse battery")
    db.session.commit()
    client.post("/compte/connexion", data={"email": user.email, "password": "correct horse battery"})
    response = client.post("/compte/deconnexion")
    assert response.location == "/"


def test_without_configuration_there_is_no_sign_on(client):
    assert "Se connecter avec" not in text(client.get("/compte/connexion"))
    assert client.get("/compte/connexion/sso").status_code == 404
    assert client.get("/compte/connexion/sso/retour?code=a&state=b").status_code == 404


def test_an_unreachable_provider_is_explained(client, app):
    with sign_on_enabled(app, f"http://127.0.0.1:{free_port()}"):
        response = client.get("/compte/connexion/sso")
    assert response.status_code == 503
    assert "Le fournisseur d'identité ne répond pas" in text(response)


def test_the_callback_is_rate_limited(limited_app, oidc_provider):
    with sign_on_enabled(limited_app, oidc_provider.issuer):
        client = limited_app.test_client()
        statuses = [client.get("/compte/connexion/sso/retour").status_code for _ in range(21)]
    assert statuses[:20] == [400] * 20 and statuses[20] == 429
