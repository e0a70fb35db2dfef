"""A closed campaign's results, computed once (at closing, again after a correction) and read by every worker."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.extensions import Model


class CampaignResult(Model):
    """The aggregates every dashboard reads about one closed campaign, under one anonymity threshold.

    `fingerprint` names what they were computed from (response counts, membership, threshold): a late import or a
    corrected staff size changes it, and the next reader computes them again. The frames are already suppressed,
    except `counts` (per establishment × question × value), which filters need to total a subset again; it never
    leaves the server (app/services/dashboards/stored_results.py).
    """

    __tablename__ = "campaign_result"
    __table_args__ = (UniqueConstraint("campaign_id", "min_size"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    min_size: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    counts: Mapped[bytes] = mapped_column(LargeBinary)
    responses: Mapped[bytes] = mapped_column(LargeBinary)
    cells: Mapped[bytes] = mapped_column(LargeBinary)
    # establishments that answered without being members (withdrawn since): part of what the fingerprint reads
    extra_ids: Mapped[list[int] | None] = mapped_column(JSON, nullable=True)
    # the types of establishment whose totals are stored (CampaignResultKind); None: stored before they were
    kinds: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CampaignResultSlice(Model):
    """One establishment's part of a campaign's stored results: its suppressed cells, its responses by category and
    its cells by respondent category.

    An establishment's dashboard reads these small rows for each year of its trend, rather than decoding the
    whole network's frames. They go with their results row (deleted with it when the results are computed again).
    """

    __tablename__ = "campaign_result_slice"

    result_id: Mapped[int] = mapped_column(ForeignKey("campaign_result.id", ondelete="CASCADE"), primary_key=True)
    establishment_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cells: Mapped[bytes] = mapped_column(LargeBinary)
    responses: Mapped[bytes] = mapped_column(LargeBinary)
    categories: Mapped[bytes] = mapped_column(LargeBinary)


class CampaignResultKind(Model):
    """A closed campaign's pole and network totals restricted to one type of establishment, already suppressed
    (`analytics.cells.filtered_cells`): what a dashboard filtered by type reads for each year of its trend."""

    __tablename__ = "campaign_result_kind"

    result_id: Mapped[int] = mapped_column(ForeignKey("campaign_result.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(60), primary_key=True)
    cells: Mapped[bytes] = mapped_column(LargeBinary)
