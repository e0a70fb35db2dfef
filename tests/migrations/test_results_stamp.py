"""Migration 0016: every campaign gets a results stamp and the triggers that raise it; downgrade removes both."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app import create_app
from app.extensions import db
from tests.conftest import TEST_CONFIG
from tests.migrations.test_migrations import empty_database  # noqa: F401  (the fixture)

ROWS = [
    "INSERT INTO academy (id, name) VALUES (1, 'Aix-Marseille')",
    "INSERT INTO network (id, academy_id, name) VALUES (1, 1, 'Réseau')",
    "INSERT INTO survey_definition (id, slug, version, title, kind, content_hash, content, loaded_at)"
    " VALUES (1, 's', '1', 'S', 'grid', 'h', '{}', '2026-01-01 00:00:00')",
    "INSERT INTO campaign (id, survey_id, network_id, school_year, status, access_mode, scope, created_at)"
    " VALUES (1, 1, 1, '2025-2026', 'closed', 'link', 'network', '2026-01-01 00:00:00')",
    "INSERT INTO establishment (id, uai, name, kind, commune, postal_code, departement, academy_label, network_id)"
    " VALUES (1, '0130001A', 'Collège A', 'Collège', '', '', '', '', 1)",
]
LATE = (
    "INSERT INTO response (campaign_id, establishment_id, category, survey_slug, survey_version, submitted_on,"
    " submission_key) VALUES (1, 1, 'enseignant', 's', '1', '2026-06-02', :key)"
)


def _triggers(connection) -> set[str]:
    if connection.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    else:
        query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    return {name for (name,) in connection.execute(text(query)) if name.startswith("results_stamp")}


def _stamp(connection) -> int:
    return connection.execute(text("SELECT results_stamp FROM campaign WHERE id = 1")).scalar_one()


def test_campaigns_get_a_stamp_that_a_late_response_raises_then_both_go(empty_database):  # noqa: F811
    migrated = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database})
    with migrated.app_context():
        upgrade(revision="0015")
        with db.engine.begin() as connection:
            for row in ROWS:
                connection.execute(text(row))
        upgrade(revision="0016")
        with db.engine.begin() as connection:
            assert _stamp(connection) == 0
            assert len(_triggers(connection)) >= 5
            connection.execute(text(LATE), {"key": "late"})
            assert _stamp(connection) == 1
        upgrade()  # the head keeps them: a later migration rebuilding a table on SQLite would drop its triggers
        with db.engine.begin() as connection:
            connection.execute(text(LATE), {"key": "later"})
            assert _stamp(connection) == 2
        downgrade(revision="0015")
        assert "results_stamp" not in {c["name"] for c in inspect(db.engine).get_columns("campaign")}
        with db.engine.begin() as connection:
            assert _triggers(connection) == set()
            connection.execute(text(LATE), {"key": "after"})  # no trigger left to fail on the missing column
        downgrade(revision="base")
        db.engine.dispose()


def test_the_models_create_the_same_triggers_as_the_migrations(empty_database, app):  # noqa: F811
    with app.app_context():
        db.create_all()  # as the tests' databases are
        with db.engine.connect() as connection:
            created = _triggers(connection)
        db.drop_all()
    assert len(created) >= 5
    migrated = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database})
    with migrated.app_context():
        upgrade()
        with db.engine.connect() as connection:
            assert _triggers(connection) == created
        downgrade(revision="base")
        db.engine.dispose()
