"""What the signed-in manager may touch, in the shapes the admin views need (ids, select choices)."""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from app.extensions import db
from app.models import Network, Pole, Role
from app.services.accounts.scopes import managed_network_ids


def managed_ids() -> list[int] | None:
    """The ids of the networks the current user manages; None for an administrator (all, and none at all)."""
    if current_user.role == Role.ADMIN:
        return None
    return list(db.session.scalars(managed_network_ids(current_user)))


def managed_networks() -> list[Network]:
    return list(
        db.session.scalars(
            select(Network).where(Network.id.in_(managed_network_ids(current_user))).order_by(Network.name)
        )
    )


def managed_poles() -> list[Pole]:
    return list(
        db.session.scalars(
            select(Pole)
            .join(Network)
            .where(Network.id.in_(managed_network_ids(current_user)))
            .order_by(Network.name, Pole.name)
        )
    )


def pole_choices(poles: list[Pole], empty: str, with_network: bool = True) -> list[SelectChoice]:
    return [SelectChoice("", empty)] + [
        SelectChoice(p.id, f"{p.network.name} / {p.name}" if with_network else p.name) for p in poles
    ]


def page_number(value: str | None) -> int:
    """Read ?page= leniently: anything odd is page 1."""
    try:
        return max(1, min(int(value or 1), 100_000))
    except ValueError:
        return 1
