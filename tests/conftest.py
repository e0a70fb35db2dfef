"""Fixtures: `app`, `client`, `runner`, `db`, and a `login` helper. The same suite runs on SQLite and PostgreSQL.

Set TEST_DATABASE_URL (or DATABASE_URL) to a PostgreSQL URL to run it there; by default a temporary SQLite file.
Under pytest-xdist (`pytest -n 3`, as `make test` runs it) each worker has a database of its own: a SQLite file in
its own temporary folder, or on PostgreSQL `<name>_gw0`, `<name>_gw1`… created on TEST_DATABASE_URL's server at the
start and dropped at the end (see `worker_database`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from argon2 import PasswordHasher, profiles
from flask import g, has_app_context
from flask.testing import FlaskClient
from psycopg import sql
from sqlalchemy import URL, delete, make_url

from app import create_app
from app.extensions import db as _db
from app.services.accounts import passwords
from app.web import fragment_cache
from tests.factories import Factories


def _configured_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if url and url.startswith("postgresql://"):
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return url or None


def xdist_worker() -> str | None:
    """The pytest-xdist worker running this process (`gw0`, `gw1`…), None outside `pytest -n`."""
    return os.environ.get("PYTEST_XDIST_WORKER") or None


def _recreate_database(server: URL, name: str, *, create: bool) -> None:
    """Drop the database `name` on the server (its connections too), then create it empty when asked."""
    maintenance = server.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if create:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


@contextmanager
def worker_database(url: str) -> Iterator[str]:
    """Yield the URL to test on: under `pytest -n`, a PostgreSQL database of the worker's own, dropped afterwards.

    TEST_DATABASE_URL names one database (`…/test`): worker gw0 tests in `test_gw0`, created on the same server,
    so that workers never see each other's rows. Outside xdist, and on SQLite (a file per worker already), the URL
    is used as given.
    """
    parsed = make_url(url)
    worker = xdist_worker()
    if worker is None or not parsed.drivername.startswith("postgresql"):
        yield url
        return
    name = f"{parsed.database or 'test'}_{worker}"
    _recreate_database(parsed, name, create=True)
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        _recreate_database(parsed, name, create=False)


TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "WTF_CSRF_ENABLED": False,  # enabled again by the `csrf_client` fixture, which checks it
    "RATELIMIT_ENABLED": False,  # enabled again by the rate-limit tests
    "BOUSSOLE_MIN_GROUP_SIZE": 5,
    "SERVER_NAME": None,
    "BOUSSOLE_BASE_URL": None,  # links on the address served on, whatever the environment says
    "MAIL_SERVER": None,  # no mail, whatever the environment says; the `smtp` fixture (tests/mail) turns it on
    "BOUSSOLE_WORK_AFTER_RESPONSE": False,  # app/config.py says why; tests/mail/conftest.py turns it on
}


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing():
    """Hash with argon2id at its cheapest while testing: 0.2 ms instead of about 0.3 s a password.

    Production keeps the library's recommended parameters (tests/services/accounts/test_passwords.py checks them
    outside this session); the load tests' gunicorn workers do too.
    """
    original = passwords._hasher
    passwords._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    yield
    passwords._hasher = original


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    """The test database: TEST_DATABASE_URL's (one of each xdist worker's own), else a temporary SQLite file."""
    configured = _configured_url()
    if configured is None:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"  # tmp_path_factory: one folder a worker
        return
    with worker_database(configured) as url:
        yield url


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    """An app context with an empty database, emptied again afterwards."""
    with app.app_context():
        yield _db
        _db.session.rollback()
        for table in reversed(_db.metadata.sorted_tables):
            _db.session.execute(delete(table))
        _db.session.commit()
        _db.session.remove()
        fragment_cache.clear()


@pytest.fixture
def make(db) -> Factories:
    """Small `make_*` factories bound to the test database."""
    return Factories(db)


class FreshUserClient(FlaskClient):
    """A test client whose every request loads its user anew.

    Requests share the test's app context (the `db` fixture pushes one), and Flask-Login caches the user in `g`:
    without this, a logout or a second client would see the previous request's user.
    It also reads each response whole and closes it, as a WSGI server does: a static file is an open file.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            g.pop("_login_user", None)
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app, db):
    app.test_client_class = FreshUserClient
    return app.test_client()


@pytest.fixture
def runner(app, db):
    return app.test_cli_runner()


@pytest.fixture
def login(client, make):
    """Log the test client in as a new user of `role` over `scope` (a Network, Pole or Establishment)."""

    def _login(role: str = "admin", scope=None, user=None):
        user = user or make.user(role=role, scope=scope)
        with client.application.test_request_context(environ_base=client.environ_base):
            # "strong" session protection wants the identifier of the client's address and agent
            identifier = client.application.login_manager._session_identifier_generator()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
            session["_id"] = identifier
        return user

    return _login


@pytest.fixture
def csrf_client(app, db):
    """A client of the same app with CSRF protection on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    app.test_client_class = FreshUserClient
    try:
        yield app.test_client()
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def limited_app(app, db, database_url):
    """A second app on the same database with rate limiting on (the limiter is one object: it is switched back off)."""
    from app.extensions import limiter

    limited = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    try:
        yield limited
    finally:
        limiter.reset()
        limiter.enabled = False
        with limited.app_context():
            _db.session.remove()
            _db.engine.dispose()
