"""Padding a link-mode campaign is made hard: a device is asked before a second response, submissions are limited
per link and per device, and none of it is stored with the answers (issue 12, attack 2)."""

from __future__ import annotations

import json

import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import func, select

from app.models import AccessMode, Draft, Response
from app.respondent.device import COOKIE
from app.services.campaigns.codes import generate_codes
from tests.respondent.helpers import answer_everything, open_link, text


def _responses(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Response))


def _drafts(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Draft))


def _device_cookie(client):
    return client.get_cookie(COOKIE)


def test_a_device_that_sent_a_response_is_asked_before_another(client, make, db):
    link = open_link(make)
    db.session.commit()
    assert "autre personne" not in text(client.get(f"/q/{link.token}"))
    assert answer_everything(client, link).status_code == 303
    page = text(client.get(f"/q/{link.token}"))
    assert "Une autre personne répond-elle sur cet appareil ?" in page and "Oui, une autre personne répond" in page
    refused = client.post(f"/q/{link.token}/commencer")  # the old button, or a script that skips the question
    assert refused.status_code == 303 and refused.headers["Location"].endswith(f"/q/{link.token}")
    assert _drafts(db) == 0
    assert answer_everything(client, link, another_person=True).status_code == 303
    assert _responses(db) == 2


def test_the_question_is_a_post_with_its_csrf_token(csrf_client, app, make, db):
    link = open_link(make)
    db.session.commit()
    device = URLSafeSerializer(app.secret_key, salt="boussole-device").dumps({"id": "d", "sent": [link.id]})
    csrf_client.set_cookie(COOKIE, device)
    page = csrf_client.get(f"/q/{link.token}").get_data(as_text=True)
    assert 'name="autre_personne"' in page and 'name="csrf_token"' in page
    assert csrf_client.post(f"/q/{link.token}/commencer", data={"autre_personne": "oui"}).status_code == 400
    assert _drafts(db) == 0


def test_the_device_cookie_is_random_httponly_lax_long_lived_and_stored_nowhere(client, app, make, db):
    link = open_link(make)
    db.session.commit()
    answer_everything(client, link)
    cookie = _device_cookie(client)
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    assert cookie.max_age is None or cookie.max_age > 300 * 24 * 3600
    content = URLSafeSerializer(app.secret_key, salt="boussole-device").loads(cookie.value)
    assert content["sent"] == [link.id]
    other = app.test_client()
    other.get(f"/q/{link.token}")
    assert (
        URLSafeSerializer(app.secret_key, salt="boussole-device").loads(_device_cookie(other).value)["id"]
        != (content["id"])
    )
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).mappings():
            assert content["id"] not in json.dumps(dict(row), default=str), table.name


def test_a_forged_device_cookie_counts_as_none(client, make, db):
    link = open_link(make)
    db.session.commit()
    answer_everything(client, link)
    client.set_cookie(COOKIE, "forged")
    assert "autre personne" not in text(client.get(f"/q/{link.token}"))  # a new device, as for a cleared browser


@pytest.fixture
def limited_client(limited_app):
    return limited_app.test_client()


def test_one_device_sends_three_responses_an_hour_then_a_french_429_keeps_the_draft(limited_client, make, db):
    link = open_link(make)
    db.session.commit()
    statuses = [answer_everything(limited_client, link, another_person=True).status_code for _ in range(3)]
    assert statuses == [303] * 3
    response = answer_everything(limited_client, link, another_person=True)
    assert response.status_code == 429
    assert "Trop d'envois" in text(response) and "Vos réponses sont conservées" in text(response)
    assert "Retry-After" in response.headers
    assert _responses(db) == 3 and _drafts(db) == 1


def test_a_link_takes_a_few_responses_a_minute_whatever_the_devices(limited_app, make, db):
    link = open_link(make)
    db.session.commit()
    per_minute = int(limited_app.config["BOUSSOLE_SUBMIT_LIMIT_PER_LINK"].split("/")[0])
    statuses = [answer_everything(limited_app.test_client(), link).status_code for _ in range(per_minute + 1)]
    assert statuses == [303] * per_minute + [429]
    assert _responses(db) == per_minute


def test_dropping_or_forging_the_device_cookie_falls_back_to_the_address(limited_app, make, db):
    links = [open_link(make) for _ in range(4)]  # four links: the per-link limit stays out of the way
    db.session.commit()
    statuses = []
    for index, link in enumerate(links):
        browser = limited_app.test_client()
        answer_everything(browser, link, submit=False)
        if index % 2:
            browser.set_cookie(COOKIE, "made-up")
        else:
            browser.delete_cookie(COOKIE)
        statuses.append(browser.post(f"/q/{link.token}/envoyer").status_code)
    assert statuses == [303, 303, 303, 429]


def test_invalid_submits_cost_nothing(limited_client, make, db):
    link = open_link(make)
    db.session.commit()
    base = f"/q/{link.token}"
    limited_client.post(f"{base}/commencer")
    limited_client.post(f"{base}/categorie", data={"category": "enseignant"})
    for _ in range(4):  # a review page sent while answers are missing, again and again
        assert limited_client.post(f"{base}/envoyer").status_code == 422
    assert answer_everything(limited_client, link).status_code == 303
    assert _responses(db) == 1


def test_a_campaign_by_codes_is_not_limited_per_device(limited_client, make, db):
    link = open_link(make, access_mode=AccessMode.CODES)
    codes = generate_codes(link.campaign, link.establishment, 4)
    db.session.commit()
    statuses = []
    for code in codes:
        assert limited_client.post("/q/code", data={"code": code.code}).status_code == 303
        statuses.append(answer_everything(limited_client, link).status_code)
    assert statuses == [303] * 4
