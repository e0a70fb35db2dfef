"""Helpers of the load tests: build the data through the CLI, answer journeys over HTTP, read what was stored."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from app.models import Answer, CampaignEstablishment, Draft, Response
from bench.http import Browser, location_path
from bench.journey import prepare
from bench.load import run_concurrently
from bench.measures import Facts
from bench.server import Gunicorn

ROOT = Path(__file__).resolve().parents[2]
ACKNOWLEDGED = "acknowledged"


def flask(url: str, *args: str) -> None:
    """Run a `flask --app wsgi` command on the database at `url`."""
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "SECRET_KEY": "load-test"},
        check=True,
        stdout=subprocess.DEVNULL,
    )


def build_campaign(url: str) -> Facts:
    """Migrate, load the instruments and a small demo (3 establishments, one closed year, open campaigns)."""
    flask(url, "db", "upgrade")
    flask(url, "surveys", "load")
    flask(url, "demo", "--establishments", "3", "--respondents", "2", "--campaigns", "1")
    # In a child process: Facts.read leaves a database connection open, which warnings-as-errors would catch here.
    with ProcessPoolExecutor(1) as pool:
        return pool.submit(Facts.read, url).result()


def server(url: str) -> Gunicorn:
    """gunicorn with several workers on `url`, as in production but without rate limits (one client address)."""
    return Gunicorn({"DATABASE_URL": url, "SECRET_KEY": "load-test", "RATELIMIT_ENABLED": "0"}, workers=3, threads=4)


def _prepare(port: int, sections: tuple, job: tuple[str, int]) -> dict:
    token, seed = job
    return prepare(port, token, list(sections), seed)


def prepare_journeys(port: int, facts: Facts, count: int) -> list[dict]:
    """Answer `count` questionnaires over the open links up to their review page, without sending them."""
    jobs = [(facts.open_tokens[i % len(facts.open_tokens)], i) for i in range(count)]
    journeys = run_concurrently(jobs, partial(_prepare, port, facts.sections))
    keys = {journey["key"] for journey in journeys}
    assert len(keys) == count and "" not in keys, "every journey reaches its review page with its own submission key"
    return journeys


def final_submit(journey: dict) -> str:
    """Send a journey's final submit; return ACKNOWLEDGED, or what the respondent saw instead.

    The app acknowledges a stored response with a 303 to the feedback page (`/merci`); a 303 elsewhere (the
    landing page) means it found neither the draft nor the response. A lost connection is not acknowledged.
    """
    browser = Browser("127.0.0.1", journey["port"], cookies=dict(journey["cookies"]))
    try:
        reply = browser.post(
            f"/q/{journey['token']}/envoyer", {"csrf_token": journey["csrf"], "submission_key": journey["key"]}
        )
    except (OSError, http.client.HTTPException) as exc:
        return f"no reply ({type(exc).__name__})"
    finally:
        browser.close()
    if reply.status == 303 and location_path(reply) == f"/q/{journey['token']}/merci":
        return ACKNOWLEDGED
    return f"{reply.status} {location_path(reply) if reply.status in (301, 302, 303) else ''}".strip()


def send_all(journeys: list[dict], port: int | None = None) -> list[str]:
    """Send every final submit at once (one connection each), from two processes; return the outcomes in order."""
    if port is not None:
        journeys = [{**journey, "port": port} for journey in journeys]
    return run_concurrently(journeys, final_submit, processes=2, threads=max(1, (len(journeys) + 1) // 2))


def open_campaign_id(engine: Engine, facts: Facts) -> int:
    with engine.connect() as conn:
        return conn.scalar(
            select(CampaignEstablishment.campaign_id).where(CampaignEstablishment.token == facts.open_tokens[0])
        )


def stored_answers(engine: Engine, campaign_id: int) -> list[tuple[str, int]]:
    """(submission key, number of answers) of every response stored for the campaign, one row per response."""
    with engine.connect() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                select(Response.submission_key, func.count(Answer.question_id))
                .outerjoin(Answer, Answer.response_id == Response.id)
                .where(Response.campaign_id == campaign_id)
                .group_by(Response.id, Response.submission_key)
            )
        ]


def count_responses(engine: Engine, campaign_id: int) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count(Response.id)).where(Response.campaign_id == campaign_id))


def count_drafts(engine: Engine, campaign_id: int) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count(Draft.id)).where(Draft.campaign_id == campaign_id))


def question_count(facts: Facts) -> int:
    return sum(len(questions) for _, questions in facts.sections)


def kill(gunicorn: Gunicorn) -> None:
    """SIGKILL the gunicorn master and its workers at once, as a crash would, and wait until they are gone."""
    master = gunicorn.process.pid
    workers = _children(master)
    # The master first: a master that outlives a worker would fork a new one.
    os.kill(master, signal.SIGKILL)
    for pid in workers:
        with contextlib.suppress(ProcessLookupError):  # the worker ended meanwhile
            os.kill(pid, signal.SIGKILL)
    gunicorn.process.wait(timeout=30)
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in workers):
        if time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn workers {workers} survived SIGKILL")
        time.sleep(0.05)


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def _alive(pid: int) -> bool:
    """Whether the process still runs (a zombie waiting for init to reap it has stopped running)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@dataclass(frozen=True)
class Before:
    """The open campaign as the load found it: the tests count only what they add."""

    engine: Engine
    campaign: Facts
    campaign_id: int
    keys: frozenset
    drafts: int

    @classmethod
    def take(cls, engine: Engine, campaign: Facts) -> Before:
        campaign_id = open_campaign_id(engine, campaign)
        return cls(
            engine,
            campaign,
            campaign_id,
            frozenset(key for key, _ in stored_answers(engine, campaign_id)),
            count_drafts(engine, campaign_id),
        )

    def assert_each_stored_once(self, journeys: list[dict]) -> None:
        """Every journey's response stored exactly once, complete, and no draft left behind."""
        rows = stored_answers(self.engine, self.campaign_id)
        new = [(key, answers) for key, answers in rows if key not in self.keys]
        assert len(rows) - len(self.keys) == len(journeys), "responses stored, each once"
        assert sorted(key for key, _ in new) == sorted(journey["key"] for journey in journeys)
        assert {answers for _, answers in new} == {question_count(self.campaign)}
        assert count_drafts(self.engine, self.campaign_id) == self.drafts
