"""Demo feuilles de route: a past year's priorities whose outcomes the latest closed campaign measures, and the
following years started from it up to the current one."""

from __future__ import annotations

import functools

from sqlalchemy import select

from app.clock import today
from app.demo import accounts as demo_accounts
from app.demo.build import DemoOptions, build_demo
from app.models import Network, Roadmap, RoadmapLevel
from app.services.accounts.passwords import hash_password
from app.services.campaigns.campaigns import current_school_year
from app.services.roadmaps.pages import view_of


@functools.cache
def hashed_once(password: str) -> str:
    return hash_password(password)


def test_demo_feuilles_de_route_show_true_outcomes(db, monkeypatch):
    monkeypatch.setattr(demo_accounts, "hash_password", hashed_once)
    report = build_demo(DemoOptions(establishments=30, respondents=12, campaigns=3, seed=42))
    assert report.roadmap_priorities > 0
    network = db.session.scalar(select(Network).filter_by(name="Sainte Victoire"))
    roadmaps = db.session.scalars(select(Roadmap)).all()
    assert {r.level for r in roadmaps} == set(RoadmapLevel)
    first = int(current_school_year(today())[:4])
    past = f"{first - 2}-{first - 1}"  # measured by the latest closed campaign, that of last year
    outcomes = []
    for roadmap in (r for r in roadmaps if r.school_year == past):
        owner = roadmap.establishment or roadmap.pole or roadmap.network
        outcomes += [item.outcome.outcome.code for item in view_of(db.session, owner, past, 5).priorities]
    assert len(outcomes) >= 6 and "pas mesurable" not in outcomes and len(set(outcomes)) >= 2
    current = next(r for r in roadmaps if r.network_id == network.id and r.school_year == current_school_year(today()))
    assert current.priorities and all(p.copied_from_id is not None for p in current.priorities)
    view = view_of(db.session, network, current.school_year, 5)
    assert {item.outcome.outcome.code for item in view.priorities} == {"pas mesurable"}  # its campaign is open
