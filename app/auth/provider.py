"""The OpenID Connect client of single sign-on (docs/sso.md): Authlib's, one per app, from the OIDC_* settings.

Authlib checks what matters on the way back: the state against the one kept in the session (a callback started
elsewhere is refused), PKCE (S256: a stolen code is useless without the verifier the session holds), and the ID
token's signature, issuer, audience, expiry and nonce. Every failure becomes a SignOnError with a French message.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app, request
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from werkzeug.wrappers import Response

EXTENSION = "boussole.oidc"
TIMEOUT_SECONDS = 10

RESTART = "Recommencez depuis la page de connexion."
UNREACHABLE = "Le fournisseur d'identité ne répond pas : réessayez dans quelques minutes, ou prévenez l'administrateur."


class SignOnError(Exception):
    """A sign-on that cannot go on, with the status and the French message of its page."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def init_provider(app: Flask) -> None:
    """Register the provider's client when OIDC_ISSUER is set; its metadata is read on first use."""
    issuer = app.config.get("OIDC_ISSUER")
    if not issuer:
        return
    # An OAuth registry of this app's own: Authlib's keeps the app it was bound to, and tests build several apps.
    oauth = OAuth(app)
    oauth.register(
        "oidc",
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={
            "scope": app.config["OIDC_SCOPES"],
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": app.config["OIDC_TOKEN_AUTH_METHOD"],
            "timeout": TIMEOUT_SECONDS,
        },
    )
    app.extensions[EXTENSION] = oauth.create_client("oidc")


def enabled() -> bool:
    return current_app.extensions.get(EXTENSION) is not None


def provider_origin(issuer: str) -> str:
    """Return `https://host[:port]` of the issuer: forms may lead there (the logout ends the provider's session)."""
    parts = urlsplit(issuer)
    return f"{parts.scheme}://{parts.netloc}"


def _client() -> Any:
    return current_app.extensions[EXTENSION]


def authorization_redirect(redirect_uri: str) -> Response:
    """Send the browser to the provider, with a new state, nonce and PKCE challenge kept in the session."""
    try:
        return _client().authorize_redirect(redirect_uri)  # type: ignore[no-any-return]
    except (requests.RequestException, ValueError, KeyError) as exc:
        current_app.logger.warning("Connexion unique : métadonnées du fournisseur illisibles (%s)", type(exc).__name__)
        raise SignOnError(503, UNREACHABLE) from None


def claims_from_callback() -> tuple[dict[str, Any], str | None]:
    """Exchange the callback's code for tokens; return the verified identity claims and the ID token."""
    error = request.args.get("error")
    if error == "access_denied":
        raise SignOnError(403, f"La connexion a été annulée ou refusée chez le fournisseur d'identité. {RESTART}")
    if error:
        current_app.logger.info("Connexion unique : le fournisseur répond %r", error[:100])
        raise SignOnError(400, f"Le fournisseur d'identité n'a pas pu vous identifier ({error[:100]}). {RESTART}")
    if not request.args.get("code") or not request.args.get("state"):
        raise SignOnError(400, f"Cette adresse de retour est incomplète : il y manque le code ou l'état. {RESTART}")
    try:
        token = _client().authorize_access_token()
        claims = dict(token.get("userinfo") or {})
        if "email" not in claims:  # many providers (ProConnect) give the address only at the userinfo endpoint
            claims.update(_userinfo(token, claims.get("sub")))
    except MismatchingStateError:
        raise SignOnError(
            400,
            "Cette demande de connexion n'est pas celle que ce navigateur a commencée, ou elle a déjà servi "
            f"ou expiré. {RESTART}",
        ) from None
    except OAuthError as exc:
        current_app.logger.info("Connexion unique : code refusé par le fournisseur (%s)", exc.error)
        raise SignOnError(400, f"Le code de connexion a expiré ou a déjà servi. {RESTART}") from None
    except (AuthlibBaseError, JoseError, KeyError, ValueError) as exc:
        current_app.logger.warning("Connexion unique : jeton d'identité refusé (%s)", type(exc).__name__)
        raise SignOnError(
            400, f"La réponse du fournisseur d'identité n'a pas pu être vérifiée (jeton invalide). {RESTART}"
        ) from None
    except requests.RequestException as exc:
        current_app.logger.warning("Connexion unique : fournisseur injoignable (%s)", type(exc).__name__)
        raise SignOnError(503, UNREACHABLE) from None
    return claims, token.get("id_token")


def _userinfo(token: dict[str, Any], subject: str | None) -> dict[str, Any]:
    """Read the userinfo endpoint, as JSON or as a JWT signed with the provider's keys; it must name the same sub."""
    client = _client()
    response = client.get(client.load_server_metadata()["userinfo_endpoint"], token=token)
    response.raise_for_status()
    if response.headers.get("Content-Type", "").split(";")[0].strip() == "application/jwt":
        keys = KeySet.import_key_set(client.fetch_jwk_set())
        claims = dict(jwt.decode(response.text, keys).claims)
    else:
        claims = dict(response.json())
    if claims.get("sub") != subject:
        raise ValueError("userinfo names another subject than the ID token")
    return claims


def logout_url(id_token: str | None, post_logout_redirect_uri: str) -> str | None:
    """Return the provider's end-session URL for this ID token, or None when the provider offers none."""
    if not id_token or not enabled():
        return None
    client = _client()
    try:
        endpoint = client.load_server_metadata().get("end_session_endpoint")
    except (requests.RequestException, ValueError):
        return None
    if not endpoint:
        return None
    query = {
        "id_token_hint": id_token,
        "post_logout_redirect_uri": post_logout_redirect_uri,
        "client_id": current_app.config["OIDC_CLIENT_ID"],
    }
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"
