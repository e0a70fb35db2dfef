"""Migration 0004: a draft that still holds the code that opened it spends it and forgets it."""

from __future__ import annotations

import json

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db
from tests.conftest import TEST_CONFIG
from tests.migrations.test_migrations import empty_database  # noqa: F401  (the fixture)

ROWS = [
    "INSERT INTO academy (id, name) VALUES (1, 'Aix-Marseille')",
    "INSERT INTO network (id, academy_id, name) VALUES (1, 1, 'Réseau')",
    "INSERT INTO establishment (id, uai, name, kind, commune, postal_code, departement, academy_label, network_id)"
    " VALUES (1, '0130001A', 'Collège', 'Collège', 'Aix', '13100', '13', 'Aix-Marseille', 1)",
    "INSERT INTO survey_definition (id, slug, version, title, kind, content_hash, content, loaded_at)"
    " VALUES (1, 's', '1', 'S', 'grid', 'h', '{}', '2026-01-01 00:00:00')",
    "INSERT INTO campaign (id, survey_id, network_id, school_year, status, access_mode, created_at)"
    " VALUES (1, 1, 1, '2025-2026', 'open', 'codes', '2026-01-01 00:00:00')",
    "INSERT INTO access_code (id, campaign_id, establishment_id, code, used) VALUES (7, 1, 1, 'ABCDEFGH', false)",
    "INSERT INTO access_code (id, campaign_id, establishment_id, code, used) VALUES (8, 1, 1, 'JKMNPQRS', false)",
]


def test_drafts_holding_a_code_spend_it_and_forget_it(empty_database):  # noqa: F811
    migrated = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database})
    with migrated.app_context():
        upgrade(revision="0001")
        with db.engine.begin() as connection:
            for row in ROWS:
                connection.execute(text(row))
            for draft_id, data in [(1, {"answers": {"q": "3"}, "access_code_id": 7}), (2, {"answers": {}})]:
                connection.execute(
                    text(
                        "INSERT INTO draft (id, token_hash, campaign_id, establishment_id, data, updated_on)"
                        " VALUES (:id, :hash, 1, 1, :data, '2026-01-02')"
                    ),
                    {"id": draft_id, "hash": f"h{draft_id}", "data": json.dumps(data)},
                )
        upgrade(revision="0004")
        with db.engine.connect() as connection:
            used = dict(connection.execute(text("SELECT id, used FROM access_code")).all())
            drafts = dict(connection.execute(text("SELECT id, data FROM draft")).all())
        assert {key: bool(value) for key, value in used.items()} == {7: True, 8: False}
        data = {key: json.loads(value) if isinstance(value, str) else value for key, value in drafts.items()}
        assert data == {1: {"answers": {"q": "3"}}, 2: {"answers": {}}}
        downgrade(revision="base")
        db.engine.dispose()
