"""Two gunicorn hosts on one database and one Redis: no state kept in a worker (docs/deployment.md).

A login made on host A opens pages on host B, a respondent who starts on A finishes on B with the response stored
once, and a rate limit counts the hits of both hosts together.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from app.models import Response
from bench.http import Browser, csrf_token
from bench.journey import prepare, submit
from bench.measures import PASSWORD, READER
from bench.server import Gunicorn
from tests.load.helpers import build_campaign

pytestmark = pytest.mark.slow  # two servers and a demo: well over 10 s
REDIS_URL = os.environ.get("DEPLOYMENT_REDIS_URL", "redis://127.0.0.1:6379/5")  # a db of its own, flushed here
CODE_LIMIT = 20  # per typed code and minute (app/respondent/routes.py, enter_code)


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis unreachable at {REDIS_URL} (several hosts share sessions and rate limits there): {exc}")
    yield REDIS_URL
    client.flushdb()
    client.close()


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> Iterator[str]:
    """A new database on TEST_DATABASE_URL's PostgreSQL server when set, else a SQLite file; removed afterwards."""
    configured = os.environ.get("TEST_DATABASE_URL", "")
    if not configured.startswith("postgres"):
        yield f"sqlite:///{tmp_path_factory.mktemp('hosts') / 'shared.sqlite'}"
        return
    server = make_url(configured).set(drivername="postgresql+psycopg")
    name = f"hosts_{secrets.token_hex(4)}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def hosts(database_url, redis_url):
    """Hosts A and B: each its own gunicorn (its own memory), both on the database and the Redis."""
    facts = build_campaign(database_url)
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "several-hosts",
        "SESSION_REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_ENABLED": "1",
    }
    with Gunicorn(env, workers=2, threads=2) as a, Gunicorn(env, workers=2, threads=2) as b:
        yield a.port, b.port, facts


def test_a_login_on_host_a_opens_pages_on_host_b(hosts):
    port_a, port_b, _ = hosts
    on_a = Browser("127.0.0.1", port_a)
    page = on_a.get("/compte/connexion")
    reply = on_a.post("/compte/connexion", {"csrf_token": csrf_token(page.text), "email": READER, "password": PASSWORD})
    assert reply.status == 302
    on_b, stranger = Browser("127.0.0.1", port_b, cookies=dict(on_a.cookies)), Browser("127.0.0.1", port_b)
    try:
        assert on_b.get("/admin/").status == 200
        assert stranger.get("/admin/").status in (302, 401, 403)  # without the cookie: refused
    finally:
        for browser in (on_a, on_b, stranger):
            browser.close()


def test_a_respondent_starting_on_a_finishes_on_b_stored_once(hosts, database_url):
    port_a, port_b, facts = hosts
    engine = create_engine(database_url)
    with engine.connect() as conn:
        before = conn.scalar(select(func.count(Response.id)))
    prepared = prepare(port_a, facts.open_tokens[0], list(facts.sections), seed=1)  # every page on host A
    assert submit({**prepared, "port": port_b}) == 303  # the final submit on host B
    assert submit({**prepared, "port": port_a}) == 303  # sent again from A: found, not stored twice
    with engine.connect() as conn:
        assert conn.scalar(select(func.count(Response.id))) == before + 1
    engine.dispose()


def test_a_rate_limit_counts_the_hits_of_both_hosts(hosts):
    port_a, port_b, _ = hosts
    on_a = Browser("127.0.0.1", port_a)
    csrf = csrf_token(on_a.get("/q/code").text)
    on_b = Browser("127.0.0.1", port_b, cookies=dict(on_a.cookies))
    statuses = [
        (on_a if hit % 2 else on_b).post("/q/code", {"csrf_token": csrf, "code": "ZZZZ-ZZZZ"}).status
        for hit in range(CODE_LIMIT + 1)
    ]
    on_a.close()
    on_b.close()
    assert 429 not in statuses[:CODE_LIMIT], statuses
    assert statuses[CODE_LIMIT] == 429, statuses  # each host alone has seen only 10 or 11
