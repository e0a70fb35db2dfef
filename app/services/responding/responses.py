"""Store a respondent's answers: checked against the definition, atomic, and never twice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models import Answer, AnswerComment, Campaign, Draft, Question, Response
from app.services.surveys import ensure_questions, question_ids
from app.surveys.question_types import COMMENT_MAX_LENGTH, type_of
from app.surveys.schema import Survey


class AnswersInvalid(Exception):
    """The answer set does not fit the definition; `errors` maps a question key (or "category") to a message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Submission:
    response_id: int
    created: bool  # False when this submission had already been stored (double click, reload, back button)
    values: dict[str, int | None] | None = None  # what was stored, by question key, when stored just now

    @property
    def response(self) -> Response:
        return db.session.get_one(Response, self.response_id)

    def stored_values(self) -> dict[str, int | None]:
        return self.values if self.values is not None else answer_values(self.response_id)


def validate_answers(
    survey: Survey, answers: Mapping[str, object], comments: Mapping[str, object]
) -> tuple[dict[str, int | None], dict[str, str], dict[str, str]]:
    """Check a complete answer set; return the values to store, the comments to store and the errors by key."""
    questions = {question.id: question for _, question in survey.questions()}
    errors: dict[str, str] = {}
    for key in answers:
        if key not in questions:
            errors[key] = "Cette question ne fait pas partie du questionnaire."
    values: dict[str, int | None] = {}
    for key, question in questions.items():
        raw = answers.get(key)
        raw = None if raw is None else str(raw)
        try:
            value = type_of(question).parse(survey, question, raw)
        except ValueError as exc:
            errors[key] = str(exc)
            continue
        if raw not in (None, ""):
            values[key] = value
    kept_comments: dict[str, str] = {}
    for key, given in comments.items():
        if given is not None and not isinstance(given, str):  # a tampered draft: a number, a list…
            errors.setdefault(key, "Le commentaire doit être un texte.")
            continue
        text = (given or "").strip()
        if not text:
            continue
        if key not in questions or not questions[key].comment:
            errors.setdefault(key, "Cette question n'accepte pas de commentaire.")
        elif len(text) > COMMENT_MAX_LENGTH:
            errors.setdefault(key, f"Le commentaire dépasse {COMMENT_MAX_LENGTH} caractères.")
        else:
            kept_comments[key] = text
    return values, kept_comments, errors


def response_by_key(submission_key: str) -> Response | None:
    return db.session.scalar(select(Response).filter_by(submission_key=submission_key)) if submission_key else None


def sent_again(submission_key: str, campaign_id: int, establishment_id: int, today: date) -> Response | None:
    """Return the response this submit already stored today for the same questionnaire (reload, back button)."""
    response = response_by_key(submission_key)
    if (
        response is not None
        and (response.campaign_id, response.establishment_id) == (campaign_id, establishment_id)
        and response.submitted_on == today
    ):
        return response
    return None


def submit_response(
    *,
    campaign: Campaign,
    establishment_id: int,
    survey: Survey,
    category: str | None,
    answers: Mapping[str, object],
    comments: Mapping[str, object],
    submission_key: str,
    today: date,
) -> Submission:
    """Store one response in the caller's transaction, which rolls it all back on an error (every caller does).

    Idempotent on `submission_key`: a second submit, even a concurrent one, returns the first response. The
    response is inserted only if its key is new (ON CONFLICT DO NOTHING), so a duplicate raises nothing and undoes
    nothing of the caller's transaction. A single-use code was spent when it opened the draft
    (`drafts.start_draft_with_code`): nothing here knows of codes.
    """
    if (campaign.survey.slug, campaign.survey.version) != (survey.slug, survey.version):
        raise ValueError("the survey given is not the campaign's edition")
    values, kept_comments, errors = validate_answers(survey, answers, comments)
    if category not in {c.id for c in survey.categories}:
        errors["category"] = "Veuillez indiquer votre catégorie de personnel."
    if errors:
        existing = response_by_key(submission_key)  # sent before, under another edition of the draft's answers
        if existing is not None:
            return Submission(existing.id, False)
        raise AnswersInvalid(errors)

    ids = _question_ids(survey)
    # One statement, not a look-up, a SAVEPOINT, the insert and its release: a submit 8.7 → 7.6 ms (PostgreSQL),
    # 5.9 → 5.2 ms (SQLite) in-process at académie scale.
    response_id = db.session.scalar(
        _insert_new(Response)
        .values(
            campaign_id=campaign.id,
            establishment_id=establishment_id,
            category=category,
            survey_slug=survey.slug,
            survey_version=survey.version,
            submitted_on=today,
            submission_key=submission_key,
        )
        .on_conflict_do_nothing(index_elements=[Response.submission_key])
        .returning(Response.id)
    )
    if response_id is None:  # another request stored the same submission first: that one stands
        return Submission(db.session.scalars(select(Response.id).filter_by(submission_key=submission_key)).one(), False)
    # One executemany, without an ORM object per answer (a submit 13.6 → 11 ms in-process at académie scale).
    rows = [{"response_id": response_id, "question_id": ids[key], "value": v} for key, v in values.items()]
    if rows:
        db.session.execute(insert(Answer), rows)
    notes = [{"response_id": response_id, "question_id": ids[key], "text": t} for key, t in kept_comments.items()]
    if notes:
        db.session.execute(insert(AnswerComment), notes)
    return Submission(response_id, True, values)


def _insert_new(model: type[Response]) -> postgresql.Insert | sqlite.Insert:
    """The database's own INSERT, which can skip a row whose unique key is stored already (both have one)."""
    dialect = db.session.get_bind().dialect.name
    return postgresql.insert(model) if dialect == "postgresql" else sqlite.insert(model)


def submit_draft(draft: Draft, survey: Survey, today: date) -> Submission:
    """Submit a draft's answers and delete the draft, in the caller's transaction."""
    draft_id, data = draft.id, dict(draft.data or {})
    campaign = db.session.get_one(Campaign, draft.campaign_id)
    submission = submit_response(
        campaign=campaign,
        establishment_id=draft.establishment_id,
        survey=survey,
        category=draft.category,
        answers=data.get("answers") or {},
        comments=data.get("comments") or {},
        submission_key=data["submission_key"],
        today=today,
    )
    # A bulk delete: after a concurrent duplicate the row may already be gone.
    db.session.execute(delete(Draft).where(Draft.id == draft_id))
    return submission


def answer_values(response_id: int) -> dict[str, int | None]:
    """Return a stored response's values by question key."""
    rows = db.session.execute(
        select(Question.key, Answer.value)
        .join(Question, Question.id == Answer.question_id)
        .where(Answer.response_id == response_id)
    )
    return dict(rows.all())


def _question_ids(survey: Survey) -> dict[str, int]:
    keys = [question.id for _, question in survey.questions()]
    ids = question_ids(survey.slug)
    if any(key not in ids for key in keys):
        ids = ensure_questions(survey.slug, keys)
    return ids
