"""The figures of the benchmark, each measured the way a user would meet it."""

from __future__ import annotations

import os
import re
import statistics
import time
from dataclasses import dataclass
from functools import partial

from sqlalchemy import event, func, select

from bench.http import Browser, csrf_token
from bench.journey import prepare, submit, walk
from bench.load import requests_per_second, run_concurrently, run_timed

READER = "admin@demo.boussole.fr"  # sees every network, so the largest one can be measured
PASSWORD = "boussole-demo"  # the published demo password (README)  # nosec B105
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def cpu_count() -> int:
    return os.cpu_count() or 1


def _app(url: str):
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False, "SECRET_KEY": "bench"})


@dataclass(frozen=True)
class Facts:
    """What the benchmark needs to know of the data set."""

    network_id: int
    grid_campaign_id: int  # the latest closed grid campaign of that network
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
            closed = next(c for c in grid if c.status == CampaignStatus.CLOSED)
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
        return cls(network.id, closed.id, uai, tuple(tokens), sections)


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


def page_times(browser: Browser, path: str, repeat: int = 7) -> tuple[float, float]:
    """Return the median warm time and the first (cold) time of a page, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        reply = browser.get(path)
        times.append(time.perf_counter() - start)
        if reply.status != 200:
            raise RuntimeError(f"{path}: {reply.status}")
    return statistics.median(times[1:]), times[0]


def bare_group_by(url: str, path: str, repeat: int = 5) -> float:
    """Time the GROUP BY statements that a page runs, replayed alone on a raw connection (median, seconds)."""
    from app.extensions import db
    from app.models import User

    app = _app(url)
    statements = []
    with app.app_context():
        engine = db.engine

        def capture(conn, cursor, statement, parameters, context, executemany):
            if "GROUP BY" in statement.upper():
                statements.append((statement, parameters))

        client = app.test_client()
        user = db.session.scalar(select(User).filter_by(email=READER))
        with app.test_request_context(environ_base=client.environ_base):  # "strong" protection: same address and agent
            identifier = app.login_manager._session_identifier_generator()
        with client.session_transaction() as session:
            session.update({"_user_id": user.get_id(), "_fresh": True, "_id": identifier})
        event.listen(engine, "before_cursor_execute", capture)
        reply = client.get(path)
        event.remove(engine, "before_cursor_execute", capture)
        if reply.status_code != 200:
            raise RuntimeError(f"{path}: {reply.status_code}")
        times = []
        raw = engine.raw_connection()
        for _ in range(repeat):
            start = time.perf_counter()
            for statement, parameters in statements:
                cursor = raw.cursor()
                cursor.execute(statement, parameters)
                cursor.fetchall()
                cursor.close()
            times.append(time.perf_counter() - start)
        raw.close()
        db.session.remove()
        engine.dispose()
    return statistics.median(times)


def dashboards(facts: Facts):
    """(name, path, bare-SQL timer) of each dashboard at académie scale."""
    network = f"/reseau/{facts.network_id}?campagne={facts.grid_campaign_id}"
    establishment = f"/etablissement/{facts.uai}?campagne={facts.grid_campaign_id}"
    return [
        ("network dashboard", network, partial(bare_group_by, path=network)),
        ("establishment dashboard", establishment, partial(bare_group_by, path=establishment)),
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
