"""URL converters: an id in a path is a number the database can hold, or the route does not match (a 404)."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

# Ids are INTEGER columns: nothing past this can exist, and SQLite's driver overflows (a 500) past 2**63 - 1.
ID_MAX = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: ASCII digits only (Werkzeug's `\\d` takes other scripts' digits too), up to ID_MAX."""

    regex = r"[0-9]+"

    def __init__(
        self, map: Map, fixed_digits: int = 0, min: int | None = None, max: int | None = ID_MAX, signed: bool = False
    ) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def parse_id(value: object) -> int | None:
    """Read an id from a query string or a form: ASCII digits up to ID_MAX, else None."""
    text = str(value).strip() if value is not None else ""
    if not text.isascii() or not text.isdigit() or len(text) > len(str(ID_MAX)) or int(text) > ID_MAX:
        return None
    return int(text)


def register(app: Flask) -> None:
    """Replace the `int` converter before any route is added."""
    app.url_map.converters["int"] = IdConverter
    # An encoded slash in a path value ("%2F0") would otherwise become "//" and a 308 to another page: a 404 is truer.
    app.url_map.merge_slashes = False
