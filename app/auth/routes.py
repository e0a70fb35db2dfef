"""Routes of the auth blueprint: login, logout, the account page, invitation and password-reset links."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import limits, provider
from app.auth.forms import (
    ChangePasswordForm,
    EndOtherSessionsForm,
    ForgotPasswordForm,
    LoginForm,
    LogoutForm,
    SetPasswordForm,
)
from app.extensions import db, limiter
from app.models import Role, User
from app.services.accounts.accounts import (
    AccountError,
    authenticate,
    change_password,
    end_other_sessions,
    find_user,
)
from app.services.accounts.links import (
    INVITATION,
    RESET,
    account_link,
    external_url,
    set_password_from_link,
    user_for_token,
)
from app.services.mail.account_mails import reset_mail
from app.services.mail.outbox import mail_enabled
from app.web.errors import abort_with
from app.web.redirects import local_path_or_none
from app.web.sessions import renew_session

bp = Blueprint("auth", __name__)

RESET_PER_ACCOUNT = "5/hour"
LINKS_PER_IP = "30/minute"

# Each role's dashboard, where signing in leads.
LANDINGS = {
    Role.ADMIN: "admin.dashboard",
    Role.COORDINATOR: "admin.dashboard",
    Role.INSPECTOR: "network.index",
    Role.PILOT: "network.index",
    Role.HEAD: "establishment.index",
    Role.ACADEMY: "steering.index",
    Role.DEPARTMENT: "steering.index",
}


# Where a session opened by single sign-on keeps its ID token: the hint of the provider's logout.
SIGN_ON_HINT = "sign_on_id_token"


def landing_path(user: User) -> str:
    """Return the path of the user's dashboard."""
    return url_for(LANDINGS[user.role])


def sign_in_options() -> dict[str, Any]:
    """Say, for the templates, which ways in are offered: passwords, and single sign-on under its name."""
    return {
        "password_login": current_app.config["BOUSSOLE_PASSWORD_LOGIN"],
        "sign_on_name": current_app.config["OIDC_PROVIDER_NAME"] if provider.enabled() else None,
    }


def refuse_password_login() -> None:
    """Refuse a password page when BOUSSOLE_PASSWORD_LOGIN=0: single sign-on is the only way in."""
    if not current_app.config["BOUSSOLE_PASSWORD_LOGIN"]:
        abort_with(
            403,
            "La connexion par mot de passe est désactivée sur ce site : connectez-vous avec "
            f"{current_app.config['OIDC_PROVIDER_NAME']} depuis la page de connexion.",
        )


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(limits.LOGIN_PER_ADDRESS, methods=["POST"])
@limiter.limit(
    limits.LOGIN_PER_ACCOUNT_AND_ADDRESS,
    methods=["POST"],
    key_func=limits.account_and_address_key,
    deduct_when=limits.failed,
)
def login():
    """Sign in with e-mail and password, in a brand-new session."""
    if current_user.is_authenticated:
        return redirect(landing_path(current_user))
    if request.method == "POST":
        refuse_password_login()
    form = LoginForm()
    if form.validate_on_submit():
        limits.wait_if_account_under_attack()
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            renew_session()  # a new session id at login: nothing planted before survives
            login_user(user)
            return redirect(local_path_or_none(request.args.get("next")) or landing_path(user))
        limits.count_failure()
        form.password.errors.append("Adresse électronique ou mot de passe incorrect.")
    next_path = local_path_or_none(request.args.get("next"))
    return render_template("auth/login.html", form=form, next=next_path, **sign_in_options())


@bp.post("/deconnexion")
def logout():
    """Sign out (a POST with its CSRF token, so that no link can sign someone out)."""
    if not LogoutForm().validate_on_submit():
        abort(400)
    id_token = session.get(SIGN_ON_HINT)
    logout_user()
    renew_session()  # the old id is deleted from the store: a copy of the cookie opens nothing
    flash("Vous êtes déconnecté.", "success")
    # Signed in by the provider: end its session too, when it offers that, and come back to the home page.
    return redirect(provider.logout_url(id_token, external_url("main.home")) or url_for("main.home"))


@bp.route("/", methods=["GET", "POST"])
@login_required
def account():
    """Show the account, its scope, and let its owner change the password."""
    if request.method == "POST":
        refuse_password_login()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            change_password(user, form.current.data, form.password.data)
        except AccountError as exc:
            (form.current.errors if exc.field == "current" else form.password.errors).append(str(exc))
        else:
            db.session.commit()
            renew_session()
            login_user(user)  # other sessions of this account end, this one goes on
            flash("Votre mot de passe a été changé.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form, sessions_form=EndOtherSessionsForm(), **sign_in_options())


@bp.post("/sessions/deconnecter-les-autres")
@login_required
def end_other_sessions_view():
    """End every other session of this account (another browser, a forgotten computer), keeping this one."""
    if not EndOtherSessionsForm().validate_on_submit():
        abort_with(400, "Le formulaire a expiré : rechargez la page « Mon compte » et recommencez.")
    user = current_user._get_current_object()
    end_other_sessions(user)
    db.session.commit()
    renew_session()
    login_user(user)
    flash("Vos autres sessions sont terminées : seule celle-ci reste ouverte.", "success")
    return redirect(url_for("auth.account"))


def _set_password_page(token: str, purpose: str, title: str):
    try:
        user = user_for_token(token, purpose)
    except AccountError as exc:
        return render_template("errors/error.html", status=410, title="Lien expiré", message=str(exc)), 410
    if not current_app.config["BOUSSOLE_PASSWORD_LOGIN"]:
        if purpose != INVITATION or request.method == "POST":
            refuse_password_login()
        # No password to choose: the invitation says how to come in, with the provider's identity.
        return render_template("auth/invitation_sign_on.html", email=user.email, **sign_in_options())
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            set_password_from_link(user, form.password.data, purpose)
        except AccountError as exc:
            form.password.errors.append(str(exc))
        else:
            db.session.commit()
            logout_user()
            renew_session()
            flash("Votre mot de passe est enregistré : vous pouvez vous connecter.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, title=title, email=user.email)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(LINKS_PER_IP, methods=["POST"])
def accept_invitation(token: str):
    """Set the first password from an invitation link (valid 7 days, once)."""
    return _set_password_page(token, INVITATION, "Bienvenue sur Boussole")


@bp.route("/reinitialiser/<token>", methods=["GET", "POST"])
@limiter.limit(LINKS_PER_IP, methods=["POST"])
def reset_password(token: str):
    """Choose a new password from a reset link (valid 1 hour, once)."""
    return _set_password_page(token, RESET, "Nouveau mot de passe")


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@limiter.limit(limits.LOGIN_PER_ADDRESS, methods=["POST"])
@limiter.limit(RESET_PER_ACCOUNT, methods=["POST"], key_func=limits.account_key)
def forgot_password():
    """Prepare a reset link; say the same thing whether the address is known or not."""
    refuse_password_login()
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is not None and user.active:
            link = account_link(user, RESET)
            # Mailed after the response (same answer, same time, known address or not); without mail, the
            # link goes to the application log, with the account number only.
            if reset_mail(user, link) is None:
                current_app.logger.info("Lien de réinitialisation du mot de passe du compte n°%s : %s", user.id, link)
            db.session.commit()
        flash(
            f"Si un compte actif correspond à cette adresse, un lien de réinitialisation valable une heure "
            f"vient de lui être {'envoyé par courriel' if mail_enabled() else 'préparé'}. Sans nouvelles, "
            "demandez un lien d'invitation à l'administrateur de votre réseau.",
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)
