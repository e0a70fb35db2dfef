"""The admin blueprint, which its route modules (campaigns, establishments, routes, territory, users) share."""

from flask import Blueprint
from werkzeug.wrappers import Response

from app.auth.decorators import check_roles
from app.models import Role

bp = Blueprint("admin", __name__)


@bp.before_request
def only_managers() -> Response | None:
    """Every administration page is for administrators and coordinators; objects are checked again in each view."""
    return check_roles(Role.ADMIN, Role.COORDINATOR)
