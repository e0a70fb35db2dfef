"""Read and write feuilles de route and their priorities, under the domain rules, every change journaled."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from app.extensions import db
from app.models import (
    Establishment,
    Network,
    Pole,
    PriorityStatus,
    Roadmap,
    RoadmapLevel,
    RoadmapPriority,
    SubjectKind,
    User,
)
from app.services.accounts import audit
from app.services.accounts.scopes import RoadmapOwner
from app.services.campaigns.campaigns import current_school_year
from app.services.roadmaps.subjects import Subject, UnknownSubject, subject_for
from app.services.surveys import question_ids

MAX_PRIORITIES = 3
ACTIONS_MAX = 2000
WHO_MAX = 300
INDICATOR_MAX = 1000
CLOSED_STATUSES = (PriorityStatus.DONE, PriorityStatus.DROPPED)
STATUS_LABELS = {
    PriorityStatus.TO_START: "À lancer",
    PriorityStatus.ONGOING: "En cours",
    PriorityStatus.DONE: "Réalisée",
    PriorityStatus.DROPPED: "Abandonnée",
}
YEAR = re.compile(r"([0-9]{4})-([0-9]{4})")


class RoadmapError(ValueError):
    """A domain rule refused the change; the message says why, in French."""


class TooManyPriorities(RoadmapError):
    """A feuille de route holds one to three priorities."""


@dataclass(frozen=True)
class PriorityInput:
    subject: str  # dimension:<key> or theme:<section id>
    target: int | None
    actions: str = ""
    responsables: str = ""
    due_on: date | None = None
    indicator: str = ""
    status: PriorityStatus = PriorityStatus.TO_START


def parse_school_year(text: str | None) -> str | None:
    """Return a school year written 2025-2026 (two consecutive years), else None."""
    match = YEAR.fullmatch(text or "")
    if match is None or int(match.group(2)) != int(match.group(1)) + 1:
        return None
    return text


def next_school_year(year: str) -> str:
    """Return the school year after `year` (2025-2026 → 2026-2027)."""
    first = int(year[:4]) + 1
    return f"{first}-{first + 1}"


def planned_year(measured_in: str, today: date) -> str:
    """Return the school year a need measured in `measured_in` is planned for: that year, or the current one if later.

    School years written YYYY-YYYY compare as text.
    """
    return max(measured_in, current_school_year(today))


def level_of(owner: RoadmapOwner) -> RoadmapLevel:
    """Say whether the owner is an establishment, a pole or a network."""
    if isinstance(owner, Establishment):
        return RoadmapLevel.ESTABLISHMENT
    return RoadmapLevel.POLE if isinstance(owner, Pole) else RoadmapLevel.NETWORK


def owner_label(owner: RoadmapOwner) -> str:
    """Name the owner in the journal."""
    if isinstance(owner, Establishment):
        return f"établissement {owner.uai}"
    return f"pôle {owner.name}" if isinstance(owner, Pole) else f"réseau {owner.name}"


def owner_network_id(owner: RoadmapOwner) -> int | None:
    """Return the network the owner lies in (its campaigns measure the outcomes)."""
    return owner.id if isinstance(owner, Network) else owner.network_id


def _owner_column(owner: RoadmapOwner):  # type: ignore[no-untyped-def]  # an InstrumentedAttribute
    return {
        RoadmapLevel.ESTABLISHMENT: Roadmap.establishment_id,
        RoadmapLevel.POLE: Roadmap.pole_id,
        RoadmapLevel.NETWORK: Roadmap.network_id,
    }[level_of(owner)]


def roadmap_of(owner: RoadmapOwner, school_year: str) -> Roadmap | None:
    """Return the owner's feuille de route of that school year, if written."""
    return db.session.scalar(
        select(Roadmap).where(_owner_column(owner) == owner.id, Roadmap.school_year == school_year)
    )


def roadmap_years(owner: RoadmapOwner) -> list[str]:
    """Return the school years for which the owner has a feuille de route, oldest first."""
    return sorted(db.session.scalars(select(Roadmap.school_year).where(_owner_column(owner) == owner.id)))


