"""The figures of the benchmark, each measured the way a user would meet it."""

from __future__ import annotations

import os
import re
import socket
import statistics
import time
from dataclasses import dataclass
from functools import partial

from sqlalchemy import func, select

from bench.http import Browser, csrf_token
from bench.journey import prepare, submit, walk
from bench.load import requests_per_second, run_concurrently, run_timed

READER = "admin@demo.boussole.fr"  # sees every network, so the largest one can be measured
PASSWORD = "boussole-demo"  # the published demo password (README)  # nosec B105
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
ASSET = re.compile(r'(?:href|src|data-plotly)="(/static/[^"]+)"')


def cpu_count() -> int:
    return os.cpu_count() or 1


def redis_sessions() -> dict[str, str]:
    """Sessions in Redis, as docs/deployment.md deploys them, when a Redis answers on loopback; else none."""
    try:
        socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1).close()
    except OSError:
        return {}
    return {"SESSION_REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/14"}


def _app(url: str):
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False, "SECRET_KEY": "bench"})


@dataclass(frozen=True)
class Facts:
    """What the benchmark needs to know of the data set."""

    network_id: int
    grid_campaign_id: int  # the latest closed grid campaign of that network
    previous_grid_id: int  # the one before it (the establishment dashboard's other choice)
    uai: str  # an establishment of that network
    open_tokens: tuple[str, ...]  # links of the open grid campaign
    sections: tuple  # (section id, ((question key, allowed values), …)) of the open grid campaign

    @classmethod
    def read(cls, url: str) -> Facts:
        from app.extensions import db
        from app.models import Campaign, CampaignEstablishment, CampaignStatus, Establishment, Network
        from app.surveys.registry import survey_of

        app = _app(url)
        with app.app_context():
            largest = (
                select(Establishment.network_id)
                .group_by(Establishment.network_id)
                .order_by(func.count().desc(), Establishment.network_id)
                .limit(1)
            )
            network = db.session.get(Network, db.session.scalar(largest))
            campaigns = db.session.scalars(
                select(Campaign).where(Campaign.network_id == network.id).order_by(Campaign.school_year.desc())
            ).all()
            grid = [c for c in campaigns if c.survey.slug == "territoire-apprenant"]
            closed_ones = [c for c in grid if c.status == CampaignStatus.CLOSED]
            closed, previous = closed_ones[0], closed_ones[1 if len(closed_ones) > 1 else 0]
            opened = next(c for c in grid if c.status == CampaignStatus.OPEN)
            tokens = db.session.scalars(
                select(CampaignEstablishment.token).where(CampaignEstablishment.campaign_id == opened.id)
            ).all()
            uai = db.session.scalar(
                select(Establishment.uai).where(Establishment.network_id == network.id).order_by(Establishment.id)
            )
            survey = survey_of(opened.survey)
            sections = tuple(
                (s.id, tuple((q.id, tuple(survey.scales[q.scale].values())) for q in s.questions))
                for s in survey.sections
            )
            db.session.remove()  # give its connection back before closing the pool
            db.engine.dispose()
        return cls(network.id, closed.id, previous.id, uai, tuple(tokens), sections)


def trivial_rate(port: int) -> tuple[float, int]:
    """Requests per second on a route that does nothing (the reference)."""
    return requests_per_second(port, "/ping", seconds=5)


def _count_responses(url: str) -> int:
    from app.extensions import db
    from app.models import Response

    app = _app(url)
    with app.app_context():
        count = db.session.scalar(select(func.count(Response.id)))
        db.session.remove()  # give its connection back before closing the pool
        db.engine.dispose()
    return count


def submission_rate(port: int, url: str, facts: Facts, count: int) -> tuple[float, int, int]:
    """Answer `count` questionnaires up to their review page, then send every final submit at once.

    Returns complete responses stored per second during the burst, how many were stored, and the errors.
    """
    jobs = [(facts.open_tokens[i % len(facts.open_tokens)], i) for i in range(count)]
    prepared = run_concurrently(jobs, partial(_prepare, port, facts.sections))
    before = _count_responses(url)
    statuses, elapsed = run_timed(prepared, submit, processes=2, threads=16)
    stored = _count_responses(url) - before
    errors = sum(1 for status in statuses if status != 303)
    return stored / elapsed, stored, errors


