"""Who may see what: every view, export and API answer asks these functions, on the server."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Select, false, or_, select

from app.models import Academy, Department, Establishment, Network, Pole, Role, User, UserScope

if TYPE_CHECKING:
    from app.models import Campaign

NETWORK_ROLES = {Role.COORDINATOR, Role.INSPECTOR}
# The académie's steering cell and the DASEN / departmental coordinator: whole networks, read only, never a write.
STEERING_ROLES = {Role.ACADEMY, Role.DEPARTMENT}
READ_ONLY_ROLES = {Role.INSPECTOR, *STEERING_ROLES}
# What a steering reader's scope names: one académie, or one département (accounts.SCOPE_KIND says how many).
STEERING_SCOPE: dict[Role, type[Academy] | type[Department]] = {Role.ACADEMY: Academy, Role.DEPARTMENT: Department}


def _ids(user: User, attribute: str) -> list[int]:
    ids = [getattr(scope, attribute) for scope in user.scopes if getattr(scope, attribute) is not None]
    if attribute == "network_id" and user.role in STEERING_ROLES:
        ids += [network.id for network in steering_networks(user)]
    return ids


def steering_networks(user: User) -> list[Network]:
    """Return the networks a steering reader follows: every network of their académie, or of their département."""
    if user.role not in STEERING_ROLES:
        return []
    found: dict[int, Network] = {}
    for scope in user.scopes:
        holder = scope.academy if user.role == Role.ACADEMY else scope.department
        for network in holder.networks if holder is not None else []:
            found[network.id] = network
    return sorted(found.values(), key=lambda n: n.name)


def steering_scope(user: User) -> Academy | Department | None:
    """Return the académie or the département a steering reader reads, or None for anyone else."""
    if user.role not in STEERING_ROLES:
        return None
    return next(
        (s.academy if user.role == Role.ACADEMY else s.department for s in user.scopes if s.academy or s.department),
        None,
    )


def can_see_department(user: User, department: Department) -> bool:
    """The département's comparison: admins, the académie's steering cell and the département's own readers."""
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.ACADEMY:
        return department.academy_id in [s.academy_id for s in user.scopes]
    return user.role == Role.DEPARTMENT and department.id in [s.department_id for s in user.scopes]


def can_see_academy(user: User, academy: Academy) -> bool:
    """The académie's comparison of every network: admins and the académie's steering cell."""
    return user.role == Role.ADMIN or (user.role == Role.ACADEMY and academy.id in [s.academy_id for s in user.scopes])


def visible_establishments(user: User) -> Select[int]:
    """Return a SELECT of the establishment ids within the user's scope."""
    query = select(Establishment.id)
    if user.role == Role.ADMIN:
        return query
    conditions = []
    if network_ids := _ids(user, "network_id"):
        conditions.append(Establishment.network_id.in_(network_ids))
    if pole_ids := _ids(user, "pole_id"):
        conditions.append(Establishment.pole_id.in_(pole_ids))
    if establishment_ids := _ids(user, "establishment_id"):
        conditions.append(Establishment.id.in_(establishment_ids))
    return query.where(or_(*conditions)) if conditions else query.where(false())


def visible_networks(user: User) -> Select[int]:
    """Return a SELECT of the network ids the user may see at least in part."""
    if user.role == Role.ADMIN:
        return select(Network.id)
    pole_networks = select(Pole.network_id).where(Pole.id.in_(_ids(user, "pole_id")))
    establishment_networks = select(Establishment.network_id).where(
        Establishment.id.in_(_ids(user, "establishment_id"))
    )
    return select(Network.id).where(
        or_(
            Network.id.in_(_ids(user, "network_id")),
            Network.id.in_(pole_networks),
            Network.id.in_(establishment_networks),
        )
    )


def can_see_establishment(user: User, establishment: Establishment) -> bool:
    if user.role == Role.ADMIN:
        return True
    return (
        establishment.id in _ids(user, "establishment_id")
        or (establishment.pole_id is not None and establishment.pole_id in _ids(user, "pole_id"))
        or (establishment.network_id is not None and establishment.network_id in _ids(user, "network_id"))
    )


def can_see_network(user: User, network: Network) -> bool:
    """Whole-network views: admin, or a coordinator / inspector of that network."""
    return user.role == Role.ADMIN or network.id in _ids(user, "network_id")


def can_manage_network(user: User, network: Network) -> bool:
    return user.role == Role.ADMIN or (user.role == Role.COORDINATOR and network.id in _ids(user, "network_id"))


def scope_label(scope: UserScope) -> str:
    if scope.academy is not None:
        return f"Académie {scope.academy.name}"
    if scope.department is not None:
        return f"Département {scope.department.label}"
    if scope.network is not None:
        return f"Réseau {scope.network.name}"
    if scope.pole is not None:
        return f"Pôle {scope.pole.name}"
    return scope.establishment.label if scope.establishment else "—"


# --- Administration: who may change what (admin everywhere, coordinators within their networks) ---


def managed_network_ids(user: User) -> Select[int]:
    """Return a SELECT of the ids of the networks the user manages."""
    if user.role == Role.ADMIN:
        return select(Network.id)
    if user.role == Role.COORDINATOR:
        return select(Network.id).where(Network.id.in_(_ids(user, "network_id")))
    return select(Network.id).where(false())


def can_create_network(user: User) -> bool:
    """A new network belongs to no coordinator yet: only an administrator creates one."""
    return user.role == Role.ADMIN


def can_place_network(user: User) -> bool:
    """A network's département decides which DASEN reads it: only an administrator sets it."""
    return user.role == Role.ADMIN


