"""Migration 0009: départements, placed from the establishments' codes when they agree; steering scopes."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy.exc import IntegrityError

from app import create_app
from app.extensions import db
from tests.conftest import TEST_CONFIG
from tests.migrations.test_migrations import empty_database  # noqa: F401  # the fixture

ROWS_AT_0006 = [
    "INSERT INTO academy (id, name) VALUES (1, 'Aix-Marseille')",
    "INSERT INTO network (id, academy_id, name) VALUES (1, 1, 'Calanques'), (2, 1, 'Sainte Victoire'), (3, 1, 'Vide')",
    "INSERT INTO establishment (id, uai, name, kind, commune, postal_code, departement, academy_label, network_id)"
    " VALUES (1, '0130001A', 'A', 'Collège', '', '', '013', '', 1),"
    " (2, '0130002B', 'B', 'Lycée', '', '', '013', '', 1),"
    " (3, '0130003C', 'C', 'Collège', '', '', '013', '', 2), (4, '0840004D', 'D', 'Collège', '', '', '084', '', 2)",
    "INSERT INTO user_account (id, email, name, role, active, session_version, created_at)"
    " VALUES (1, 'a@ac-test.fr', '', 'inspector', true, 1, '2025-01-01 00:00:00')",
    "INSERT INTO user_scope (user_id, network_id) VALUES (1, 1)",
]


def test_networks_of_one_departement_are_placed_and_the_scope_check_holds(empty_database):  # noqa: F811
    migrated = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database})
    with migrated.app_context():
        try:
            upgrade(revision="0006")
            with db.engine.begin() as connection:
                for statement in ROWS_AT_0006:
                    connection.exec_driver_sql(statement)
            upgrade(revision="0009")
            with db.engine.begin() as connection:
                placed = connection.exec_driver_sql(
                    "SELECT network.name, department.code FROM network"
                    " LEFT JOIN department ON department.id = network.department_id ORDER BY network.id"
                ).all()
                assert [tuple(r) for r in placed] == [("Calanques", "13"), ("Sainte Victoire", None), ("Vide", None)]
                connection.exec_driver_sql("INSERT INTO user_scope (user_id, academy_id) VALUES (1, 1)")
            with pytest.raises(IntegrityError), db.engine.begin() as connection:  # two targets in one row
                connection.exec_driver_sql("INSERT INTO user_scope (user_id, academy_id, network_id) VALUES (1, 1, 1)")
            downgrade(revision="0006")
            with db.engine.connect() as connection:
                scopes = connection.exec_driver_sql("SELECT user_id, network_id FROM user_scope").all()
            assert [tuple(r) for r in scopes] == [(1, 1)]  # the académie's scope went with its column
            downgrade(revision="base")
        finally:
            db.engine.dispose()
