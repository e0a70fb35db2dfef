"""Static files served gzip-compressed from memory, cached for a year when the URL carries its content hash.

The files are few and small (a stylesheet, a few scripts, the plotly bundle): compressing each once per worker
costs less than a reverse-proxy set-up that a closed school network may not have.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, abort, current_app, request
from werkzeug.security import safe_join

YEAR = 31536000


@lru_cache(maxsize=128)
def _load(path: str, mtime: float) -> tuple[bytes, bytes, str]:
    raw = Path(path).read_bytes()
    return raw, gzip.compress(raw, compresslevel=9, mtime=0), hashlib.sha256(raw).hexdigest()[:20]


def content_hash(path: str) -> str:
    """Return the short content hash of a static file (its cache-busting version)."""
    return _load(path, os.path.getmtime(path))[2][:12]


def serve_static(filename: str) -> Response:
    """Send one static file, gzip when the browser accepts it."""
    path = safe_join(current_app.static_folder or "", filename)  # the app keeps Flask's static folder
    if path is None or not os.path.isfile(path):
        abort(404)
    raw, compressed, etag = _load(path, os.path.getmtime(path))
    use_gzip = "gzip" in request.headers.get("Accept-Encoding", "") and len(compressed) < len(raw)
    mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = Response(compressed if use_gzip else raw, mimetype=mimetype)
    if use_gzip:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    # asset_url() adds ?v=<content hash>: such a URL never changes meaning, so it may be cached for good.
    response.cache_control.public = True
    response.cache_control.max_age = YEAR if request.args.get("v") else 3600
    if request.args.get("v"):
        response.cache_control.immutable = True
    response.set_etag(etag + (":gz" if use_gzip else ""))
    response.make_conditional(request)  # in place (it returns the same response)
    return response


def register(app: Flask) -> None:
    app.view_functions["static"] = serve_static
