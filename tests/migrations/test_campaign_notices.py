"""Migration 0011: campaigns already open or closed are marked as announced, so that the upgrade mails nobody."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from app import create_app
from app.extensions import db
from tests.conftest import TEST_CONFIG
from tests.migrations.test_migrations import empty_database  # noqa: F401  # the fixture

ROWS_AT_0010 = [
    "INSERT INTO academy (id, name) VALUES (1, 'Aix-Marseille')",
    "INSERT INTO network (id, academy_id, name) VALUES (1, 1, 'Réseau')",
    "INSERT INTO establishment (id, uai, name, kind, commune, postal_code, departement, academy_label, network_id)"
    " VALUES (1, '0130001A', 'A', 'Collège', '', '', '013', '', 1),"
    " (2, '0130002B', 'B', 'Lycée', '', '', '013', '', 1)",
    "INSERT INTO survey_definition (id, slug, version, title, kind, content_hash, content, loaded_at)"
    " VALUES (1, 'grille', '1', 'Grille', 'grid', 'x', '{}', '2025-01-01 00:00:00')",
    # 1 open, 2 closed, 3 draft, 4 scheduled far ahead
    "INSERT INTO campaign (id, survey_id, network_id, school_year, period, status, access_mode, scope, opens_on,"
    " created_at) VALUES"
    " (1, 1, 1, '2025-2026', NULL, 'open', 'link', 'network', '2025-09-01', '2025-01-01 00:00:00'),"
    " (2, 1, 1, '2024-2025', NULL, 'closed', 'link', 'network', NULL, '2025-01-01 00:00:00'),"
    " (3, 1, 1, '2026-2027', NULL, 'draft', 'link', 'network', NULL, '2025-01-01 00:00:00'),"
    " (4, 1, 1, '2099-2100', NULL, 'open', 'link', 'network', '2099-09-01', '2025-01-01 00:00:00')",
    "INSERT INTO campaign_establishment (campaign_id, establishment_id, token, short_code) VALUES"
    " (1, 1, 't1', 'C1'), (1, 2, 't2', 'C2'), (3, 1, 't3', 'C3'), (4, 1, 't4', 'C4')",
]


def test_past_openings_and_closings_are_marked_announced_then_the_table_goes(empty_database):  # noqa: F811
    migrated = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database})
    with migrated.app_context():
        try:
            upgrade(revision="0010")
            with db.engine.begin() as connection:
                for statement in ROWS_AT_0010:
                    connection.exec_driver_sql(statement)
            upgrade(revision="0011")
            with db.engine.begin() as connection:
                rows = connection.exec_driver_sql(
                    "SELECT campaign_id, kind, establishment_id FROM campaign_notice"
                    " ORDER BY campaign_id, kind, establishment_id IS NOT NULL, establishment_id"
                ).all()
            assert [tuple(r) for r in rows] == [
                (1, "opening", None),
                (1, "opening", 1),
                (1, "opening", 2),
                (2, "opening", None),
                (2, "results", None),
            ]  # the draft and the scheduled campaign will be announced when they open
            with pytest.raises(IntegrityError), db.engine.begin() as connection:  # one campaign-wide row of a kind
                connection.exec_driver_sql(
                    "INSERT INTO campaign_notice (campaign_id, kind, establishment_id, recipients, created_at)"
                    " VALUES (1, 'opening', NULL, 0, '2026-01-01 00:00:00')"
                )
            downgrade(revision="0010")
            assert "campaign_notice" not in inspect(db.engine).get_table_names()
            downgrade(revision="base")
        finally:
            db.engine.dispose()
