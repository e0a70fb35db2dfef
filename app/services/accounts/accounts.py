"""Accounts: create, invite, authenticate, change passwords, disable; the roles and their scopes."""

from __future__ import annotations

from collections.abc import Callable

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import Select, func, or_, select

from app.extensions import db
from app.models import Academy, Department, Establishment, Network, Pole, Role, User, UserScope
from app.services.accounts import audit
from app.services.accounts.passwords import check_password, hash_password
from app.services.accounts.roles import ROLES, SCOPE_KINDS, ScopeTarget, kind_of
from app.services.accounts.scopes import scope_label
from app.services.territory.establishments import establishment_by_uai

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256

ROLE_LABELS = {role: spec.label for role, spec in ROLES.items()}


def role_label(role: Role | str) -> str:
    """Name a role in French, as pages show it."""
    return ROLE_LABELS.get(Role(role), str(role))


class AccountError(Exception):
    """An account operation that cannot be done, with a French message and the form field it concerns."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def normalize_email(value: str) -> str:
    return (value or "").strip().lower()


def check_email(value: str) -> str:
    """Return the normalized address, or raise AccountError if it is not one."""
    email = normalize_email(value)
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise AccountError(f"Adresse électronique invalide : « {value} ».", "email") from None
    return email


def check_password_rules(password: str) -> None:
    """Refuse a password too short to resist guessing (or absurdly long)."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Le mot de passe doit compter au moins {MIN_PASSWORD_LENGTH} caractères.", "password")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"Le mot de passe doit compter au plus {MAX_PASSWORD_LENGTH} caractères.", "password")


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalize_email(email)))


_DUMMY_HASH: list[str] = []


def authenticate(email: str, password: str) -> User | None:
    """Return the active account matching e-mail and password, or None (in about the same time either way)."""
    user = find_user(email)
    if user is None or user.password_hash is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(hash_password("not-a-password"))
        check_password(_DUMMY_HASH[0], password)  # so that an unknown address takes as long as a wrong password
        return None
    if not check_password(user.password_hash, password) or not user.active:
        return None
    return user


def check_scope(role: Role, targets: list[ScopeTarget]) -> None:
    """Refuse a scope that does not fit the role (a pilot has one pole, a head establishments…)."""
    spec = ROLES[role]
    label = spec.label.lower()
    if spec.scope is None:
        if targets:
            raise AccountError("Un administrateur voit toute l'académie : ne lui donnez pas de périmètre.")
        return
    if not targets or any(not isinstance(target, spec.scope.model) for target in targets):
        raise AccountError(f"Le périmètre d'un {label} est {spec.scope.wanted}.")
    if spec.count is not None and len(targets) != spec.count:
        raise AccountError(f"Le périmètre d'un {label} est {spec.scope.wanted}, pas davantage.")
    if len({(type(t), t.id) for t in targets}) != len(targets):
        raise AccountError("Le même élément figure deux fois dans le périmètre.")


def resolve_scope_names(role: Role, names: list[str]) -> list[ScopeTarget]:
    """Turn command-line scopes into objects: network names, poles ("Réseau/Pôle" or a unique name), UAIs."""
    kind = ROLES[role].scope
    targets: list[ScopeTarget] = []
    finders: dict[type[ScopeTarget], Callable[[str], ScopeTarget]] = {
        Network: _network_named,
        Pole: _pole_named,
        Establishment: _establishment_of,
        Academy: _academy_named,
        Department: _department_of,
    }
    for name in names:
        if kind is None:
            raise AccountError("Un administrateur voit toute l'académie : n'indiquez pas de --scope.")
        targets.append(finders[kind.model](name))
    check_scope(role, targets)
    return targets


def _network_named(name: str) -> Network:
    network = db.session.scalar(select(Network).where(func.lower(Network.name) == " ".join(name.split()).lower()))
    if network is None:
        raise AccountError(f"Réseau inconnu : « {name} ».")
    return network


def _pole_named(name: str) -> Pole:
    network_name, _, pole_name = name.rpartition("/")
    query = select(Pole).where(func.lower(Pole.name) == " ".join(pole_name.split()).lower())
    if network_name:
        query = query.join(Network).where(Network.id == _network_named(network_name).id)
    poles = db.session.scalars(query).all()
    if not poles:
        raise AccountError(f"Pôle inconnu : « {name} ».")
    if len(poles) > 1:
        raise AccountError(f"Plusieurs pôles s'appellent « {pole_name} » : écrivez « Réseau/Pôle ».")
    return poles[0]


def _academy_named(name: str) -> Academy:
    academy = db.session.scalar(select(Academy).where(func.lower(Academy.name) == " ".join(name.split()).lower()))
    if academy is None:
        raise AccountError(f"Académie inconnue : « {name} ».")
    return academy


def _department_of(code: str) -> Department:
    department = db.session.scalar(select(Department).where(Department.code == code.strip().upper()))
    if department is None:
        raise AccountError(f"Aucun département n'a le code « {code} ».")
    return department


