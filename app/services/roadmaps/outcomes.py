"""Each priority beside the measured change in its dimension or theme, read from the campaigns' suppressed cells."""

from __future__ import annotations

from dataclasses import dataclass

from app.analytics import roadmap_outcomes as rules
from app.analytics.cells import establishment_unit, network_unit, pole_unit
from app.extensions import DbSession
from app.models import Campaign, Establishment, Pole, RoadmapPriority, SubjectKind
from app.services.accounts.scopes import RoadmapOwner
from app.services.dashboards.campaign_data import campaign_data, network_campaigns, period_label, published
from app.services.roadmaps.roadmaps import owner_network_id
from app.services.roadmaps.subjects import Subject, theme_keys
from app.surveys.registry import survey_of


@dataclass(frozen=True)
class PriorityOutcome:
    baseline_label: str | None  # the campaign the priority starts from
    baseline: rules.Measure | None
    later_label: str | None  # the next closed campaign of a later school year
    later: rules.Measure | None
    outcome: rules.Outcome


def unit_of(owner: RoadmapOwner) -> str:
    """Return the owner's unit in a campaign's cells (e:, p: or n:)."""
    if isinstance(owner, Establishment):
        return establishment_unit(owner.id)
    return pole_unit(owner.id) if isinstance(owner, Pole) else network_unit(owner.id)


def _campaigns(session: DbSession, owner: RoadmapOwner, slug: str) -> list[Campaign]:
    network_id = owner_network_id(owner)
    campaigns = network_campaigns(session, network_id) if network_id is not None else []
    return [c for c in campaigns if c.survey.slug == slug]


def _series(session: DbSession, owner: RoadmapOwner, slug: str) -> list[Campaign]:
    """The closed campaigns of one instrument in the owner's network: the only ones whose figures are published."""
    return published(_campaigns(session, owner, slug))


def measure(
    session: DbSession, campaign: Campaign, owner: RoadmapOwner, kind: SubjectKind, key: str, min_size: int
) -> rules.Measure:
    """Read one subject's figure for the owner in a closed campaign: its suppressed cell, never the answers."""
    cells = campaign_data(session, campaign, min_size).cells
    if kind == SubjectKind.DIMENSION:
        return rules.dimension_measure(cells, unit_of(owner), key, min_size)
    return rules.theme_measure(cells, unit_of(owner), theme_keys(survey_of(campaign.survey), key), min_size)


def baseline_campaign(series: list[Campaign], school_year: str) -> Campaign | None:
    """The latest closed campaign of that school year or before: what the feuille de route starts from."""
    before = [c for c in series if c.school_year <= school_year]
    return before[-1] if before else None


def later_campaign(series: list[Campaign], school_year: str) -> Campaign | None:
    """The first closed campaign of a later school year: what measures the outcome."""
    return next((c for c in series if c.school_year > school_year), None)


def default_target(
    session: DbSession, owner: RoadmapOwner, subject: Subject, school_year: str, min_size: int
) -> int | None:
    """The next level above the last published figure of that subject for the owner, or None."""
    campaign = baseline_campaign(_series(session, owner, subject.survey_slug), school_year)
    if campaign is None:
        return None
    found = measure(session, campaign, owner, subject.kind, subject.key, min_size)
    return rules.default_target(found.value, [v for v, _ in subject.levels])


def outcome_of(session: DbSession, owner: RoadmapOwner, priority: RoadmapPriority, min_size: int) -> PriorityOutcome:
    """Classify one priority: atteint, en progrès, pas encore or pas mesurable (with the reason)."""
    year = priority.roadmap.school_year
    series = _series(session, owner, priority.survey_slug)
    start, after = baseline_campaign(series, year), later_campaign(series, year)
    kind, key = priority.subject_kind, priority.subject_key
    baseline = measure(session, start, owner, kind, key, min_size) if start else None
    later = measure(session, after, owner, kind, key, min_size) if after else None
    later_label = period_label(after) if after else None
    pending = next(
        (c for c in _campaigns(session, owner, priority.survey_slug) if c.school_year > year and c not in series), None
    )
    return PriorityOutcome(
        period_label(start) if start else None,
        baseline,
        later_label,
        later,
        rules.classify(priority.target, baseline, later, later_label or "", period_label(pending) if pending else ""),
    )