def can_manage_pole(user: User, pole: Pole) -> bool:
    return can_manage_network(user, pole.network)


def can_manage_establishment(user: User, establishment: Establishment) -> bool:
    """Admins manage every establishment (even one not yet in a network); coordinators those of their networks."""
    if user.role == Role.ADMIN:
        return True
    return (
        user.role == Role.COORDINATOR
        and establishment.network_id is not None
        and establishment.network_id in _ids(user, "network_id")
    )


def can_manage_campaign(user: User, campaign: Campaign) -> bool:
    return can_manage_network(user, campaign.network)


def target_network_id(target: Network | Pole | Establishment | Academy | Department) -> int | None:
    """Return the network a scope target lies in (none for an académie or a département)."""
    if isinstance(target, Network):
        return target.id
    if isinstance(target, Academy | Department):
        return None
    return target.network_id


def scope_network_id(scope: UserScope) -> int | None:
    target = scope.network or scope.pole or scope.establishment
    return target_network_id(target) if target is not None else None  # an académie's or a département's: None


def assignable_roles(user: User) -> list[Role]:
    """Roles the user may give: an administrator any; a coordinator any but administrator and the steering roles.

    A steering reader sees beyond any one network: only an administrator gives that.
    """
    if user.role == Role.ADMIN:
        return list(Role)
    if user.role == Role.COORDINATOR:
        return [role for role in Role if role != Role.ADMIN and role not in STEERING_ROLES]
    return []


def can_grant(user: User, role: Role, targets: Sequence[Network | Pole | Establishment | Academy | Department]) -> bool:
    """Say whether the user may give `role` over `targets` to someone."""
    if role not in assignable_roles(user):
        return False
    if user.role == Role.ADMIN:
        return True
    own = set(_ids(user, "network_id"))
    return bool(targets) and all(target_network_id(target) in own for target in targets)


def can_manage_user(user: User, other: User) -> bool:
    """Admins manage every account; a coordinator the accounts lying wholly within their networks."""
    if user.role == Role.ADMIN:
        return True
    if user.role != Role.COORDINATOR or other.role == Role.ADMIN or not other.scopes:
        return False
    own = set(_ids(user, "network_id"))
    return all(scope_network_id(scope) in own for scope in other.scopes)


# --- Dashboards: who reads which figures, who records agreed levels and staff sizes ---


def can_edit_establishment(user: User, establishment: Establishment) -> bool:
    """Agreed levels and staff size: the establishment's head, and admins / coordinators of its network."""
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.HEAD:
        return establishment.id in _ids(user, "establishment_id")
    return user.role == Role.COORDINATOR and establishment.network_id in _ids(user, "network_id")


def can_hand_out_codes(user: User, establishment: Establishment) -> bool:
    """Single-use codes: made and printed by the establishment's head, and by admins / coordinators of its network.

    Inspectors and pole pilots read results: they never hold codes that open a questionnaire.
    """
    return can_edit_establishment(user, establishment)


def dashboard_poles(user: User, network: Network) -> tuple[bool, list[int]] | None:
    """Return (whole network?, ids of the poles shown) for the network dashboard, or None if refused.

    Admins, coordinators, inspectors and steering readers of the network see every pole and the network total;
    a pilot sees only their own poles of that network; heads have no network dashboard.
    """
    if can_see_network(user, network) and user.role in (Role.ADMIN, *NETWORK_ROLES, *STEERING_ROLES):
        return True, [pole.id for pole in network.poles]
    if user.role == Role.PILOT:
        own = [pole.id for pole in network.poles if pole.id in _ids(user, "pole_id")]
        return (False, own) if own else None
    return None


# --- Feuilles de route: who reads and who writes an establishment's, a pole's, a network's ---

RoadmapOwner = Establishment | Pole | Network


def _head_establishments(user: User) -> list[Establishment]:
    return [scope.establishment for scope in user.scopes if scope.establishment is not None]


def can_read_roadmap(user: User, owner: RoadmapOwner) -> bool:
    """Everyone whose scope holds the owner; a head also reads their pole's and network's, a pilot their network's."""
    if isinstance(owner, Establishment):
        return can_see_establishment(user, owner)
    network_id = owner.id if isinstance(owner, Network) else owner.network_id
    if user.role == Role.ADMIN or network_id in _ids(user, "network_id"):
        return True
    if isinstance(owner, Pole):
        return owner.id in _ids(user, "pole_id") or any(e.pole_id == owner.id for e in _head_establishments(user))
    poles = [scope.pole for scope in user.scopes if scope.pole is not None]
    return any(p.network_id == owner.id for p in poles) or any(
        e.network_id == owner.id for e in _head_establishments(user)
    )


def can_edit_roadmap(user: User, owner: RoadmapOwner) -> bool:
    """An establishment's: its head; a pole's: its pilot; a network's: none of them. Coordinators and admins: all."""
    if isinstance(owner, Establishment):
        return can_edit_establishment(user, owner)
    if isinstance(owner, Pole):
        return can_manage_network(user, owner.network) or (
            user.role == Role.PILOT and owner.id in _ids(user, "pole_id")
        )
    return can_manage_network(user, owner)


# --- Indicator campaigns: who enters an establishment's figures ---


def can_report_indicators(user: User, establishment: Establishment) -> bool:
    """The establishment's head, the pilot (animateur) of its pole, the coordination of its network, admins."""
    if user.role == Role.PILOT:
        return establishment.pole_id is not None and establishment.pole_id in _ids(user, "pole_id")
    return can_edit_establishment(user, establishment)
