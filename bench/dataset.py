"""Build (once) the académie-scale data set through `flask demo`, on SQLite or PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432")


def database_url(kind: str, tag: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{OUT / f'bench-{tag}.sqlite'}"
    return f"{PG_ADMIN_URL}/boussole_bench_{tag.replace('-', '_')}"


def _flask(url: str, *args: str) -> None:
    env = {"SECRET_KEY": "bench", **os.environ, "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def build(kind: str, establishments: int, respondents: int, campaigns: int) -> tuple[str, float]:
    """Return the data set's URL and how long building it took (0 when it was already there)."""
    OUT.mkdir(parents=True, exist_ok=True)
    tag = f"{establishments}x{respondents}x{campaigns}"
    url = database_url(kind, tag)
    marker = OUT / f"{kind}-{tag}.ready"
    if marker.exists():
        _flask(url, "db", "upgrade")  # a data set built before a new migration gets it (sessions' table, say)
        _flask(url, "campaigns", "tick")  # and the results of its closed campaigns, stored as closing does
        return url, 0.0
    start = time.monotonic()
    if kind == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    else:
        name = url.rsplit("/", 1)[1]
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    _flask(url, "db", "upgrade")
    _flask(
        url,
        "demo",
        "--establishments",
        str(establishments),
        "--respondents",
        str(respondents),
        "--campaigns",
        str(campaigns),
    )
    if kind == "postgresql":
        subprocess.run(
            ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", url.rsplit("/", 1)[1], "-c", "VACUUM ANALYZE"],
            check=True,
        )
    marker.write_text(url)
    return url, time.monotonic() - start
