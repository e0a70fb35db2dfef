"""Migration 0015: results stored before it keep their rows, without types' totals, until computed again."""

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
    "INSERT INTO campaign_result (id, campaign_id, min_size, fingerprint, counts, responses, cells, extra_ids,"
    " computed_at) VALUES (5, 1, 5, 'f', :blob, :blob, :blob, '[]', '2026-06-01 00:00:00')",
]


def test_stored_results_are_kept_without_kinds_then_the_table_goes(empty_database):  # noqa: F811
    migrated = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database})
    with migrated.app_context():
        upgrade(revision="0014")
        with db.engine.begin() as connection:
            for row in ROWS:
                connection.execute(text(row), {"blob": b"x"})
        upgrade(revision="0015")
        with db.engine.begin() as connection:
            assert connection.execute(text("SELECT id, kinds FROM campaign_result")).all() == [(5, None)]
            connection.execute(
                text("INSERT INTO campaign_result_kind (result_id, kind, cells) VALUES (5, 'Collège', :blob)"),
                {"blob": b"y"},
            )
        downgrade(revision="0014")
        assert "campaign_result_kind" not in inspect(db.engine).get_table_names()
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT id, fingerprint FROM campaign_result")).all() == [(5, "f")]
        downgrade(revision="base")
        db.engine.dispose()
