"""A dashboard fragment rendered from a closed campaign's results, kept for every worker and every machine."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.extensions import Model


class RenderedFragment(Model):
    """The HTML of a dashboard's content under the key of everything it was rendered from.

    The key (app/services/dashboards/network_cache.py) holds the response counts, the membership and the reader's
    scope and filters: a correction gives another key, so a row is never stale, only unused; `flask campaigns
    tick` forgets rows unused for a while.
    """

    __tablename__ = "rendered_fragment"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    html: Mapped[str] = mapped_column(Text)
    extra: Mapped[Any] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
