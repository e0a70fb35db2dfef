"""`flask users create|invite|list|disable`: accounts from the command line (the first administrator)."""

from __future__ import annotations

import sys
from typing import NoReturn

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.cli.link_base import say_link_base
from app.cli.mail import say_sent
from app.extensions import db
from app.models import Role, User
from app.services.accounts.accounts import (
    AccountError,
    check_email,
    create_user,
    describe_user,
    find_user,
    resolve_scope_names,
    set_active,
)
from app.services.accounts.links import INVITATION, account_link
from app.services.accounts.roles import ScopeTarget
from app.services.mail.account_mails import invitation_mail

users_cli = AppGroup(
    "users", help="Comptes : administrateurs, coordonnateurs, inspecteurs, pilotes, chefs d'établissement."
)

ROLE_CHOICE = click.Choice([role.value for role in Role])
ROLE_HELP = "admin, coordinator, inspector, pilot, head, academy ou department."
SCOPE_HELP = (
    "Périmètre, répétable : nom de réseau (coordinator, inspector), pôle « Réseau/Pôle » ou nom unique (pilot), "
    "UAI (head), nom d'académie (academy), code de département (department). Aucun pour admin."
)


def _fail(message: str) -> NoReturn:
    db.session.rollback()
    click.echo(message, err=True)
    raise SystemExit(1)


def _read_password() -> str:
    """Ask twice on a terminal; otherwise read one line of standard input. Never from the command line."""
    stdin = sys.stdin
    if stdin.isatty():
        return click.prompt("Mot de passe", hide_input=True, confirmation_prompt="Confirmez le mot de passe")
    line = stdin.readline()
    if not line:
        _fail("Aucun mot de passe reçu sur l'entrée standard.")
    return line.rstrip("\r\n")


def _checked_targets(email: str, role: str, scopes: tuple[str, ...]) -> list[ScopeTarget]:
    """Check the address and the scope before asking for anything else."""
    try:
        if find_user(check_email(email)) is not None:
            raise AccountError(f"Un compte existe déjà pour « {email.strip().lower()} ».")
        return resolve_scope_names(Role(role), list(scopes))
    except AccountError as exc:
        _fail(str(exc))


def _new_user(email: str, role: str, targets: list[ScopeTarget], name: str, password: str | None) -> User:
    try:
        return create_user(email, Role(role), targets, actor=None, name=name, password=password)
    except AccountError as exc:
        _fail(str(exc))


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, type=ROLE_CHOICE, help=ROLE_HELP)
@click.option("--scope", "scopes", multiple=True, help=SCOPE_HELP)
@click.option("--name", default="", help="Nom affiché (facultatif).")
def create(email: str, role: str, scopes: tuple[str, ...], name: str) -> None:
    """Create an account with a password read from a prompt or from standard input."""
    targets = _checked_targets(email, role, scopes)
    user = _new_user(email, role, targets, name, _read_password())
    db.session.commit()
    click.echo(f"Compte créé : {describe_user(user)}")


@users_cli.command("invite")
@click.argument("email")
@click.option("--role", required=True, type=ROLE_CHOICE, help=ROLE_HELP)
@click.option("--scope", "scopes", multiple=True, help=SCOPE_HELP)
@click.option("--name", default="", help="Nom affiché (facultatif).")
@click.option("--print-link", is_flag=True, help="Afficher le lien ici plutôt que l'envoyer par courriel.")
def invite(email: str, role: str, scopes: tuple[str, ...], name: str, print_link: bool) -> None:
    """Create an account without password and mail its invitation link (7 days, once), or print it without mail."""
    user = _new_user(email, role, _checked_targets(email, role, scopes), name, None)
    link = account_link(user, INVITATION)
    message = None if print_link else invitation_mail(user, link)
    db.session.commit()
    click.echo(f"Compte créé : {describe_user(user)}")
    say_link_base()
    if message is None:
        click.echo("Lien d'invitation (valable 7 jours, une seule fois) :")
        click.echo(link)
    else:
        say_sent(message.id, f"Invitation envoyée par courriel à {user.email}.")


@users_cli.command("list")
def list_users() -> None:
    """List every account with its role, scope and state."""
    users = db.session.scalars(select(User).order_by(User.email)).all()
    if not users:
        click.echo("Aucun compte : créez l'administrateur avec `flask --app wsgi users create EMAIL --role admin`.")
    for user in users:
        state = "désactivé" if not user.active else ("invité" if user.password_hash is None else "actif")
        click.echo(f"{describe_user(user)} [{state}]")


@users_cli.command("disable")
@click.argument("email")
def disable(email: str) -> None:
    """Disable an account: its sessions and links stop working at once."""
    user = find_user(email)
    if user is None:
        _fail(f"Aucun compte pour « {email} ».")
    if not user.active:
        click.echo(f"Le compte {user.email} était déjà désactivé.")
        return
    set_active(user, False, None)
    db.session.commit()
    click.echo(f"Compte désactivé : {user.email}")
