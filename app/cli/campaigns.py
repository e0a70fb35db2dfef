"""`flask campaigns list|links|codes|create|tick`: run campaigns from the command line."""

from __future__ import annotations

import sys
from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from app.cli.link_base import say_link_base
from app.clock import today
from app.extensions import db
from app.models import AccessMode, Campaign, CampaignScope, CampaignStatus, Network, Response, SurveyDefinition
from app.services.campaigns.campaigns import PAST_CLOSING, campaign_links, create_campaign, is_valid_school_year
from app.services.campaigns.codes import MAX_CODES_PER_BATCH, code_counts, generate_codes
from app.services.campaigns.errors import CampaignError
from app.services.campaigns.materials import respondent_url
from app.services.campaigns.scope import Scope, resolve_scope, scope_label
from app.services.campaigns.states import close_due_campaigns
from app.services.dashboards.campaign_data import missing_results, store_results
from app.services.dashboards.exports import write_csv  # names come from imported files: a cell may look like a formula
from app.services.indicators.periods import period_problem
from app.services.mail.campaign_notices import send_due_notices
from app.services.surveys import definition_for
from app.services.territory.establishments import establishment_by_uai
from app.surveys.registry import registry
from app.web.fragment_cache import forget_unused

campaigns_cli = AppGroup(
    "campaigns", help="Campagnes : liste, liens par établissement, codes individuels, création, clôture à date."
)


def _campaign(campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        raise click.ClickException(f"aucune campagne n° {campaign_id} (voir `flask campaigns list`)")
    return campaign


def _print_csv(header: list[str], rows: list[list[str]]) -> None:
    write_csv(sys.stdout, header, rows, delimiter=",", newline="\n")


@campaigns_cli.command("list")
def list_campaigns() -> None:
    """Print one line per campaign: id, instrument, network, year and period, state today, scope, access, responses."""
    _close_due()
    counts = dict(db.session.execute(select(Response.campaign_id, func.count()).group_by(Response.campaign_id)).all())
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.school_year.desc(), Campaign.id)).all()
    if not campaigns:
        click.echo("Aucune campagne.", err=True)
        return
    click.echo("id\tinstrument\tréseau\tannée\tétat\tpérimètre\taccès\tréponses")
    for campaign in campaigns:
        year = campaign.school_year + (f" {campaign.period}" if campaign.period else "")
        click.echo(
            "\t".join(
                [
                    str(campaign.id),
                    campaign.survey.slug,
                    campaign.network.name,
                    year,
                    campaign.state(today()).label,
                    scope_label(campaign),
                    campaign.access_mode.value,
                    str(counts.get(campaign.id, 0)),
                ]
            )
        )


@campaigns_cli.command("links")
@click.argument("campaign_id", type=int)
def links(campaign_id: int) -> None:
    """Print, as CSV, each establishment's UAI, name, full link and short code."""
    campaign = _campaign(campaign_id)
    say_link_base()
    if campaign.access_mode == AccessMode.CODES:
        click.echo(
            "Campagne à codes individuels : le lien demande un code, créez-les avec `flask campaigns codes`.", err=True
        )
    _print_csv(
        ["uai", "name", "link", "code"],
        [
            [link.establishment.uai, link.establishment.name, respondent_url(link.token), link.short_code]
            for link in campaign_links(campaign)
        ],
    )


@campaigns_cli.command("codes")
@click.argument("campaign_id", type=int)
@click.option("--uai", required=True, help="UAI de l'établissement.")
@click.option("--count", type=int, required=True, help=f"Nombre de codes à créer (1 à {MAX_CODES_PER_BATCH}).")
def codes(campaign_id: int, uai: str, count: int) -> None:
    """Create single-use codes for one establishment and print them as CSV."""
    campaign = _campaign(campaign_id)
    establishment = establishment_by_uai(uai)
    if establishment is None:
        raise click.ClickException(f"aucun établissement d'UAI {uai}")
    if establishment.network_id != campaign.network_id:
        raise click.ClickException(f"{establishment.label} n'appartient pas au réseau de la campagne {campaign_id}")
    try:
        created = generate_codes(campaign, establishment, count)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    if campaign.access_mode != AccessMode.CODES:
        click.echo(
            "Attention : cette campagne est en accès par lien ouvert ; les codes fonctionneront aussi.", err=True
        )
    _print_csv(["uai", "name", "code"], [[establishment.uai, establishment.name, code.code] for code in created])
    total, used = code_counts(campaign).get(establishment.id, (0, 0))
    click.echo(f"{establishment.label} : {used} code(s) utilisé(s) sur {total} (combien, jamais lesquels).", err=True)


def _school_year(value: str) -> str:
    if not is_valid_school_year(value):
        raise click.BadParameter("attendu : deux années qui se suivent, par exemple 2026-2027")
    return value.strip()


