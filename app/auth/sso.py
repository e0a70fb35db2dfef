"""Single sign-on routes (docs/sso.md): off to the OpenID provider, and back with a verified address."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, session
from flask_login import current_user, login_user

from app.auth import limits, provider
from app.auth.routes import SIGN_ON_HINT, bp, landing_path
from app.extensions import limiter
from app.services.accounts.accounts import AccountError
from app.services.accounts.links import external_url
from app.services.accounts.sign_on import user_for_claims
from app.web.redirects import local_path_or_none
from app.web.sessions import renew_session

# Where to go once back, kept in the session between the two legs of the journey.
NEXT = "sign_on_next"
# Each attempt costs the provider a token request: as generous as passwords per address, tighter in bursts.
CALLBACKS_PER_ADDRESS = "20/minute"


@bp.get("/connexion/sso")
@limiter.limit(limits.LOGIN_PER_ADDRESS)
def sign_on():
    """Send the browser to the provider, with a fresh state, nonce and PKCE challenge."""
    if not provider.enabled():
        abort(404)
    if current_user.is_authenticated:
        return redirect(landing_path(current_user))
    session[NEXT] = local_path_or_none(request.args.get("next"))
    try:
        return provider.authorization_redirect(external_url("auth.sign_on_callback"))
    except provider.SignOnError as exc:
        return _refused(exc.status, str(exc))


@bp.get("/connexion/sso/retour")
@limiter.limit(limits.LOGIN_PER_ADDRESS)
@limiter.limit(CALLBACKS_PER_ADDRESS)
def sign_on_callback():
    """Come back from the provider: check the answer, find the account, open a brand-new session."""
    if not provider.enabled():
        abort(404)
    try:
        claims, id_token = provider.claims_from_callback()
        user = user_for_claims(claims, trust_email=current_app.config["OIDC_TRUST_EMAIL"])
    except provider.SignOnError as exc:
        return _refused(exc.status, str(exc))
    except AccountError as exc:
        current_app.logger.info("Connexion unique refusée (%s)", exc.field)
        return _refused(403, str(exc))
    next_path = session.get(NEXT)
    renew_session()  # a new session id at login: nothing planted before survives
    login_user(user)
    session[SIGN_ON_HINT] = id_token
    return redirect(next_path or landing_path(user))


def _refused(status: int, message: str):
    return render_template("auth/sign_on_refused.html", status=status, message=message), status
