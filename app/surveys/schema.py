"""The shape of an instrument file, as immutable pydantic models.

A survey is a list of sections (a page each: a dimension of the grid, a theme of items),
each holding questions of a registered type. Scales are named once and shared.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

IDENTIFIER = r"^[a-z0-9][a-z0-9_-]{0,79}$"
# Stored value of "je ne sais pas / ne se prononce pas": the smallest small integer, which no scale point (>= 0)
# and no number question (bounded by question_types.STORED_MIN) can take. Counted apart, never in a statistic.
DONT_KNOW = -32768
VERSION = r"^\d+(\.\d+)*$"
# The kind of an instrument answered by an establishment's head, under their name: never anonymous, never mixed
# with the staff questionnaires (docs/indicators.md). Its questions are indicators (`is_indicator` types).
INDICATORS = "indicators"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class ScalePoint(Frozen):
    value: int = Field(ge=0, le=100)
    label: str = Field(min_length=1)


class Scale(Frozen):
    points: tuple[ScalePoint, ...] = Field(min_length=2)
    not_applicable: str | None = None  # label of the "non concerné" option, stored as NULL
    # label of the "je ne sais pas / ne se prononce pas" option, stored as DONT_KNOW; offered by the types that allow it
    dont_know: str | None = Field(default=None, min_length=1)

    def values(self) -> tuple[int, ...]:
        return tuple(p.value for p in self.points)

    def label_for(self, value: int | None) -> str:
        if value is None:
            return self.not_applicable or "—"
        if value == DONT_KNOW:
            return self.dont_know or "Ne se prononce pas"
        return next((p.label for p in self.points if p.value == value), str(value))


class Question(Frozen):
    id: str = Field(pattern=IDENTIFIER)
    type: str = Field(min_length=1)
    text: str = Field(min_length=1)
    help: str | None = None
    scale: str | None = None
    descriptors: dict[int, str] | None = None  # level → descriptor, for "level" questions
    required: bool = True
    comment: bool = False  # offer an optional free comment
    minimum: int | None = None  # for "number", "count" and "percentage" questions
    maximum: int | None = None
    unit: str | None = Field(default=None, min_length=1, max_length=40)  # an indicator's unit: "élèves", "€"
    max_length: int | None = Field(default=None, ge=1, le=500)  # a "text" indicator's longest answer
    tags: tuple[str, ...] = ()
    replaces: str | None = Field(default=None, pattern=IDENTIFIER)  # the id it replaces in an earlier edition


class Section(Frozen):
    id: str = Field(pattern=IDENTIFIER)
    title: str = Field(min_length=1)
    description: str | None = None
    axis: str | None = None
    questions: tuple[Question, ...] = Field(min_length=1)


class Axis(Frozen):
    id: str = Field(pattern=IDENTIFIER)
    title: str = Field(min_length=1)
    description: str | None = None


class Category(Frozen):
    id: str = Field(pattern=IDENTIFIER)
    label: str = Field(min_length=1)


DEFAULT_CATEGORIES = (
    Category(id="enseignant", label="Enseignant·e"),
    Category(id="direction", label="Personnel de direction"),
    Category(id="vie-scolaire", label="Vie scolaire (CPE, AED)"),
    Category(id="autre", label="Autre personnel (santé, social, orientation, administratif…)"),
)


class Survey(Frozen):
    slug: str = Field(pattern=IDENTIFIER)
    version: str = Field(pattern=VERSION)
    title: str = Field(min_length=1)
    kind: Literal["grid", "items", "indicators"]
    description: str = ""
    purpose: str = ""  # what is collected and why, shown on the landing page
    estimated_minutes: int = Field(default=5, ge=1, le=120)
    categories: tuple[Category, ...] = DEFAULT_CATEGORIES
    scales: dict[str, Scale] = Field(default_factory=dict)  # an indicators survey may need none
    axes: tuple[Axis, ...] = ()
    sections: tuple[Section, ...] = Field(min_length=1)

    @field_validator("version", mode="before")
    @classmethod
    def version_as_text(cls, value: object) -> object:
        # YAML reads `version: 2` as a number; the author meant the text. A decimal cannot be read back
        # as written (YAML turns 1.10 into 1.1), so it must be quoted.
        if isinstance(value, float):
            raise ValueError(
                'écrivez une version décimale entre guillemets (ex. version: "1.10") : '
                "sans guillemets, YAML lit 1.10 comme 1.1"
            )
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @property
    def version_key(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.version.split("."))

    @property
    def is_indicators(self) -> bool:
        """Say whether this instrument collects an establishment's figures, reported by its head."""
        return self.kind == INDICATORS

    def questions(self) -> list[tuple[Section, Question]]:
        return [(section, question) for section in self.sections for question in section.questions]

    def question(self, question_id: str) -> Question | None:
        return next((q for _, q in self.questions() if q.id == question_id), None)

    def category_label(self, category_id: str) -> str:
        return next((c.label for c in self.categories if c.id == category_id), category_id)


_PLAIN_KEY = re.compile(r"[\w-]+")


def path_of(loc: tuple[int | str, ...]) -> str:
    """Render a pydantic location as `sections[2].questions[0].text`."""
    out = ""
    for part in loc:
        if part == "[key]":  # pydantic's marker for a bad dictionary key, rather than its value
            out += " (clé)"
        elif isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.fullmatch(str(part)):
            out += ("." if out else "") + str(part)
        else:  # a key with spaces or control characters would be unreadable once printed
            out += f"[{str(part)!r}]"
    return out or "(racine)"
