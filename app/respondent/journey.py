"""The steps of a questionnaire (category, one page per section, review) and how answers read back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import url_for

from app.models import Draft
from app.services.responding.drafts import answers_of, missing_in
from app.surveys.question_types import type_of
from app.surveys.schema import Question, Section, Survey

CATEGORY, REVIEW = "categorie", "relecture"


@dataclass(frozen=True)
class Step:
    id: str
    label: str
    url: str
    state: str  # "done", "current", "todo" or "missing" (visited but incomplete)


@dataclass(frozen=True)
class Progress:
    steps: list[Step]
    index: int  # 1-based position of the current step

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def current(self) -> Step:
        return self.steps[self.index - 1]

    @property
    def percent(self) -> int:
        done = sum(step.state == "done" for step in self.steps)
        return round(100 * done / self.total)


def step_ids(survey: Survey) -> list[str]:
    return [CATEGORY] + [section.id for section in survey.sections] + [REVIEW]


def step_url(token: str, step_id: str, **args) -> str:
    if step_id == CATEGORY:
        return url_for("respondent.category", token=token, **args)
    if step_id == REVIEW:
        return url_for("respondent.review", token=token, **args)
    return url_for("respondent.section", token=token, section_id=step_id, **args)


def progress(token: str, survey: Survey, draft: Draft, current: str) -> Progress:
    """Say where the respondent is and which steps are answered."""
    answers = answers_of(draft)
    steps: list[Step] = []
    for step_id in step_ids(survey):
        if step_id == CATEGORY:
            label, complete = "Votre catégorie", bool(draft.category)
        elif step_id == REVIEW:
            label, complete = "Relecture et envoi", False
        else:
            section = section_by_id(survey, step_id)
            if section is None:  # never: the steps past the category are the survey's sections
                raise LookupError(step_id)
            label, complete = section.title, not missing_in(section, answers)
        state = "current" if step_id == current else ("done" if complete else "todo")
        steps.append(Step(step_id, label, step_url(token, step_id), state))
    return Progress(steps, step_ids(survey).index(current) + 1)


def neighbour(survey: Survey, current: str, offset: int) -> str | None:
    """Return the step before (-1) or after (+1) the current one, None past either end."""
    ids = step_ids(survey)
    position = ids.index(current) + offset
    return ids[position] if 0 <= position < len(ids) else None


def section_by_id(survey: Survey, section_id: str) -> Section | None:
    return next((section for section in survey.sections if section.id == section_id), None)


def answer_label(survey: Survey, question: Question, raw: str | None) -> str | None:
    """Read an answer back as the respondent saw it; None when there is no answer."""
    if raw in (None, ""):
        return None
    return type_of(question).answer_label(survey, question, raw)


def review_rows(
    survey: Survey, answers: Mapping[str, str], comments: Mapping[str, str], errors: Mapping[str, str]
) -> list[tuple[Section, list[dict[str, Any]]]]:
    """Every question of every section with its answer, comment and error, for the review page."""
    rows = []
    for section in survey.sections:
        items = [
            {
                "question": q,
                "answer": answer_label(survey, q, answers.get(q.id)),
                "comment": comments.get(q.id, ""),
                "error": errors.get(q.id),
            }
            for q in section.questions
        ]
        rows.append((section, items))
    return rows


def stray_errors(survey: Survey, errors: Mapping[str, str]) -> list[tuple[str, str]]:
    """The errors of answers or comments to no question of this survey (a tampered draft), as (key, message)."""
    keys = {question.id for _, question in survey.questions()} | {"category"}
    return [(key, message) for key, message in errors.items() if key not in keys]
