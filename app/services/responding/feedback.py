"""Personal feedback right after submitting, beside the establishment's published figures.

The establishment's figures are the dashboards' own cells (`campaign_data`), shown only once the campaign is
closed: a cell the dashboards hide is hidden here with the same words, and nothing is shown while answers come in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from app.analytics.cells import establishment_unit
from app.analytics.stats import value_column
from app.analytics.suppression import NO_ANSWER, hidden_label
from app.extensions import db
from app.models import Campaign
from app.services.dashboards.campaign_data import campaign_data, publication_note, results_published
from app.services.responding.strengths import Strengths, strengths_and_areas
from app.surveys.question_types import type_of
from app.surveys.schema import DONT_KNOW, ScalePoint, Section, Survey
from app.surveys.schema import Question as SurveyQuestion


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
    group_hidden: str  # why the establishment's median is withheld, as the dashboards say it ("" when shown)
    unsure: bool = False  # answered "je ne sais pas / ne se prononce pas": no level, no target


@dataclass(frozen=True)
class ThemeFeedback:
    """A theme of items: the respondent's mean and share of high answers, and the establishment's."""

    section: Section
    answered: int
    mean: float | None
    high_share: float | None
    group_mean: float | None
    group_high_share: float | None
    group_hidden: str
    scale_min: int
    scale_max: int
    high_labels: str


@dataclass(frozen=True)
class Feedback:
    levels: list[LevelFeedback]
    themes: list[ThemeFeedback]
    group_size: int  # the establishment's responses, told only once the results are published
    min_group_size: int
    published: bool
    publication_note: str
    highlights: Strengths | None = None  # strengths and areas to develop, for an instrument of items

    @property
    def group_shown(self) -> bool:
        return self.published


def establishment_cells(campaign: Campaign, establishment_id: int, min_size: int) -> dict[str, dict[str, Any]]:
    """Return the establishment's suppressed cells of a closed campaign, by question: the dashboards' very cells."""
    cells = campaign_data(db.session, campaign, min_size).cells
    mine = cells[cells["unit"] == establishment_unit(establishment_id)]
    return {str(row["question"]): {str(k): v for k, v in row.items()} for row in mine.to_dict("records")}


def _responses(campaign: Campaign, establishment_id: int, min_size: int) -> int:
    responses = campaign_data(db.session, campaign, min_size).responses
    return int(responses.loc[responses["establishment_id"] == establishment_id, "n"].sum())


def _withheld(cell: dict[str, Any] | None, min_size: int) -> str:
    """Say why a cell is not shown, in the dashboards' words; "" when it is shown."""
    if cell is None:
        return hidden_label(NO_ANSWER, min_size)
    return hidden_label(cell["reason"], min_size) if bool(cell["hidden"]) else ""


def personal_feedback(
    survey: Survey, values: Mapping[str, int | None], campaign: Campaign, establishment_id: int, min_group_size: int
) -> Feedback:
    """Build the feedback of one respondent; the establishment's figures only once the campaign is closed."""
    published = results_published(campaign)
    cells = establishment_cells(campaign, establishment_id, min_group_size) if published else {}
    group_size = _responses(campaign, establishment_id, min_group_size) if published else 0

    levels: list[LevelFeedback] = []
    themes: list[ThemeFeedback] = []
    for section in survey.sections:
        scale_questions = [q for q in section.questions if type_of(q).is_item]
        for question in section.questions:
            if type_of(question).is_dimension:
                levels.append(
                    _level(survey, section, question, values.get(question.id), cells.get(question.id), min_group_size)
                )
        if scale_questions:
            themes.append(_theme(survey, section, scale_questions, values, cells, min_group_size))
    note = "" if published else publication_note(campaign)
    highlights = strengths_and_areas(survey, themes, values) if themes else None
    return Feedback(levels, themes, group_size, min_group_size, published, note, highlights)


def _level(
    survey: Survey,
    section: Section,
    question: SurveyQuestion,
    level: int | None,
    cell: dict[str, Any] | None,
    min_size: int,
) -> LevelFeedback:
    scale = survey.scales[question.scale or ""]  # the loader checked the scale
    ordered = sorted(scale.values())
    descriptors = question.descriptors or {}
    unsure = level == DONT_KNOW
    higher = [value for value in ordered if level is not None and not unsure and value > level]
    next_level = higher[0] if higher else None
    withheld = _withheld(cell, min_size)
    return LevelFeedback(
        section=section,
        question=question,
        level=level,
        label=scale.label_for(level),
        descriptor=descriptors.get(level, "") if level is not None and not unsure else "",
        next_level=next_level,
        next_label=scale.label_for(next_level) if next_level else "",
        next_descriptor=descriptors.get(next_level, "") if next_level else "",
        top_level=ordered[-1],
        group_median=None if withheld or cell is None else float(cell["median"]),
        group_hidden=withheld,
        unsure=unsure,
    )


def _theme(
    survey: Survey,
    section: Section,
    questions: list[SurveyQuestion],
    values: Mapping[str, int | None],
    cells: Mapping[str, dict[str, Any]],
    min_size: int,
) -> ThemeFeedback:
    high_by_question = {q.id: _high_points(survey, q) for q in questions}
    scales = {q.scale for q in questions}
    first = sorted(survey.scales[questions[0].scale or ""].values())  # the loader checked the scale
    mine = [(q.id, value) for q in questions if (value := values.get(q.id)) is not None]
    # The theme's figure is made of its items' published cells: if one item is withheld, so is the theme,
    # lest the theme minus the other items give that item back.
    withheld = next((w for w in (_withheld(cells.get(q.id), min_size) for q in questions) if w), "")
    group_n = group_sum = group_high = 0
    if cells and not withheld:
        for question in questions:
            cell = cells[question.id]
            for value in survey.scales[question.scale or ""].values():
                count = cell.get(value_column(value), 0)
                count = 0 if count is None or pd.isna(count) else int(count)
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
        group_hidden=withheld if cells else "",
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
