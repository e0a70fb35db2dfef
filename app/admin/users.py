"""Accounts: list, invite with a role and a scope, change them, disable and enable, new invitation links."""

from __future__ import annotations

from typing import TypeVar

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from app.admin.access import managed_ids, managed_networks, managed_poles, page_number, pole_choices
from app.admin.blueprint import bp
from app.admin.forms import AccessForm, ActionForm, InviteForm
from app.auth.decorators import get_or_404
from app.extensions import db
from app.models import Academy, Department, Network, Pole, Role, User
from app.services.accounts.accounts import (
    ROLE_LABELS,
    AccountError,
    change_access,
    create_user,
    resolve_scope_names,
    set_active,
    users_managed_by,
)
from app.services.accounts.links import INVITATION, account_link, renew_invitation
from app.services.accounts.roles import ScopeTarget
from app.services.accounts.scopes import assignable_roles, can_grant, can_manage_establishment, can_manage_user
from app.services.mail.account_mails import invitation_mail
from app.services.mail.listing import last_mail_to
from app.services.mail.outbox import mail_enabled
from app.services.territory.establishments import establishment_by_uai
from app.web.errors import abort_with

F = TypeVar("F", bound=AccessForm)


@bp.get("/utilisateurs")
def users():
    """List the accounts the user manages."""
    search = request.args.get("q", "")[:100]
    query = users_managed_by(current_user, managed_ids(), search)
    page = db.paginate(query, page=page_number(request.args.get("page")), per_page=50, error_out=False)
    return render_template("admin/users.html", page=page, search=search)


def _fill_choices(form: F, placeholder: bool) -> F:
    # The most frequent role first, the most powerful last; an invitation starts with no role chosen.
    form.role.choices = ([SelectChoice("", "Choisissez un rôle")] if placeholder else []) + [
        SelectChoice(role.value, ROLE_LABELS[role]) for role in reversed(assignable_roles(current_user))
    ]
    form.networks.choices = [SelectChoice(n.id, n.name) for n in managed_networks()]
    form.pole.choices = pole_choices(managed_poles(), "—")
    # Steering scopes reach beyond any network: offered to administrators only (assignable_roles agrees).
    steering = current_user.role == Role.ADMIN
    academies: list[Academy] = list(db.session.scalars(select(Academy).order_by(Academy.name))) if steering else []
    departments: list[Department] = (
        list(db.session.scalars(select(Department).order_by(Department.code))) if steering else []
    )
    form.academy.choices = [SelectChoice("", "—")] + [SelectChoice(a.id, a.name) for a in academies]
    form.department.choices = [SelectChoice("", "—")] + [SelectChoice(d.id, d.label) for d in departments]
    return form


def _invite_form() -> InviteForm:
    return _fill_choices(InviteForm(), placeholder=True)


def _targets(form: AccessForm) -> list[ScopeTarget]:
    """The objects of the chosen scope; UAIs are looked up like on the command line."""
    targets: list[ScopeTarget] = list(
        db.session.scalars(select(Network).where(Network.id.in_(form.networks.data or [])).order_by(Network.id))
    )
    if form.pole.data:
        targets.append(db.session.get_one(Pole, form.pole.data))  # the form checked it is a choice
    if form.academy.data:
        targets.append(db.session.get_one(Academy, form.academy.data))  # a choice, checked by the form
    if form.department.data:
        targets.append(db.session.get_one(Department, form.department.data))
    uais = (form.uais.data or "").replace(",", " ").replace(";", " ").split()
    if uais and managed_ids() is not None:
        # A coordinator is told the same of another network's UAI as of one that exists nowhere.
        for uai in uais:
            found = establishment_by_uai(uai)
            if found is None or not can_manage_establishment(current_user, found):
                raise AccountError(f"Aucun établissement de vos réseaux n'a l'UAI « {uai} ».")
    if uais:
        targets += resolve_scope_names(Role.HEAD, uais)
    return targets


@bp.route("/utilisateurs/inviter", methods=["GET", "POST"])
def invite_user():
    """Create an account with its role and scope, and mail its one-time invitation link (or show it to copy)."""
    form = _invite_form()
    if form.validate_on_submit():
        role = Role(form.role.data)
        try:
            targets = _targets(form)
            if not can_grant(current_user, role, targets):
                raise AccountError("Vous ne pouvez donner ce rôle que sur les réseaux que vous coordonnez.")
            user = create_user(form.email.data, role, targets, actor=current_user, name=form.name.data or "")
        except AccountError as exc:
            (form.email.errors if exc.field == "email" else form.form_errors).append(str(exc))
        else:
            link = account_link(user, INVITATION)
            sent = invitation_mail(user, link)
            db.session.commit()
            return _user_page(user, link, sent is not None)
    return render_template("admin/invite.html", form=form), 422 if form.errors else 200


