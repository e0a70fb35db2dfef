"""Start the app under gunicorn as in production, on a free port, and read its workers' memory.

Every test or benchmark that starts a server takes its port from `free_port()` and waits for it with
`wait_until_listening()`, which fails loudly, with the server's output, when the server never answers.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_SHOWN = 4000  # characters of the server's output kept in the error: its last lines hold the reason


class ServerDidNotStart(RuntimeError):
    """A server exited, or did not answer, before its start-up time-out."""


def free_port(host: str = "127.0.0.1") -> int:
    """Return a port nobody listens on now (the system picks it), for a server about to start."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def wait_until_listening(
    host: str,
    port: int,
    timeout: float,
    process: subprocess.Popen[Any] | None = None,
    *,
    path: str | None = None,
    log: Path | None = None,
) -> None:
    """Return once host:port accepts a connection (or answers 200 on `path`); raise ServerDidNotStart otherwise.

    Given the server's `process`, fail as soon as it exits, and stop it on time-out; the error then carries its
    output, read from `log` (the file it writes to) or from its stdout pipe.
    """
    deadline = time.monotonic() + timeout
    last = "no attempt"
    while True:
        if process is not None and process.poll() is not None:
            raise ServerDidNotStart(
                _report(f"exited with code {process.returncode} before answering on {host}:{port}", process, log)
            )
        remaining = deadline - time.monotonic()
        try:
            status = _knock(host, port, path, max(0.1, min(5.0, remaining)))
        except (OSError, http.client.HTTPException) as exc:
            last = f"{type(exc).__name__}: {exc}"
        else:
            if status is None or status == 200:
                return
            last = f"GET {path} answered {status}"
        if time.monotonic() >= deadline:
            if process is not None:
                _stop(process)
            raise ServerDidNotStart(
                _report(f"did not answer on {host}:{port} within {timeout:g} s ({last})", process, log)
            )
        time.sleep(0.1)


def _knock(host: str, port: int, path: str | None, timeout: float) -> int | None:
    """Connect once; with a path, GET it and return the status (http.client: no proxy from the environment)."""
    if path is None:
        socket.create_connection((host, port), timeout=timeout).close()
        return None
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", path)
        reply = connection.getresponse()
        reply.read()
        return reply.status
    finally:
        connection.close()


def _stop(process: subprocess.Popen[Any]) -> None:
    """Terminate the process, kill it if it lingers, and reap it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def _report(what: str, process: subprocess.Popen[Any] | None, log: Path | None) -> str:
    """Say what went wrong, followed by the end of the server's output."""
    if log is not None:
        output = log.read_text(errors="replace") if log.exists() else f"(no file at {log})"
    elif process is not None and process.stdout is not None:
        _stop(process)
        captured = process.communicate(timeout=20)[0]
        output = captured.decode(errors="replace") if isinstance(captured, bytes) else captured or ""
    else:
        output = "(output not captured: see the console above)"
    if len(output) > OUTPUT_SHOWN:
        output = "…" + output[-OUTPUT_SHOWN:]
    if process is None:
        name = "the server"
    else:
        args = " ".join(map(str, process.args)) if isinstance(process.args, list | tuple) else str(process.args)
        name = f"server `{args[:200]}`"
    return f"{name} {what}; its output:\n{output or '(empty)'}"


@contextmanager
def deployed_gunicorn(env: dict[str, str], log: Path, timeout: float = 30) -> Iterator[int]:
    """Serve wsgi:app as deployed (`-c gunicorn.conf.py`) on a free port, its output in `log`; yield the port."""
    port = free_port()
    args = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "wsgi:app"]
    with log.open("w") as out:
        process = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_listening("127.0.0.1", port, timeout, process, path="/healthz", log=log)
        yield port
    finally:
        _stop(process)


class Gunicorn:
    """gunicorn wsgi:app with `workers` sync workers, stopped on exit."""

    def __init__(self, env: dict[str, str], workers: int = 2, threads: int = 4):
        self.port = free_port()
        self.env = {**os.environ, **env}
        self.args = [
            sys.executable,
            "-m",
            "gunicorn",
            "wsgi:app",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
            "--timeout",
            "120",
            "--access-logfile",
            os.devnull,
        ]
        self.process: subprocess.Popen[Any] | None = None

    def __enter__(self) -> Gunicorn:
        self.process = subprocess.Popen(self.args, cwd=ROOT, env=self.env)
        wait_until_listening("127.0.0.1", self.port, 60, self.process, path="/healthz")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            _stop(self.process)

    def worker_rss_mib(self) -> list[float]:
        """Resident memory of each worker, from /proc."""
        assert self.process is not None, "the server is started"
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        sizes = []
        for pid in children:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes
