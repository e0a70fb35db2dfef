"""Read a PDF as its reader would copy it: its text (pdftotext) and its pages (pdfinfo), from poppler-utils."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="pdftotext/pdfinfo (Debian's poppler-utils) are absent: the PDF text tests are skipped",
)


def _pdftotext(body: bytes, *options: str) -> str:
    assert body[:5] == b"%PDF-", body[:200]
    command = ["pdftotext", "-enc", "UTF-8", *options, "-", "-"]
    return subprocess.run(command, input=body, capture_output=True, check=True).stdout.decode("utf-8")


def pdf_text(body: bytes) -> str:
    """The PDF's text, every run of spaces and line breaks made one space."""
    return re.sub(r"\s+", " ", _pdftotext(body))


def pdf_text_lines(body: bytes) -> str:
    """The PDF's text line by line as printed (a table row on one line)."""
    return _pdftotext(body, "-layout")


def pdf_pages(body: bytes) -> int:
    out = subprocess.run(["pdfinfo", "-"], input=body, capture_output=True, check=True).stdout.decode()
    found = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
    assert found, out
    return int(found[1])


def in_order(text: str, parts: list[str]) -> None:
    """Assert that each part appears in `text`, each after the one before."""
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"« {part} » missing after position {position}: …{text[position : position + 300]}…"
        position = found + len(part)
