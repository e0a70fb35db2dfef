"""Routes of the steering blueprint: the académie's and a département's networks compared, and their exports."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from app.auth.decorators import roles_required
from app.charts.dashboards import steering_figures
from app.extensions import compress, db
from app.models import Academy, Department, Role
from app.services.accounts.scopes import can_see_academy, can_see_department, dashboard_poles, steering_scope
from app.services.dashboards.steering import SteeringComparison, UnknownYear, compare_networks
from app.web.arguments import year_arg
from app.web.cells import chart_json
from app.web.errors import abort_with
from app.web.exports import export_response, file_year

bp = Blueprint("steering", __name__)

READERS = (Role.ADMIN, Role.ACADEMY, Role.DEPARTMENT)
UNKNOWN_ACADEMY = "Aucune académie de votre périmètre ne porte ce numéro."
UNKNOWN_DEPARTMENT = "Aucun département de votre périmètre ne porte ce code."


def _academy_or_404(academy_id: int) -> Academy:
    academy = db.session.get(Academy, academy_id)
    if academy is None or not can_see_academy(current_user, academy):
        abort_with(404, UNKNOWN_ACADEMY)
    return academy


def _department_or_404(code: str) -> Department:
    department = db.session.scalar(select(Department).where(Department.code == code[:3].upper()))
    if department is None or not can_see_department(current_user, department):
        abort_with(404, UNKNOWN_DEPARTMENT)
    return department


def _comparison(scope: Academy | Department) -> SteeringComparison:
    try:
        return compare_networks(db.session, scope, year_arg(), current_app.config["BOUSSOLE_MIN_GROUP_SIZE"])
    except UnknownYear:
        abort_with(404, "Aucun réseau de ce périmètre n'a de campagne close cette année-là.")


def _export(comparison: SteeringComparison, table_id: str, fmt: str, name: str):
    if comparison.year is None:
        abort_with(404, "Aucune campagne de la grille close dans ce périmètre : rien à exporter encore.")
    return export_response(comparison.tables, table_id, fmt, f"{name}-{file_year(comparison.year)}")


def _render(comparison: SteeringComparison, export_endpoint: str, **ids: object):
    figures = steering_figures(comparison.frames, [d.title for d in comparison.dims])
    readable = {n.id for n in comparison.networks if dashboard_poles(current_user, n) is not None}
    return render_template(
        "steering/comparison.html",
        comparison=comparison,
        figures={key: chart_json(figure) for key, figure in figures.items()},
        readable=readable,
        export_endpoint=export_endpoint,
        ids=ids,
        min_size=comparison.min_size,
    )


@bp.get("/")
@roles_required(*READERS)
def index():
    """Go to the reader's own view; an administrator chooses an académie or a département."""
    scope = steering_scope(current_user)
    if isinstance(scope, Academy):
        return redirect(url_for("steering.academy", academy_id=scope.id))
    if isinstance(scope, Department):
        return redirect(url_for("steering.department", code=scope.code))
    if current_user.role != Role.ADMIN:
        abort_with(404, "Votre compte n'a pas encore de périmètre : demandez-le à l'administration.")
    academies = db.session.scalars(select(Academy).order_by(Academy.name)).all()
    return render_template("steering/index.html", academies=academies)


@bp.get("/<int:academy_id>")
@roles_required(*READERS)
@compress.compressed()
def academy(academy_id: int):
    """Compare every network of the académie on the grid's dimensions, year on year."""
    return _render(_comparison(_academy_or_404(academy_id)), "steering.academy_export", academy_id=academy_id)


@bp.get("/departement/<code>")
@roles_required(*READERS)
@compress.compressed()
def department(code: str):
    """Compare the networks of one département on the grid's dimensions, year on year."""
    found = _department_or_404(code)
    return _render(_comparison(found), "steering.department_export", code=found.code)


@bp.get("/<int:academy_id>/export/<table_id>.<fmt>")
@roles_required(*READERS)
@compress.compressed()
def academy_export(academy_id: int, table_id: str, fmt: str):
    """Download a table of the académie's comparison as CSV or Excel, under the same threshold."""
    return _export(_comparison(_academy_or_404(academy_id)), table_id, fmt, f"boussole-academie-{academy_id}")


@bp.get("/departement/<code>/export/<table_id>.<fmt>")
@roles_required(*READERS)
@compress.compressed()
def department_export(code: str, table_id: str, fmt: str):
    """Download a table of the département's comparison as CSV or Excel, under the same threshold."""
    found = _department_or_404(code)
    return _export(_comparison(found), table_id, fmt, f"boussole-departement-{found.code}")
