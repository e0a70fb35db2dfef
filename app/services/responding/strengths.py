"""Strengths and areas to develop in one's self-positioning, as SELFIE for Teachers words them.

Read from the respondent's own answers only: the themes where they place themselves highest and lowest, and
the items they answered at the top and at the bottom of their scale. The establishment's figures stand beside a
theme only through its feedback (`ThemeFeedback`), that is, once published.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.surveys.question_types import type_of
from app.surveys.schema import Question, Section, Survey

if TYPE_CHECKING:  # feedback imports this module: a cycle at run time
    from app.services.responding.feedback import ThemeFeedback

MAX_THEMES = 3  # as SELFIE for Teachers: three strengths, three areas to develop
MAX_ITEMS = 3


@dataclass(frozen=True)
class ItemHighlight:
    """One item the respondent answered at an end of its scale."""

    section: Section
    question: Question
    answer: str  # the point's label ("Systématiquement")


@dataclass(frozen=True)
class Strengths:
    strengths: list[ThemeFeedback]
    areas: list[ThemeFeedback]
    strong_items: list[ItemHighlight]
    weak_items: list[ItemHighlight]

    @property
    def any(self) -> bool:
        return bool(self.strengths or self.areas or self.strong_items or self.weak_items)


def _position(survey: Survey, question: Question, value: int) -> float | None:
    """Place an answer on its scale from 0 (lowest point) to 1 (highest); None for an answer off the scale."""
    values = sorted(survey.scales[question.scale or ""].values())
    if value not in values or len(values) < 2:
        return None
    return (value - values[0]) / (values[-1] - values[0])


def strengths_and_areas(survey: Survey, themes: Sequence[ThemeFeedback], values: Mapping[str, int | None]) -> Strengths:
    """Pick the respondent's highest and lowest themes (by mean position) and the items at either end."""
    placed = []
    for order, theme in enumerate(themes):
        positions = [
            p
            for q in theme.section.questions
            if type_of(q).is_item and (v := values.get(q.id)) is not None and (p := _position(survey, q, v)) is not None
        ]
        if positions:
            placed.append((sum(positions) / len(positions), order, theme))
    # Half the themes at most on each side, so that no theme is both a strength and an area to develop.
    count = min(MAX_THEMES, len(placed) // 2)
    ranked = sorted(placed, key=lambda p: (-p[0], p[1]))
    strengths = [theme for position, _, theme in ranked[:count]]
    areas = [theme for position, _, theme in sorted(ranked[len(ranked) - count :], key=lambda p: (p[0], p[1]))]
    if count and ranked[0][0] == ranked[-1][0]:  # every theme at the same place: nothing stands out
        strengths, areas = [], []

    items = [
        (p, section, q, v)
        for section, q in survey.questions()
        if type_of(q).is_item and (v := values.get(q.id)) is not None and (p := _position(survey, q, v)) is not None
    ]
    strong: list[ItemHighlight] = []
    weak: list[ItemHighlight] = []
    if items:
        top, bottom = max(p for p, *_ in items), min(p for p, *_ in items)
        if top > bottom:
            label = survey.scales
            strong = [ItemHighlight(s, q, label[q.scale or ""].label_for(v)) for p, s, q, v in items if p == top][
                :MAX_ITEMS
            ]
            weak = [ItemHighlight(s, q, label[q.scale or ""].label_for(v)) for p, s, q, v in items if p == bottom][
                :MAX_ITEMS
            ]
    return Strengths(strengths, areas, strong, weak)
