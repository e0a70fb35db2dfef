"""The server dies in the middle of a burst of submissions: nothing acknowledged is lost, nothing is stored twice."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from sqlalchemy.engine import Engine

from bench.server import Gunicorn
from tests.load.helpers import (
    ACKNOWLEDGED,
    Before,
    count_responses,
    kill,
    prepare_journeys,
    send_all,
    server,
    stored_answers,
)

pytestmark = pytest.mark.slow

SUBMISSIONS = 200
KILL_AFTER = SUBMISSIONS // 4  # responses stored when the server is killed


class Crash(threading.Thread):
    """Kill the server (SIGKILL) as soon as the database holds `threshold` responses of the campaign."""

    def __init__(self, gunicorn: Gunicorn, engine: Engine, campaign_id: int, threshold: int):
        super().__init__(daemon=True)
        self.gunicorn, self.engine, self.campaign_id, self.threshold = gunicorn, engine, campaign_id, threshold
        self.stop = threading.Event()
        self.stored_at_kill: int | None = None

    def run(self) -> None:
        while not self.stop.is_set():
            stored = count_responses(self.engine, self.campaign_id)
            if stored >= self.threshold:
                kill(self.gunicorn)
                self.stored_at_kill = stored
                return
            self.stop.wait(0.01)

    def __enter__(self) -> Crash:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.join()


def test_crash_mid_load_loses_no_acknowledged_response_and_stores_none_twice(load_database_url, campaign, engine):
    before = Before.take(engine, campaign)
    campaign_id = before.campaign_id
    with server(load_database_url) as gunicorn:
        journeys = prepare_journeys(gunicorn.port, campaign, SUBMISSIONS)
        with Crash(gunicorn, engine, campaign_id, threshold=len(before.keys) + KILL_AFTER) as crash:
            outcomes = send_all(journeys)
    acknowledged = [journey for journey, outcome in zip(journeys, outcomes) if outcome == ACKNOWLEDGED]
    unacknowledged = [journey for journey, outcome in zip(journeys, outcomes) if outcome != ACKNOWLEDGED]
    assert crash.stored_at_kill is not None, "the server was killed during the load"
    print(
        f"\n[{engine.dialect.name}] killed with {crash.stored_at_kill - len(before.keys)} of {SUBMISSIONS} responses "
        f"stored: {dict(Counter(outcomes))}"
    )
    assert acknowledged and unacknowledged, "the crash came in the middle of the load"
    assert all(outcome == ACKNOWLEDGED or outcome.startswith("no reply") for outcome in outcomes)

    with server(load_database_url) as restarted:
        survived = {key for key, _ in stored_answers(engine, campaign_id)} - before.keys
        assert {journey["key"] for journey in acknowledged} <= survived
        # The respondents left without an answer send again, each twice at once (an impatient double click);
        # the others reload their confirmation. The same submission keys, so nothing may be stored twice.
        retries = unacknowledged * 2 + acknowledged
        started = time.monotonic()
        retried = send_all(retries, port=restarted.port)
        elapsed = time.monotonic() - started
    print(
        f"[{engine.dialect.name}] after restart: {len(survived) - len(acknowledged)} stored but unacknowledged, "
        f"{len(retries)} submits sent again in {elapsed:.1f} s: {dict(Counter(retried))}"
    )

    assert Counter(retried) == {ACKNOWLEDGED: len(retries)}
    before.assert_each_stored_once(journeys)
