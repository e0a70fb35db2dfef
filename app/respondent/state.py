"""What a respondent's browser session holds: resume tokens, the category, the last feedback.

Nothing here is stored with the answers. No single-use code is kept: a code is spent when it opens a draft, and
the session then holds only that draft's resume token. The session is kept on the server (app/web/sessions.py):
the cookie holds only the session's random id.
"""

from __future__ import annotations

from typing import Any

from flask import session

KEY = "respondent"


def _state() -> dict[str, Any]:
    return session.get(KEY) or {}


def _update(name: str, link_id: int, value) -> None:
    state = _state()
    entries = dict(state.get(name) or {})
    if value is None:
        entries.pop(str(link_id), None)
    else:
        entries[str(link_id)] = value
    session[KEY] = {**state, name: entries}


def draft_token(link_id: int) -> str | None:
    return (_state().get("drafts") or {}).get(str(link_id))


def remember_draft(link_id: int, raw_token: str | None) -> None:
    _update("drafts", link_id, raw_token)


def category() -> str | None:
    return _state().get("category")


def remember_category(value: str) -> None:
    session[KEY] = {**_state(), "category": value}


def answered_links() -> set[int]:
    return {int(link_id) for link_id in _state().get("answered") or []}


def mark_answered(link_id: int) -> None:
    session[KEY] = {**_state(), "answered": sorted(answered_links() | {link_id})}


def feedback(link_id: int) -> dict[str, Any] | None:
    """Return the values of the response just sent for this link, if this browser sent it."""
    stored = _state().get("feedback")
    return stored if stored and stored.get("link") == link_id else None


def remember_feedback(link_id: int, values: dict[str, int | None]) -> None:
    # Only the last one is kept: the feedback is not meant to be found again later.
    session[KEY] = {**_state(), "feedback": {"link": link_id, "values": values}}


def forget_feedback() -> None:
    session[KEY] = {key: value for key, value in _state().items() if key != "feedback"}
