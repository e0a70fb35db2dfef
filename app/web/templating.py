"""Template globals and filters: cache-busted static URLs, French formats."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, url_for

from app.web.static_files import content_hash


def format_number(value, digits: int = 1) -> str:
    """Format a number the French way: 3,5 ; 1 234."""
    if value is None:
        return "—"
    if isinstance(value, int) or (isinstance(value, float) and digits == 0):
        return f"{round(value):,}".replace(",", "\u202f")
    return f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")


def format_percent(value) -> str:
    return "—" if value is None else f"{format_number(100 * value, 0)}\u202f%"


def register(app: Flask) -> None:
    static = Path(app.static_folder or "")  # the app keeps Flask's static folder

    @app.template_global()
    def asset_url(filename: str) -> str:
        """Link a static file with its content hash, so it can be cached for a year."""
        path = static / filename
        version = content_hash(str(path)) if path.is_file() else "0"
        return url_for("static", filename=filename, v=version)

    app.add_template_filter(format_number, "number")
    app.add_template_filter(format_percent, "percent")
