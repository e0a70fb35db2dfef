"""The Alembic migrations build the whole schema from empty, match the models, and go back down."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app import create_app
from app.extensions import db
from tests.conftest import TEST_CONFIG


@pytest.fixture
def empty_database(database_url, app):
    """The test database with no table at all (the session schema is rebuilt afterwards)."""
    with app.app_context():
        db.session.remove()
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    yield database_url
    with app.app_context():
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        db.drop_all()
        db.create_all()


def test_upgrade_from_empty_matches_the_models_then_downgrades_to_nothing(empty_database):
    migrated = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database})
    with migrated.app_context():
        upgrade()
        engine = db.engine
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == [], f"models and migrations differ: {differences}"
        tables = set(inspect(engine).get_table_names())
        assert {"establishment", "campaign", "response", "answer", "user_account"} <= tables

        downgrade(revision="base")
        remaining = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()
        engine.dispose()


ROWS_AT_0001 = [
    "INSERT INTO academy (id, name) VALUES (1, 'Aix-Marseille')",
    "INSERT INTO network (id, academy_id, name) VALUES (1, 1, 'Réseau')",
    "INSERT INTO pole (id, network_id, name) VALUES (1, 1, 'Aix'), (2, 1, 'Pertuis')",
    "INSERT INTO establishment (id, uai, name, kind, commune, postal_code, departement, academy_label, network_id,"
    " pole_id) VALUES (1, '0130001A', 'Collège A', 'Collège', '', '', '', '', 1, 1),"
    " (2, '0130002B', 'Lycée B', 'Lycée', '', '', '', '', 1, 2)",
    "INSERT INTO survey_definition (id, slug, version, title, kind, content_hash, content, loaded_at)"
    " VALUES (1, 'grille', '1', 'Grille', 'grid', 'x', '{}', '2025-01-01 00:00:00')",
    "INSERT INTO campaign (id, survey_id, network_id, school_year, status, access_mode, created_at) VALUES"
    " (1, 1, 1, '2024-2025', 'closed', 'link', '2025-01-01 00:00:00'),"
    " (2, 1, 1, '2025-2026', 'open', 'link', '2025-01-01 00:00:00')",
    # no explicit id: the upgrade inserts links too, and PostgreSQL's sequence must know of these
    "INSERT INTO campaign_establishment (campaign_id, establishment_id, token, short_code) VALUES"
    " (1, 1, 't1', 'C1'), (2, 1, 't2', 'C2')",
    # Lycée B answered the closed campaign without a link: the upgrade gives it one, frozen like the others
    "INSERT INTO response (id, campaign_id, establishment_id, category, survey_slug, survey_version, submitted_on,"
    " submission_key) VALUES (1, 1, 2, 'enseignant', 'grille', '1', '2025-01-02', 'k1')",
]


def test_membership_of_closed_campaigns_is_frozen_from_current_values(empty_database):
    migrated = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database})
    with migrated.app_context():
        try:
            upgrade(revision="0001")
            with db.engine.begin() as connection:
                for statement in ROWS_AT_0001:
                    connection.exec_driver_sql(statement)
            upgrade(revision="0002")
            with db.engine.connect() as connection:
                rows = connection.exec_driver_sql(
                    "SELECT campaign_id, establishment_id, pole_id, kind, frozen_at IS NOT NULL, length(token),"
                    " length(short_code) FROM campaign_establishment ORDER BY campaign_id, establishment_id"
                ).all()
            assert [tuple(r) for r in rows] == [
                (1, 1, 1, "Collège", True, 2, 2),
                (1, 2, 2, "Lycée", True, 32, 8),  # the link made for the responses
                (2, 1, None, None, False, 2, 2),  # open: nothing frozen, current values apply
            ]
            downgrade(revision="0001")
            columns = {c["name"] for c in inspect(db.engine).get_columns("campaign_establishment")}
            assert {"pole_id", "kind", "frozen_at"}.isdisjoint(columns) and "token" in columns
            downgrade(revision="base")
        finally:
            db.engine.dispose()  # even when an assertion fails: no connection left for a later test
