"""Hundreds of respondents send their questionnaire at the same second: every one is stored, once, complete."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from tests.load.helpers import ACKNOWLEDGED, Before, prepare_journeys, send_all, server

pytestmark = pytest.mark.slow

SUBMISSIONS = 200


def test_concurrent_submissions_are_all_stored(load_database_url, campaign, engine):
    before = Before.take(engine, campaign)
    with server(load_database_url) as gunicorn:
        journeys = prepare_journeys(gunicorn.port, campaign, SUBMISSIONS)
        started = time.monotonic()
        outcomes = send_all(journeys)
        elapsed = time.monotonic() - started
    print(
        f"\n[{engine.dialect.name}] {SUBMISSIONS} final submits at once, answered in {elapsed:.1f} s: "
        f"{dict(Counter(outcomes))}"
    )

    assert Counter(outcomes) == {ACKNOWLEDGED: SUBMISSIONS}
    before.assert_each_stored_once(journeys)
