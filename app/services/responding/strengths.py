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


def _placed(
    survey: Survey, questions: Sequence[tuple[Section, Question]], values: Mapping[str, int | None]
) -> list[tuple[float, Section, Question, int]]:
    """Place each answered item on its scale, from 0 (its lowest point) to 1 (its highest)."""
    placed = []
    for section, question in questions:
        value = values.get(question.id)
        points = sorted(survey.scales[question.scale or ""].values()) if type_of(question).is_item else []
        if value is not None and value in points and len(points) > 1:
            placed.append(((value - points[0]) / (points[-1] - points[0]), section, question, value))
    return placed


def strengths_and_areas(survey: Survey, themes: Sequence[ThemeFeedback], values: Mapping[str, int | None]) -> Strengths:
    """Pick the respondent's highest and lowest themes (by mean position) and the items at either end."""
    ranked = []
    for order, theme in enumerate(themes):
        positions = [p for p, *_ in _placed(survey, [(theme.section, q) for q in theme.section.questions], values)]
        if positions:
            ranked.append((sum(positions) / len(positions), order, theme))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    # Half the themes at most on each side, so that no theme is both a strength and an area to develop.
    count = min(MAX_THEMES, len(ranked) // 2)
    if count and ranked[0][0] == ranked[-1][0]:  # every theme at the same place: nothing stands out
        count = 0
    strengths = [theme for _, _, theme in ranked[:count]]
    areas = (
        [theme for _, _, theme in sorted(ranked[len(ranked) - count :], key=lambda r: (r[0], r[1]))] if count else []
    )

    items = _placed(survey, survey.questions(), values)
    strong: list[ItemHighlight] = []
    weak: list[ItemHighlight] = []
    if items and max(p for p, *_ in items) > min(p for p, *_ in items):
        for end, chosen in ((max(p for p, *_ in items), strong), (min(p for p, *_ in items), weak)):
            chosen.extend(
                ItemHighlight(s, q, survey.scales[q.scale or ""].label_for(v)) for p, s, q, v in items if p == end
            )
            del chosen[MAX_ITEMS:]
    return Strengths(strengths, areas, strong, weak)
