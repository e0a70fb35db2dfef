"""Administration of the network: territory, users, campaigns, audit log."""

from flask import Blueprint

from app.auth.decorators import check_roles
from app.models import Role

bp = Blueprint("admin", __name__)


@bp.before_request
def only_managers():
    """Every administration page is for administrators and coordinators; objects are checked again in each view."""
    return check_roles(Role.ADMIN, Role.COORDINATOR)


from app.admin import campaigns, establishments, routes, territory, users  # noqa: E402,F401  (views attach to bp)
