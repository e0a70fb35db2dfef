"""French display formats for numbers, percentages and stored times."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def format_number(value: float | None, digits: int = 1) -> str:
    """Format a number the French way: 3,5 ; 1 234."""
    if value is None:
        return "—"
    if isinstance(value, int) or (isinstance(value, float) and digits == 0):
        return f"{round(value):,}".replace(",", "\u202f")
    return f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")


def format_percent(value: float | None) -> str:
    """Format a share (0.25) as a French percentage (25 %)."""
    return "—" if value is None else f"{format_number(100 * value, 0)}\u202f%"


def local_datetime(value: datetime | None) -> str:
    """Show a stored UTC time in Paris time (SQLite returns it without its zone)."""
    if value is None:
        return "—"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")
