"""WTForms' own messages in French, read once per worker rather than from disk on every request.

Flask-WTF loads the WTForms catalogue for each request that builds a form; it looks for it on the request first,
so a catalogue loaded once and handed to each request gives the same messages for a fraction of the cost.
"""

from __future__ import annotations

from functools import lru_cache

from babel import support
from flask import Flask, request
from flask_babel import get_locale
from wtforms.i18n import messages_path


@lru_cache(maxsize=8)
def _catalogue(locale: str) -> support.NullTranslations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


def init_wtforms_i18n(app: Flask) -> None:
    @app.before_request
    def _share_catalogue() -> None:
        request.wtforms_translations = _catalogue(str(get_locale()))  # type: ignore[attr-defined]  # read by Flask-WTF