def journey_rate(port: int, facts: Facts, url: str, count: int = 160) -> tuple[float, int, int]:
    """Walk `count` whole journeys (link, every page GET and POST, review, submit), 16 at a time.

    Returns complete questionnaires stored per second, how many were stored, and the journeys that failed.
    """
    jobs = [(facts.open_tokens[i % len(facts.open_tokens)], 100_000 + i) for i in range(count)]
    before = _count_responses(url)
    statuses, elapsed = run_timed(jobs, partial(_walk, port, facts.sections), processes=2, threads=8)
    stored = _count_responses(url) - before
    return stored / elapsed, stored, sum(1 for status in statuses if status != 303)


def _walk(port, sections, job):
    token, seed = job
    return walk(port, token, list(sections), seed)


def _prepare(port, sections, job):
    token, seed = job
    return prepare(port, token, list(sections), seed)


def login(port: int, facts: Facts) -> Browser:
    browser = Browser("127.0.0.1", port)
    page = browser.get("/compte/connexion")
    reply = browser.post(
        "/compte/connexion", {"csrf_token": csrf_token(page.text), "email": READER, "password": PASSWORD}
    )
    if reply.status != 302:
        raise RuntimeError(f"login failed: {reply.status}")
    return browser


def page_time(browser: Browser, path: str) -> float:
    """Time one visit to a page, in seconds."""
    start = time.perf_counter()
    reply = browser.get(path)
    elapsed = time.perf_counter() - start
    if reply.status != 200:
        raise RuntimeError(f"{path}: {reply.status}")
    return elapsed


def warm_time(browser: Browser, path: str, repeat: int = 7) -> float:
    """The median time of a page visited again and again (each worker has rendered it before)."""
    return statistics.median(page_time(browser, path) for _ in range(repeat))


BARE_GROUP_BY = """
SELECT response.establishment_id, response.category, answer.question_id, answer.value, count(*)
FROM response JOIN answer ON answer.response_id = response.id
WHERE response.campaign_id = {campaign_id}
GROUP BY response.establishment_id, response.category, answer.question_id, answer.value
"""


def bare_group_by(url: str, campaign_id: int, repeat: int = 5) -> float:
    """The reference: one campaign's answers counted by establishment, category, question and value, on a raw
    connection, every row fetched (median, seconds). It is what any dashboard of that campaign needs at least."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    raw = engine.raw_connection()
    statement = BARE_GROUP_BY.format(campaign_id=int(campaign_id))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        cursor = raw.cursor()
        cursor.execute(statement)
        cursor.fetchall()
        cursor.close()
        times.append(time.perf_counter() - start)
    raw.close()
    engine.dispose()
    return statistics.median(times)


def forget_rendered(url: str) -> None:
    """Empty the rendered fragments' store, so that the next visit renders from the stored results."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM rendered_fragment"))
    engine.dispose()


def dashboards(facts: Facts):
    """(name, path, path with a filter combination not visited before) of each dashboard at académie scale."""
    network = f"/reseau/{facts.network_id}?campagne={facts.grid_campaign_id}"
    establishment = f"/etablissement/{facts.uai}?campagne={facts.grid_campaign_id}"
    return [
        ("network dashboard", network, f"{network}&type=Coll%C3%A8ge&tri=rate&ordre=desc"),
        ("establishment dashboard", establishment, f"/etablissement/{facts.uai}?campagne={facts.previous_grid_id}"),
    ]


def pages(facts: Facts):
    """(name, path, limit in KiB) of the pages whose first-visit weight matters."""
    return [
        ("questionnaire page", f"/q/{facts.open_tokens[0]}", 150),
        ("network tableau de bord", f"/reseau/{facts.network_id}?campagne={facts.grid_campaign_id}", 700),
        ("establishment tableau de bord", f"/etablissement/{facts.uai}?campagne={facts.grid_campaign_id}", 700),
    ]


def first_visit_bytes(port: int, path: str, logged_in: Browser | None) -> int:
    """Bytes on the wire (gzip accepted) for a page and every static file it links, with an empty cache."""
    browser = Browser("127.0.0.1", port, gzip=True, cookies=dict(logged_in.cookies) if logged_in else {})
    page = browser.get(path)
    total = len(page.body)
    for asset in sorted(set(ASSET.findall(page.text))):
        reply = browser.get(asset.replace("&amp;", "&"))
        if "max-age=31536000" not in reply.headers.get("cache-control", ""):
            raise RuntimeError(f"{asset} is not cached for a year")
        total += len(reply.body)
    browser.close()
    return total
