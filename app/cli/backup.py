"""`flask backup FILE` and `flask restore FILE`: the whole database, SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.services.backup import BackupError, backup_database, check_backup, restore_database


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} Mo" if size >= 1_000_000 else f"{max(1, round(size / 1000))} ko"


def _fail(exc: BackupError) -> NoReturn:
    click.echo(f"Erreur : {exc}", err=True)
    raise SystemExit(1)


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Save the whole database to FILE while the app keeps serving."""
    db.session.remove()
    try:
        info = backup_database(db.engine, file)
    except BackupError as exc:
        _fail(exc)
    click.echo(
        f"Sauvegarde écrite : {file} ({info.dialect}, {_size(file.stat().st_size)}"
        f"{', révision ' + info.revision if info.revision else ''})."
    )
    if not info.revision:
        click.echo(
            "Attention : la base n'a pas de table alembic_version (créée sans `flask db upgrade`) ; "
            "`restore` refusera cette sauvegarde.",
            err=True,
        )


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Ne pas demander de confirmation.")
@with_appcontext
def restore_command(file: Path, yes: bool) -> None:
    """Replace the whole database with the backup FILE (stop the app first)."""
    db.session.remove()
    try:
        info = check_backup(db.engine, file)
    except BackupError as exc:
        _fail(exc)
    revision = f", révision {info.revision}" if info.revision else ""
    click.echo(f"{file} : sauvegarde Boussole ({info.dialect}{revision}).")
    if not yes and not click.confirm(
        "Toutes les données actuelles seront remplacées par celles de la sauvegarde. Continuer ?", default=False
    ):
        click.echo("Restauration annulée : rien n'a été modifié.")
        raise SystemExit(1)
    try:
        restore_database(db.engine, file)
    except BackupError as exc:
        _fail(exc)
    click.echo(
        "Base restaurée. Lancez ensuite `flask --app wsgi db upgrade` (sans effet si elle est à jour), "
        "puis redémarrez l'application."
    )


backup_cli = [backup_command, restore_command]