def _ensure(owner: RoadmapOwner, school_year: str, user: User | None, now: datetime) -> Roadmap:
    roadmap = roadmap_of(owner, school_year)
    if roadmap is None:
        level = level_of(owner)
        roadmap = Roadmap(level=level, school_year=school_year, updated_by_id=user.id if user else None)
        setattr(roadmap, f"{level.value}_id", owner.id)
        roadmap.created_at = roadmap.updated_at = now
        db.session.add(roadmap)
        db.session.flush()
    return roadmap


def priority_of(owner: RoadmapOwner, priority_id: int) -> RoadmapPriority | None:
    """Return a priority if it belongs to one of the owner's feuilles de route, else None (as if unknown)."""
    priority = db.session.get(RoadmapPriority, priority_id)
    if priority is None or getattr(priority.roadmap, f"{level_of(owner).value}_id") != owner.id:
        return None
    return priority


def _check(data: PriorityInput, school_year: str) -> Subject:
    try:
        subject = subject_for(data.subject)
    except UnknownSubject:
        raise RoadmapError(
            "Ce sujet n'est ni une dimension de la grille ni un thème de l'autopositionnement."
        ) from None
    values = [v for v, _ in subject.levels]
    if data.target is not None and data.target not in values:
        raise RoadmapError(f"La cible doit être un niveau de l'échelle ({', '.join(map(str, values))}).")
    first = int(school_year[:4])
    if data.due_on is not None and not date(first, 9, 1) <= data.due_on <= date(first + 1, 8, 31):
        raise RoadmapError(f"L'échéance doit tomber dans l'année scolaire {school_year} (du 1er septembre au 31 août).")
    for text, limit, what in (
        (data.actions, ACTIONS_MAX, "Les actions"),
        (data.responsables, WHO_MAX, "Les responsables"),
        (data.indicator, INDICATOR_MAX, "L'indicateur de réussite"),
    ):
        if len(text) > limit:
            raise RoadmapError(f"{what} : {limit} caractères au plus.")
    return subject


def _fill(
    priority: RoadmapPriority, roadmap: Roadmap, subject: Subject, data: PriorityInput, user: User | None, now: datetime
) -> None:
    question_id = question_ids(subject.survey_slug).get(subject.key) if subject.kind == SubjectKind.DIMENSION else None
    priority.subject_kind, priority.survey_slug, priority.subject_key = subject.kind, subject.survey_slug, subject.key
    priority.question_id = question_id
    priority.target, priority.status, priority.due_on = data.target, data.status, data.due_on
    priority.actions, priority.responsables = data.actions.strip(), data.responsables.strip()
    priority.indicator = data.indicator.strip()
    priority.updated_by_id, priority.updated_at = (user.id if user else None), now
    roadmap.updated_by_id, roadmap.updated_at = priority.updated_by_id, now


def same_subject(
    roadmap: Roadmap | None, subject: Subject, but: RoadmapPriority | None = None
) -> RoadmapPriority | None:
    """Return the priority of that feuille de route already about that subject (other than `but`), if any."""
    for priority in roadmap.priorities if roadmap else []:
        if (priority.subject_kind, priority.subject_key) == (subject.kind, subject.key) and priority is not but:
            return priority
    return None


def _refuse_twice(roadmap: Roadmap, subject: Subject, but: RoadmapPriority | None = None) -> None:
    found = same_subject(roadmap, subject, but)
    if found is not None:
        raise RoadmapError(
            f"La priorité {found.position} porte déjà sur « {subject.title} » : modifiez-la plutôt que d'en "
            "inscrire une deuxième (le résultat mesuré serait le même)."
        )


def add_priority(
    owner: RoadmapOwner, school_year: str, data: PriorityInput, user: User | None, now: datetime
) -> RoadmapPriority:
    """Add a priority to the owner's feuille de route of that year (created if need be); a fourth is refused."""
    subject = _check(data, school_year)
    roadmap = _ensure(owner, school_year, user, now)
    if len(roadmap.priorities) >= MAX_PRIORITIES:
        raise TooManyPriorities(
            f"Une feuille de route compte au plus {MAX_PRIORITIES} priorités : modifiez ou retirez-en une avant "
            "d'en ajouter une autre."
        )
    _refuse_twice(roadmap, subject)
    priority = RoadmapPriority(position=max((p.position for p in roadmap.priorities), default=0) + 1)
    _fill(priority, roadmap, subject, data, user, now)
    roadmap.priorities.append(priority)
    db.session.flush()
    audit.record(user, "roadmap.priority_add", f"{owner_label(owner)}, {school_year} : {subject.label}")
    return priority


