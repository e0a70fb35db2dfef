"""Render our own HTML as a PDF on the server with WeasyPrint, fetching nothing but the app's static files."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

from flask import Response, current_app
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class LocalOnlyFetcher(URLFetcher):
    """Refuse every URL but a file of the static folder or a data: URI: a PDF never reaches the network.

    A data: URI carries its content (the posters' QR codes); a static file is typed by its name, so that a style
    sheet is read as one.
    """

    def __init__(self, static_folder: str) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.root = Path(static_folder).resolve()

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        parsed = urlparse(url)
        if parsed.scheme == "data":
            return super().fetch(url, headers)
        path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
        if path is None or not path.is_relative_to(self.root) or not path.is_file():
            raise ValueError(f"Ressource refusée dans un PDF : {url}")
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mimetype}, status=200)


def render_pdf(html: str) -> bytes:
    """Return the PDF of an HTML document rendered by our templates."""
    static = current_app.static_folder or ""
    fetcher = LocalOnlyFetcher(static)
    document = HTML(string=html, base_url=Path(static).resolve().as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf() or b""


def pdf_response(html: str, filename: str) -> Response:
    """Answer a PDF to open in the browser (or save under `filename`)."""
    response = Response(render_pdf(html), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
