"""Render our own HTML as a PDF on the server with WeasyPrint, fetching nothing but the app's static files."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

from flask import Response, current_app
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class LocalOnlyFetcher(URLFetcher):
    """Refuse every URL but a file of the static folder: a review never reaches the network.

    A static file is typed by its name, so that a linked style sheet is read as one.
    """

    data_types: tuple[str, ...] = ()  # data: URIs of these types are read: they hold their content, fetch nothing

    def __init__(self, static_folder: str) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.root = Path(static_folder).resolve()

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        parsed = urlparse(url)
        if parsed.scheme == "data" and any(url.startswith(f"data:{kind};") for kind in self.data_types):
            return super().fetch(url, headers)
        path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
        if path is None or not path.is_relative_to(self.root) or not path.is_file():
            raise ValueError(f"Ressource refusée dans un PDF : {url[:200]}")
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mimetype}, status=200)


class QrCodeFetcher(LocalOnlyFetcher):
    """The static files, and the SVG QR codes Boussole draws itself as data: URIs (a campaign's poster)."""

    data_types = ("image/svg+xml",)


def render_pdf(html: str, fetcher_class: type[LocalOnlyFetcher] = LocalOnlyFetcher) -> bytes:
    """Return the PDF of an HTML document rendered by our templates."""
    static = current_app.static_folder or ""
    fetcher = fetcher_class(static)
    document = HTML(string=html, base_url=Path(static).resolve().as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf() or b""


def pdf_response(html: str, filename: str) -> Response:
    """Answer a PDF to open in the browser (or save under `filename`)."""
    response = Response(render_pdf(html), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
