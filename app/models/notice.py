"""What Boussole announced by mail about a campaign, so that each notice is sent once, whichever machine sends it."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, Enum, ForeignKey, Index, Integer, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.extensions import Model


class NoticeKind(str, enum.Enum):
    OPENING = "opening"  # to the heads: the campaign is open, here is your link, code and poster
    REMINDER = "reminder"  # to the heads, BOUSSOLE_REMINDER_DAYS before closing, with the participation so far
    RESULTS = "results"  # to the pilots and coordinators: the results are published


class CampaignNotice(Model):
    """A notice handled: for one establishment (its heads' opening mail), or for the whole campaign (no establishment).

    The row is the claim: it is inserted in the transaction that queues the mails, and a unique index refuses a
    second one, so that two machines noticing the same opening at once send it once. A campaign-wide row says
    that the campaign's notice of that kind is done (also when mail was off: turning mail on later sends nothing
    for the past).
    """

    __tablename__ = "campaign_notice"
    __table_args__ = (
        UniqueConstraint("campaign_id", "kind", "establishment_id"),
        # NULLs are distinct in a unique constraint: a partial index keeps one campaign-wide row of each kind.
        Index(
            "uq_campaign_notice_campaign_wide",
            "campaign_id",
            "kind",
            unique=True,
            sqlite_where=text("establishment_id IS NULL"),
            postgresql_where=text("establishment_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    kind: Mapped[NoticeKind] = mapped_column(
        Enum(NoticeKind, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e])
    )
    establishment_id: Mapped[int | None] = mapped_column(ForeignKey("establishment.id", ondelete="CASCADE"))
    recipients: Mapped[int] = mapped_column(Integer, default=0)  # mails queued (0: mail off, or nobody to tell)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
