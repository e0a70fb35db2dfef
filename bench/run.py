"""Boussole at académie scale: build the data set, serve it with gunicorn, print every figure against its target.

    python bench/run.py [--databases sqlite,postgresql] [--establishments 2000 --respondents 20 --campaigns 5]

Each speed figure is a ratio against a reference measured in the same run, because these machines are shared.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

# Run as a script, Python puts bench/ first on the path, where http.py would hide the standard library's.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import dataset, measures  # noqa: E402
from bench.frontend import frontend_rows  # noqa: E402
from bench.server import Gunicorn  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def run_one(kind: str, args) -> list[tuple[str, str, str, bool]]:
    url, build_seconds = dataset.build(kind, args.establishments, args.respondents, args.campaigns)
    print(
        f"[{kind}] data set ready ({build_seconds:.0f} s to build)" if build_seconds else f"[{kind}] data set cached",
        flush=True,
    )
    facts = measures.Facts.read(url)
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": "0", **measures.redis_sessions()}
    print(f"[{kind}] sessions in {'Redis' if env.get('SESSION_REDIS_URL') else 'the database (no Redis)'}", flush=True)
    rows = []
    with Gunicorn(env, workers=2, threads=4) as server:
        trivial, trivial_errors = measures.trivial_rate(server.port)
        rate, stored, errors = measures.submission_rate(server.port, url, facts, args.submissions)
        ratio = rate / trivial if trivial else 0
        rows.append(
            (
                f"submissions / trivial route (req/s, sessions in {'Redis' if 'SESSION_REDIS_URL' in env else 'SQL'})",
                f"{rate:.1f} / {trivial:.0f} = {ratio:.0%}",
                "≥ 25 %, 0 errors, 0 lost",
                ratio >= 0.25 and errors == 0 and trivial_errors == 0 and stored == args.submissions,
            )
        )
        rows.append(
            (
                "  errors, responses stored / sent",
                f"{errors}, {stored} / {args.submissions}",
                "0, all",
                errors == 0 and stored == args.submissions,
            )
        )
        journeys, journeys_stored, journey_errors = measures.journey_rate(server.port, facts, url)
        rows.append(
            (
                "complete questionnaires per second (whole journey, 16 concurrent)",
                f"{journeys:.1f} /s ({journeys / trivial if trivial else 0:.1%} of trivial), {journey_errors} errors, "
                f"{journeys_stored} stored",
                "≥ today's (10 /s on PostgreSQL)",
                journeys >= 10 and journey_errors == 0,
            )
        )
        browser = measures.login(server.port, facts)
        dashboards = [(name, path) for name, path, _ in measures.dashboards(facts)]
        rows += frontend_rows(f"http://127.0.0.1:{server.port}", dict(browser.cookies), dashboards)
        for name, path, limit in measures.pages(facts):
            size = measures.first_visit_bytes(server.port, path, browser if "tableau" in name else None)
            rows.append(
                (f"{name}: first visit (gzip)", f"{size / 1024:.0f} KiB", f"≤ {limit} KiB", size <= limit * 1024)
            )
        rss = max(server.worker_rss_mib())
    more, dashboard_rss = dashboard_rows(env, url, facts)
    rows += more
    rss = max(rss, dashboard_rss)
    rows.append(("worker resident memory (max)", f"{rss:.0f} MB", "< 250 MB", rss < 250))
    return rows


def dashboard_rows(
    env: dict[str, str], url: str, facts: measures.Facts
) -> tuple[list[tuple[str, str, str, bool]], float]:
    """Each dashboard's first visit on a freshly started server, then a filter combination nobody asked for yet,
    each against the bare GROUP BY of the campaign's answers; the warm visit beside them, counted for nothing.
    Also returns the largest worker's memory after those visits."""
    rss = 0.0
    sql = measures.bare_group_by(url, facts.grid_campaign_id)
    rows = [("bare GROUP BY of the campaign's answers (reference)", f"{sql * 1000:.1f} ms", "—", True)]
    for name, path, other in measures.dashboards(facts):
        measures.forget_rendered(url)  # a first visit renders: only the results stored at closing are there
        with Gunicorn(env, workers=2, threads=4) as server:  # restarted: no worker has rendered anything
            browser = measures.login(server.port, facts)
            first = measures.page_time(browser, path)
            new = measures.page_time(browser, other)
            warm = measures.warm_time(browser, path)
            rss = max(rss, *server.worker_rss_mib())
        with Gunicorn(env, workers=2, threads=4) as server:  # restarted again: what was rendered is in the database
            shared = measures.page_time(measures.login(server.port, facts), path)
        for label, seconds, limit in (("first visit after a restart", first, 2), ("new filter combination", new, 3)):
            rows.append(
                (
                    f"{name}: {label} / bare GROUP BY",
                    f"{seconds * 1000:.0f} ms / {sql * 1000:.1f} ms = {seconds / sql:.1f}×",
                    f"≤ {limit}×",
                    seconds / sql <= limit,
                )
            )
        rows.append((f"{name}: warm visit (rendered before, for reference)", f"{warm * 1000:.0f} ms", "—", True))
        rows.append(
            (f"{name}: after a restart, rendered before it (for reference)", f"{shared * 1000:.0f} ms", "—", True)
        )
    return rows, rss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--establishments", type=int, default=2000)
    parser.add_argument("--respondents", type=int, default=20)
    parser.add_argument("--campaigns", type=int, default=5)
    parser.add_argument("--submissions", type=int, default=300)
    parser.add_argument("--no-record", action="store_true", help="do not append to bench/RESULTS.md")
    args = parser.parse_args()

    started = time.monotonic()
    report = []
    for kind in args.databases.split(","):
        for name, value, target, ok in run_one(kind.strip(), args):
            report.append((kind, name, value, target, "ok" if ok else "MISSED"))
    table = ["| database | figure | measured | target | |", "|---|---|---|---|---|"]
    table += [f"| {' | '.join(row)} |" for row in report]
    header = (
        f"## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {platform.node()}, {platform.machine()}, "
        f"{measures.cpu_count()} cores, Python {platform.python_version()}; {args.establishments} establishments × "
        f"{args.respondents} respondents × {args.campaigns} years; {time.monotonic() - started:.0f} s"
    )
    print("\n" + header + "\n\n" + "\n".join(table))
    if not args.no_record:
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write("\n" + header + "\n\n" + "\n".join(table) + "\n")
    return 0 if all(row[-1] == "ok" for row in report) else 1


if __name__ == "__main__":
    sys.exit(main())
