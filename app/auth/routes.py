"""Routes of the auth blueprint: login, logout, the account page, invitation and password-reset links."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from app.auth.forms import ChangePasswordForm, ForgotPasswordForm, LoginForm, LogoutForm, SetPasswordForm
from app.extensions import db, limiter
from app.models import Role, User
from app.services.accounts.accounts import (
    AccountError,
    authenticate,
    change_password,
    find_user,
    normalize_email,
)
from app.services.accounts.links import INVITATION, RESET, account_link, set_password_from_link, user_for_token

bp = Blueprint("auth", __name__)

# A whole school may share one public IP: the tight limits are per account, the IP limit is generous.
LOGIN_PER_ACCOUNT = "5/minute;20/hour"
LOGIN_PER_IP = "100/minute"
RESET_PER_ACCOUNT = "5/hour"
LINKS_PER_IP = "30/minute"

# Each role's dashboard, where signing in leads.
LANDINGS = {
    Role.ADMIN: "admin.dashboard",
    Role.COORDINATOR: "admin.dashboard",
    Role.INSPECTOR: "network.index",
    Role.PILOT: "network.index",
    Role.HEAD: "establishment.index",
}


def _account_key() -> str:
    return "account:" + normalize_email(request.form.get("email", ""))


def _failed(response: Response) -> bool:
    """Only failed attempts count against an account (a success redirects)."""
    return response.status_code != 302


def landing_path(user: User) -> str:
    """Return the path of the user's dashboard."""
    return url_for(LANDINGS[user.role])


def _safe_next(target: str | None) -> str | None:
    """Follow ?next= only to a path of this site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(LOGIN_PER_IP, methods=["POST"])
@limiter.limit(LOGIN_PER_ACCOUNT, methods=["POST"], key_func=_account_key, deduct_when=_failed)
def login():
    """Sign in with e-mail and password, in a brand-new session."""
    if current_user.is_authenticated:
        return redirect(landing_path(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            session.clear()  # a new session at login: nothing planted before survives
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or landing_path(user))
        form.password.errors.append("Adresse électronique ou mot de passe incorrect.")
    return render_template("auth/login.html", form=form)


@bp.post("/deconnexion")
def logout():
    """Sign out (a POST with its CSRF token, so that no link can sign someone out)."""
    if not LogoutForm().validate_on_submit():
        abort(400)
    logout_user()
    session.clear()
    flash("Vous êtes déconnecté.", "success")
    return redirect(url_for("main.home"))


@bp.route("/", methods=["GET", "POST"])
@login_required
def account():
    """Show the account, its scope, and let its owner change the password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            change_password(user, form.current.data, form.password.data)
        except AccountError as exc:
            (form.current.errors if exc.field == "current" else form.password.errors).append(str(exc))
        else:
            db.session.commit()
            session.clear()
            login_user(user)  # other sessions of this account end, this one goes on
            flash("Votre mot de passe a été changé.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form)


def _set_password_page(token: str, purpose: str, title: str):
    try:
        user = user_for_token(token, purpose)
    except AccountError as exc:
        return render_template("errors/error.html", status=410, title="Lien expiré", message=str(exc)), 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            set_password_from_link(user, form.password.data, purpose)
        except AccountError as exc:
            form.password.errors.append(str(exc))
        else:
            db.session.commit()
            logout_user()
            session.clear()
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
@limiter.limit(LOGIN_PER_IP, methods=["POST"])
@limiter.limit(RESET_PER_ACCOUNT, methods=["POST"], key_func=_account_key)
def forgot_password():
    """Prepare a reset link; say the same thing whether the address is known or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is not None and user.active:
            # No mail transport yet: the link goes to the application log, with the account number only.
            current_app.logger.info(
                "Lien de réinitialisation du mot de passe du compte n°%s : %s", user.id, account_link(user, RESET)
            )
        flash(
            "Si un compte actif correspond à cette adresse, un lien de réinitialisation valable une heure "
            "vient de lui être préparé. Sans nouvelles, demandez un lien d'invitation à l'administrateur "
            "de votre réseau.",
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)
