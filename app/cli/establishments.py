"""`flask establishments import` and `flask territory add-network|add-pole|show`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click
from flask.cli import AppGroup

from app.extensions import db
from app.services.territory.directory_file import ImportFileError
from app.services.territory.directory_import import import_establishments
from app.services.territory.tree import TerritoryError, add_network, add_pole, territory_tree

T = TypeVar("T")

establishments_group = AppGroup("establishments", help="Établissements (import de l'annuaire de l'éducation).")
territory_group = AppGroup("territory", help="Académies, réseaux et pôles.")

# Exit codes: 1 = some rows were rejected (the others are stored), 2 = the file was refused as a whole.
ROWS_REJECTED, FILE_REFUSED = 1, 2


@establishments_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True))
@click.option("--network", help="Réseau des lignes sans colonne « reseau ».")
@click.option("--pole", help="Pôle (du réseau) des lignes sans colonne « pole ».")
def import_command(file: str, network: str | None, pole: str | None) -> None:
    """Import an "Annuaire de l'éducation" CSV export; report every rejected row."""
    with open(file, "rb") as handle:
        data = handle.read()
    try:
        report = import_establishments(data, network=network, pole=pole)
    except ImportFileError as exc:
        db.session.rollback()
        click.echo(f"Fichier refusé : {exc}", err=True)
        raise SystemExit(FILE_REFUSED) from None
    db.session.commit()
    click.echo(
        f"Créés : {report.created}, mis à jour : {report.updated}, inchangés : {report.unchanged}, "
        f"rejetés : {len(report.rejected)}."
    )
    if report.renamed:
        click.echo(f"{report.renamed_heading} :")
        for renamed in report.renamed:
            click.echo(f"  {renamed.uai} : {renamed.before} → {renamed.after}")
    for row in report.rejected:
        click.echo(f"ligne {row.line} ({row.uai or 'sans UAI'}): {row.reason}")
    if report.rejected:
        raise SystemExit(ROWS_REJECTED)


@territory_group.command("add-network")
@click.argument("name")
@click.option("--academy", required=True, help="Académie du réseau (créée si besoin).")
def add_network_command(name: str, academy: str) -> None:
    """Create a network in an académie."""
    network, state = _committed(lambda: add_network(name, academy))
    click.echo(f"Réseau « {network.name} » ({network.academy.name}) : {state}.")


@territory_group.command("add-pole")
@click.argument("name")
@click.option("--network", required=True, help="Réseau du pôle (il doit exister).")
def add_pole_command(name: str, network: str) -> None:
    """Create a pole in a network."""
    pole, state = _committed(lambda: add_pole(name, network))
    click.echo(f"Pôle « {pole.name} » du réseau « {pole.network.name} » : {state}.")


def _committed(create: Callable[[], tuple[T, bool]]) -> tuple[T, str]:
    """Run `create` (returning the object and whether it is new) and commit, or print why not and exit 1."""
    try:
        thing, created = create()
    except TerritoryError as exc:
        db.session.rollback()
        click.echo(str(exc), err=True)
        raise SystemExit(1) from None
    db.session.commit()
    return thing, "créé" if created else "existe déjà"


@territory_group.command("show")
def show_command() -> None:
    """Print académie → réseau → pôle with the number of establishments."""
    tree, without_network = territory_tree()
    if not tree and not without_network:
        click.echo("Aucun territoire : commencez par `flask territory add-network NOM --academy NOM`.")
    for academy in tree:
        click.echo(academy.name)
        for network in academy.networks:
            click.echo(f"  Réseau {network.name} : {_count(network.establishments)}")
            for pole in network.poles:
                click.echo(f"    Pôle {pole.name} : {_count(pole.establishments)}")
            if network.without_pole:
                click.echo(f"    (sans pôle) : {_count(network.without_pole)}")
    if without_network:
        click.echo(f"Sans réseau : {_count(without_network)}")


def _count(number: int) -> str:
    return f"{number} établissement{'s' if number > 1 else ''}"


establishments_cli = [establishments_group, territory_group]
