"""Server-side sessions: the cookie holds an id only, and ending a session ends it for every copy of the cookie."""

from __future__ import annotations

import re
import secrets
import socket
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app import create_app
from app.clock import utcnow
from app.extensions import db
from app.models import AuditEntry, Establishment, ServerSession
from app.web.sessions import DatabaseSessionInterface
from tests.conftest import TEST_CONFIG
from tests.respondent.helpers import answer_everything, open_link

PASSWORD = "correct horse battery"
COOKIE = "session"
# What Flask-Session writes: 32 random bytes, URL-safe base64; a signed Flask cookie has dots and a payload.
SESSION_ID = re.compile(r"[A-Za-z0-9_-]{43}")


def _sign_in(client, user) -> str:
    response = client.post("/compte/connexion", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client.get_cookie(COOKIE).value


def _copy_cookie(app, value: str):
    """A second browser holding a copy of the cookie."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, value)
    return thief


def _signed_in(client) -> bool:
    return client.get("/compte/").status_code == 200


def _sessions() -> int:
    return db.session.scalar(select(func.count()).select_from(ServerSession))


def test_the_cookie_holds_only_a_random_id_and_the_session_is_a_row(app, client, make):
    user = make.user("admin", email="admin@ac-test.fr", password=PASSWORD)
    value = _sign_in(client, user)
    assert SESSION_ID.fullmatch(value), value
    assert isinstance(app.session_interface, DatabaseSessionInterface)
    row = db.session.scalar(select(ServerSession).where(ServerSession.session_id == "session:" + value))
    assert row is not None and str(user.id).encode() in row.data


def test_a_copied_cookie_opens_nothing_after_logout(app, client, make):
    user = make.user("head", make.establishment(), email="chef@ac-test.fr", password=PASSWORD)
    value = _sign_in(client, user)
    thief = _copy_cookie(app, value)
    assert _signed_in(thief), "before the logout the copy works: the test can fail"
    assert client.post("/compte/deconnexion").status_code == 302
    assert client.get_cookie(COOKIE) is None or client.get_cookie(COOKIE).value != value
    assert not _signed_in(thief)
    assert not _signed_in(client)
    assert db.session.scalar(select(ServerSession).where(ServerSession.session_id == "session:" + value)) is None


def _csrf_token(client, path: str = "/compte/connexion") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]


def test_a_session_id_planted_before_login_is_not_the_one_signed_in(app, csrf_client, make):
    user = make.user("admin", email="admin@ac-test.fr", password=PASSWORD)
    token = _csrf_token(csrf_client)  # the form stores its CSRF token: a session exists
    planted = csrf_client.get_cookie(COOKIE).value
    response = csrf_client.post(
        "/compte/connexion", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    assert csrf_client.get_cookie(COOKIE).value != planted
    assert _signed_in(csrf_client)
    assert not _signed_in(_copy_cookie(app, planted))


def test_ending_other_sessions_keeps_this_one(app, client, make):
    user = make.user("coordinator", make.network(), email="coord@ac-test.fr", password=PASSWORD)
    _sign_in(client, user)
    laptop = app.test_client()
    _sign_in(laptop, user)
    assert _signed_in(laptop) and _signed_in(client)
    assert "Déconnecter mes autres sessions" in client.get("/compte/").get_data(as_text=True)
    response = client.post("/compte/sessions/deconnecter-les-autres")
    assert response.status_code == 302
    assert _signed_in(client)
    assert not _signed_in(laptop)
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == "account.sessions_end"


def test_ending_other_sessions_needs_its_csrf_token(csrf_client, make):
    user = make.user("admin", email="admin@ac-test.fr", password=PASSWORD)
    token = _csrf_token(csrf_client)
    csrf_client.post("/compte/connexion", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert csrf_client.post("/compte/sessions/deconnecter-les-autres").status_code == 400
    assert _signed_in(csrf_client)


def test_a_password_change_ends_the_other_sessions(app, client, make):
    user = make.user("admin", email="admin@ac-test.fr", password=PASSWORD)
    _sign_in(client, user)
    laptop = app.test_client()
    _sign_in(laptop, user)
    new = "another long passphrase"
    response = client.post("/compte/", data={"current": PASSWORD, "password": new, "confirm": new})
    assert response.status_code == 302
    assert _signed_in(client)
    assert not _signed_in(laptop)


def test_a_session_idle_longer_than_its_lifetime_is_over(app, client, make):
    assert app.permanent_session_lifetime == timedelta(hours=8)
    user = make.user("admin", email="admin@ac-test.fr", password=PASSWORD)
    value = _sign_in(client, user)
    row = db.session.scalar(select(ServerSession).where(ServerSession.session_id == "session:" + value))
    assert timedelta(hours=7, minutes=59) < row.expiry.replace(tzinfo=None) - utcnow().replace(tzinfo=None)
    assert _signed_in(client)
    db.session.execute(update(ServerSession).values(expiry=utcnow() - timedelta(seconds=1)))
    assert not _signed_in(client)


def test_each_request_pushes_the_expiry_back(client, make):
    user = make.user("admin", email="admin@ac-test.fr", password=PASSWORD)
    _sign_in(client, user)
    db.session.execute(update(ServerSession).values(expiry=utcnow() + timedelta(minutes=5)))
    assert _signed_in(client)
    expiry = db.session.scalar(select(ServerSession.expiry))
    assert expiry.replace(tzinfo=None) - utcnow().replace(tzinfo=None) > timedelta(hours=7)


def test_purge_deletes_expired_sessions(runner, client, make):
    user = make.user("admin", email="admin@ac-test.fr", password=PASSWORD)
    _sign_in(client, user)
    _sign_in(make_client := client.application.test_client(), user)
    assert _sessions() == 2
    db.session.execute(
        update(ServerSession)
        .where(ServerSession.session_id == "session:" + make_client.get_cookie(COOKIE).value)
        .values(expiry=utcnow() - timedelta(minutes=1))
    )
    db.session.commit()
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "1 session(s) expirée(s) supprimée(s)" in result.output
    assert _sessions() == 1
    assert _signed_in(client)


def test_the_respondents_answers_stay_out_of_the_cookie(client, make, db):
    link = open_link(make)
    db.session.commit()
    answer_everything(client, link, index=3)
    cookie = client.get_cookie(COOKIE).value
    assert SESSION_ID.fullmatch(cookie), cookie
    page = client.get(f"/q/{link.token}/merci")
    assert page.status_code == 200
    stored = db.session.scalar(select(ServerSession.data).where(ServerSession.session_id == "session:" + cookie))
    assert b"feedback" in stored  # the state lives on the server, under the id the cookie holds


def test_a_view_that_did_not_commit_keeps_its_work_uncommitted(app, database_url, make):
    """The session row is saved in its own commit, never together with changes a view left behind."""
    # A separate app: each request has its own app context and database session, as in production.
    served = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})

    @served.get("/test-abandons-work")
    def abandons_work():
        db.session.add(Establishment(uai="0999999Z", name="Jamais enregistré"))
        db.session.flush()
        from flask import session

        session["seen"] = True
        return "ok"

    db.session.commit()
    browser = served.test_client()
    assert browser.get("/test-abandons-work").status_code == 200
    with served.app_context():
        assert db.session.scalar(select(Establishment).where(Establishment.uai == "0999999Z")) is None
        db.session.remove()
        db.engine.dispose()


def _redis_is_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_is_up(), reason="no Redis on 127.0.0.1:6379 (.ci/run starts one)")
def test_with_a_redis_url_sessions_live_in_redis(database_url, make):
    from redis import Redis

    user = make.user("admin", email="admin@ac-test.fr", password=PASSWORD)
    db.session.commit()
    url = "redis://127.0.0.1:6379/15"
    # Keys of this test's own: parallel workers, or another run of the suite, share the Redis server.
    prefix = f"test-session-{secrets.token_hex(8)}:"
    served = create_app(
        {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "SESSION_REDIS_URL": url, "SESSION_KEY_PREFIX": prefix}
    )
    redis = Redis.from_url(url)
    try:
        browser = served.test_client()
        value = _sign_in(browser, user)
        assert SESSION_ID.fullmatch(value)
        assert redis.exists(prefix + value)
        assert 0 < redis.ttl(prefix + value) <= 8 * 3600
        thief = served.test_client()
        thief.set_cookie(COOKIE, value)
        assert thief.get("/compte/").status_code == 200
        browser.post("/compte/deconnexion")
        assert not redis.exists(prefix + value)
        assert thief.get("/compte/").status_code == 302
        with served.app_context():
            assert _sessions() == 0
    finally:
        leftovers = list(redis.scan_iter(match=prefix + "*"))
        if leftovers:
            redis.delete(*leftovers)
        redis.close()
        with served.app_context():
            db.session.remove()
            db.engine.dispose()
