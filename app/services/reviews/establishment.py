"""An establishment's annual review and its one-page summary, assembled from its dashboard (never recomputed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.analytics.identifiers import FrameId, TableId
from app.analytics.instrument import dimensions_of
from app.analytics.tables import Table
from app.extensions import DbSession
from app.models import Establishment
from app.services.dashboards import establishment as establishment_dashboard
from app.services.dashboards.campaign_data import default_campaign, network_campaigns, period_label
from app.services.reviews.sections import (
    ItemsSummary,
    Panel,
    RoadmapSection,
    bars,
    campaign_of_year,
    items_summary,
    progression_panels,
    roadmap_section,
    subset,
)
from app.surveys.registry import survey_of


@dataclass
class EstablishmentReview:
    establishment: Establishment
    dash: establishment_dashboard.EstablishmentDashboard
    year: str
    generated_on: date
    roadmap: RoadmapSection
    items: ItemsSummary = field(default_factory=ItemsSummary)
    comparison: list[dict[str, Any]] = field(default_factory=list)  # chart rows from the dashboard's radar frame
    panels: list[Panel] = field(default_factory=list)  # small multiples from its progression frame
    scale: tuple[int, int] = (1, 4)

    @property
    def title(self) -> str:
        return self.establishment.name

    @property
    def levels_brief(self) -> Table | None:
        """The levels table with the columns the one-page summary keeps."""
        table = self.dash.tables.get(TableId.LEVELS)
        return subset(table, ["dimension", "n", "mean", "std", "agreed"]) if table else None

    @property
    def levels(self) -> Table | None:
        """The levels table without the justifications, which `agreed_brief` lists apart."""
        table = self.dash.tables.get(TableId.LEVELS)
        return subset(table, ["dimension", "n", "mean", "std", "q1", "median", "q3", "agreed"]) if table else None

    @property
    def agreed_brief(self) -> Table | None:
        """The levels agreed in conseil pédagogique with their justification, when some are recorded."""
        table = self.dash.tables.get(TableId.LEVELS)
        if table is None or not self.dash.agreed:
            return None
        return subset(table, ["dimension", "agreed", "justification"], "Niveaux convenus en conseil pédagogique")

    @property
    def previous_label(self) -> str | None:
        return period_label(self.dash.previous_grid) if self.dash.previous_grid else None


def establishment_review(
    session: DbSession,
    establishment: Establishment,
    year: str | None,
    campaign_id: int | None,
    min_size: int,
    today: date,
) -> EstablishmentReview:
    """Assemble the review of `establishment` for a school year (or that of a campaign, or the latest closed one).

    Raises UnknownYear for a year without any campaign of the network, UnknownCampaign for a campaign outside it.
    """
    if year is not None and campaign_id is None:
        campaigns = network_campaigns(session, establishment.network_id) if establishment.network_id else []
        grid = [c for c in campaigns if dimensions_of(survey_of(c.survey))]
        campaign_id = campaign_of_year(campaigns, year, grid).id
    elif campaign_id is None and establishment.network_id:
        campaigns = network_campaigns(session, establishment.network_id)
        chosen = default_campaign(campaigns, lambda c: bool(dimensions_of(survey_of(c.survey))))
        campaign_id = chosen.id if chosen else None
    dash = establishment_dashboard.build(session, establishment, campaign_id, min_size)
    chosen_year = dash.campaign.school_year if dash.campaign else (year or "")
    review = EstablishmentReview(
        establishment,
        dash,
        chosen_year,
        today,
        roadmap_section(session, establishment, chosen_year, min_size),
    )
    if dash.level_points:
        review.scale = (dash.level_points[0][0], dash.level_points[-1][0])
    if dash.grid_published:
        hidden = f"moins de {min_size} réponses"
        review.comparison = bars(dash.frames.get(FrameId.RADAR), "dimension", "previous", "current", hidden)
        review.panels = progression_panels(dash.frames.get(FrameId.PROGRESSION), min_size)
    if dash.items_published:
        review.items = items_summary(dash.frames.get(FrameId.ITEMS))
    return review
