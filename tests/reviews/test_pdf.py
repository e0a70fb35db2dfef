"""The PDF renderer fetches nothing but the app's static files: no remote URL, no file elsewhere on the disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.web.pdf import LocalOnlyFetcher, QrCodeFetcher, render_pdf


def test_only_static_files_are_fetched(app):
    static = Path(app.static_folder)
    fetcher = LocalOnlyFetcher(str(static))
    inside = next(p for p in static.rglob("*") if p.is_file())
    assert fetcher.fetch(inside.resolve().as_uri()).read() == inside.read_bytes()
    for url in [
        "http://example.org/logo.png",
        "https://example.org/style.css",
        "ftp://example.org/x",
        "data:text/css,body{}",
        Path("/etc/passwd").as_uri(),
        (static / ".." / ".." / "pyproject.toml").as_uri(),
    ]:
        with pytest.raises(ValueError, match="Ressource refusée"):
            fetcher.fetch(url)


def test_a_document_asking_for_remote_resources_still_renders_without_them(app, monkeypatch):
    asked: list[str] = []
    original = LocalOnlyFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(LocalOnlyFetcher, "fetch", spy)
    html = '<link rel="stylesheet" href="https://example.org/a.css"><img src="http://example.org/b.png"><p>Bonjour</p>'
    with app.test_request_context():
        body = render_pdf(html)
    assert body.startswith(b"%PDF-")
    assert asked and all(url.startswith(("http", "https")) for url in asked)  # asked, and refused by the fetcher


def test_the_posters_fetcher_reads_its_qr_codes_and_nothing_more(app):
    fetcher = QrCodeFetcher(app.static_folder)
    assert fetcher.fetch("data:image/svg+xml;base64,PHN2Zy8+").read() == b"<svg/>"
    for url in ["data:text/css,body{}", "data:text/html;base64,PGI+", "https://example.org/qr.svg"]:
        with pytest.raises(ValueError, match="Ressource refusée"):
            fetcher.fetch(url)