@bp.get("/utilisateurs/<int:user_id>")
def user(user_id: int):
    """Show an account, its scope and what can be done with it."""
    user = get_or_404(User, user_id, can_manage_user)
    return _user_page(user)


def _user_page(user: User, link: str | None = None, mailed: bool = False) -> str:
    """The account's page; after an invitation, its link to copy when mail is off, or where it was mailed."""
    return render_template(
        "admin/user.html",
        user=user,
        link=None if mailed else link,
        mailed=mailed,
        mail_on=mail_enabled(),
        last_invitation=last_mail_to(user.email, ["invitation"]),
        action_form=ActionForm(),
    )


def _access_form(user: User) -> AccessForm:
    """The edit form: shown filled with the account's role and scope, posted with only what was sent."""
    if request.method != "GET":
        return _fill_choices(AccessForm(), placeholder=False)
    held = user.scopes
    data = {
        "role": user.role.value,
        "networks": [s.network_id for s in held if s.network_id is not None],
        "pole": next((s.pole_id for s in held if s.pole_id is not None), None),
        "uais": " ".join(s.establishment.uai for s in held if s.establishment is not None),
        "academy": next((s.academy_id for s in held if s.academy_id is not None), None),
        "department": next((s.department_id for s in held if s.department_id is not None), None),
    }
    return _fill_choices(AccessForm(data=data), placeholder=False)


@bp.route("/utilisateurs/<int:user_id>/modifier", methods=["GET", "POST"])
def edit_user(user_id: int):
    """Change an account's role and scope, within the reach the manager could invite to."""
    user = get_or_404(User, user_id, can_manage_user)
    if user.id == current_user.id:
        abort_with(403, "Vous ne pouvez pas changer votre propre rôle ni votre périmètre : demandez-le à un collègue.")
    form = _access_form(user)
    if form.validate_on_submit():
        role = Role(form.role.data)
        try:
            targets = _targets(form)
            if not can_grant(current_user, role, targets):
                raise AccountError("Vous ne pouvez donner ce rôle que sur les réseaux que vous coordonnez.")
            changed = change_access(user, role, targets, current_user)
        except AccountError as exc:
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash("Rôle et périmètre enregistrés." if changed else "Rien n'a changé.", "success" if changed else "info")
            return redirect(url_for("admin.user", user_id=user.id))
    return render_template("admin/user_edit.html", form=form, user=user), 422 if form.errors else 200


def _post_action(user_id: int) -> User:
    """The account a button acts on (CSRFProtect has already checked the token of every POST)."""
    return get_or_404(User, user_id, can_manage_user)


@bp.post("/utilisateurs/<int:user_id>/desactiver")
def disable_user(user_id: int):
    """Disable an account: its open sessions and links stop working at once."""
    user = _post_action(user_id)
    if user.id == current_user.id:
        flash("Vous ne pouvez pas désactiver votre propre compte.", "error")
    elif user.active:
        set_active(user, False, current_user)
        db.session.commit()
        flash(f"Le compte {user.email} est désactivé.", "success")
    return redirect(url_for("admin.user", user_id=user.id))


@bp.post("/utilisateurs/<int:user_id>/reactiver")
def enable_user(user_id: int):
    """Enable an account again (its older links stay dead)."""
    user = _post_action(user_id)
    if not user.active:
        set_active(user, True, current_user)
        db.session.commit()
        flash(f"Le compte {user.email} est réactivé.", "success")
    return redirect(url_for("admin.user", user_id=user.id))


@bp.post("/utilisateurs/<int:user_id>/invitation")
def new_invitation(user_id: int):
    """Make a fresh invitation link (valid 7 days, once) for an active account, and mail it when mail is on."""
    user = _post_action(user_id)
    if not user.active:
        flash("Réactivez d'abord ce compte.", "error")
        return redirect(url_for("admin.user", user_id=user.id))
    link = renew_invitation(user, current_user)
    sent = invitation_mail(user, link)
    db.session.commit()
    return _user_page(user, link, sent is not None)
