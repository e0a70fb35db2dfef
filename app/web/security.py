"""Security headers, session loading and the login manager's settings."""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask_login import current_user

from app.extensions import db, login_manager, talisman
from app.web.errors import abort_with

SUBMIT_METHODS = {"POST", "PUT", "PATCH", "DELETE"}  # Flask-WTF's: the methods whose body fills a form

# Pages that may show accounts, links or results are never kept by a browser or a proxy.
NO_STORE_BLUEPRINTS = {"admin", "auth", "establishment", "network"}

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    # plotly.js injects its own <style> element; styles cannot run code, scripts stay strict.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
HSTS_MAX_AGE = 31536000
FRAME_OPTIONS = "DENY"
REFERRER_POLICY = "same-origin"
PERMISSIONS_POLICY = {"browsing-topics": "()"}  # Talisman's default, named so that static files send it too


def init_security(app: Flask) -> None:
    secure = app.config["BOUSSOLE_SECURE"]
    # Registered before Talisman's hook, so it runs after it (Flask runs them in reverse) and sees its header.
    app.after_request(_let_forms_reach_the_provider)
    talisman.init_app(
        app,
        force_https=secure,
        strict_transport_security=secure,
        strict_transport_security_max_age=HSTS_MAX_AGE,
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        content_security_policy=CONTENT_SECURITY_POLICY,
        permissions_policy=PERMISSIONS_POLICY,
        frame_options=FRAME_OPTIONS,
        referrer_policy=REFERRER_POLICY,
        x_content_type_options=True,
    )
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Veuillez vous connecter pour accéder à cette page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    app.before_request(_refuse_malformed_input)
    app.after_request(_no_store)


def _let_forms_reach_the_provider(response: Response) -> Response:
    """Add the OpenID provider to form-action: the logout form's redirect ends the session there too, and
    browsers apply form-action to a form's redirects."""
    from app.auth.provider import provider_origin

    issuer = current_app.config.get("OIDC_ISSUER")
    policy = response.headers.get("Content-Security-Policy")
    if issuer and policy:
        response.headers["Content-Security-Policy"] = policy.replace(
            "form-action 'self'", f"form-action 'self' {provider_origin(issuer)}"
        )
    return response


def static_file_headers(secure: bool) -> dict[str, str]:
    """Return the security headers Talisman gives a page, for the static files WhiteNoise serves before Flask."""
    policy = "; ".join(
        f"{name} {value if isinstance(value, str) else ' '.join(value)}"
        for name, value in CONTENT_SECURITY_POLICY.items()
    )
    headers = {
        "Content-Security-Policy": policy,
        "Permissions-Policy": ", ".join(f"{name}={value}" for name, value in PERMISSIONS_POLICY.items()),
        "X-Frame-Options": FRAME_OPTIONS,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": REFERRER_POLICY,
    }
    if secure:
        headers["Strict-Transport-Security"] = f"max-age={HSTS_MAX_AGE}; includeSubDomains"
    return headers


def _refuse_malformed_input() -> None:
    """Refuse a NUL character in the address or a form (no field holds one, PostgreSQL cannot store it), a form
    part without a name, and a JSON body sent to a form."""
    if request.is_json and request.method in SUBMIT_METHODS and request.routing_exception is None:
        # Flask-WTF would read it as the form's data: `0` or `[1]` break it, {"code": 5} gives a number to a text field.
        abort_with(415, "Cette adresse attend un formulaire, pas des données JSON.")
    pairs = [*request.args.items(multi=True), *request.form.items(multi=True)]
    if any(not isinstance(key, str) for key, _ in pairs):
        abort_with(400, "Le formulaire envoyé est mal formé : un de ses champs n'a pas de nom.")
    if "\x00" in request.path or any("\x00" in key or "\x00" in value for key, value in pairs):
        abort_with(
            400,
            "La requête contient un caractère nul (\\0), qui n'a sa place dans aucune adresse ni aucun "
            "champ de formulaire.",
        )


def _no_store(response: Response) -> Response:
    """Forbid caching of every page seen signed in, and of the account and administration pages."""
    if request.endpoint != "static" and (request.blueprint in NO_STORE_BLUEPRINTS or current_user.is_authenticated):
        response.headers["Cache-Control"] = "no-store"
    return response


@login_manager.user_loader
def load_user(user_id: str):
    """Load a session's user, refusing it once disabled or after a password change."""
    from app.models import User

    try:
        raw_id, version = user_id.split(":")
        user = db.session.get(User, int(raw_id))
    except (ValueError, TypeError):
        return None
    if user is None or not user.active or str(user.session_version) != version:
        return None
    return user
