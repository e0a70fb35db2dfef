"""Failed sign-ins: a stranger hammering an account from one address cannot lock its owner out of another."""

from __future__ import annotations

import pytest

from app.auth import limits
from app.extensions import db

PASSWORD = "correct horse battery"
STRANGER = {"REMOTE_ADDR": "203.0.113.7"}
OWNER = {"REMOTE_ADDR": "198.51.100.20"}


@pytest.fixture
def pauses(monkeypatch) -> list[float]:
    """The delays the login asked for, without waiting them."""
    asked: list[float] = []
    monkeypatch.setattr(limits, "pause", asked.append)
    return asked


@pytest.fixture
def owner(make):
    user = make.user("head", make.establishment(), email="cible@ac-test.fr", password=PASSWORD)
    db.session.commit()
    return user


def _attempt(limited_app, environ: dict, password: str, email: str = "cible@ac-test.fr"):
    client = limited_app.test_client()
    client.environ_base.update(environ)
    return client.post("/compte/connexion", data={"email": email, "password": password})


def test_a_strangers_thirty_failures_do_not_lock_the_owner_out(limited_app, owner, pauses):
    statuses = [_attempt(limited_app, STRANGER, f"essai {n}").status_code for n in range(30)]
    assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}, "the stranger's address is limited"
    response = _attempt(limited_app, OWNER, PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == "/etablissement/"


def test_the_same_addresss_failures_are_answered_429_in_french(limited_app, owner, pauses):
    for n in range(5):
        assert _attempt(limited_app, STRANGER, f"essai {n}").status_code == 200
    refused = _attempt(limited_app, STRANGER, PASSWORD)
    assert refused.status_code == 429
    assert "Trop de tentatives" in refused.get_data(as_text=True)
    # another account from the same address (a whole school behind one IP) is not limited
    other = _attempt(limited_app, STRANGER, "essai", email="voisin@ac-test.fr")
    assert other.status_code == 200


def test_many_failures_from_many_addresses_slow_the_account_down_without_refusing_it(limited_app, owner, pauses):
    for n in range(10):
        _attempt(limited_app, {"REMOTE_ADDR": f"192.0.2.{n + 1}"}, f"essai {n}")
    assert pauses == [], "no delay before the account has had 10 failures"
    response = _attempt(limited_app, OWNER, PASSWORD)
    assert response.status_code == 302
    assert pauses == [limits.SLOWDOWN_SECONDS], "the owner waited a bounded delay, then signed in"
    assert 0 < limits.SLOWDOWN_SECONDS <= 2


def test_failures_on_another_account_do_not_slow_this_one(limited_app, owner, pauses):
    for n in range(12):
        _attempt(limited_app, {"REMOTE_ADDR": f"192.0.2.{n + 1}"}, "essai", email="autre@ac-test.fr")
    assert _attempt(limited_app, OWNER, PASSWORD).status_code == 302
    assert pauses == [limits.SLOWDOWN_SECONDS] * 2, "only the other account's 11th and 12th attempts waited"
