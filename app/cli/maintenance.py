"""`flask purge` (retention) and `flask export-campaign` (everything stored for one campaign)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.clock import today
from app.extensions import db
from app.models import Campaign
from app.services.campaigns.export import export_campaign
from app.services.campaigns.retention import purge_expired
from app.web.sessions import delete_expired_sessions


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Compter sans rien supprimer.")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=None,
    help="Durée de conservation en jours (par défaut BOUSSOLE_RETENTION_DAYS).",
)
@with_appcontext
def purge_command(dry_run: bool, days: int | None) -> None:
    """Delete drafts and unused codes of campaigns closed more than the retention period ago, and expired sessions."""
    retention = current_app.config["BOUSSOLE_RETENTION_DAYS"] if days is None else days
    report = purge_expired(retention, today(), dry_run=dry_run)
    verb = "seraient supprimés" if dry_run else "supprimés"
    for item in report.purged:
        c = item.campaign
        click.echo(
            f"campagne {c.id} ({c.label}, close le {c.closes_on:%d/%m/%Y}) : "
            f"{item.drafts} brouillon(s), {item.unused_codes} code(s) non utilisé(s) {verb}"
        )
    click.echo(
        f"Total ({retention} jours de conservation) : {report.drafts} brouillon(s), "
        f"{report.unused_codes} code(s) non utilisé(s) {verb}. Les réponses ne sont jamais supprimées."
    )
    for c in report.undated:
        click.echo(
            f"Note : la campagne {c.id} ({c.label}) est close sans date de clôture ; donnez-lui une date "
            "pour que ses brouillons et codes non utilisés soient purgés.",
            err=True,
        )
    if not dry_run:
        click.echo(f"{delete_expired_sessions()} session(s) expirée(s) supprimée(s).")
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()


@click.command("export-campaign")
@click.argument("campaign_id", type=int)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_campaign_command(campaign_id: int, file: Path) -> None:
    """Write everything stored for one campaign to a zip of CSV files (access secrets excluded)."""
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        click.echo(f"Erreur : aucune campagne n'a l'identifiant {campaign_id}.", err=True)
        raise SystemExit(1)
    if not file.parent.is_dir():
        click.echo(f"Erreur : le dossier {file.parent} n'existe pas.", err=True)
        raise SystemExit(1)
    counts = export_campaign(campaign, file, today(), actor=None)
    db.session.commit()
    click.echo(f"Export écrit : {file}")
    for name, count in counts.items():
        click.echo(f"  {name} : {count} ligne(s)")


maintenance_cli = [purge_command, export_campaign_command]
