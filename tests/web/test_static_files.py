"""Static files: WhiteNoise serves them with the pages' security headers; only the current version is immutable."""

from __future__ import annotations

import gzip
import re

from flask import Flask

from app.web.assets import init_static_files


def _versioned(client, name: str) -> str:
    page = client.get("/").get_data(as_text=True)
    return re.search(rf'"(/static/{re.escape(name)}\?v=[0-9a-f]+)"', page).group(1)


def test_static_files_carry_the_security_headers_of_the_pages(client):
    reply = client.get(_versioned(client, "css/boussole.css"))
    page = client.get("/")
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"):
        assert reply.headers[header] == page.headers[header]


def test_a_stale_version_is_served_but_not_cached_for_good(client):
    stale = re.sub(r"\?v=[0-9a-f]+", "?v=0123456789ab", _versioned(client, "img/boussole.svg"))
    reply = client.get(stale)
    assert reply.status_code == 200
    assert "immutable" not in reply.headers["Cache-Control"] and "max-age=3600" in reply.headers["Cache-Control"]


def _app_serving(static, instance) -> Flask:
    app = Flask("other", static_folder=str(static), instance_path=str(instance))
    app.config["BOUSSOLE_SECURE"] = False
    init_static_files(app)
    return app


def test_gzip_copies_are_written_once_into_the_instance_folder(tmp_path):
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "a.css").write_text("body { color: black; }\n" * 50)
    (static / "tiny.txt").write_text("x")
    instance = tmp_path / "instance"
    app = _app_serving(static, instance)
    version = app.extensions["boussole_asset_versions"]["css/a.css"]
    copy = instance / "static" / version / "css" / "a.css"
    assert copy.read_bytes() == (static / "css" / "a.css").read_bytes()
    assert gzip.decompress(copy.with_name("a.css.gz").read_bytes()) == copy.read_bytes()
    assert not list(instance.rglob("tiny.txt.gz"))  # gzip would be larger than the file
    written = copy.stat().st_mtime_ns
    _app_serving(static, instance)  # a second worker
    assert copy.stat().st_mtime_ns == written
    reply = app.test_client().get(f"/static/css/a.css?v={version}", headers={"Accept-Encoding": "gzip"}, buffered=True)
    assert reply.headers["Content-Encoding"] == "gzip" and "immutable" in reply.headers["Cache-Control"]
