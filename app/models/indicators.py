"""Indicator reports: an establishment's figures for one period of an indicator campaign, under its head's name."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import Model
from app.models.campaign import Campaign
from app.models.territory import Establishment
from app.models.user import User


class IndicatorReport(Model):
    """One establishment's report in one campaign (one period): who last saved it and when.

    Not anonymous, by design: the figures describe the establishment, not a person (docs/privacy.md).
    """

    __tablename__ = "indicator_report"
    __table_args__ = (UniqueConstraint("campaign_id", "establishment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishment.id", ondelete="CASCADE"), index=True)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    campaign: Mapped[Campaign] = relationship()
    establishment: Mapped[Establishment] = relationship()
    answered_by: Mapped[User | None] = relationship()
    values: Mapped[list[IndicatorValue]] = relationship(
        back_populates="report", cascade="all, delete-orphan", passive_deletes=True
    )


class IndicatorValue(Model):
    """One indicator's value in a report: a number (counts, percentages, 1 / 0 for oui / non) or a short text.

    One row per indicator, so that a pole's sum or mean is a GROUP BY on both SQLite and PostgreSQL.
    """

    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("report_id", "indicator"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("indicator_report.id", ondelete="CASCADE"), index=True)
    indicator: Mapped[str] = mapped_column(String(80))  # the question id in the instrument's file
    number: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str | None] = mapped_column(String(500))

    report: Mapped[IndicatorReport] = relationship(back_populates="values")
