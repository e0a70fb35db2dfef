"""Invitation and password-reset links: they set a password once, then die; they expire."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import pytest

from app.extensions import db
from app.services.accounts import links as account_links
from app.services.accounts.links import INVITATION, RESET, account_link, make_token

NEW_PASSWORD = "une phrase de passe solide"


def _path(link: str) -> str:
    return urlsplit(link).path


@pytest.fixture
def invited(make):
    return make.user("head", make.establishment(name="Collège Mignet"), email="invite@ac-test.fr")


def test_an_invitation_sets_the_password_once(client, invited):
    path = _path(account_link(invited, INVITATION))
    assert path.startswith("/compte/invitation/")
    page = client.get(path).get_data(as_text=True)
    assert "invite@ac-test.fr" in page
    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/compte/connexion"
    assert client.post("/compte/connexion", data={"email": invited.email, "password": NEW_PASSWORD}).status_code == 302

    client.post("/compte/deconnexion")
    again = client.post(path, data={"password": "another passphrase here", "confirm": "another passphrase here"})
    assert again.status_code == 410
    assert "déjà servi" in again.get_data(as_text=True)
    assert client.post("/compte/connexion", data={"email": invited.email, "password": NEW_PASSWORD}).status_code == 302


def test_a_short_or_mismatched_password_is_refused_and_the_link_still_works(client, invited):
    path = _path(account_link(invited, INVITATION))
    page = client.post(path, data={"password": "court", "confirm": "court"}).get_data(as_text=True)
    assert "entre 12 et 256 caractères" in page
    page = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "!"}).get_data(as_text=True)
    assert "Les deux mots de passe diffèrent." in page
    assert client.get(path).status_code == 200


def test_an_expired_invitation_is_refused(client, invited, monkeypatch):
    path = _path(account_link(invited, INVITATION))
    monkeypatch.setitem(account_links.MAX_AGE, INVITATION, -1)
    response = client.get(path)
    assert response.status_code == 410
    assert "expiré" in response.get_data(as_text=True)


def test_links_last_seven_days_and_one_hour():
    assert account_links.MAX_AGE == {INVITATION: 7 * 24 * 3600, RESET: 3600}


def test_a_tampered_or_cross_purpose_token_is_refused(client, invited):
    token = make_token(invited, RESET)
    assert client.get(f"/compte/invitation/{token}").status_code == 410
    assert client.get(f"/compte/reinitialiser/{token}x").status_code == 410
    assert client.get(f"/compte/reinitialiser/{token}").status_code == 200


def test_disabling_an_account_kills_its_links(client, invited):
    from app.services.accounts.accounts import set_active

    path = _path(account_link(invited, INVITATION))
    set_active(invited, False, None)
    assert client.get(path).status_code == 410


def test_forgotten_password_answers_the_same_and_logs_the_link_without_the_address(client, make, caplog):
    user = make.user("admin", email="oubli@ac-test.fr", password="ancien mot de passe")
    caplog.set_level(logging.INFO)
    known = client.post("/compte/mot-de-passe-oublie", data={"email": user.email}, follow_redirects=True)
    unknown = client.post("/compte/mot-de-passe-oublie", data={"email": "inconnu@ac-test.fr"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert "Si un compte actif correspond" in known.get_data(as_text=True)
    assert "Si un compte actif correspond" in unknown.get_data(as_text=True)
    logged = [record.getMessage() for record in caplog.records if "réinitialisation" in record.getMessage()]
    assert len(logged) == 1
    assert f"compte n°{user.id}" in logged[0] and "oubli@" not in logged[0]

    path = _path(logged[0].split(" : ", 1)[1])
    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 410
    db.session.expire_all()
    assert client.post("/compte/connexion", data={"email": user.email, "password": NEW_PASSWORD}).status_code == 302


def test_password_changes_are_in_the_journal(client, invited):
    from sqlalchemy import select

    from app.models import AuditEntry

    client.post(_path(account_link(invited, INVITATION)), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    entry = db.session.scalar(select(AuditEntry).filter_by(action="account.password_set"))
    assert entry.user_id == invited.id and NEW_PASSWORD not in entry.detail


def test_a_reset_link_asked_anonymously_never_follows_a_forged_host(client, make, caplog):
    """The requester chooses the Host header: the link sent to the account's owner must not point at their site."""
    user = make.user("admin", email="hote@ac-test.fr", password="ancien mot de passe")
    caplog.set_level(logging.INFO)
    client.post(
        "/compte/mot-de-passe-oublie",
        data={"email": user.email},
        headers={"Host": "piege.example"},
        base_url="http://piege.example",
    )
    logged = [record.getMessage() for record in caplog.records if "réinitialisation" in record.getMessage()]
    assert len(logged) == 1
    assert "piege.example" not in logged[0]
    assert logged[0].split(" : ", 1)[1].startswith("http://127.0.0.1:5000/compte/reinitialiser/")
