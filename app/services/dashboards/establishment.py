"""Assemble one establishment's dashboard for a school year: participation, levels, trends, items."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import or_, select

from app.analytics import establishment as shape
from app.analytics import establishment_items
from app.analytics.cells import category_cells
from app.analytics.identifiers import FrameId, TableId
from app.analytics.instrument import (
    Dimension,
    all_values,
    dimensions_of,
    edition_changes,
    item_points,
    items_of,
    level_points,
    question_changes,
)
from app.analytics.tables import Table
from app.extensions import DbSession
from app.models import AgreedLevel, Campaign, CampaignEstablishment, Establishment, Question, User
from app.services.accounts.scopes import visible_establishments
from app.services.dashboards import aggregates
from app.services.dashboards.campaign_data import (
    CampaignData,
    default_campaign,
    establishment_results,
    network_campaigns,
    period_label,
    prefetch_establishment_results,
    previous_of,
    publication_note,
    published,
    results_published,
    series_of,
)
from app.surveys.registry import survey_of


class UnknownCampaign(LookupError):
    """The campaign asked for is not one of the establishment's network."""


@dataclass(frozen=True)
class InstrumentStaff:
    """The staff declared for one campaign of the year: the base of that instrument's participation rate."""

    campaign: Campaign
    instrument: str
    staff_size: int | None


@dataclass
class EstablishmentDashboard:
    establishment: Establishment
    campaigns: list[Campaign]
    campaign: Campaign | None = None
    grid_campaign: Campaign | None = None
    items_campaign: Campaign | None = None
    previous_grid: Campaign | None = None
    previous_items: Campaign | None = None  # the campaign the items' trend compares with
    dims: list[Dimension] = field(default_factory=list)
    level_points: list[tuple[int, str]] = field(default_factory=list)
    item_points: list[tuple[int, str]] = field(default_factory=list)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    publication_notes: list[str] = field(default_factory=list)  # why results are withheld, said in place
    grid_published: bool = False
    items_published: bool = False
    agreed: dict[str, dict[str, Any]] = field(default_factory=dict)
    responses: int = 0
    staff_size: int | None = None
    kpi_instrument: str = ""  # the instrument the headline figures count (the grid when there is one)
    staff: list[InstrumentStaff] = field(default_factory=list)  # each campaign's own base, edited beside it
    min_size: int = 5

    @property
    def rate(self) -> float | None:
        return shape.participation_rate(self.responses, self.staff_size)

    @property
    def published(self) -> bool:
        """The chosen campaign's results are published (it is closed)."""
        return self.campaign is not None and results_published(self.campaign)

    @property
    def year_label(self) -> str:
        return period_label(self.campaign) if self.campaign else ""


def establishments_for(session: DbSession, user: User, search: str, limit: int) -> list[Establishment]:
    """List by name the establishments whose dashboard `user` may open, matching `search`, at most `limit`."""
    statement = (
        select(Establishment)
        .where(Establishment.id.in_(visible_establishments(user)))
        .order_by(Establishment.name)
        .limit(limit)
    )
    if search:
        like = f"%{search}%"
        statement = statement.where(
            or_(Establishment.name.ilike(like), Establishment.uai.ilike(like), Establishment.commune.ilike(like))
        )
    return list(session.scalars(statement))


def _staff_sizes(session: DbSession, campaign_ids: list[int], establishment_id: int) -> dict[int, int | None]:
    rows = session.execute(
        select(CampaignEstablishment.campaign_id, CampaignEstablishment.staff_size).where(
            CampaignEstablishment.campaign_id.in_(campaign_ids),
            CampaignEstablishment.establishment_id == establishment_id,
        )
    ).all()
    return dict(rows)


def agreed_levels(session: DbSession, campaign_id: int, establishment_id: int) -> dict[str, dict[str, Any]]:
    """Return the levels agreed in conseil pédagogique, by dimension key."""
    rows = session.execute(
        select(Question.key, AgreedLevel.level, AgreedLevel.justification, AgreedLevel.recorded_on)
        .join(Question, Question.id == AgreedLevel.question_id)
        .where(AgreedLevel.campaign_id == campaign_id, AgreedLevel.establishment_id == establishment_id)
    ).all()
    return {key: {"level": level, "justification": text, "recorded_on": on} for key, level, text, on in rows}


