"""Demo feuilles de route: the head's establishment, the pole Aix and the network write theirs after the campaign
two years back; the year after starts from them, and so does the current year. Targets and choices are read from
the same suppressed cells as the dashboards, so that the outcomes the pages show against the latest closed
campaign are true ones (some reached, some progressing, some not yet)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import Establishment, Network, PriorityStatus, Role, SubjectKind, User, UserScope
from app.services.accounts.scopes import RoadmapOwner
from app.services.campaigns.campaigns import current_school_year
from app.services.dashboards.campaign_data import network_campaigns, published
from app.services.roadmaps import roadmaps as service
from app.services.roadmaps.outcomes import measure
from app.services.roadmaps.subjects import Subject, all_subjects

ACTIONS = {
    SubjectKind.DIMENSION: (
        "Deux temps de concertation par trimestre ; un référent par équipe ; un point d'étape en conseil pédagogique.",
        "Le compte rendu de chaque temps de concertation est partagé ; la dimension progresse à la campagne suivante.",
    ),
    SubjectKind.THEME: (
        "Formation d'initiative locale sur ce thème ; observations croisées entre collègues volontaires.",
        "La moitié des équipes ont mené une observation croisée ; le thème progresse à l'autopositionnement suivant.",
    ),
}
WHO = {"establishment": "Direction et coordonnateurs de niveau", "pole": "Pilote du pôle", "network": "Coordination"}


def _change(owner: RoadmapOwner, subject: Subject, start, after, min_size: int) -> tuple[float | None, float | None]:
    before = measure(db.session, start, owner, subject.kind, subject.key, min_size).value if start else None
    later = measure(db.session, after, owner, subject.kind, subject.key, min_size).value if after else None
    return before, later


def _choose(owner: RoadmapOwner, year: str, min_size: int) -> list[tuple[Subject, int | None]]:
    """Pick the two dimensions that moved most and least since `year`, and the lowest theme, each with its target."""
    campaigns = published(network_campaigns(db.session, service.owner_network_id(owner) or 0))
    chosen: list[tuple[Subject, int | None]] = []
    for kind, take in ((SubjectKind.DIMENSION, 2), (SubjectKind.THEME, 1)):
        scored = []
        for subject in (s for s in all_subjects() if s.kind == kind):
            series = [c for c in campaigns if c.survey.slug == subject.survey_slug]
            start = next((c for c in reversed(series) if c.school_year <= year), None)
            after = next((c for c in series if c.school_year > year), None)
            before, later = _change(owner, subject, start, after, min_size)
            if before is not None and later is not None:
                scored.append((later - before, before, subject))
        if not scored:
            continue
        scored.sort(key=lambda row: (row[0], row[2].key))
        picks = [scored[-1], scored[0]] if kind == SubjectKind.DIMENSION else [min(scored, key=lambda r: r[1])]
        for _, before, subject in picks[:take]:
            values = [v for v, _ in subject.levels]
            target = next((v for v in values if v > int(before)), max(values))
            if (subject, target) not in chosen:
                chosen.append((subject, target))
    return chosen


def _write(owner: RoadmapOwner, year: str, user: User | None, min_size: int) -> int:
    first = int(year[:4])
    written = datetime(first + 1, 1, 20, 17, tzinfo=UTC)
    statuses = (PriorityStatus.DONE, PriorityStatus.ONGOING, PriorityStatus.ONGOING)
    count = 0
    for (subject, target), status in zip(_choose(owner, year, min_size), statuses):
        actions, indicator = ACTIONS[subject.kind]
        service.add_priority(
            owner,
            year,
            service.PriorityInput(
                subject=subject.value,
                target=target,
                actions=actions,
                responsables=WHO[service.level_of(owner).value],
                due_on=date(first + 1, 6, 15),
                indicator=indicator,
                status=status,
            ),
            user,
            written,
        )
        count += 1
    return count


def _writer(role: Role, **scope: int) -> User | None:
    return db.session.scalar(select(User).join(UserScope).where(User.role == role).filter_by(**scope).limit(1))


def write_roadmaps(network: Network, head_id: int, head_user: User | None, today: date) -> int:
    """Write the demo feuilles de route; return how many priorities were written (copies included)."""
    head = db.session.get(Establishment, head_id)
    min_size = int(current_app.config["BOUSSOLE_MIN_GROUP_SIZE"])
    closed = sorted({c.school_year for c in published(network_campaigns(db.session, network.id))})
    if len(closed) < 2:
        return 0
    past = closed[-2]  # its outcomes are measured by the latest closed campaign
    aix = next((p for p in network.poles if p.name == "Aix"), None)
    owners: list[tuple[RoadmapOwner, User | None]] = [(network, _writer(Role.COORDINATOR, network_id=network.id))]
    if aix is not None:
        owners.append((aix, _writer(Role.PILOT, pole_id=aix.id)))
    if head is not None:
        owners.append((head, head_user))
    total = 0
    for owner, user in owners:
        total += _write(owner, past, user, min_size)
        year = past
        while year < current_school_year(today):  # each year starts from the one before, up to this one
            try:
                _, copied = service.start_next_year(owner, year, user, datetime(int(year[:4]) + 1, 7, 1, tzinfo=UTC))
            except service.RoadmapError:  # a small demo may have had nothing measurable left to carry on
                break
            total += copied
            year = service.next_school_year(year)
    return total
