"""The territory tree: académies, networks and poles; create and rename them, count establishments in them."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.extensions import db
from app.models import Academy, Establishment, Network, Pole, User
from app.services.accounts import audit

NAME_MAX_LENGTH = 120


class TerritoryError(Exception):
    """A territory change that cannot be made, with a French message."""


@dataclass
class PoleCount:
    name: str
    establishments: int


@dataclass
class NetworkBranch:
    name: str
    establishments: int
    poles: list[PoleCount] = field(default_factory=list)
    without_pole: int = 0


@dataclass
class AcademyBranch:
    name: str
    networks: list[NetworkBranch] = field(default_factory=list)


def _clean(name: str, what: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise TerritoryError(f"Le nom {what} ne peut pas être vide.")
    if len(name) > NAME_MAX_LENGTH:
        raise TerritoryError(f"Le nom {what} est trop long ({NAME_MAX_LENGTH} caractères au plus).")
    return name


def get_or_create_academy(name: str) -> Academy:
    """Return the académie of that name, created if needed."""
    name = _clean(name, "de l'académie")
    academy = db.session.scalar(select(Academy).where(func.lower(Academy.name) == name.lower()))
    if academy is None:
        academy = Academy(name=name)
        db.session.add(academy)
        db.session.flush()
    return academy


def find_network(name: str) -> Network | None:
    """Return the network of that name, whatever its case and spacing."""
    return db.session.scalar(select(Network).where(func.lower(Network.name) == " ".join(name.split()).lower()))


def add_network(name: str, academy_name: str) -> tuple[Network, bool]:
    """Create a network in an académie (created if needed); return it and whether it is new."""
    name = _clean(name, "du réseau")
    network = find_network(name)
    if network is not None:
        if network.academy.name.lower() != " ".join(academy_name.split()).lower():
            raise TerritoryError(
                f"Le réseau « {network.name} » existe déjà, dans l'académie « {network.academy.name} »."
            )
        return network, False
    network = Network(name=name, academy=get_or_create_academy(academy_name))
    db.session.add(network)
    db.session.flush()
    return network, True


def add_pole(name: str, network_name: str) -> tuple[Pole, bool]:
    """Create a pole in an existing network; return it and whether it is new."""
    name = _clean(name, "du pôle")
    network = find_network(network_name)
    if network is None:
        raise TerritoryError(f"Réseau inconnu : « {network_name} ». Créez-le d'abord (territory add-network).")
    pole = db.session.scalar(select(Pole).where(Pole.network_id == network.id, func.lower(Pole.name) == name.lower()))
    if pole is not None:
        return pole, False
    pole = Pole(name=name, network=network)
    db.session.add(pole)
    db.session.flush()
    return pole, True


def create_network(name: str, academy_name: str, actor: User) -> Network:
    """Create a network; refuse a name already taken."""
    network, created = add_network(name, academy_name)
    if not created:
        raise TerritoryError(f"Le réseau « {network.name} » existe déjà.")
    audit.record(actor, "network.create", f"Réseau « {network.name} » ({network.academy.name})")
    return network


def rename_network(network: Network, name: str, actor: User) -> Network:
    """Rename a network; refuse a name another network holds."""
    name = _clean(name, "du réseau")
    taken = db.session.scalar(
        select(Network.id).where(func.lower(Network.name) == name.lower(), Network.id != network.id)
    )
    if taken:
        raise TerritoryError(f"Un autre réseau s'appelle déjà « {name} ».")
    old, network.name = network.name, name
    db.session.flush()
    audit.record(actor, "network.rename", f"« {old} » → « {network.name} »")
    return network


def create_pole(network: Network, name: str, actor: User) -> Pole:
    """Create a pole in a network; refuse a name already taken there."""
    pole, created = add_pole(name, network.name)
    if not created:
        raise TerritoryError(f"Le pôle « {pole.name} » existe déjà dans ce réseau.")
    audit.record(actor, "pole.create", f"Pôle « {pole.name} » du réseau « {network.name} »")
    return pole


def rename_pole(pole: Pole, name: str, actor: User) -> Pole:
    """Rename a pole; refuse a name another pole of its network holds."""
    name = _clean(name, "du pôle")
    taken = db.session.scalar(
        select(Pole.id).where(
            Pole.network_id == pole.network_id, Pole.id != pole.id, func.lower(Pole.name) == name.lower()
        )
    )
    if taken:
        raise TerritoryError(f"Un autre pôle de ce réseau s'appelle déjà « {name} ».")
    old, pole.name = pole.name, name
    db.session.flush()
    audit.record(actor, "pole.rename", f"Réseau « {pole.network.name} » : « {old} » → « {pole.name} »")
    return pole


def territory_tree() -> tuple[list[AcademyBranch], int]:
    """Return académie → réseau → pôle with establishment counts, and the count of establishments without network."""
    by_pole = dict(
        db.session.execute(
            select(Establishment.pole_id, func.count())
            .where(Establishment.pole_id.is_not(None))
            .group_by(Establishment.pole_id)
        ).all()
    )
    by_network = dict(
        db.session.execute(select(Establishment.network_id, func.count()).group_by(Establishment.network_id)).all()
    )
    without_pole = dict(
        db.session.execute(
            select(Establishment.network_id, func.count())
            .where(Establishment.pole_id.is_(None))
            .group_by(Establishment.network_id)
        ).all()
    )
    tree = []
    for academy in db.session.scalars(select(Academy).order_by(Academy.name)):
        branch = AcademyBranch(academy.name)
        for network in academy.networks:
            poles = [PoleCount(p.name, by_pole.get(p.id, 0)) for p in network.poles]
            branch.networks.append(
                NetworkBranch(network.name, by_network.get(network.id, 0), poles, without_pole.get(network.id, 0))
            )
        tree.append(branch)
    return tree, by_network.get(None, 0)