def build(
    session: DbSession, establishment: Establishment, campaign_id: int | None, min_size: int
) -> EstablishmentDashboard:
    """Build the dashboard of `establishment` for the school year of the chosen (or latest) campaign."""
    campaigns = network_campaigns(session, establishment.network_id) if establishment.network_id else []
    dash = EstablishmentDashboard(establishment, campaigns, min_size=min_size)
    if campaign_id is not None:
        dash.campaign = next((c for c in campaigns if c.id == campaign_id), None)
        if dash.campaign is None:
            raise UnknownCampaign(campaign_id)
    else:
        dash.campaign = default_campaign(campaigns)
    if dash.campaign is None:
        return dash
    chosen = dash.campaign
    year = [c for c in campaigns if (c.school_year, c.period) == (chosen.school_year, chosen.period)]
    year.sort(key=lambda c: c.id != chosen.id)  # the chosen campaign first
    dash.grid_campaign = next((c for c in year if dimensions_of(survey_of(c.survey))), None)
    dash.items_campaign = next((c for c in year if items_of(survey_of(c.survey))), None)
    until = (chosen.school_year, chosen.period or "")
    read = [c for c in campaigns if (c.school_year, c.period or "") <= until]  # the year and the trend before it
    prefetch_establishment_results(session, read, establishment.id, min_size)
    sizes = _staff_sizes(session, [c.id for c in year], establishment.id)
    _participation(session, dash, year, sizes)
    for campaign in year:
        if not results_published(campaign) and publication_note(campaign) not in dash.publication_notes:
            dash.publication_notes.append(publication_note(campaign))
    dash.grid_published = dash.grid_campaign is not None and results_published(dash.grid_campaign)
    dash.items_published = dash.items_campaign is not None and results_published(dash.items_campaign)
    if dash.grid_campaign is not None:  # what the grid measures is no result: the agreed-levels form needs it
        grid = survey_of(dash.grid_campaign.survey)
        dash.dims, dash.level_points = dimensions_of(grid), level_points(grid)
        dash.agreed = agreed_levels(session, dash.grid_campaign.id, establishment.id)
    if dash.grid_published and dash.grid_campaign is not None:
        _grid(session, dash, dash.grid_campaign)
    if dash.items_published and dash.items_campaign is not None:
        _items(session, dash, dash.items_campaign)
    return dash


@dataclass(frozen=True)
class Participation:
    """An establishment's participation in one campaign, as its dashboard shows it."""

    responses: int
    staff_size: int | None
    counts: dict[str, int]  # responses by category label; empty while the results are not published

    @property
    def rate(self) -> float | None:
        return shape.participation_rate(self.responses, self.staff_size)


def participation(
    session: DbSession,
    campaign: Campaign,
    establishment_id: int,
    staff_size: int | None,
    min_size: int,
    data: CampaignData | None = None,
) -> Participation:
    """Return the participation the dashboard shows, and the reminder mail repeats: the one figure of both.

    While the campaign is open, the total only: a count by category would name the next respondent. `data`: the
    campaign's aggregates, when the caller reads many establishments of it.
    """
    if data is None:
        mine = establishment_results(session, campaign, establishment_id, min_size).responses
    else:
        mine = data.responses[data.responses["establishment_id"] == establishment_id]
    survey = survey_of(campaign.survey)
    counts = {survey.category_label(c): int(n) for c, n in zip(mine["category"], mine["n"])}
    return Participation(sum(counts.values()), staff_size, counts if results_published(campaign) else {})


def instrument_name(campaign: Campaign) -> str:
    """Name a campaign's instrument as the participation table does (« Grille de positionnement »)."""
    return survey_of(campaign.survey).title.split(" — ")[0]


def _participation(
    session: DbSession, dash: EstablishmentDashboard, year: list[Campaign], sizes: dict[int, int | None]
) -> None:
    rows: list[dict[str, Any]] = []
    for campaign in year:
        figure = participation(session, campaign, dash.establishment.id, sizes.get(campaign.id), dash.min_size)
        total, staff = figure.responses, figure.staff_size
        instrument = instrument_name(campaign)
        rows.append({"instrument": instrument, "counts": figure.counts, "staff_size": staff, "total": total})
        dash.staff.append(InstrumentStaff(campaign, instrument, staff))
        if campaign is (dash.grid_campaign or year[0]):
            dash.responses, dash.staff_size, dash.kpi_instrument = total, staff, instrument
        excess = shape.excess_responses_warning(total, staff)
        if excess:
            dash.warnings.append(f"{instrument} : {excess}" if len(year) > 1 else excess)
    dash.tables[TableId.PARTICIPATION] = shape.participation_table(rows)


