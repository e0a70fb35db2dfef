"""Establishments: list and filter, import the national directory, move one to another pole."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from app.admin.access import managed_ids, managed_networks, managed_poles, page_number, pole_choices
from app.admin.blueprint import bp
from app.admin.forms import EstablishmentFilterForm, ImportForm, MoveForm
from app.auth.decorators import get_or_404
from app.extensions import db
from app.models import Establishment, Network, Pole
from app.services.accounts.scopes import can_manage_establishment, managed_network_ids
from app.services.territory.directory_file import ImportFileError
from app.services.territory.establishments import (
    PoleOutsideNetwork,
    establishments_query,
    import_within,
    move_establishment,
    unattached_count,
    unattached_query,
)
from app.services.territory.tree import TerritoryError
from app.web.converters import parse_id

WITHOUT_NETWORK = "aucun"


@bp.get("/etablissements")
def establishments():
    """List the establishments of the managed networks, filtered by network, pole or a search."""
    form = EstablishmentFilterForm(request.args)
    networks = managed_networks()
    ids = managed_ids()
    form.network.choices = [SelectChoice("", "Tous les réseaux")] + [SelectChoice(str(n.id), n.name) for n in networks]
    if ids is None:
        form.network.choices.append(SelectChoice(WITHOUT_NETWORK, "Sans réseau"))
    form.pole.choices = pole_choices(managed_poles(), "Tous les pôles")
    network_id = parse_id(form.network.data)
    query = establishments_query(
        None if ids is None else managed_network_ids(current_user),
        network_id=network_id,
        pole_id=form.pole.data if isinstance(form.pole.data, int) else None,
        without_network=form.network.data == WITHOUT_NETWORK,
        search=form.q.data or "",
    )
    page = db.paginate(query, page=page_number(request.args.get("page")), per_page=50, error_out=False)
    args = {key: value for key, value in request.args.items() if key != "page" and value}
    unattached = unattached_count(None if ids is None else managed_network_ids(current_user))
    return render_template("admin/establishments.html", form=form, page=page, args=args, unattached=unattached)


@bp.get("/etablissements/a-rattacher")
def unattached_establishments():
    """List the establishments that belong to no network or no pole, each with a link to assign it."""
    ids = managed_ids()
    query = unattached_query(None if ids is None else managed_network_ids(current_user))
    page = db.paginate(query, page=page_number(request.args.get("page")), per_page=50, error_out=False)
    return render_template("admin/unattached.html", page=page, all_networks=ids is None)


def _import_form() -> ImportForm:
    form = ImportForm()
    networks = managed_networks()
    first = (
        [SelectChoice("", "Celui de la colonne « reseau » du fichier, sinon aucun")] if managed_ids() is None else []
    )
    form.network.choices = first + [SelectChoice(n.id, n.name) for n in networks]
    form.pole.choices = pole_choices(managed_poles(), "Celui de la colonne « pole » du fichier, sinon aucun")
    return form


@bp.route("/etablissements/import", methods=["GET", "POST"])
def import_establishments_view():
    """Import a directory CSV and show what was created, updated and rejected, line by line."""
    form = _import_form()
    report = None
    if form.validate_on_submit():
        try:
            report = import_within(
                form.file.data.read(),
                network=db.session.get(Network, form.network.data) if form.network.data else None,
                pole=db.session.get(Pole, form.pole.data) if form.pole.data else None,
                allowed_network_ids=managed_ids(),
                actor=current_user,
            )
        except PoleOutsideNetwork as exc:
            form.pole.errors.append(str(exc))
        except (ImportFileError, TerritoryError) as exc:
            form.file.errors.append(str(exc))
        else:
            db.session.commit()
    status = 422 if form.errors else 200
    return render_template("admin/import.html", form=form, report=report), status


def _move_form(establishment: Establishment) -> MoveForm:
    form = MoveForm(pole=establishment.pole_id)
    if establishment.network_id is not None:
        poles = db.session.scalars(select(Pole).where(Pole.network_id == establishment.network_id).order_by(Pole.name))
        form.pole.choices = pole_choices(list(poles), "Sans pôle", with_network=False)
    else:
        form.pole.choices = pole_choices(managed_poles(), "Choisissez un pôle")
    return form


@bp.get("/etablissements/<int:establishment_id>")
def establishment(establishment_id: int):
    """Show an establishment and let the manager move it to another pole of its network."""
    establishment = get_or_404(Establishment, establishment_id, can_manage_establishment)
    return render_template("admin/establishment.html", establishment=establishment, form=_move_form(establishment))


@bp.post("/etablissements/<int:establishment_id>/pole")
def move_establishment_view(establishment_id: int):
    """Move an establishment to another pole of the same network."""
    establishment = get_or_404(Establishment, establishment_id, can_manage_establishment)
    form = _move_form(establishment)
    if form.validate_on_submit():
        pole = db.session.get(Pole, form.pole.data) if form.pole.data else None
        try:
            move_establishment(establishment, pole, current_user)
        except TerritoryError as exc:
            form.pole.errors.append(str(exc))
        else:
            db.session.commit()
            flash("Pôle de l'établissement mis à jour.", "success")
            return redirect(url_for("admin.establishment", establishment_id=establishment.id))
    return render_template("admin/establishment.html", establishment=establishment, form=form), 422
