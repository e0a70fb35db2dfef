"""The rules of a feuille de route: three priorities at most, a target on the scale, a subject of the instruments,
every change journaled, next year started from this one, outcomes from the suppressed cells only."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app.models import AuditEntry, PriorityStatus, SubjectKind
from app.services.roadmaps import roadmaps as service
from app.services.roadmaps.outcomes import default_target, outcome_of
from app.services.roadmaps.subjects import subject_for
from tests.dashboards import small_network

NOW = datetime(2025, 10, 1, 12, tzinfo=UTC)
YEAR = "2024-2025"


def _input(subject="dimension:collectif", target=4, **more):
    return service.PriorityInput(subject=subject, target=target, **more)


def _actions(db):
    return [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_a_fourth_priority_is_refused_with_its_reason(db, make):
    world = small_network(make)
    head = make.user("head", world["est"][2])
    for key in ("collectif", "partenaires", "objets-travail"):
        service.add_priority(world["est"][2], YEAR, _input(f"dimension:{key}"), head, NOW)
    with pytest.raises(service.TooManyPriorities, match="au plus 3 priorités"):
        service.add_priority(world["est"][2], YEAR, _input("theme:rituels", None), head, NOW)
    assert len(service.roadmap_of(world["est"][2], YEAR).priorities) == 3


def test_target_on_the_scale_and_subject_in_the_instruments(db, make):
    world = small_network(make)
    head = make.user("head", world["est"][2])
    with pytest.raises(service.RoadmapError, match="niveau de l'échelle"):
        service.add_priority(world["est"][2], YEAR, _input(target=6), head, NOW)
    with pytest.raises(service.RoadmapError, match="niveau de l'échelle"):  # a theme's scale stops at 4
        service.add_priority(world["est"][2], YEAR, _input("theme:rituels", 5), head, NOW)
    with pytest.raises(service.RoadmapError, match="ni une dimension"):
        service.add_priority(world["est"][2], YEAR, _input("dimension:rituels"), head, NOW)
    with pytest.raises(service.RoadmapError, match="ni une dimension"):
        service.add_priority(world["est"][2], YEAR, _input("theme:inconnu"), head, NOW)
    with pytest.raises(service.RoadmapError, match="année scolaire 2024-2025"):
        service.add_priority(world["est"][2], YEAR, _input(due_on=date(2025, 9, 1)), head, NOW)
    assert service.roadmap_of(world["est"][2], YEAR) is None  # nothing half-written


def test_dimension_refers_to_the_stable_question_row_and_theme_to_slug_and_key(db, make):
    world = small_network(make)
    head = make.user("head", world["est"][2])
    dim = service.add_priority(world["est"][2], YEAR, _input(), head, NOW)
    theme = service.add_priority(world["est"][2], YEAR, _input("theme:rituels", 3), head, NOW)
    assert dim.question is not None and (dim.question.survey_slug, dim.question.key) == (
        "territoire-apprenant",
        "collectif",
    )
    assert (theme.subject_kind, theme.survey_slug, theme.subject_key, theme.question_id) == (
        SubjectKind.THEME,
        "autopositionnement",
        "rituels",
        None,
    )
    assert dim.roadmap.updated_by_id == head.id and dim.updated_at == NOW.replace(tzinfo=dim.updated_at.tzinfo)


def test_every_change_is_journaled(db, make):
    world = small_network(make)
    head = make.user("head", world["est"][2])
    priority = service.add_priority(world["est"][2], YEAR, _input(), head, NOW)
    service.update_priority(priority, _input(target=5, actions="Conseil pédagogique"), head, NOW)
    service.set_status(priority, PriorityStatus.ONGOING, head, NOW)
    service.remove_priority(priority, head, NOW)
    assert _actions(db) == [
        "roadmap.priority_add",
        "roadmap.priority_edit",
        "roadmap.priority_status",
        "roadmap.priority_remove",
    ]
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).first()
    assert entry.user_id == head.id and world["est"][2].uai in entry.detail and "Collectif" in entry.detail


def test_next_year_starts_from_the_priorities_still_open(db, make):
    world = small_network(make)
    pilot = make.user("pilot", world["poles"][0])
    pole = world["poles"][0]
    done = service.add_priority(pole, YEAR, _input("dimension:collectif"), pilot, NOW)
    service.add_priority(pole, YEAR, _input("dimension:partenaires", actions="Forum des partenaires"), pilot, NOW)
    dropped = service.add_priority(pole, YEAR, _input("theme:rituels", 3), pilot, NOW)
    service.set_status(done, PriorityStatus.DONE, pilot, NOW)
    service.set_status(dropped, PriorityStatus.DROPPED, pilot, NOW)
    roadmap, copied = service.start_next_year(pole, YEAR, pilot, NOW)
    assert (roadmap.school_year, copied) == ("2025-2026", 1)
    [kept] = roadmap.priorities
    assert (kept.subject_key, kept.actions, kept.position) == ("partenaires", "Forum des partenaires", 1)
    assert roadmap.pole_id == pole.id and "roadmap.next_year" in _actions(db)
    _, again = service.start_next_year(pole, YEAR, pilot, NOW)  # a second time copies nothing twice
    assert again == 0 and len(roadmap.priorities) == 1


def test_outcomes_read_the_suppressed_cells(db, make):
    """a3 went from a mean of 2.5 (2024-2025) to 3.4; a1 has 4 answers in 2025-2026: hidden, so not measurable."""
    world = small_network(make)
    a1, _, a3, _ = world["est"]
    reached = service.add_priority(a3, YEAR, _input(target=3), None, NOW)
    progress = service.add_priority(a3, YEAR, _input("dimension:partenaires", target=4), None, NOW)
    hidden = service.add_priority(a1, YEAR, _input(target=3), None, NOW)
    later = service.add_priority(a3, "2025-2026", _input("dimension:objets-travail", target=4), None, NOW)
    assert outcome_of(db.session, a3, reached, 5).outcome.code == "atteint"
    found = outcome_of(db.session, a3, progress, 5)
    assert found.outcome.code == "en progrès" and (found.baseline.value, found.later.value) == (2.5, 3.4)
    assert outcome_of(db.session, a1, hidden, 5).outcome.code == "pas mesurable"
    assert "moins de 5 réponses" in outcome_of(db.session, a1, hidden, 5).outcome.reason
    assert outcome_of(db.session, a3, later, 5).outcome.code == "pas mesurable"  # no closed campaign after 2025-2026


def test_default_target_is_the_next_level_above_the_last_published_mean(db, make):
    world = small_network(make)
    subject = subject_for("dimension:collectif")
    assert default_target(db.session, world["est"][2], subject, "2025-2026", 5) == 4  # mean 3.4
    assert default_target(db.session, world["est"][2], subject, "2024-2025", 5) == 3  # mean 2.5
    assert default_target(db.session, world["est"][0], subject, "2025-2026", 5) is None  # hidden