@campaigns_cli.command("create")
@click.option("--survey", "slug", required=True, help="Instrument (slug), par exemple territoire-apprenant.")
@click.option("--edition", default=None, help="Version de l'instrument (par défaut la plus récente), par exemple 1.")
@click.option("--network", "network_name", required=True, help="Nom du réseau.")
@click.option("--year", required=True, help="Année scolaire, par exemple 2026-2027.")
@click.option("--period", default=None, help="Période facultative, par exemple S1.")
@click.option(
    "--access",
    type=click.Choice(["link", "codes"]),
    default="link",
    show_default=True,
    help="Lien ouvert pour tout le personnel, ou codes individuels à usage unique.",
)
@click.option(
    "--opens-on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Date d'ouverture (AAAA-MM-JJ)."
)
@click.option("--closes-on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Dernier jour (AAAA-MM-JJ).")
@click.option("--open", "open_now", is_flag=True, help="Ouvrir la campagne (programmée si --opens-on est à venir).")
@click.option(
    "--pole", "poles", multiple=True, help="Pôle du réseau (répétable) : la campagne ne couvre que ces pôles."
)
@click.option("--uai", "uais", multiple=True, help="UAI (répétable) : la campagne ne couvre que ces établissements.")
def create(
    slug: str,
    edition: str | None,
    network_name: str,
    year: str,
    period: str | None,
    access: str,
    opens_on,
    closes_on,
    open_now: bool,
    poles: tuple[str, ...],
    uais: tuple[str, ...],
) -> None:
    """Create a campaign of an instrument's edition (by default its latest) for a network, its poles or a list."""
    year = _school_year(year)
    survey = registry().latest(slug)
    if edition is not None and survey is not None:
        definition = definition_for(slug, edition.strip())
        if definition is None:
            known = ", ".join(item.survey.version for item in registry() if item.survey.slug == slug)
            raise click.BadParameter(
                f"« {slug} » n'a pas d'édition {edition.strip()} chargée (éditions : {known})", param_hint="--edition"
            )
    else:
        definition = definition_for(slug, survey.version) if survey else None
    if definition is None:
        known = ", ".join(sorted(set(db.session.scalars(select(SurveyDefinition.slug))))) or "aucun"
        raise click.ClickException(
            f"instrument « {slug} » inconnu ou non chargé (chargés : {known} ; voir `flask surveys load`)"
        )
    if period is not None and len(period.strip()) > 20:  # campaign.period is a String(20)
        raise click.BadParameter("20 caractères au plus, par exemple S1", param_hint="--period")
    if problem := period_problem(definition.kind, period):  # an indicator campaign reports on S1 or S2
        raise click.BadParameter(problem, param_hint="--period")
    network = db.session.scalar(select(Network).where(func.lower(Network.name) == network_name.strip().lower()))
    if network is None:
        raise click.ClickException(f"aucun réseau nommé « {network_name} »")
    opens, closes = _day(opens_on), _day(closes_on)
    if opens and closes and closes < opens:
        raise click.BadParameter("la date de clôture précède la date d'ouverture", param_hint="--closes-on")
    if open_now and closes and closes < today():
        raise click.BadParameter(PAST_CLOSING, param_hint="--closes-on")
    scope = _scope(network, poles, uais)
    campaign = create_campaign(
        definition,
        network,
        year,
        period=period,
        opens_on=opens,
        closes_on=closes,
        access_mode=AccessMode(access),
        status=CampaignStatus.OPEN if open_now else CampaignStatus.DRAFT,
        scope=scope,
    )
    db.session.commit()
    count = len(campaign_links(campaign))
    click.echo(
        f"Campagne {campaign.id} créée : {campaign.label}, réseau {network.name}, {count} établissement(s), "
        f"périmètre {scope_label(campaign).lower()}, état {campaign.state(today()).label}, "
        f"accès {campaign.access_mode.value}."
    )


def _scope(network: Network, poles: tuple[str, ...], uais: tuple[str, ...]) -> Scope:
    if poles and uais:
        raise click.UsageError("choisissez des pôles (--pole) ou des établissements (--uai), pas les deux")
    by_name = {pole.name.lower(): pole for pole in network.poles}
    unknown = [name for name in poles if name.strip().lower() not in by_name]
    if unknown:
        known = ", ".join(pole.name for pole in network.poles) or "aucun"
        raise click.BadParameter(
            f"pas de pôle « {unknown[0]} » dans le réseau « {network.name} » (pôles : {known})", param_hint="--pole"
        )
    kind = CampaignScope.POLES if poles else CampaignScope.ESTABLISHMENTS if uais else CampaignScope.NETWORK
    try:
        return resolve_scope(network, kind, pole_ids=[by_name[n.strip().lower()].id for n in poles], uais=uais)
    except CampaignError as exc:
        raise click.BadParameter(str(exc), param_hint="--uai") from None


def _close_due() -> None:
    for campaign in close_due_campaigns(today()):
        click.echo(
            f"Campagne {campaign.id} clôturée à sa date ({campaign.closes_on:%d/%m/%Y}) : {campaign.label}.", err=True
        )
    db.session.commit()


@campaigns_cli.command("tick")
def tick() -> None:
    """Close the campaigns past their closing date, announce the openings and reminders due (cron; requests too)."""
    closed = close_due_campaigns(today())
    notices = send_due_notices(today())
    db.session.commit()
    for campaign in closed:
        click.echo(f"Campagne {campaign.id} clôturée à sa date ({campaign.closes_on:%d/%m/%Y}) : {campaign.label}.")
    click.echo(f"{len(closed)} campagne(s) clôturée(s).", err=True)
    min_size = current_app.config["BOUSSOLE_MIN_GROUP_SIZE"]
    stored = store_results(db.session, missing_results(db.session, min_size), min_size)
    if stored:
        click.echo(f"Résultats de {stored} campagne(s) clôturée(s) calculés et enregistrés.", err=True)
    forget_unused()
    db.session.commit()
    if notices:
        click.echo(f"{notices} annonce(s) d'ouverture ou de rappel écrite(s) ; `flask mail send` les envoie.", err=True)


def _day(value) -> date | None:
    return value.date() if value else None