def _establishment_of(uai: str) -> Establishment:
    establishment = establishment_by_uai(uai)
    if establishment is None:
        raise AccountError(f"Aucun établissement n'a l'UAI « {uai} ».")
    return establishment


def scope_row(target: ScopeTarget) -> UserScope:
    """Return a new scope row holding `target` in its kind's column."""
    return UserScope(**{kind_of(target).column: target.id})


def describe_user(user: User) -> str:
    """Say who an account is, its role and its scope, on one line."""
    return f"{user.email} — {ROLE_LABELS[user.role]} — {scopes_text(user)}"


def scopes_text(user: User) -> str:
    """Name an account's scope in French: its networks, poles or establishments, or the whole académie."""
    return ", ".join(scope_label(scope) for scope in user.scopes) or "toute l'académie"


def create_user(
    email: str,
    role: Role,
    targets: list[ScopeTarget],
    *,
    actor: User | None,
    name: str = "",
    password: str | None = None,
) -> User:
    """Create an account with its scope and journal it; without a password it waits for its invitation link.

    `actor` is None for the command line, which journals the line it prints.
    """
    email = check_email(email)
    if find_user(email) is not None:
        raise AccountError(f"Un compte existe déjà pour « {email} ».", "email")
    check_scope(role, targets)
    user = User(email=email, name=" ".join((name or "").split())[:120], role=role, active=True, session_version=1)
    if password is not None:
        check_password_rules(password)
        user.password_hash = hash_password(password)
    user.scopes.extend(scope_row(target) for target in targets)
    db.session.add(user)
    db.session.flush()
    # Two wordings, as the journal has always had them: the command line's is the line it prints.
    detail = describe_user(user) if actor is None else f"{user.email} : {ROLE_LABELS[role]} — {scopes_text(user)}"
    if password is None:
        audit.record(actor, "user.invite", detail)
    else:
        audit.record(actor, "user.create", detail)
    return user


def change_access(user: User, role: Role, targets: list[ScopeTarget], actor: User) -> bool:
    """Give an account another role or scope, journaled before → after; return False if nothing changes.

    Sessions stay open: each request reads the account's role and scopes from the database, so rights taken
    away are gone from the next request on, without signing the person out.
    """
    check_scope(role, targets)
    wanted = {(kind_of(target).column, target.id) for target in targets}
    held = {_scope_key(scope): scope for scope in user.scopes}
    if role == user.role and wanted == set(held):
        return False
    before = f"{ROLE_LABELS[user.role]} — {scopes_text(user)}"
    for key, scope in held.items():
        if key not in wanted:
            user.scopes.remove(scope)
    user.scopes.extend(scope_row(t) for t in targets if (kind_of(t).column, t.id) not in held)
    user.role = role
    db.session.flush()
    audit.record(actor, "user.access", f"{user.email} : {before} → {ROLE_LABELS[role]} — {scopes_text(user)}")
    return True


def _scope_key(scope: UserScope) -> tuple[str, int]:
    return next((kind.column, value) for kind in SCOPE_KINDS if (value := getattr(scope, kind.column)) is not None)


def set_password(user: User, password: str) -> None:
    """Change the password; older sessions and links stop working."""
    check_password_rules(password)
    user.password_hash = hash_password(password)
    user.session_version += 1
    db.session.flush()


def change_password(user: User, current: str, password: str) -> None:
    """Change one's own password, knowing the current one, and journal it."""
    if not check_password(user.password_hash, current):
        raise AccountError("Mot de passe actuel incorrect.", "current")
    set_password(user, password)
    audit.record(user, "account.password_change")


def end_other_sessions(user: User) -> None:
    """End every session of the account at once (the caller signs the current one in again), and journal it."""
    user.session_version += 1
    db.session.flush()
    audit.record(user, "account.sessions_end")


def set_active(user: User, active: bool, actor: User | None) -> None:
    """Disable or re-enable an account, and journal it; either way its sessions and links die."""
    user.active = active
    user.session_version += 1
    db.session.flush()
    if active:
        audit.record(actor, "user.enable", user.email)
    else:
        audit.record(actor, "user.disable", user.email)


def users_managed_by(actor: User, network_ids: list[int] | None, search: str = "") -> Select[User]:
    """Return a SELECT of the accounts an actor manages: all for None, else those scoped in `network_ids`."""
    query = select(User).order_by(User.email)
    if search:
        query = query.where(User.email.ilike(f"%{search.strip()}%"))
    if network_ids is None:
        return query
    in_networks = (
        select(UserScope.user_id)
        .outerjoin(Pole, UserScope.pole_id == Pole.id)
        .outerjoin(Establishment, UserScope.establishment_id == Establishment.id)
        .where(
            or_(
                UserScope.network_id.in_(network_ids),
                Pole.network_id.in_(network_ids),
                Establishment.network_id.in_(network_ids),
            )
        )
    )
    return query.where(User.id.in_(in_networks), User.role != Role.ADMIN)