def _grid(session: DbSession, dash: EstablishmentDashboard, campaign: Campaign) -> None:
    est_id, min_size = dash.establishment.id, dash.min_size
    survey = survey_of(campaign.survey)
    values = [v for v, _ in dash.level_points]
    cells = establishment_results(session, campaign, est_id, min_size).cells

    dash.frames[FrameId.DISTRIBUTION] = shape.distribution_frame(cells, dash.dims, values, min_size)
    dash.tables[TableId.LEVELS] = shape.levels_table(cells, dash.dims, dash.agreed, min_size)
    dash.tables[TableId.DISTRIBUTION] = shape.distribution_table(dash.frames[FrameId.DISTRIBUTION], dash.level_points)

    previous = dash.previous_grid = previous_of(published(dash.campaigns), campaign)
    prev_cells = establishment_results(session, previous, est_id, min_size).cells if previous else None
    dash.frames[FrameId.RADAR] = shape.comparison_frame(cells, prev_cells, dash.dims)
    dash.tables[TableId.COMPARISON] = shape.comparison_table(
        dash.frames[FrameId.RADAR], period_label(campaign), period_label(previous) if previous else None, min_size
    )

    series = [
        c
        for c in series_of(published(dash.campaigns), campaign)
        if (c.school_year, c.period or "") <= (campaign.school_year, campaign.period or "")
    ]
    sizes = _staff_sizes(session, [c.id for c in series], est_id)
    points, rates = [], {}
    for point in series:
        mine = establishment_results(session, point, est_id, min_size)
        rates[point.id] = shape.participation_rate(int(mine.responses["n"].sum()), sizes.get(point.id))
        points.append((period_label(point), mine.cells, rates[point.id]))
    dash.frames[FrameId.PROGRESSION] = shape.progression_frame(points, dash.dims)
    dash.tables[TableId.PROGRESSION] = shape.progression_table(dash.frames[FrameId.PROGRESSION], min_size)
    dash.warnings += trend_warnings(series, rates)

    by_category = establishment_results(session, campaign, est_id, min_size).categories
    if by_category is None:  # an open campaign, or results computed on this visit: counted now
        counts = aggregates.answer_counts(session, campaign.id, establishment_ids=[est_id], by_category=True)
        by_category = category_cells(counts.drop(columns=["establishment_id"]), cells, all_values(survey), min_size)
    dash.frames[FrameId.CATEGORIES] = shape.category_frame(
        by_category, dash.dims, survey.category_label, min_size=min_size
    )
    dash.tables[TableId.CATEGORIES] = shape.category_table(
        dash.frames[FrameId.CATEGORIES], survey.category_label("enseignant")
    )


def trend_warnings(series: list[Campaign], rates: dict[int, float | None]) -> list[str]:
    """Say where a year-on-year comparison is fragile: participation jump or new edition."""
    warnings = []
    for before, after in itertools.pairwise(series):
        a, b = rates.get(before.id), rates.get(after.id)
        if a is not None and b is not None and abs(b - a) > shape.PARTICIPATION_JUMP:
            warnings.append(
                f"La participation a fortement varié entre {period_label(before)} ({round(100 * a)} %) "
                f"et {period_label(after)} ({round(100 * b)} %) : l'évolution peut refléter qui a répondu "
                "plutôt qu'un changement réel."
            )
        changes = edition_changes(survey_of(before.survey), survey_of(after.survey))
        if changes:
            warnings.append(f"Entre {period_label(before)} et {period_label(after)} : " + " ".join(changes))
    return warnings


def _items(session: DbSession, dash: EstablishmentDashboard, campaign: Campaign) -> None:
    min_size = dash.min_size
    survey = survey_of(campaign.survey)
    dash.item_points = item_points(survey)
    previous = dash.previous_items = previous_of(published(dash.campaigns), campaign)
    changes = question_changes(survey_of(previous.survey) if previous else None, survey)
    est_id = dash.establishment.id
    cells = establishment_results(session, campaign, est_id, min_size).cells
    prev_cells = establishment_results(session, previous, est_id, min_size).cells if previous else None
    dash.frames[FrameId.ITEMS] = establishment_items.items_frame(
        cells, items_of(survey), dash.item_points, changes, min_size, prev_cells
    )
    dash.tables[TableId.ITEMS] = establishment_items.items_table(
        dash.frames[FrameId.ITEMS], dash.item_points, period_label(previous) if previous else None
    )
    if previous is not None:
        dash.warnings += trend_warnings([previous, campaign], {})
