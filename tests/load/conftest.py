"""Fixtures of the load tests: a database of each kind, migrated and holding an open campaign.

Every test here runs once on SQLite (a WAL file in a temporary folder) and once on PostgreSQL, in a database created
on the server of TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432) and dropped afterwards. Building
one costs several app start-ups, so the tests of a kind share it: each counts only what it added.
"""

from __future__ import annotations

import os
import secrets

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bench.measures import Facts
from tests.load.helpers import build_campaign

DEFAULT_PG_SERVER = "postgresql://postgres@127.0.0.1:5432"


def _pg_server_url():
    configured = os.environ.get("TEST_DATABASE_URL", "")
    url = make_url(configured if configured.startswith("postgres") else DEFAULT_PG_SERVER)
    return url.set(drivername="postgresql+psycopg"), bool(configured.startswith("postgres"))


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def load_database_url(request, tmp_path_factory):
    """The URL of a new, empty database of each kind, removed at the end."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('load') / 'load.sqlite'}"
        return
    server, configured = _pg_server_url()
    name = f"load_{secrets.token_hex(4)}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        if configured:
            raise
        pytest.skip(f"PostgreSQL unreachable at {server.render_as_string()} (set TEST_DATABASE_URL): {exc.orig}")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def campaign(load_database_url) -> Facts:
    """Migrate, load the instruments and a small demo network whose grid campaign is open; return its facts."""
    return build_campaign(load_database_url)


@pytest.fixture(scope="session")
def engine(load_database_url):
    """An engine of the tests' own, to count what the server stored."""
    engine = create_engine(load_database_url)
    yield engine
    engine.dispose()
