"""Demo data: the réseau Sainte Victoire with past campaigns whose levels progress unevenly, and open ones.

Built for looking at the dashboards (30 establishments) and for benchmarks (2,000 establishments, millions of
answers): territory and campaigns go through the ORM and the campaign service, answers through bulk Core inserts.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
from flask import current_app
from sqlalchemy import exists, select

from app.clock import today as current_day
from app.demo import comparison, places
from app.demo.accounts import DEMO_PASSWORD, build_accounts, build_steering_accounts
from app.demo.indicators import write_indicator_campaigns
from app.demo.model import LevelModel, Site
from app.demo.options import DemoError, DemoOptions, DemoReport
from app.demo.responses import (
    CampaignPlan,
    QuestionPlan,
    as_asked_by,
    question_plans,
    write_agreed_levels,
    write_campaign,
    write_showcase_comments,
)
from app.demo.roadmaps import write_roadmaps
from app.demo.territory import build_territory
from app.extensions import db
from app.models import (
    AccessMode,
    CampaignEstablishment,
    CampaignStatus,
    Establishment,
    Network,
    SurveyDefinition,
)
from app.services.campaigns.campaigns import create_campaign, school_year_of
from app.services.surveys import definition_for, question_ids, sync_surveys
from app.services.territory.directory_file import thousands
from app.surveys.loader import load_directory
from app.surveys.registry import registry
from app.surveys.schema import Survey

SHOWCASE_COMMENTS = 8  # the head's establishment has at least this many comments in each closed campaign

__all__ = ["DEMO_PASSWORD", "DemoError", "DemoOptions", "DemoReport", "build_demo", "has_establishments"]


def has_establishments() -> bool:
    """Say whether the database already holds establishments (`flask demo --if-empty` then does nothing)."""
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
    networks, sites, head_site = build_territory(options, rng, nrng, report)
    head_user = build_accounts(networks[0], head_site, report)
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
                    if head_site.network == network_index:
                        report.comments += write_showcase_comments(campaign.id, head_site.id, plans, SHOWCASE_COMMENTS)
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
    _comparison_networks(options, networks[0], instruments, today, report)
    checkpoint(f"Réseaux comparés : {report.networks} réseaux, dans les départements 13 et 84.")
    checkpoint(write_indicator_campaigns(networks, head_site.id, head_user, today, rng))
    return report


def _comparison_networks(
    options: DemoOptions,
    first: Network,
    instruments: list[list[tuple[SurveyDefinition, Survey]]],
    today: date,
    report: DemoReport,
) -> None:
    """Place the first network in its département and, if asked, add two networks to compare (demo/comparison)."""
    departments = comparison.place_in_departments(first.academy, first)
    build_steering_accounts(first.academy, departments["13"], report)
    if options.comparison:
        built = comparison.build_comparison_networks(options, first.academy, departments, report)
        helpers = comparison.CampaignHelpers(_campaign, _edition_of_year, _plans_of_every_edition)
        comparison.write_comparison_campaigns(options, built, instruments, today, report, helpers)


def _instruments() -> list[list[tuple[SurveyDefinition, Survey]]]:
    """Every edition of every instrument the app knows, oldest first, each with its stored row."""
    found = []
    for slug in sorted({item.survey.slug for item in registry() if not item.survey.is_indicators}):
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
