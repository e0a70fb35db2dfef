"""Route guards: a view states which roles may open it; objects are then checked against the scope."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from flask import abort
from flask_login import current_user
from werkzeug.wrappers import Response

from app.extensions import db, login_manager
from app.models import Role, User

Model = TypeVar("Model")
P = ParamSpec("P")


def check_roles(*roles: Role) -> Response | None:
    """Return None when the current user holds one of `roles`, else the login redirect or a 403."""
    if not current_user.is_authenticated:
        login: Response = login_manager.unauthorized()  # flask_login is untyped: the redirect to the login page
        return login
    if current_user.role not in roles:
        abort(403)
    return None


def roles_required(*roles: Role) -> Callable[[Callable[P, Any]], Callable[P, Any]]:
    """Let in only signed-in users holding one of `roles`; anonymous users go to the login page."""

    def decorator(view: Callable[P, Any]) -> Callable[P, Any]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> Any:
            refused = check_roles(*roles)
            return refused if refused is not None else view(*args, **kwargs)

        return wrapped

    return decorator


def get_or_404(model: type[Model], object_id: int, allowed: Callable[[User, Model], bool]) -> Model:
    """Load an object the current user may act on; one outside their scope is as missing as one that does not exist."""
    obj = db.session.get(model, object_id)
    if obj is None or not allowed(current_user, obj):
        abort(404)
    return obj
