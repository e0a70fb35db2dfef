"""Networks and their poles: create and rename."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from app.admin.access import managed_networks
from app.admin.blueprint import bp
from app.admin.forms import DepartmentForm, NetworkForm, PoleForm, RenameForm
from app.auth.decorators import get_or_404
from app.extensions import db
from app.models import Establishment, Network, Pole
from app.services.accounts.scopes import can_create_network, can_manage_network, can_manage_pole, can_place_network
from app.services.territory.departments import place_network
from app.services.territory.tree import TerritoryError, create_network, create_pole, rename_network, rename_pole


def _first_error(form) -> str:
    return next((error for errors in form.errors.values() for error in errors), "Formulaire invalide.")


def _counts_by(column) -> dict[int, int]:
    return dict(db.session.execute(select(column, func.count()).where(column.is_not(None)).group_by(column)).all())


@bp.get("/reseaux")
def networks():
    """List the networks the user manages, with their poles and how many establishments each holds."""
    form = NetworkForm() if can_create_network(current_user) else None
    return render_template(
        "admin/networks.html",
        networks=managed_networks(),
        form=form,
        by_network=_counts_by(Establishment.network_id),
        by_pole=_counts_by(Establishment.pole_id),
    )


@bp.post("/reseaux")
def create_network_view():
    """Create a network (administrators only: a new network has no coordinator yet)."""
    if not can_create_network(current_user):
        abort(403)
    form = NetworkForm()
    if form.validate_on_submit():
        try:
            network = create_network(form.name.data, form.academy.data, current_user)
        except TerritoryError as exc:
            form.name.errors.append(str(exc))
        else:
            db.session.commit()
            flash(f"Réseau « {network.name} » créé.", "success")
            return redirect(url_for("admin.network", network_id=network.id))
    return render_template(
        "admin/networks.html",
        networks=managed_networks(),
        form=form,
        by_network=_counts_by(Establishment.network_id),
        by_pole=_counts_by(Establishment.pole_id),
    ), 422


@bp.get("/reseaux/<int:network_id>")
def network(network_id: int):
    """Show a network: rename it, add and rename its poles."""
    network = get_or_404(Network, network_id, can_manage_network)
    pole_forms = {pole.id: RenameForm(prefix=f"pole{pole.id}", name=pole.name) for pole in network.poles}
    return render_template(
        "admin/network.html",
        network=network,
        rename_form=RenameForm(name=network.name),
        department_form=DepartmentForm(code=network.department.code if network.department else "")
        if can_place_network(current_user)
        else None,
        pole_form=PoleForm(prefix="new_pole"),
        pole_forms=pole_forms,
        by_pole=_counts_by(Establishment.pole_id),
    )


@bp.post("/reseaux/<int:network_id>/renommer")
def rename_network_view(network_id: int):
    """Rename a network."""
    network = get_or_404(Network, network_id, can_manage_network)
    form = RenameForm()
    if not form.validate_on_submit():
        flash(_first_error(form), "error")
        return redirect(url_for("admin.network", network_id=network.id))
    try:
        rename_network(network, form.name.data, current_user)
    except TerritoryError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash("Réseau renommé.", "success")
    return redirect(url_for("admin.network", network_id=network_id))


@bp.post("/reseaux/<int:network_id>/poles")
def create_pole_view(network_id: int):
    """Add a pole to a network."""
    network = get_or_404(Network, network_id, can_manage_network)
    form = PoleForm(prefix="new_pole")
    if not form.validate_on_submit():
        flash(_first_error(form), "error")
        return redirect(url_for("admin.network", network_id=network.id))
    try:
        pole = create_pole(network, form.name.data, current_user)
    except TerritoryError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(f"Pôle « {pole.name} » ajouté.", "success")
    return redirect(url_for("admin.network", network_id=network_id))


@bp.post("/poles/<int:pole_id>/renommer")
def rename_pole_view(pole_id: int):
    """Rename a pole."""
    pole = get_or_404(Pole, pole_id, can_manage_pole)
    form = RenameForm(prefix=f"pole{pole.id}")
    if not form.validate_on_submit():
        flash(_first_error(form), "error")
        return redirect(url_for("admin.network", network_id=pole.network_id))
    try:
        rename_pole(pole, form.name.data, current_user)
    except TerritoryError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash("Pôle renommé.", "success")
    return redirect(url_for("admin.network", network_id=pole.network_id))


@bp.post("/reseaux/<int:network_id>/departement")
def network_department_view(network_id: int):
    """Place a network in a département (administrators only: it opens the network to that département's readers)."""
    if not can_place_network(current_user):
        abort(403)
    network = get_or_404(Network, network_id, can_manage_network)
    form = DepartmentForm()
    if not form.validate_on_submit():
        flash(_first_error(form), "error")
        return redirect(url_for("admin.network", network_id=network.id))
    try:
        department = place_network(
            network,
            form.code.data or "",
            form.name.data or "",
            current_user,
            current_app.config["BOUSSOLE_MIN_GROUP_SIZE"],
        )
    except TerritoryError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(f"Département : {department.label if department else 'aucun'}.", "success")
    return redirect(url_for("admin.network", network_id=network_id))
