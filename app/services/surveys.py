"""Store the loaded instruments: one row per edition, one stable row per question id."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.extensions import db
from app.models import Question, Response, SurveyDefinition
from app.surveys.loader import LoadedSurvey


class SurveyEditionChanged(Exception):
    """An edition that already has answers was edited in place instead of getting a new version."""


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def sync_surveys(loaded: list[LoadedSurvey]) -> SyncReport:
    """Record each edition and its question ids; refuse to rewrite an edition that has answers."""
    report = SyncReport()
    for item in loaded:
        survey = item.survey
        name = f"{survey.slug} v{survey.version}"
        row = db.session.scalar(select(SurveyDefinition).filter_by(slug=survey.slug, version=survey.version))
        if row is None:
            db.session.add(
                SurveyDefinition(
                    slug=survey.slug,
                    version=survey.version,
                    title=survey.title,
                    kind=survey.kind,
                    content_hash=item.content_hash,
                    content=item.content,
                )
            )
            report.added.append(name)
        elif row.content_hash != item.content_hash:
            answered = db.session.scalar(
                select(func.count(Response.id)).filter_by(survey_slug=survey.slug, survey_version=survey.version)
            )
            if answered:
                raise SurveyEditionChanged(
                    f"{item.file}: version {survey.version} de « {survey.slug} » a déjà {answered} réponse(s) "
                    "et son contenu a changé : donnez-lui un nouveau numéro de version."
                )
            row.title, row.kind, row.content_hash, row.content = (
                survey.title,
                survey.kind,
                item.content_hash,
                item.content,
            )
            report.updated.append(name)
        else:
            report.unchanged.append(name)
        ensure_questions(survey.slug, [q.id for _, q in survey.questions()])
    db.session.flush()
    return report


def ensure_questions(slug: str, keys: list[str]) -> dict[str, int]:
    """Return the stable row id of each question key, creating the missing ones."""
    existing = dict(db.session.execute(select(Question.key, Question.id).filter_by(survey_slug=slug)).all())
    for key in keys:
        if key not in existing:
            question = Question(survey_slug=slug, key=key)
            db.session.add(question)
            db.session.flush()
            existing[key] = question.id
    return existing


def question_ids(slug: str) -> dict[str, int]:
    """Map each question key of an instrument to its row id."""
    return dict(db.session.execute(select(Question.key, Question.id).filter_by(survey_slug=slug)).all())


def definition_for(slug: str, version: str) -> SurveyDefinition | None:
    return db.session.scalar(select(SurveyDefinition).filter_by(slug=slug, version=version))
