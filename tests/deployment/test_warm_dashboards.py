"""Each gunicorn worker builds two dashboards before answering anyone (gunicorn.conf.py), and keeps nothing of them."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import delete, event, func, select

from app import create_app
from app.demo.build import DemoOptions
from app.models import Campaign, CampaignResult, CampaignResultSlice, RenderedFragment
from app.services.dashboards.campaign_data import store_results
from app.web import fragment_cache
from app.web.warm_dashboards import warm_dashboards
from tests.conftest import TEST_CONFIG
from tests.demo_data import built_demo

OPTIONS = DemoOptions(establishments=6, respondents=6, campaigns=2, seed=7)


@pytest.fixture
def statements(db):
    """The SQL sent on the app's engine while the test runs."""
    sent: list[str] = []

    def record(conn, cursor, statement, *args):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    yield sent
    event.remove(db.engine, "before_cursor_execute", record)


def _stored(db) -> tuple[int, int, int]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(m))
        for m in (RenderedFragment, CampaignResult, CampaignResultSlice)
    )


def test_warming_reads_both_dashboards_and_writes_nothing(app, db, monkeypatch, statements):
    built_demo(db, monkeypatch, OPTIONS)
    db.session.commit()
    stored = _stored(db)
    statements.clear()

    assert warm_dashboards(app) is True

    read = " ".join(statements)
    assert len(statements) > 20
    assert "FROM agreed_level" in read  # the establishment's dashboard
    assert "FROM campaign_establishment JOIN establishment" in read  # the network's content key
    assert not [s for s in statements if s.startswith(("INSERT", "UPDATE", "DELETE"))]
    assert _stored(db) == stored and stored[0] == 0 and len(fragment_cache._memory) == 0


def test_results_still_to_compute_are_left_to_the_tick(app, db, monkeypatch, statements):
    """After an upgrade, every worker would compute them at once: the warm-up is skipped until they are stored."""
    built_demo(db, monkeypatch, OPTIONS)
    db.session.execute(delete(CampaignResultSlice))
    db.session.execute(delete(CampaignResult))
    db.session.commit()
    statements.clear()
    assert warm_dashboards(app) is False
    assert not [s for s in statements if s.startswith(("INSERT", "UPDATE", "DELETE"))]
    assert _stored(db) == (0, 0, 0)

    store_results(db.session, list(db.session.scalars(select(Campaign.id))), app.config["BOUSSOLE_MIN_GROUP_SIZE"])
    assert warm_dashboards(app) is True


def test_warming_a_network_reads_its_filtered_dashboard_too(app, db, monkeypatch, statements):
    built_demo(db, monkeypatch, OPTIONS)
    db.session.commit()
    statements.clear()
    warm_dashboards(app)
    unfiltered = len(statements)
    statements.clear()
    monkeypatch.setattr("app.web.warm_dashboards._warm_network", lambda *args: [])
    warm_dashboards(app)
    assert len(statements) < unfiltered


def test_an_empty_database_is_nothing_to_warm(app, db, statements):
    assert warm_dashboards(app) is False
    assert len(statements) == 1


def test_a_database_out_of_reach_only_delays_the_first_visits(tmp_path, caplog):
    unreachable = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'absent' / 'x.db'}"})
    with caplog.at_level(logging.WARNING, logger="app.web.warm_dashboards"):
        assert warm_dashboards(unreachable) is False
    assert "Préchauffage des tableaux de bord abandonné" in caplog.text
