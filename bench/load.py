"""Drive many concurrent visitors from other processes (the server has its own cores to fight for)."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from bench.http import Browser


def _hammer(args: tuple[str, int, str, float, int]) -> tuple[int, int]:
    host, port, path, seconds, threads = args

    def one_thread() -> tuple[int, int]:
        browser, ok, errors = Browser(host, port), 0, 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                ok, errors = (ok + 1, errors) if browser.get(path).status == 200 else (ok, errors + 1)
            except OSError:
                errors += 1
        browser.close()
        return ok, errors

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(lambda _: one_thread(), range(threads)))
    return sum(r[0] for r in results), sum(r[1] for r in results)


def requests_per_second(
    port: int, path: str, seconds: float = 5.0, processes: int = 2, threads: int = 8
) -> tuple[float, int]:
    """Return the rate of 200 answers on `path` and the number of errors."""
    with _started_pool(processes) as pool:
        start = time.monotonic()
        results = list(pool.map(_hammer, [("127.0.0.1", port, path, seconds, threads)] * processes))
        elapsed = time.monotonic() - start
    return sum(r[0] for r in results) / elapsed, sum(r[1] for r in results)


def run_concurrently(jobs: list, work: Callable, processes: int = 2, threads: int = 8) -> list:
    """Run `work(job)` for every job, spread over processes × threads; return the results in order."""
    return run_timed(jobs, work, processes, threads)[0]


def run_timed(jobs: list, work: Callable, processes: int = 2, threads: int = 8) -> tuple[list, float]:
    """Like `run_concurrently`, with the seconds taken once the client processes are up (their start-up is ours)."""
    chunks = [jobs[i::processes] for i in range(processes)]
    with _started_pool(processes) as pool:
        start = time.monotonic()
        parts = list(pool.map(_threaded, [(chunk, work, threads) for chunk in chunks]))
        elapsed = time.monotonic() - start
    results: list = [None] * len(jobs)
    for index, part in enumerate(parts):
        results[index::processes] = part
    return results, elapsed


def _started_pool(processes: int) -> ProcessPoolExecutor:
    """A pool whose processes already run, so that timing starts with the load, not with forking the client."""
    pool = ProcessPoolExecutor(processes)
    list(pool.map(time.sleep, [0.05] * processes))
    return pool


def _threaded(args):
    chunk, work, threads = args
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(work, chunk))
