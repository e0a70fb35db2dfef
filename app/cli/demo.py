"""`flask demo`: a demo network with three years of campaigns, open ones, and an account per role."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from app.cli.link_base import say_link_base
from app.extensions import db
from app.services.campaigns.materials import respondent_url
from app.services.dashboards.campaign_data import missing_results, store_results
from app.services.surveys import SurveyEditionChanged
from app.services.territory.directory_file import thousands
from app.surveys.loader import SurveyLoadError


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Ne rien faire si un établissement existe déjà.")
@click.option(
    "--establishments",
    default=30,
    show_default=True,
    type=click.IntRange(1, 10_000),
    help="Nombre d'établissements (au-delà de 120 : plusieurs réseaux de 5 pôles de 40).",
)
@click.option(
    "--respondents",
    default=12,
    show_default=True,
    type=click.IntRange(1, 500),
    help="Réponses moyennes par établissement et par campagne.",
)
@click.option(
    "--campaigns",
    default=3,
    show_default=True,
    type=click.IntRange(0, 10),
    help="Années scolaires passées (campagnes closes) par questionnaire, en plus de la campagne ouverte.",
)
@click.option("--seed", default=42, show_default=True, type=int, help="Graine du tirage aléatoire.")
@with_appcontext
def demo_cli(if_empty: bool, establishments: int, respondents: int, campaigns: int, seed: int) -> None:
    """Fill the database with a realistic demo network (réseau Sainte Victoire)."""
    # Imported here: demo generation (pandas, numpy draws) is never loaded by the app serving requests.
    from app.demo.build import DEMO_PASSWORD, DemoError, DemoOptions, build_demo, has_establishments

    if if_empty and has_establishments():
        click.echo("Des établissements existent déjà : aucune donnée de démonstration ajoutée.")
        return
    started = time.perf_counter()

    def checkpoint(message: str) -> None:
        # Commit as we go: a benchmark build holds millions of rows, too many for one transaction.
        db.session.commit()
        click.echo(f"[{time.perf_counter() - started:7.1f} s] {message}")

    options = DemoOptions(establishments=establishments, respondents=respondents, campaigns=campaigns, seed=seed)
    try:
        report = build_demo(options, checkpoint)
    except (DemoError, SurveyLoadError, SurveyEditionChanged) as exc:
        db.session.rollback()
        click.echo(f"Données de démonstration non créées : {exc}", err=True)
        raise SystemExit(1) from None
    db.session.commit()
    min_size = current_app.config["BOUSSOLE_MIN_GROUP_SIZE"]
    stored = store_results(db.session, missing_results(db.session, min_size), min_size)  # as closing would have
    checkpoint(f"résultats de {stored} campagne(s) clôturée(s) calculés et enregistrés")

    elapsed = time.perf_counter() - started
    click.echo(
        f"Créé : {report.networks} réseau(x), {report.poles} pôles, {report.establishments} établissements, "
        f"{report.campaigns} campagnes, {thousands(report.responses)} réponses "
        f"({thousands(report.answers)} valeurs, {thousands(report.comments)} commentaires), "
        f"{thousands(report.agreed_levels)} niveaux retenus en conseil pédagogique, "
        f"{report.roadmap_priorities} priorités de feuilles de route."
    )
    if report.open_links:
        say_link_base()
    for label, token in report.open_links:
        click.echo(f"Campagne ouverte « {label} » — exemple de lien répondant : {respondent_url(token)}")
    if report.accounts:
        click.echo(f"Comptes de démonstration (mot de passe « {DEMO_PASSWORD} ») :")
        for email, scope in report.accounts:
            click.echo(f"  {email:<52} {scope}")
    click.echo(f"Terminé en {elapsed:.1f} s.".replace(".", ",", 1))
