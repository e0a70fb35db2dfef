"""What a feuille de route page, its CSV and its API answer show: priorities with subject, target and outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.clock import today as current_day
from app.extensions import DbSession
from app.models import Establishment, Pole, Roadmap, RoadmapPriority
from app.services.accounts.scopes import RoadmapOwner
from app.services.campaigns.campaigns import current_school_year
from app.services.dashboards.campaign_data import network_campaigns
from app.services.roadmaps.outcomes import PriorityOutcome, outcome_of
from app.services.roadmaps.roadmaps import (
    STATUS_LABELS,
    level_of,
    next_school_year,
    owner_network_id,
    roadmap_of,
    roadmap_years,
)
from app.services.roadmaps.subjects import Subject, stored_subject

LEVEL_TITLES = {"establishment": "de l'établissement", "pole": "du pôle", "network": "du réseau"}


@dataclass(frozen=True)
class PriorityView:
    priority: RoadmapPriority
    subject: Subject
    outcome: PriorityOutcome

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.priority.status]

    @property
    def target_label(self) -> str:
        target = self.priority.target
        if target is None:
            return "—"
        label = dict(self.subject.levels).get(target)
        return f"{target}. {label}" if label else str(target)

    @property
    def target_descriptor(self) -> str | None:
        return self.subject.descriptors.get(self.priority.target) if self.priority.target is not None else None


@dataclass
class RoadmapView:
    owner: RoadmapOwner
    school_year: str
    roadmap: Roadmap | None
    priorities: list[PriorityView] = field(default_factory=list)
    related: list[RoadmapView] = field(default_factory=list)  # the pole's and network's, read only
    years: list[str] = field(default_factory=list)

    next_exists: bool = False  # next year's feuille de route is already started
    has_campaign: bool = False  # the network has a campaign that school year: its annual review exists

    @property
    def title(self) -> str:
        """The owner's name as pages show it: the establishment with its UAI, the pole, the network."""
        if isinstance(self.owner, Establishment):
            return self.owner.label
        return self.owner.name

    @property
    def level(self) -> str:
        return level_of(self.owner).value

    @property
    def next_year(self) -> str:
        return next_school_year(self.school_year)


def default_year(today: date | None = None) -> str:
    """Return the school year a page shows when none is asked: the current one."""
    return current_school_year(today or current_day())


def view_of(
    session: DbSession, owner: RoadmapOwner, school_year: str, min_size: int, related: bool = True
) -> RoadmapView:
    """Assemble the owner's feuille de route of that year, with each priority's outcome (and the levels above)."""
    roadmap = roadmap_of(owner, school_year)
    view = RoadmapView(owner, school_year, roadmap)
    for priority in roadmap.priorities if roadmap else []:
        subject = stored_subject(priority.subject_kind, priority.survey_slug, priority.subject_key)
        view.priorities.append(PriorityView(priority, subject, outcome_of(session, owner, priority, min_size)))
    view.next_exists = roadmap_of(owner, next_school_year(school_year)) is not None
    current = default_year()
    network_id = owner_network_id(owner)
    campaign_years = {c.school_year for c in network_campaigns(session, network_id)} if network_id else set()
    view.has_campaign = school_year in campaign_years
    view.years = sorted({*roadmap_years(owner), *campaign_years, school_year, current, next_school_year(current)})
    if related:
        above: list[RoadmapOwner] = []
        if isinstance(owner, Establishment) and owner.pole is not None:
            above.append(owner.pole)
        if isinstance(owner, (Establishment, Pole)):
            network = owner.network
            if network is not None:
                above.append(network)
        view.related = [view_of(session, o, school_year, min_size, related=False) for o in above]
    return view


CSV_HEADER = [
    "Niveau",
    "Établissement, pôle ou réseau",
    "Année scolaire",
    "Priorité",
    "Sujet",
    "Cible",
    "Actions",
    "Responsables",
    "Échéance",
    "Indicateur de réussite",
    "Statut",
    "Mesure de départ",
    "Mesure suivante",
    "Résultat",
    "Précision",
    "Dernière modification",
]


def _measure_text(label: str | None, found: Any) -> str:
    if label is None or found is None:
        return ""
    value = "—" if found.value is None else f"{found.value:g}".replace(".", ",")
    return f"{label} : {value}" + (f" ({found.reason})" if found.value is None else "")


def csv_rows(views: list[RoadmapView]) -> list[list[Any]]:
    """One row per priority of each feuille de route (the CSV writer neutralises formulas)."""
    rows = []
    for view in views:
        for item in view.priorities:
            p, outcome = item.priority, item.outcome
            rows.append(
                [
                    LEVEL_TITLES[p.roadmap.level.value],
                    view.title,
                    view.school_year,
                    p.position,
                    item.subject.label,
                    item.target_label,
                    p.actions,
                    p.responsables,
                    p.due_on,
                    p.indicator,
                    item.status_label,
                    _measure_text(outcome.baseline_label, outcome.baseline),
                    _measure_text(outcome.later_label, outcome.later),
                    outcome.outcome.code,
                    outcome.outcome.reason,
                    p.updated_at.date() if p.updated_at else None,
                ]
            )
    return rows


def _measure_json(label: str | None, found: Any) -> dict[str, Any] | None:
    if label is None or found is None:
        return None
    return {"campaign": label, "value": found.value, "hidden": found.value is None, "reason": found.reason or None}


def view_json(view: RoadmapView) -> dict[str, Any]:
    """The feuille de route as the API answers it."""
    roadmap = view.roadmap
    return {
        "level": roadmap.level.value if roadmap else None,
        "owner": view.title,
        "school_year": view.school_year,
        "updated_at": roadmap.updated_at.isoformat() if roadmap else None,
        "updated_by": (roadmap.updated_by.name or roadmap.updated_by.email) if roadmap and roadmap.updated_by else None,
        "priorities": [
            {
                "id": item.priority.id,
                "position": item.priority.position,
                "subject": {"kind": item.subject.kind.value, "key": item.subject.key, "title": item.subject.title},
                "target": item.priority.target,
                "actions": item.priority.actions,
                "responsables": item.priority.responsables,
                "due_on": item.priority.due_on.isoformat() if item.priority.due_on else None,
                "indicator": item.priority.indicator,
                "status": item.priority.status.value,
                "baseline": _measure_json(item.outcome.baseline_label, item.outcome.baseline),
                "later": _measure_json(item.outcome.later_label, item.outcome.later),
                "outcome": {"code": item.outcome.outcome.code, "reason": item.outcome.outcome.reason},
            }
            for item in view.priorities
        ],
    }
