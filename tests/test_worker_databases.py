"""Under pytest-xdist each worker tests in a database of its own: on PostgreSQL one made from TEST_DATABASE_URL's."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import create_engine, inspect, make_url

from tests.conftest import _configured_url, _recreate_database, worker_database, xdist_worker


def _postgresql_url() -> str:
    url = _configured_url()
    if url is None or not url.startswith("postgresql"):
        pytest.skip("TEST_DATABASE_URL names no PostgreSQL server")
    return url


def _exists(url: str, name: str) -> bool:
    maintenance = make_url(url).set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def test_the_session_database_is_the_workers_own(database_url):
    configured = _configured_url()
    worker = xdist_worker()
    if configured is None:
        assert database_url.startswith("sqlite:///")
        if worker is not None:  # the file lies in the worker's own temporary folder
            assert f"/popen-{worker}/" in database_url
    elif worker is None or not configured.startswith("postgresql"):
        assert database_url == configured
    else:
        assert make_url(database_url).database == f"{make_url(configured).database}_{worker}"


def _create_table(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE left_behind (id integer)")
    finally:
        engine.dispose()


def _tables(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        return inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_a_workers_postgresql_database_is_made_empty_and_dropped_afterwards(monkeypatch):
    configured = _postgresql_url()
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gwcheck")
    name = f"{make_url(configured).database}_gwcheck"
    with worker_database(configured) as url:
        assert make_url(url).database == name and _exists(configured, name)
        _create_table(url)
    assert not _exists(configured, name)

    _recreate_database(make_url(configured), name, create=True)  # what a killed run leaves behind
    _create_table(make_url(configured).set(database=name).render_as_string(hide_password=False))
    with worker_database(configured) as url:
        assert _tables(url) == []  # made anew
    assert not _exists(configured, name)

    with pytest.raises(RuntimeError, match="a failing session"), worker_database(configured):
        raise RuntimeError("a failing session")
    assert not _exists(configured, name)
