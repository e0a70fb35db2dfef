"""Establishments in the tree: find one, list them within a scope, move one to another pole, import safely."""

from __future__ import annotations

from sqlalchemy import Select, case, func, or_, select

from app.extensions import db
from app.models import Establishment, Network, Pole, User
from app.services.accounts import audit
from app.services.campaigns.enrolment import enrol_in_open_campaigns
from app.services.territory.directory_file import ImportFileError
from app.services.territory.directory_import import ImportReport, plan_import, store_import
from app.services.territory.tree import TerritoryError
from app.services.territory.uai import normalize_uai


def establishment_by_uai(uai: str) -> Establishment | None:
    """Return the establishment of that UAI, typed in any case and with spaces around."""
    return db.session.scalar(select(Establishment).filter_by(uai=normalize_uai(uai)))


def move_establishment(establishment: Establishment, pole: Pole | None, actor: User) -> Establishment:
    """Put an establishment in another pole of its network, or out of any; one without a network joins the pole's."""
    if pole is not None and establishment.network_id is not None and pole.network_id != establishment.network_id:
        raise TerritoryError("Un établissement ne peut changer de pôle qu'au sein de son réseau.")
    if pole is None and establishment.network_id is None:
        raise TerritoryError("Choisissez un pôle.")
    before = establishment.pole.name if establishment.pole else "sans pôle"
    establishment.pole = pole
    if pole is not None:
        establishment.network_id = pole.network_id
    db.session.flush()
    enrol_in_open_campaigns([establishment.network_id])  # it may enter a campaign's poles
    audit.record(
        actor, "establishment.move", f"{establishment.label} : {before} → {pole.name if pole else 'sans pôle'}"
    )
    return establishment


def establishments_query(
    network_ids: Select[int] | None,
    *,
    network_id: int | None = None,
    pole_id: int | None = None,
    without_network: bool = False,
    search: str = "",
) -> Select[Establishment]:
    """Return the establishments within `network_ids` (None: all), filtered, by name."""
    query = select(Establishment).order_by(Establishment.name, Establishment.uai)
    if network_ids is not None:
        query = query.where(Establishment.network_id.in_(network_ids))
    if without_network:
        query = query.where(Establishment.network_id.is_(None))
    elif network_id:
        query = query.where(Establishment.network_id == network_id)
    if pole_id:
        query = query.where(Establishment.pole_id == pole_id)
    if search := search.strip():
        pattern = f"%{search}%"
        query = query.where(
            or_(
                Establishment.name.ilike(pattern),
                Establishment.uai.ilike(pattern),
                Establishment.commune.ilike(pattern),
            )
        )
    return query


def unattached_query(network_ids: Select[int] | None) -> Select[Establishment]:
    """Return the establishments in no network (administrators only: None) or in no pole of `network_ids`.

    An import without a network or a pole leaves them so; no campaign of a pole reaches them until assigned.
    """
    query = select(Establishment).order_by(
        case((Establishment.network_id.is_(None), 0), else_=1), Establishment.name, Establishment.uai
    )
    if network_ids is None:
        return query.where(or_(Establishment.network_id.is_(None), Establishment.pole_id.is_(None)))
    return query.where(Establishment.network_id.in_(network_ids), Establishment.pole_id.is_(None))


def unattached_count(network_ids: Select[int] | None) -> int:
    """Count what `unattached_query` lists."""
    return db.session.scalar(select(func.count()).select_from(unattached_query(network_ids).subquery())) or 0


class ForeignEstablishments(ImportFileError):
    """The file would change establishments outside the networks the importer manages."""


class PoleOutsideNetwork(TerritoryError):
    """The pole chosen for an import is not one of the network chosen."""


def import_within(
    data: bytes,
    *,
    network: Network | None,
    pole: Pole | None,
    allowed_network_ids: list[int] | None,
    actor: User,
) -> ImportReport:
    """Import a directory file; with `allowed_network_ids`, refuse one touching another network's establishment.

    Everything is checked before anything is written: a refused file leaves the session as it was.
    """
    if pole is not None and network is not None and pole.network_id != network.id:
        raise PoleOutsideNetwork("Ce pôle n'appartient pas au réseau choisi.")
    network = network or (pole.network if pole else None)
    plan = plan_import(data, network=network.name if network else None, pole=pole.name if pole else None)
    if allowed_network_ids is not None:
        touched = sorted(row["uai"] for row in plan.replaced if row["network_id"] not in allowed_network_ids)
        touched += sorted(row["uai"] for row in plan.created if row["network_id"] not in allowed_network_ids)
        if touched:
            shown = ", ".join(touched[:10]) + (" …" if len(touched) > 10 else "")
            raise ForeignEstablishments(
                f"Le fichier modifierait {len(touched)} établissement(s) hors de vos réseaux "
                f"({shown}) : rien n'a été importé."
            )
    report = store_import(plan)
    where = f" dans le réseau « {network.name} »" if network else ""
    audit.record(
        actor,
        "establishment.import",
        f"{report.created} créé(s), {report.updated} mis à jour, {report.unchanged} inchangé(s), "
        f"{len(report.rejected)} rejeté(s){where}" + (f", {report.renamed_heading}" if report.renamed else ""),
    )
    return report
