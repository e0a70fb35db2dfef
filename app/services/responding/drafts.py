"""Answers in progress, kept server-side and reachable only through a private resume token."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import CampaignEstablishment, Draft
from app.services.responding.access import CodeAccess, spend_code
from app.surveys.schema import Section, Survey


def hash_token(raw: str) -> str:
    """Hash a resume token: the database never holds a token that opens a draft."""
    return hashlib.sha256(raw.encode()).hexdigest()


def start_draft(link: CampaignEstablishment, today: date, *, category: str | None = None) -> tuple[Draft, str]:
    """Open a draft for an establishment's questionnaire; return it with its raw resume token.

    The draft holds the campaign and the establishment, never the code that opened it (docs/privacy.md).
    """
    raw = secrets.token_urlsafe(24)
    draft = Draft(
        token_hash=hash_token(raw),
        campaign_id=link.campaign_id,
        establishment_id=link.establishment_id,
        category=category,
        updated_on=today,
        data={"answers": {}, "comments": {}, "submission_key": secrets.token_hex(16)},
    )
    db.session.add(draft)
    db.session.flush()
    return draft, raw


def start_draft_with_code(access: CodeAccess, today: date, *, category: str | None = None) -> tuple[Draft, str]:
    """Spend the typed code and open a draft that knows nothing of it; refuse a code already spent."""
    spend_code(access)
    return start_draft(access.link, today, category=category)


def find_draft(raw: str | None) -> Draft | None:
    if not raw:
        return None
    return db.session.scalar(select(Draft).filter_by(token_hash=hash_token(raw)))


def answers_of(draft: Draft) -> dict[str, str]:
    return dict((draft.data or {}).get("answers") or {})


def comments_of(draft: Draft) -> dict[str, str]:
    return dict((draft.data or {}).get("comments") or {})


def set_category(draft: Draft, category: str, today: date) -> None:
    draft.category = category
    draft.updated_on = today
    db.session.flush()


def save_section(draft: Draft, answers: Mapping[str, str | None], comments: Mapping[str, str], today: date) -> None:
    """Merge one page into the draft: a value replaces the old one, None or "" removes it."""
    stored_answers, stored_comments = answers_of(draft), comments_of(draft)
    for key, value in answers.items():
        if value in (None, ""):
            stored_answers.pop(key, None)
        else:
            stored_answers[key] = value
    for key, text in comments.items():
        if text:
            stored_comments[key] = text
        else:
            stored_comments.pop(key, None)
    # A JSON column is not watched for in-place changes: assign a new dict.
    draft.data = {**(draft.data or {}), "answers": stored_answers, "comments": stored_comments}
    draft.updated_on = today
    db.session.flush()


def missing_in(section: Section, answers: Mapping[str, str]) -> list[str]:
    """Return the keys of the section's required questions that have no answer yet."""
    return [q.id for q in section.questions if q.required and answers.get(q.id) in (None, "")]


def next_step(draft: Draft, survey: Survey) -> str | None:
    """Return the first section still missing an answer, or None when the review page comes next."""
    answers = answers_of(draft)
    return next((section.id for section in survey.sections if missing_in(section, answers)), None)
