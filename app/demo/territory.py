"""The demo's territory: networks, poles and establishments (valid, unused UAIs), each with its response profile."""

from __future__ import annotations

import random

import numpy as np
from sqlalchemy import select

from app.demo import places
from app.demo.model import FALLS, OTHER_PROFILES, PROFILES, Site, spread_participation
from app.demo.options import DemoError, DemoOptions, DemoReport
from app.extensions import db
from app.models import Academy, Establishment, Network, Pole
from app.services.territory.uai import make_uai


def build_territory(
    options: DemoOptions, rng: random.Random, nrng: np.random.Generator, report: DemoReport
) -> tuple[list[Network], list[Site], Site]:
    """Create the networks, poles and establishments, with each site's profile; return them and the head's site."""
    academy = db.session.scalar(select(Academy).filter_by(name=places.ACADEMY)) or Academy(name=places.ACADEMY)
    taken_networks = set(db.session.scalars(select(Network.name)))
    networks: list[Network] = []
    poles: dict[tuple[int, str], Pole] = {}
    for index, (planned_name, pole_names) in enumerate(places.network_layout(options.establishments)):
        name = planned_name
        while name in taken_networks:
            name += " (démo)"
        network = Network(name=name, academy=academy)
        networks.append(network)
        for pole_name, _ in pole_names:
            poles[(index, pole_name)] = Pole(name=pole_name, network=network)
    db.session.add_all(networks)

    planned = places.plan_establishments(options.establishments, rng)
    uais = UaiAllocator(set(db.session.scalars(select(Establishment.uai))), rng)
    rows = []
    for item in planned:
        pole = poles[(item.network, item.pole)]
        rows.append(
            Establishment(
                uai=uais.next(item.departement),
                name=item.name,
                kind=item.kind,
                commune=item.commune,
                postal_code=item.postal_code,
                departement=item.departement,
                academy_label=places.ACADEMY,
                network=networks[item.network],
                pole=pole,
            )
        )
    db.session.add_all(rows)
    db.session.flush()

    other_profiles: dict[tuple[int, str], tuple[str, tuple[str, ...]]] = {}
    sites = []
    low_count = max(1, len(rows) // 10)
    low = set(rng.sample(range(len(rows)), low_count)) if len(rows) >= 3 else set()
    for index, (item, row) in enumerate(zip(planned, rows)):
        key = (item.network, item.pole)
        falls: tuple[str, ...] = ()
        if item.network == 0 and item.pole in PROFILES:
            profile, focus = PROFILES[item.pole]
            falls = FALLS.get(item.pole, ())
        else:
            profile, focus = other_profiles.setdefault(key, (OTHER_PROFILES[len(other_profiles) % 4], ()))
        sites.append(
            Site(
                row.id,
                item.network,
                profile,
                focus,
                item.staff,
                float(np.clip(nrng.lognormal(0, 0.3), 0.5, 1.8)),
                index in low,
                falls,
            )
        )
    spread_participation(sites, options.respondents)
    report.networks, report.poles, report.establishments = len(networks), len(poles), len(rows)
    head = next(
        (s for s, p in zip(sites, planned) if p.network == 0 and p.pole == "Aix" and p.kind == places.COLLEGE), sites[0]
    )
    return networks, sites, head


class UaiAllocator:
    """Valid, unused UAIs of a département (013 → 0131234X), in a seeded, not quite sequential order."""

    def __init__(self, taken: set[str], rng: random.Random) -> None:
        self.taken, self.rng = taken, rng
        self.next_number: dict[str, int] = {}

    def next(self, departement: str) -> str:
        number = self.next_number.get(departement, 100 + self.rng.randint(0, 400))
        while True:
            if number > 9999:
                raise DemoError(f"Plus de numéro UAI libre pour le département {departement}.")
            uai = make_uai(int(departement) * 10_000 + number)
            number += self.rng.randint(1, 3)
            if uai not in self.taken:
                self.taken.add(uai)
                self.next_number[departement] = number
                return uai
