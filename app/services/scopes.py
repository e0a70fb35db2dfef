"""Who may see what: every view, export and API answer asks these functions, on the server."""
from __future__ import annotations

from sqlalchemy import Select, or_, select

from app.models import Establishment, Network, Pole, Role, User, UserScope

NETWORK_ROLES = {Role.COORDINATOR, Role.INSPECTOR}
# Who may manage (not only read): admin everywhere, coordinators in their networks.
MANAGER_ROLES = {Role.ADMIN, Role.COORDINATOR}


def _ids(user: User, attribute: str) -> list[int]:
    return [getattr(scope, attribute) for scope in user.scopes if getattr(scope, attribute) is not None]


def visible_establishments(user: User) -> Select:
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
    return query.where(or_(*conditions)) if conditions else query.where(False)


def visible_networks(user: User) -> Select:
    """Return a SELECT of the network ids the user may see at least in part."""
    if user.role == Role.ADMIN:
        return select(Network.id)
    pole_networks = select(Pole.network_id).where(Pole.id.in_(_ids(user, "pole_id")))
    establishment_networks = select(Establishment.network_id).where(Establishment.id.in_(_ids(user, "establishment_id")))
    return select(Network.id).where(or_(Network.id.in_(_ids(user, "network_id")),
                                        Network.id.in_(pole_networks), Network.id.in_(establishment_networks)))


def can_see_establishment(user: User, establishment: Establishment) -> bool:
    if user.role == Role.ADMIN:
        return True
    return (establishment.id in _ids(user, "establishment_id")
            or (establishment.pole_id is not None and establishment.pole_id in _ids(user, "pole_id"))
            or (establishment.network_id is not None and establishment.network_id in _ids(user, "network_id")))


def can_see_pole(user: User, pole: Pole) -> bool:
    return user.role == Role.ADMIN or pole.id in _ids(user, "pole_id") or pole.network_id in _ids(user, "network_id")


def can_see_network(user: User, network: Network) -> bool:
    """Whole-network views: admin, or a coordinator / inspector of that network."""
    return user.role == Role.ADMIN or network.id in _ids(user, "network_id")


def can_manage_network(user: User, network: Network) -> bool:
    return user.role == Role.ADMIN or (user.role == Role.COORDINATOR and network.id in _ids(user, "network_id"))


def scope_label(scope: UserScope) -> str:
    if scope.network is not None:
        return f"Réseau {scope.network.name}"
    if scope.pole is not None:
        return f"Pôle {scope.pole.name}"
    return scope.establishment.label if scope.establishment else "—"
