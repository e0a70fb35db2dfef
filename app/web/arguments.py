"""Query arguments read the same way by every page and the API."""

from __future__ import annotations

from flask import request

from app.services.reviews.sections import BadYear, parse_year
from app.web.converters import ID_MAX, parse_id
from app.web.errors import abort_with


def int_arg(name: str, *, empty_is_absent: bool = True) -> int | None:
    """Read an optional whole-number query argument; anything else is a clear 400.

    A page's filter form sends `?campagne=` for "the default"; the API, whose document says "integer", refuses it.
    """
    raw = request.args.get(name)
    if raw is None or (raw == "" and empty_is_absent):
        return None
    value = parse_id(raw)
    if value is None:
        abort_with(400, f"Le paramètre « {name} » doit être un nombre entier, de 0 à {ID_MAX}.")
    return value


def year_arg(name: str = "annee") -> str | None:
    """Read an optional school year written 2025-2026; anything else is a clear 400."""
    try:
        return parse_year(request.args.get(name))
    except BadYear:
        abort_with(400, f"Le paramètre « {name} » doit être une année scolaire écrite comme 2025-2026.")
