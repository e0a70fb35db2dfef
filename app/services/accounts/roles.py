"""Each role, its French name and what its scope is made of, in one table: a new role is a new entry here.

The invitation and edit forms, the command line and the checks of `accounts.check_scope` all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.models import Academy, Department, Establishment, Network, Pole, Role

ScopeTarget = Network | Pole | Establishment | Academy | Department


@dataclass(frozen=True)
class ScopeKind:
    """One kind of scope target: its model, the UserScope column that holds it, how a form asks for it."""

    model: type[ScopeTarget]
    column: str
    wanted: str  # "un ou plusieurs réseaux", as an error message says what the role takes


NETWORKS = ScopeKind(Network, "network_id", "un ou plusieurs réseaux")
POLE = ScopeKind(Pole, "pole_id", "un pôle")
ESTABLISHMENTS = ScopeKind(Establishment, "establishment_id", "un ou plusieurs établissements")
ACADEMY = ScopeKind(Academy, "academy_id", "une académie")
DEPARTMENT = ScopeKind(Department, "department_id", "un département")
SCOPE_KINDS = (NETWORKS, POLE, ESTABLISHMENTS, ACADEMY, DEPARTMENT)


@dataclass(frozen=True)
class RoleSpec:
    label: str
    scope: ScopeKind | None  # None: the whole académie, and no scope row
    count: int | None = None  # how many targets exactly; None: one or more


ROLES: dict[Role, RoleSpec] = {
    Role.ADMIN: RoleSpec("Administrateur", None, 0),
    Role.COORDINATOR: RoleSpec("Coordonnateur de réseau", NETWORKS),
    Role.INSPECTOR: RoleSpec("Inspecteur (IA-IPR, IEN)", NETWORKS),
    Role.PILOT: RoleSpec("Pilote de pôle", POLE, 1),
    Role.HEAD: RoleSpec("Chef d'établissement", ESTABLISHMENTS),
    Role.ACADEMY: RoleSpec("Cellule académique (lecture)", ACADEMY, 1),
    Role.DEPARTMENT: RoleSpec("DASEN, coordonnateur départemental (lecture)", DEPARTMENT, 1),
}


def kind_of(target: ScopeTarget) -> ScopeKind:
    """Return the scope kind a target is."""
    return next(kind for kind in SCOPE_KINDS if isinstance(target, kind.model))
