"""Survey definitions as they were loaded: each edition of an instrument is kept."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.extensions import Model


class SurveyDefinition(Model):
    """One edition (slug + version) of an instrument, with the exact content it had."""

    __tablename__ = "survey_definition"
    __table_args__ = (UniqueConstraint("slug", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), index=True)
    version: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    content_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)  # read only for an edition whose file is gone
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
