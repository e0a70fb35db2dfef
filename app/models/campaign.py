"""Campaigns: one edition of an instrument, run in one network for one school year."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Column, Date, DateTime, Enum, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.clock import utcnow
from app.extensions import Model
from app.models.survey import SurveyDefinition
from app.models.territory import Establishment, Network, Pole


class CampaignStatus(str, enum.Enum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class CampaignState(str, enum.Enum):
    """What a campaign is on a given day, from its stored status and its dates: what every page and command shows."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"  # set open, its opening date still ahead
    OPEN = "open"
    CLOSED = "closed"  # closed, or set open and past its closing date

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    CampaignState.DRAFT: "brouillon",
    CampaignState.SCHEDULED: "programmée",
    CampaignState.OPEN: "en cours",
    CampaignState.CLOSED: "clôturée",
}


class CampaignScope(str, enum.Enum):
    NETWORK = "network"  # every establishment of the network
    POLES = "poles"  # the establishments of the chosen poles (campaign_pole)
    ESTABLISHMENTS = "establishments"  # the chosen establishments: the campaign's links themselves


class AccessMode(str, enum.Enum):
    LINK = "link"  # one open link per establishment, for the whole staff
    CODES = "codes"  # single-use individual codes handed out by the head


class Campaign(Model):
    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey_definition.id"), index=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    school_year: Mapped[str] = mapped_column(String(9), index=True)
    period: Mapped[str | None] = mapped_column(String(20))
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[CampaignStatus] = mapped_column(
        Enum(CampaignStatus, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e]),
        default=CampaignStatus.DRAFT,
    )
    access_mode: Mapped[AccessMode] = mapped_column(
        Enum(AccessMode, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e]),
        default=AccessMode.LINK,
    )
    scope: Mapped[CampaignScope] = mapped_column(
        Enum(CampaignScope, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=CampaignScope.NETWORK,
        server_default=CampaignScope.NETWORK.value,
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # raised by the database's triggers, never written here (app/models/results_stamp.py)
    results_stamp: Mapped[int] = mapped_column(Integer, server_default="0")

    survey: Mapped[SurveyDefinition] = relationship()
    network: Mapped[Network] = relationship()
    poles: Mapped[list[Pole]] = relationship(secondary="campaign_pole", order_by=lambda: Pole.name)

    @property
    def label(self) -> str:
        period = f" {self.period}" if self.period else ""
        return f"{self.survey.title} — {self.school_year}{period}"

    def state(self, today: date | None = None) -> CampaignState:
        """Say what the campaign is today: the one reading of status and dates that every page and command uses.

        A campaign set open before its opening date is scheduled, and opens that day; past its closing date it
        is closed, even before `close_due_campaigns` has written it so (docs/campaigns.md, « Dates »).
        """
        day = today or clock.today()
        if self.status == CampaignStatus.DRAFT:
            return CampaignState.DRAFT
        if self.status == CampaignStatus.CLOSED or (self.closes_on and day > self.closes_on):
            return CampaignState.CLOSED
        if self.opens_on and day < self.opens_on:
            return CampaignState.SCHEDULED
        return CampaignState.OPEN

    def accepts_answers(self, today: date) -> bool:
        """Say whether respondents may answer today."""
        return self.state(today) == CampaignState.OPEN


campaign_pole = Table(
    "campaign_pole",
    Model.metadata,
    Column("campaign_id", ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True),
    Column("pole_id", ForeignKey("pole.id", ondelete="CASCADE"), primary_key=True),
)


class CampaignWithdrawal(Model):
    """An establishment the administration withdrew from a campaign: no later opening or move enrols it again."""

    __tablename__ = "campaign_withdrawal"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True)
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishment.id", ondelete="CASCADE"), primary_key=True)
    withdrawn_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CampaignEstablishment(Model):
    """An establishment's place in a campaign: its link, its short code, its staff size, its pole and type at closing.

    When the campaign first closes, the establishment's pole and type are copied here (`frozen_at` says when), and
    that campaign's results use them for ever: a later move or re-import changes none of its published figures.
    Until then the columns are empty and the establishment's current pole and type are used.
    """

    __tablename__ = "campaign_establishment"
    __table_args__ = (UniqueConstraint("campaign_id", "establishment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishment.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    short_code: Mapped[str] = mapped_column(String(12), unique=True)
    staff_size: Mapped[int | None] = mapped_column(Integer)
    frozen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    pole_id: Mapped[int | None] = mapped_column(ForeignKey("pole.id", ondelete="SET NULL"))
    kind: Mapped[str | None] = mapped_column(String(60))  # Establishment.kind

    campaign: Mapped[Campaign] = relationship()
    establishment: Mapped[Establishment] = relationship()


class AccessCode(Model):
    """A single-use code. It records only that it was used, never which response it gave."""

    __tablename__ = "access_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishment.id"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    used: Mapped[bool] = mapped_column(Boolean, default=False)