def update_priority(priority: RoadmapPriority, data: PriorityInput, user: User | None, now: datetime) -> None:
    """Change a priority's subject, target, actions, who, when, indicator and status."""
    subject = _check(data, priority.roadmap.school_year)
    _refuse_twice(priority.roadmap, subject, but=priority)
    _fill(priority, priority.roadmap, subject, data, user, now)
    db.session.flush()
    audit.record(user, "roadmap.priority_edit", f"{_where(priority)} : {subject.label}")


def set_status(priority: RoadmapPriority, status: PriorityStatus, user: User | None, now: datetime) -> None:
    """Record where a priority stands during the year."""
    priority.status = status
    priority.updated_by_id = priority.roadmap.updated_by_id = user.id if user else None
    priority.updated_at = priority.roadmap.updated_at = now
    db.session.flush()
    audit.record(user, "roadmap.priority_status", f"{_where(priority)} : {STATUS_LABELS[status]}")


def remove_priority(priority: RoadmapPriority, user: User | None, now: datetime) -> None:
    """Remove a priority from its feuille de route."""
    where, roadmap = _where(priority), priority.roadmap
    roadmap.priorities.remove(priority)
    for position, kept in enumerate(roadmap.priorities, start=1):
        kept.position = position
    roadmap.updated_by_id, roadmap.updated_at = (user.id if user else None), now
    db.session.flush()
    audit.record(user, "roadmap.priority_remove", where)


def start_next_year(owner: RoadmapOwner, school_year: str, user: User | None, now: datetime) -> tuple[Roadmap, int]:
    """Copy the priorities neither réalisée nor abandonnée into next year's feuille de route; return it, the count."""
    source = roadmap_of(owner, school_year)
    kept = [p for p in source.priorities if p.status not in CLOSED_STATUSES] if source else []
    if not kept:
        raise RoadmapError("Aucune priorité à reprendre : elles sont toutes réalisées ou abandonnées.")
    year = next_school_year(school_year)
    target = _ensure(owner, year, user, now)
    already = {p.copied_from_id for p in target.priorities}
    subjects = {(p.subject_kind, p.subject_key) for p in target.priorities}  # one priority per subject
    fresh = [p for p in kept if p.id not in already and (p.subject_kind, p.subject_key) not in subjects]
    room = MAX_PRIORITIES - len(target.priorities)
    if fresh and room <= 0:
        raise TooManyPriorities(f"La feuille de route {year} compte déjà {MAX_PRIORITIES} priorités.")
    for priority in fresh[:room]:
        copy = RoadmapPriority(
            roadmap=target,
            position=len(target.priorities) + 1,
            subject_kind=priority.subject_kind,
            survey_slug=priority.survey_slug,
            subject_key=priority.subject_key,
            question_id=priority.question_id,
            target=priority.target,
            actions=priority.actions,
            responsables=priority.responsables,
            indicator=priority.indicator,
            status=PriorityStatus.TO_START if priority.status == PriorityStatus.TO_START else PriorityStatus.ONGOING,
            copied_from_id=priority.id,
            updated_by_id=user.id if user else None,
            updated_at=now,
        )
        db.session.add(copy)
    target.updated_by_id, target.updated_at = (user.id if user else None), now
    db.session.flush()
    copied = min(len(fresh), room)
    audit.record(user, "roadmap.next_year", f"{owner_label(owner)} : {school_year} → {year}, {copied} priorité(s)")
    return target, copied


def _where(priority: RoadmapPriority) -> str:
    roadmap = priority.roadmap
    owner = roadmap.establishment or roadmap.pole or roadmap.network
    label = owner_label(owner) if owner is not None else "—"
    return f"{label}, {roadmap.school_year}, priorité {priority.position}"
