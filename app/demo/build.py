"""Demo data: the réseau Sainte Victoire with past campaigns whose levels progress unevenly, and open ones.

Built for looking at the dashboards (30 establishments) and for benchmarks (2,000 establishments, millions of
answers): territory and campaigns go through the ORM and the campaign service, answers through bulk Core inserts.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from flask import current_app
from sqlalchemy import exists, select

from app.clock import today as current_day
from app.demo import places
from app.demo.model import FALLS, OTHER_PROFILES, PROFILES, LevelModel, Site, spread_participation
from app.demo.responses import (
    CampaignPlan,
    QuestionPlan,
    as_asked_by,
    question_plans,
    write_agreed_levels,
    write_campaign,
)
from app.demo.roadmaps import write_roadmaps
from app.extensions import db
from app.models import (
    Academy,
    AccessMode,
    CampaignEstablishment,
    CampaignStatus,
    Establishment,
    Network,
    Pole,
    Role,
    SurveyDefinition,
    User,
    UserScope,
)
from app.services.accounts.passwords import hash_password
from app.services.campaigns.campaigns import create_campaign, school_year_of
from app.services.surveys import definition_for, question_ids, sync_surveys
from app.services.territory.directory_import import thousands
from app.services.territory.uai import make_uai
from app.surveys.loader import load_directory
from app.surveys.registry import registry
from app.surveys.schema import Survey

# The published password of the demo accounts (README), never of a real one (SECURITY-CHECKS.md).
DEMO_PASSWORD = "boussole-demo"  # nosec B105  # noqa: S105
DEMO_DOMAIN = "demo.boussole.fr"


class DemoError(Exception):
    """The demo cannot be built here, with a French message."""


@dataclass(frozen=True)
class DemoOptions:
    establishments: int = 30
    respondents: int = 12  # mean responses per establishment, campaign and instrument
    campaigns: int = 3  # past, closed school years; one open campaign per instrument comes on top
    seed: int = 42
    today: date | None = None


@dataclass
class DemoReport:
    networks: int = 0
    poles: int = 0
    establishments: int = 0
    campaigns: int = 0
    responses: int = 0
    answers: int = 0
    comments: int = 0
    agreed_levels: int = 0
    roadmap_priorities: int = 0
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (email, what it may see)
    open_links: list[tuple[str, str]] = field(default_factory=list)  # (campaign label, respondent token)


def has_establishments() -> bool:
    return bool(db.session.scalar(select(exists().where(Establishment.id.is_not(None)))))


def build_demo(options: DemoOptions, checkpoint: Callable[[str], None] = lambda message: None) -> DemoReport:
    """Build the demo network, accounts and campaigns; `checkpoint` is called after each campaign (the CLI commits)."""
    if db.session.scalar(select(Network.id).filter_by(name=places.FIRST_NETWORK)):
        raise DemoError(f"Les données de démonstration existent déjà (réseau « {places.FIRST_NETWORK} »).")
    sync_surveys(load_directory(current_app.config["SURVEYS_DIR"]))
    instruments = _instruments()
    report = DemoReport()
    # Seeded on purpose: demo data must be reproducible; nothing secret is drawn from it (SECURITY-CHECKS.md).
    rng = random.Random(options.seed)  # nosec B311
    nrng = np.random.default_rng(options.seed)
    networks, sites, head_site = _build_territory(options, rng, nrng, report)
    head_user = _build_accounts(networks[0], head_site, report)
    checkpoint(
        f"Territoire : {report.networks} réseau(x), {report.poles} pôles, {report.establishments} établissements."
    )

    today = options.today or current_day()
    start = school_year_of(today)
    for index, editions in enumerate(instruments):
        survey = editions[-1][1]
        ids = question_ids(survey.slug)
        every_plan = _plans_of_every_edition([s for _, s in editions], ids, nrng)
        position = {p.key: i for i, p in enumerate(every_plan)}
        model = LevelModel(survey, sites, every_plan, nrng)
        for network_index, network in enumerate(networks):
            network_sites = [s for s in sites if s.network == network_index]
            for year_index in range(options.campaigns + 1):
                year = start - options.campaigns + year_index
                is_open = year == start
                definition, edition = _edition_of_year(editions, year_index, options.campaigns)
                columns = [position[q.id] for _, q in edition.questions()]
                plans = as_asked_by(edition, [every_plan[i] for i in columns])
                campaign, plan = _campaign(
                    definition,
                    edition,
                    network,
                    network_sites,
                    year,
                    year_index,
                    index,
                    is_open,
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
                report.comments += written.comments
                if is_open and network_index == 0:
                    first = db.session.scalars(
                        select(CampaignEstablishment.token).filter_by(
                            campaign_id=campaign.id, establishment_id=network_sites[0].id
                        )
                    ).one()
                    report.open_links.append((f"{survey.title} — {network.name} {campaign.school_year}", first))
                elif not is_open:
                    chosen = [s.id for s in network_sites if nrng.random() < 0.4]
                    report.agreed_levels += write_agreed_levels(
                        campaign.id,
                        written,
                        plans,
                        chosen,
                        plan.last_day + timedelta(days=21),
                        nrng,
                        recorded_by={head_site.id: head_user.id} if head_user else {},
                    )
                db.session.flush()
                checkpoint(
                    f"{survey.slug} v{edition.version} · {network.name} · {year}-{year + 1}"
                    f"{' (ouverte)' if is_open else ''} : "
                    f"{written.responses} réponses (total {thousands(report.responses)} réponses, "
                    f"{thousands(report.answers)} valeurs)"
                )
    report.roadmap_priorities = write_roadmaps(networks[0], head_site.id, head_user, today)
    checkpoint(f"Feuilles de route : {report.roadmap_priorities} priorités.")
    return report


def _instruments() -> list[list[tuple[SurveyDefinition, Survey]]]:
    """Every edition of every instrument the app knows, oldest first, each with its stored row."""
    found = []
    for slug in sorted({item.survey.slug for item in registry()}):
        editions = [item.survey for item in registry() if item.survey.slug == slug]  # the registry sorts them
        rows = [(definition_for(s.slug, s.version), s) for s in editions]
        stored = [(row, s) for row, s in rows if row is not None]
        if stored:
            found.append(stored)
    if not found:
        raise DemoError("Aucun questionnaire chargé : vérifiez le dossier surveys/.")
    return found


def _edition_of_year(
    editions: list[tuple[SurveyDefinition, Survey]], year_index: int, closed_years: int
) -> tuple[SurveyDefinition, Survey]:
    """The newest edition for the latest closed school year and the open one, the edition before it earlier.

    So that the dashboards show, and flag, a trend across two editions (docs/dashboards.md).
    """
    if len(editions) == 1 or year_index >= closed_years - 1:
        return editions[-1]
    return editions[-2]


def _plans_of_every_edition(
    surveys: list[Survey], ids: dict[str, int], nrng: np.random.Generator
) -> list[QuestionPlan]:
    """One plan per question id any edition asks, newest edition's first: one response model spans the editions."""
    plans: dict[str, QuestionPlan] = {}
    for survey in reversed(surveys):
        for plan in question_plans(survey, ids, nrng):
            plans.setdefault(plan.key, plan)
    return list(plans.values())


