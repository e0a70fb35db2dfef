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
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": "0"}
    rows = []
    with Gunicorn(env, workers=2, threads=4) as server:
        trivial, trivial_errors = measures.trivial_rate(server.port)
        rate, stored, errors = measures.submission_rate(server.port, url, facts, args.submissions)
        ratio = rate / trivial if trivial else 0
        rows.append(
            (
                "submissions / trivial route (req/s)",
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
        browser = measures.login(server.port, facts)
        for name, path, bare in measures.dashboards(facts):
            warm, cold = measures.page_times(browser, path)
            sql = bare(url)
            ratio = warm / sql if sql else 0
            rows.append(
                (
                    f"{name}: server (warm, cold) / bare GROUP BY",
                    f"{warm * 1000:.0f} ms, {cold * 1000:.0f} ms / {sql * 1000:.0f} ms = {ratio:.1f}×",
                    "≤ 2× and < 500 ms",
                    ratio <= 2 and warm < 0.5,
                )
            )
        dashboards = [(name, path) for name, path, _ in measures.dashboards(facts)]
        rows += frontend_rows(f"http://127.0.0.1:{server.port}", dict(browser.cookies), dashboards)
        for name, path, limit in measures.pages(facts):
            size = measures.first_visit_bytes(server.port, path, browser if "tableau" in name else None)
            rows.append(
                (f"{name}: first visit (gzip)", f"{size / 1024:.0f} KiB", f"≤ {limit} KiB", size <= limit * 1024)
            )
        rss = max(server.worker_rss_mib())
        rows.append(("worker resident memory (max)", f"{rss:.0f} MB", "< 250 MB", rss < 250))
    return rows


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
