"""Typing codes is rate-limited: generously per address (a school shares one), strictly per code."""

from __future__ import annotations

import pytest


@pytest.fixture
def limited_client(limited_app):
    return limited_app.test_client()


def test_the_same_code_typed_too_often_is_slowed_down(limited_client):
    statuses = [limited_client.post("/q/code", data={"code": "ABCD2345"}).status_code for _ in range(21)]
    assert statuses[:20] == [404] * 20
    assert statuses[20] == 429


def test_a_whole_staff_room_may_type_different_codes(limited_client):
    statuses = [limited_client.post("/q/code", data={"code": f"ABCD{n:04d}"}).status_code for n in range(61)]
    assert statuses[:60] == [404] * 60
    assert statuses[60] == 429
    response = limited_client.post("/q/code", data={"code": "ZZZZ2222"})
    assert "Trop de tentatives" in response.get_data(as_text=True)
