"""Fake today for every caller of app.clock (`today()` and `utcnow()` both read its `datetime`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from app import clock


def set_today(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    """Make `app.clock.today()` return `day` (and `utcnow()` its noon), wherever it was imported."""

    class FakeDatetime(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return datetime.combine(day, time(12), UTC).astimezone(tz) if tz else datetime.combine(day, time(12))

    monkeypatch.setattr(clock, "datetime", FakeDatetime)
