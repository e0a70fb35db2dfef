"""Two more networks of the académie, in two départements, so that the académie and département views compare.

Built after everything else, with their own seeded generators: the réseau Sainte Victoire, its accounts and its
answers stay exactly as they were. Only the grid is asked here (the comparison reads the grid's dimensions).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import select

from app.analytics.instrument import dimensions_of
from app.demo import places
from app.demo.model import LevelModel, Site, spread_participation
from app.demo.options import DemoOptions, DemoReport
from app.demo.responses import CampaignPlan, QuestionPlan, as_asked_by, write_campaign
from app.demo.territory import UaiAllocator
from app.extensions import db
from app.models import Academy, Department, Establishment, Network, Pole, SurveyDefinition
from app.services.campaigns.campaigns import school_year_of
from app.services.surveys import question_ids
from app.surveys.schema import Survey

DEPARTMENTS = {"13": "Bouches-du-Rhône", "84": "Vaucluse"}
# (network, département, profile of the response model, its poles: (pole, [(kind, name, commune, postal code)]))
NETWORKS = (
    (
        "Calanques",
        "13",
        "steady",
        (
            (
                "Marseille Est",
                [
                    (places.COLLEGE, "Collège Marcel Pagnol", "Marseille", "13011"),
                    (places.ECOLE, "École élémentaire La Valentine", "Marseille", "13011"),
                    (places.LYCEE, "Lycée Marie Curie", "Marseille", "13012"),
                ],
            ),
            (
                "Aubagne",
                [
                    (places.COLLEGE, "Collège Lakanal", "Aubagne", "13400"),
                    (places.ECOLE, "École primaire Jean Jaurès", "Aubagne", "13400"),
                    (places.LP, "Lycée professionnel Gustave Ferrié", "La Ciotat", "13600"),
                ],
            ),
        ),
    ),
    (
        "Ventoux",
        "84",
        "flat",
        (
            (
                "Carpentras",
                [
                    (places.COLLEGE, "Collège Jean-Henri Fabre", "Carpentras", "84200"),
                    (places.ECOLE, "École élémentaire Saint-Siffrein", "Carpentras", "84200"),
                    (places.LYCEE, "Lycée Victor Hugo", "Carpentras", "84200"),
                ],
            ),
            (
                "Vaison",
                [
                    (places.COLLEGE, "Collège Joseph d'Arbaud", "Vaison-la-Romaine", "84110"),
                    (places.ECOLE, "École primaire du Ventoux", "Malaucène", "84340"),
                    (places.ECOLE, "École élémentaire Les Garrigues", "Bédoin", "84410"),
                ],
            ),
        ),
    ),
)


@dataclass(frozen=True)
class CampaignHelpers:
    make_campaign: Callable[..., tuple[Any, CampaignPlan]]
    edition_of_year: Callable[..., tuple[SurveyDefinition, Survey]]
    plans_of_every_edition: Callable[..., list[QuestionPlan]]


def place_in_departments(academy: Academy, first: Network) -> dict[str, Department]:
    """Create the académie's two départements (if needed) and put the réseau Sainte Victoire in the 13."""
    found = {d.code: d for d in db.session.scalars(select(Department).where(Department.code.in_(DEPARTMENTS)))}
    for code, name in DEPARTMENTS.items():
        if code not in found:
            found[code] = Department(code=code, name=name, academy=academy)
            db.session.add(found[code])
    first.department = found["13"]
    db.session.flush()
    return found


def build_comparison_networks(
    options: DemoOptions, academy: Academy, departments: dict[str, Department], report: DemoReport
) -> list[tuple[Network, list[Site]]]:
    """Create the two networks, their poles and establishments, each with its response profile."""
    rng = random.Random(options.seed + 1)  # nosec B311  # seeded on purpose: reproducible demo data
    taken = set(db.session.scalars(select(Network.name)))
    uais = UaiAllocator(set(db.session.scalars(select(Establishment.uai))), rng)
    built = []
    for index, (planned_name, code, profile, poles) in enumerate(NETWORKS, start=1):
        name = planned_name
        while name in taken:
            name += " (démo)"
        network = Network(name=name, academy=academy, department=departments[code])
        sites = []
        for pole_name, rows in poles:
            pole = Pole(name=pole_name, network=network)
            for kind, school, commune, postal in rows:
                establishment = Establishment(
                    uai=uais.next("0" + postal[:2]),
                    name=school,
                    kind=kind,
                    commune=commune,
                    postal_code=postal,
                    departement="0" + postal[:2],
                    academy_label=academy.name,
                    network=network,
                    pole=pole,
                )
                db.session.add(establishment)
                db.session.flush()
                staff = rng.randint(*places.STAFF[kind])
                low = kind == places.ECOLE and school.startswith("École primaire")  # one small school per network
                sites.append(Site(establishment.id, 100 + index, profile, (), staff, 1.0, low))
        spread_participation(sites, options.respondents)
        report.networks += 1
        report.poles += len(poles)
        report.establishments += len(sites)
        built.append((network, sites))
    return built


def write_comparison_campaigns(
    options: DemoOptions,
    built: list[tuple[Network, list[Site]]],
    instruments: list[list[tuple[SurveyDefinition, Survey]]],
    today: date,
    report: DemoReport,
    helpers: CampaignHelpers,
) -> None:
    """Run the grid in the two networks over the same school years as the réseau Sainte Victoire.

    `helpers`: build.py's own functions (campaign, edition of a year, plans), so that both demos draw alike.
    """
    nrng = np.random.default_rng(options.seed + 2)
    start = school_year_of(today)
    for instrument_index, editions in enumerate(instruments):
        survey = editions[-1][1]
        if not dimensions_of(survey):
            continue
        every_plan = helpers.plans_of_every_edition([s for _, s in editions], question_ids(survey.slug), nrng)
        position = {p.key: i for i, p in enumerate(every_plan)}
        for network, sites in built:
            model = LevelModel(survey, sites, every_plan, nrng)
            for year_index in range(options.campaigns + 1):
                year = start - options.campaigns + year_index
                definition, edition = helpers.edition_of_year(editions, year_index, options.campaigns)
                columns = [position[q.id] for _, q in edition.questions()]
                plans = as_asked_by(edition, [every_plan[i] for i in columns])
                _, plan = helpers.make_campaign(
                    definition,
                    edition,
                    network,
                    sites,
                    year,
                    year_index,
                    instrument_index,
                    year == start,
                    today,
                    options,
                    model,
                    columns,
                    nrng,
                )
                written = write_campaign(plan, plans, nrng)
                report.campaigns += 1
                report.responses += written.responses
                report.answers += written.answers
                db.session.flush()
