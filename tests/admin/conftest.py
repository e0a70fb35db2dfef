"""A small académie for the administration tests: network A (poles A1, A2) with a campaign, and network B."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.extensions import db
from app.models import AccessMode, CampaignStatus, Establishment, Network, Pole, User
from app.models.campaign import Campaign


@dataclass
class World:
    network: Network
    pole: Pole
    other_pole: Pole
    establishment: Establishment
    sibling: Establishment
    other_network: Network
    foreign_pole: Pole
    foreign: Establishment
    campaign: Campaign
    foreign_campaign: Campaign
    head: User
    foreign_head: User


@pytest.fixture
def world(make) -> World:
    network = make.network("Sainte Victoire")
    pole, other_pole = make.pole("Aix", network), make.pole("Pertuis", network)
    establishment = make.establishment(pole=pole, name="Collège Mignet")
    sibling = make.establishment(pole=other_pole, name="Lycée Val de Durance")
    other_network = make.network("Calanques")
    foreign_pole = make.pole("Marseille Sud", other_network)
    foreign = make.establishment(pole=foreign_pole, name="Collège Marseilleveyre")
    campaign = make.campaign(
        network=network,
        establishments=[establishment, sibling],
        access_mode=AccessMode.CODES,
        status=CampaignStatus.OPEN,
    )
    foreign_campaign = make.campaign(network=other_network, establishments=[foreign])
    world = World(
        network,
        pole,
        other_pole,
        establishment,
        sibling,
        other_network,
        foreign_pole,
        foreign,
        campaign,
        foreign_campaign,
        make.user("head", establishment, email="principal@ac-test.fr"),
        make.user("head", foreign, email="principal.marseille@ac-test.fr"),
    )
    world.network.department = make.department("13", academy=world.network.academy)
    db.session.commit()  # committed like real data: a view that rolls back does not erase it
    return world


# Each role of the matrix, as (role, scope) built from the world.
ROLES = {
    "admin": lambda w: ("admin", None),
    "coordinator": lambda w: ("coordinator", w.network),
    "coordinator_other": lambda w: ("coordinator", w.other_network),
    "inspector": lambda w: ("inspector", w.network),
    "pilot": lambda w: ("pilot", w.pole),
    "pilot_other": lambda w: ("pilot", w.other_pole),
    "head": lambda w: ("head", w.establishment),
    "head_other": lambda w: ("head", w.foreign),
    # the académie's steering cell and the DASEN read networks: they administer nothing (issue 14, item 5)
    "academy": lambda w: ("academy", w.network.academy),
    "department": lambda w: ("department", w.network.department),
}


@pytest.fixture
def login_as(login, world):
    """Log in as one of the matrix's roles ("anonymous" stays logged out)."""

    def _login_as(name: str):
        if name == "anonymous":
            return None
        role, scope = ROLES[name](world)
        return login(role, scope)

    return _login_as
