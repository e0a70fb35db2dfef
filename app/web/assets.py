"""Static files served by WhiteNoise, gzip-compressed, cached for a year when the URL carries their content hash.

`asset_url("css/boussole.css")` gives `/static/css/boussole.css?v=<content hash>`: such a URL never changes meaning,
so it is `immutable`; the bare URL is cached for an hour. WhiteNoise sends `name.gz` beside a file to a browser that
accepts gzip, and reads the static folder once: a changed file is served after a restart. The folder stays as
committed; at start-up each file is copied, with its gzip copy, to `instance/static/<hash>/` once per content
(workers share the copies; the folder is a cache, safe to empty while the app is stopped).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from wsgiref.headers import Headers

from flask import Flask, abort, current_app, url_for
from whitenoise import WhiteNoise
from whitenoise.string_utils import decode_path_info

from app.web.security import static_file_headers

YEAR = 31536000
VERSIONS = "boussole_asset_versions"  # app.extensions key: {file name: content hash}


class VersionedStatic(WhiteNoise):  # whitenoise ships no type hints: its attributes are unchecked here
    """WhiteNoise that also knows `path?v=<hash>`, the one spelling of a file cached for good."""

    FOREVER = YEAR

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        version = parse_qs(environ.get("QUERY_STRING", "")).get("v", [""])[0]
        if version:
            static_file = self.files.get(f"{decode_path_info(environ.get('PATH_INFO', ''))}?v={version}")
            if static_file is not None:
                served: Iterable[bytes] = self.serve(static_file, environ, start_response)
                return served
        response: Iterable[bytes] = super().__call__(environ, start_response)
        return response


def _content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def _write_atomically(path: Path, data: bytes) -> None:
    """Write a file whole or not at all, so that two workers starting together never read half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.chmod(temporary, 0o644)  # mkstemp's 0600 would surprise whoever reads the cache beside the app
    os.replace(temporary, path)


def _served_copy(cache: Path, name: str, data: bytes, version: str) -> Path:
    """Return the cached copy of one static file, writing it and its gzip copy (when smaller) the first time."""
    copy = cache / version / name
    if not copy.is_file():
        compressed = gzip.compress(data, compresslevel=9, mtime=0)
        if len(compressed) < len(data):
            _write_atomically(copy.with_name(copy.name + ".gz"), compressed)
        _write_atomically(copy, data)  # last: its presence says the gzip copy is there too
    return copy


def init_static_files(app: Flask) -> None:
    """Serve the static folder through WhiteNoise in front of the app, and record each file's content hash."""
    static = Path(app.static_folder or "")
    cache = Path(app.instance_path) / "static"
    versions: dict[str, str] = {}
    etags: dict[str, str] = {}
    security = static_file_headers(app.config["BOUSSOLE_SECURE"])

    def add_headers(headers: Headers, path: str, url: str) -> None:
        headers["ETag"] = etags[path]
        for name, value in security.items():
            headers[name] = value

    whitenoise = VersionedStatic(
        app.wsgi_app,
        max_age=3600,
        allow_all_origins=False,
        add_headers_function=add_headers,
        immutable_file_test=lambda path, url: "?v=" in url,
    )
    prefix = (app.static_url_path or "/static").rstrip("/")
    for path in sorted(p for p in static.rglob("*") if p.is_file()):
        name = path.relative_to(static).as_posix()
        data = path.read_bytes()
        versions[name] = version = _content_hash(data)
        try:
            served = _served_copy(cache, name, data, version)
        except OSError as error:  # a read-only instance folder: serve the file as committed, uncompressed
            app.logger.warning("Copie compressée de %s impossible (%s) : fichier servi sans compression.", name, error)
            served = path
        etags[str(served)] = f'"{version}"'
        whitenoise.add_file_to_dictionary(f"{prefix}/{name}", str(served))
        whitenoise.add_file_to_dictionary(f"{prefix}/{name}?v={version}", str(served))
    app.wsgi_app = whitenoise  # type: ignore[method-assign]
    app.extensions[VERSIONS] = versions
    # WhiteNoise answers for every file the folder held at start-up; Flask's own view would serve later ones uncached.
    app.view_functions["static"] = lambda filename: abort(404)


def asset_url(filename: str) -> str:
    """Link a static file with its content hash, so it can be cached for a year."""
    return url_for("static", filename=filename, v=current_app.extensions[VERSIONS].get(filename, "0"))