def _build_territory(
    options: DemoOptions, rng: random.Random, nrng: np.random.Generator, report: DemoReport
) -> tuple[list[Network], list[Site], Site]:
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
    uais = _UaiAllocator(set(db.session.scalars(select(Establishment.uai))), rng)
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


class _UaiAllocator:
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


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def _build_accounts(network: Network, head_site: Site, report: DemoReport) -> User | None:
    """Create one account per role, all with the demo password; existing addresses are left alone."""
    aix = next(p for p in network.poles if p.name == "Aix")
    head_establishment = db.session.get_one(Establishment, head_site.id)
    accounts = [
        ("admin", "Administration (démo)", Role.ADMIN, None, "toute l'académie"),
        (
            "coordination",
            f"Coordination du réseau {network.name}",
            Role.COORDINATOR,
            UserScope(network_id=network.id),
            f"réseau {network.name}",
        ),
        (
            "ia-ipr",
            "IA-IPR référent du réseau",
            Role.INSPECTOR,
            UserScope(network_id=network.id),
            f"réseau {network.name} (lecture)",
        ),
        ("pilote.aix", "Pilote du pôle Aix", Role.PILOT, UserScope(pole_id=aix.id), "pôle Aix"),
        (
            f"direction.{_slug(head_establishment.name)}",
            f"Direction — {head_establishment.name}",
            Role.HEAD,
            UserScope(establishment_id=head_establishment.id),
            head_establishment.label,
        ),
    ]
    head_user = None
    for local, name, role, scope, seen in accounts:
        email = f"{local}@{DEMO_DOMAIN}"
        user = db.session.scalar(select(User).filter_by(email=email))
        if user is None:
            user = User(email=email, name=name, role=role, password_hash=hash_password(DEMO_PASSWORD))
            if scope is not None:
                user.scopes.append(scope)
            db.session.add(user)
            report.accounts.append((email, seen))
        if role == Role.HEAD:
            head_user = user
    db.session.flush()
    return head_user


def _campaign(
    definition: SurveyDefinition,
    survey: Survey,
    network: Network,
    sites: list[Site],
    year: int,
    year_index: int,
    instrument_index: int,
    is_open: bool,
    today: date,
    options: DemoOptions,
    model: LevelModel,
    columns: list[int],
    nrng: np.random.Generator,
):
    """Create one campaign through the campaign service, set staff sizes, and plan its responses."""
    if is_open:
        opens_on, closes_on = today - timedelta(weeks=3), today + timedelta(days=61)
        first_day, last_day = max(opens_on, date(year, 9, 1)), today
    else:
        # One instrument in November, the next after the winter holidays, a third in March.
        opens_on = (date(year, 11, 6), date(year + 1, 1, 12), date(year + 1, 3, 9))[instrument_index % 3]
        closes_on = opens_on + timedelta(weeks=5)
        first_day, last_day = opens_on, closes_on
    with db.session.no_autoflush:  # the links' codes are checked against the table, not one INSERT each
        campaign = create_campaign(
            definition,
            network,
            f"{year}-{year + 1}",
            opens_on=opens_on,
            closes_on=closes_on,
            access_mode=AccessMode.LINK,
            status=CampaignStatus.OPEN if is_open else CampaignStatus.CLOSED,
        )
    year_factor = float(nrng.uniform(0.8, 1.15))
    counts = {}
    for site in sites:
        if is_open:
            n = int(nrng.poisson(site.participation * 0.3))
        elif site.low:
            n = int(nrng.integers(1, 5))
        else:
            n = max(1, int(nrng.poisson(site.participation * year_factor)))
        counts[site.id] = min(n, site.staff)
    staff = {s.id: s.staff for s in sites}
    for link in db.session.scalars(select(CampaignEstablishment).filter_by(campaign_id=campaign.id)):
        size = round(staff[link.establishment_id] * float(nrng.uniform(0.92, 1.08)))
        link.staff_size = max(size, counts[link.establishment_id], 1)  # staff moves a little from year to year
    # The model spans every edition's questions; `columns` picks this edition's, in its order.
    means = {site.id: model.means(site.id, year_index, options.campaigns - 1)[columns] for site in sites}
    plan = CampaignPlan(campaign.id, survey, year_index, first_day, last_day, counts, means)
    return campaign, plan
