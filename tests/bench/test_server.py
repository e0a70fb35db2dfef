"""The start-up wait every server test uses: it returns once the server answers, and fails loudly otherwise."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.server import ServerDidNotStart, free_port, wait_until_listening

HOST = "127.0.0.1"


def _answering(status: int) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def http_server(request: pytest.FixtureRequest) -> Iterator[int]:
    """An HTTP server in a thread answering every GET with the status given by `indirect` parametrization."""
    server = ThreadingHTTPServer((HOST, 0), _answering(request.param))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    thread.join(10)
    server.server_close()


def test_free_port_can_be_bound():
    with socket.socket() as sock:
        sock.bind((HOST, free_port()))  # nobody holds it


def test_nobody_listening_raises_within_the_timeout():
    port = free_port()
    started = time.monotonic()
    with pytest.raises(ServerDidNotStart, match=rf"did not answer on 127\.0\.0\.1:{port} within 1 s"):
        wait_until_listening(HOST, port, 1)
    assert 1 <= time.monotonic() - started < 4


def test_a_listening_socket_is_enough_without_a_path():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        sock.listen()
        wait_until_listening(HOST, sock.getsockname()[1], 5)


@pytest.mark.parametrize("http_server", [200], indirect=True)
def test_a_path_answering_200_returns(http_server):
    wait_until_listening(HOST, http_server, 5, path="/healthz")


@pytest.mark.parametrize("http_server", [500], indirect=True)
def test_a_path_answering_an_error_is_not_started(http_server):
    with pytest.raises(ServerDidNotStart, match="GET /healthz answered 500"):
        wait_until_listening(HOST, http_server, 1, path="/healthz")


def test_a_server_that_exits_early_fails_at_once_with_its_output():
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; print('cannot import wsgi:app'); sys.exit(3)"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    started = time.monotonic()
    try:
        with pytest.raises(ServerDidNotStart, match="exited with code 3") as failure:
            wait_until_listening(HOST, free_port(), 30, process)
    finally:
        process.communicate()  # reaped and its pipe closed, whatever happened
    assert time.monotonic() - started < 10, "no need to wait for the time-out"
    assert "cannot import wsgi:app" in str(failure.value)


def test_a_silent_server_is_stopped_on_timeout_and_its_log_shown(tmp_path):
    log = tmp_path / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", "import time; print('booting', flush=True); time.sleep(60)"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        time.sleep(0.5)  # let it print
        with pytest.raises(ServerDidNotStart, match="within 1 s") as failure:
            wait_until_listening(HOST, free_port(), 1, process, log=log)
        assert "booting" in str(failure.value)
        assert process.poll() is not None, "the server that never answered was stopped"
    finally:
        process.kill()
        process.wait()
