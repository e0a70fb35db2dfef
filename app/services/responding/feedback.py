"""Personal feedback right after submitting, beside the establishment's aggregate once the group is large enough."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Question, Response
from app.surveys.question_types import type_of
from app.surveys.schema import Question as SurveyQuestion
from app.surveys.schema import ScalePoint, Section, Survey

Distribution = dict[int, int]  # value → number of answers


@dataclass(frozen=True)
class LevelFeedback:
    """A grid dimension: the respondent's level, the next level as a target, the establishment's median."""

    section: Section
    question: SurveyQuestion
    level: int | None
    label: str
    descriptor: str
    next_level: int | None
    next_label: str
    next_descriptor: str
    top_level: int
    group_median: float | None


@dataclass(frozen=True)
class ThemeFeedback:
    """A theme of items: the respondent's mean and share of high answers, and the establishment's."""

    section: Section
    answered: int
    mean: float | None
    high_share: float | None
    group_mean: float | None
    group_high_share: float | None
    scale_min: int
    scale_max: int
    high_labels: str


@dataclass(frozen=True)
class Feedback:
    levels: list[LevelFeedback]
    themes: list[ThemeFeedback]
    group_size: int
    min_group_size: int

    @property
    def group_shown(self) -> bool:
        return self.group_size >= self.min_group_size


def establishment_distributions(
    campaign_id: int, establishment_id: int, slug: str
) -> tuple[int, dict[str, Distribution]]:
    """Count the establishment's responses to a campaign and each question's answers by value, in SQL."""
    total = (
        db.session.scalar(
            select(func.count(Response.id)).where(
                Response.campaign_id == campaign_id, Response.establishment_id == establishment_id
            )
        )
        or 0
    )
    rows = db.session.execute(
        select(Question.key, Answer.value, func.count())
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .join(Question, Question.id == Answer.question_id)
        .where(
            Response.campaign_id == campaign_id,
            Response.establishment_id == establishment_id,
            Question.survey_slug == slug,
            Answer.value.is_not(None),
        )
        .group_by(Question.key, Answer.value)
    )
    distributions: dict[str, Distribution] = {}
    for key, value, count in rows:
        if value is not None:  # always: the query counts answered values only
            distributions.setdefault(key, {})[value] = count
    return total, distributions


def median(distribution: Distribution) -> float | None:
    """Median of counted values (the mean of the two middle ones for an even count)."""
    n = sum(distribution.values())
    if n == 0:
        return None
    ordered = [value for value in sorted(distribution) for _ in range(distribution[value])]
    middle = n // 2
    return float(ordered[middle]) if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def personal_feedback(
    survey: Survey, values: Mapping[str, int | None], campaign_id: int, establishment_id: int, min_group_size: int
) -> Feedback:
    """Build the feedback of one respondent; group figures stay None below `min_group_size` answers."""
    group_size, distributions = establishment_distributions(campaign_id, establishment_id, survey.slug)
    shown = group_size >= min_group_size

    def enough(key: str) -> Distribution | None:
        distribution = distributions.get(key, {})
        return distribution if shown and sum(distribution.values()) >= min_group_size else None

    levels: list[LevelFeedback] = []
    themes: list[ThemeFeedback] = []
    for section in survey.sections:
        scale_questions = [q for q in section.questions if type_of(q).is_item]
        for question in section.questions:
            if type_of(question).is_dimension:
                levels.append(_level(survey, section, question, values.get(question.id), enough(question.id)))
        if scale_questions:
            themes.append(_theme(survey, section, scale_questions, values, enough))
    return Feedback(levels, themes, group_size, min_group_size)


def _level(
    survey: Survey, section: Section, question: SurveyQuestion, level: int | None, distribution: Distribution | None
) -> LevelFeedback:
    scale = survey.scales[question.scale or ""]  # the loader checked the scale
    ordered = sorted(scale.values())
    descriptors = question.descriptors or {}
    higher = [value for value in ordered if level is not None and value > level]
    next_level = higher[0] if higher else None
    return LevelFeedback(
        section=section,
        question=question,
        level=level,
        label=scale.label_for(level),
        descriptor=descriptors.get(level, "") if level is not None else "",
        next_level=next_level,
        next_label=scale.label_for(next_level) if next_level else "",
        next_descriptor=descriptors.get(next_level, "") if next_level else "",
        top_level=ordered[-1],
        group_median=median(distribution) if distribution else None,
    )


def _theme(
    survey: Survey,
    section: Section,
    questions: list[SurveyQuestion],
    values: Mapping[str, int | None],
    enough: Callable[[str], Distribution | None],
) -> ThemeFeedback:
    high_by_question = {q.id: _high_points(survey, q) for q in questions}
    scales = {q.scale for q in questions}
    first = sorted(survey.scales[questions[0].scale or ""].values())
    mine = [(q.id, value) for q in questions if (value := values.get(q.id)) is not None]
    group_n = group_sum = group_high = 0
    for question in questions:
        for value, count in (enough(question.id) or {}).items():
            group_n += count
            group_sum += value * count
            group_high += count if value in high_by_question[question.id] else 0
    if len(scales) == 1:
        high_labels = " ou ".join(f"«\u00a0{p.label.lower()}\u00a0»" for p in _high_scale_points(survey, questions[0]))
    else:
        high_labels = "dans la moitié haute de l'échelle"
    return ThemeFeedback(
        section=section,
        answered=len(mine),
        mean=sum(v for _, v in mine) / len(mine) if mine else None,
        high_share=sum(v in high_by_question[key] for key, v in mine) / len(mine) if mine else None,
        group_mean=group_sum / group_n if group_n else None,
        group_high_share=group_high / group_n if group_n else None,
        scale_min=first[0],
        scale_max=first[-1],
        high_labels=high_labels,
    )


def _high_scale_points(survey: Survey, question: SurveyQuestion) -> list[ScalePoint]:
    """The upper half of a scale ("souvent", "systématiquement" on a four-point frequency scale)."""
    ordered = sorted(survey.scales[question.scale or ""].points, key=lambda p: p.value)
    return ordered[len(ordered) - max(1, len(ordered) // 2) :]


def _high_points(survey: Survey, question: SurveyQuestion) -> set[int]:
    return {p.value for p in _high_scale_points(survey, question)}
