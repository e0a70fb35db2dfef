"""`flask surveys validate|load|list`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.extensions import db
from app.services.surveys import SurveyEditionChanged, sync_surveys
from app.surveys.loader import SurveyLoadError, load_directory

surveys_cli = AppGroup("surveys", help="Instruments (questionnaires) décrits en YAML dans surveys/.")


def _load(directory: str | None):
    try:
        return load_directory(directory or current_app.config["SURVEYS_DIR"])
    except SurveyLoadError as exc:
        for error in exc.errors:
            click.echo(str(error), err=True)
        raise SystemExit(1) from None


@surveys_cli.command("validate")
@click.argument("directory", required=False)
def validate(directory: str | None) -> None:
    """Check every instrument file and list each problem with its place."""
    loaded = _load(directory)
    for item in loaded:
        s = item.survey
        click.echo(
            f"ok  {item.file}: {s.slug} v{s.version} — {len(s.sections)} sections, {len(s.questions())} questions"
        )


@surveys_cli.command("load")
def load() -> None:
    """Record the instruments in the database (new editions are added, answered ones never rewritten)."""
    loaded = _load(None)
    try:
        report = sync_surveys(loaded)
    except SurveyEditionChanged as exc:
        db.session.rollback()
        click.echo(str(exc), err=True)
        raise SystemExit(1) from None
    db.session.commit()
    for label, names in (("ajouté", report.added), ("mis à jour", report.updated), ("inchangé", report.unchanged)):
        for name in names:
            click.echo(f"{label}: {name}")
