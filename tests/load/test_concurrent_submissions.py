"""Hundreds of respondents send their questionnaire at the same second: every one is stored, once, complete."""
from __future__ import annotations

import time
from collections import Counter

import pytest

from tests.load.helpers import (
    ACKNOWLEDGED, count_drafts, open_campaign_id, prepare_journeys, question_count, send_all, server, stored_answers,
)

pytestmark = pytest.mark.slow

SUBMISSIONS = 200


def test_concurrent_submissions_are_all_stored(load_database_url, campaign, engine):
    campaign_id = open_campaign_id(engine, campaign)
    before = {key for key, _ in stored_answers(engine, campaign_id)}
    drafts_before = count_drafts(engine, campaign_id)
    with server(load_database_url) as gunicorn:
        journeys = prepare_journeys(gunicorn.port, campaign, SUBMISSIONS)
        started = time.monotonic()
        outcomes = send_all(journeys)
        elapsed = time.monotonic() - started
    print(f"\n[{engine.dialect.name}] {SUBMISSIONS} final submits at once, answered in {elapsed:.1f} s: "
          f"{dict(Counter(outcomes))}")

    assert Counter(outcomes) == {ACKNOWLEDGED: SUBMISSIONS}
    rows = stored_answers(engine, campaign_id)
    new = [(key, answers) for key, answers in rows if key not in before]
    assert len(rows) - len(before) == SUBMISSIONS, "responses stored, each once"
    assert sorted(key for key, _ in new) == sorted(journey["key"] for journey in journeys)
    assert {answers for _, answers in new} == {question_count(campaign)}
    assert count_drafts(engine, campaign_id) == drafts_before
