"""Browser fixtures: the app served for real on a free port (its own SQLite file, CSRF on) and Debian's chromium.

Reuse them: `live_server` (its `app` and `base_url`), `live_db` and `live_make` to prepare data in the served
database, `browser`, `page` (desktop, 1280 wide) and `phone` (360×740). Mark browser tests `@pytest.mark.browser`.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

import pytest
from flask import Flask
from sqlalchemy import delete
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db as _db
from bench.server import wait_until_listening
from tests.conftest import TEST_CONFIG
from tests.factories import Factories

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
SHOT_DESKTOP = {"width": 1366, "height": 900}  # the sizes of the screenshots in docs/
SHOT_PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class LiveServer:
    app: Flask
    base_url: str

    def url(self, path: str) -> str:
        return self.base_url + path


def _closed_once_written(app: Flask):
    """Close each response as soon as its body is written, as gunicorn does.

    Werkzeug's development server closes it only after draining the socket, which can wait for the browser to hang
    up: the work a response runs on closing (the mails it wrote, app/web/mail_after_response.py) waited with it.
    """

    def serve(environ, start_response):
        body = app(environ, start_response)

        def chunks():
            try:
                yield from body
            finally:
                if hasattr(body, "close"):
                    body.close()

        return chunks()

    return serve


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> LiveServer:
    """Serve the app in a thread, as in production (CSRF on), on its own temporary SQLite database."""
    database = tmp_path_factory.mktemp("live") / "live.sqlite"
    app = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "WTF_CSRF_ENABLED": True,
            "TESTING": False,
            "BOUSSOLE_WORK_AFTER_RESPONSE": True,  # its requests run in threads of their own, as in production
        }
    )
    with app.app_context():
        _db.create_all()
    server = make_server("127.0.0.1", 0, _closed_once_written(app), threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    app.config["BOUSSOLE_BASE_URL"] = base_url
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    # Bound to port 0 by make_server, so no free_port() race; wait for the app itself to answer.
    wait_until_listening("127.0.0.1", server.server_port, 10, path="/healthz")
    yield LiveServer(app, base_url)
    server.shutdown()
    thread.join(10)
    server.server_close()
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def live_db(live_server):
    """An app context on the served database, emptied after the test. Commit what the browser must see."""
    with live_server.app.app_context():
        yield _db
        _db.session.rollback()
        for table in reversed(_db.metadata.sorted_tables):
            _db.session.execute(delete(table))
        _db.session.commit()
        _db.session.remove()


@pytest.fixture
def live_make(live_db) -> Factories:
    return Factories(live_db)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(
            f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium): browser tests skipped"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(browser, viewport: dict):
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


@pytest.fixture
def page(browser, live_server):
    """A desktop-sized page (1280 wide) in a fresh browser context (no cookies)."""
    context, page = _page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized page (360×740) in its own fresh browser context."""
    context, page = _page(browser, PHONE)
    yield page
    context.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open more pages, each in its own browser context: `new_page(viewport={"width": 360, "height": 740})`."""
    contexts = []

    def _new(viewport: dict | None = None):
        context, page = _page(browser, viewport or DESKTOP)
        contexts.append(context)
        return page

    yield _new
    for context in contexts:
        context.close()
