"""Each gunicorn worker builds two dashboards before answering anyone (gunicorn.conf.py), and keeps nothing of them."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import delete, event, func, select

from app import create_app
from app.demo.build import DemoOptions
from app.models import CampaignResult, CampaignResultSlice, RenderedFragment
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


def test_warming_reads_both_dashboards_and_renders_nothing(app, db, monkeypatch, statements):
    built_demo(db, monkeypatch, OPTIONS)
    db.session.execute(delete(CampaignResultSlice))
    db.session.execute(delete(CampaignResult))  # not stored yet: stored as the first reader would store them
    db.session.commit()
    statements.clear()
    assert warm_dashboards(app) is True

    read = " ".join(statements)
    assert len(statements) > 20
    assert "FROM agreed_level" in read  # the establishment's dashboard
    assert "FROM campaign_establishment JOIN establishment" in read  # the network's content key
    fragments, results, slices = _stored(db)
    assert (fragments, len(fragment_cache._memory)) == (0, 0)
    assert results > 0 and slices > 0

    statements.clear()
    assert warm_dashboards(app) is True
    assert not [s for s in statements if s.startswith(("INSERT", "UPDATE", "DELETE"))]  # read again, not computed


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
