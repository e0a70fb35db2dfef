"""The address the command line prints links on: it serves no page, so it says which one it took."""

from __future__ import annotations

import click
from flask import current_app

from app.services.accounts.links import base_url


def say_link_base() -> None:
    """Say, on standard error (standard output may be a CSV), which address links start with and how to change it."""
    origin = "BOUSSOLE_BASE_URL" if current_app.config.get("BOUSSOLE_BASE_URL") else "adresse par défaut"
    click.echo(
        f"Liens construits sur {base_url().rstrip('/')} ({origin}) ; réglez BOUSSOLE_BASE_URL pour en changer.",
        err=True,
    )
