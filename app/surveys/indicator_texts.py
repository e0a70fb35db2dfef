"""Indicators answered in words: oui / non, a short text (the numbers are in app/surveys/indicator_types.py)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from wtforms import Field, RadioField, SelectChoice
from wtforms.validators import InputRequired
from wtforms.validators import Optional as OptionalValidator

from app.surveys.indicator_types import TEXT_MAX, IndicatorType, Stored
from app.surveys.question_types import register
from app.surveys.schema import Question, Survey

YES, NO = "oui", "non"


@register
class YesNoType(IndicatorType):
    """Oui or non: the pole's action plan is written, a referent is named."""

    name = "yesno"
    total_kind = "int"
    total_label = "nombre d'établissements ayant répondu « oui »"
    missing_message = "Veuillez choisir oui ou non."

    def field(self, survey: Survey, question: Question) -> Field:
        validators = [InputRequired(self.missing_message)] if question.required else [OptionalValidator()]
        return RadioField(
            question.text,
            choices=[SelectChoice(YES, "Oui"), SelectChoice(NO, "Non")],
            validators=validators,
            description=question.help or "",
        )

    def first_input_id(self, field_id: str) -> str:
        return f"{field_id}-0"

    def parse_value(self, question: Question, raw: Any) -> Stored | None:
        if raw in (None, ""):
            return None
        if raw not in (YES, NO):
            raise ValueError("Choisissez oui ou non.")
        return 1.0 if raw == YES else 0.0

    def form_value(self, value: Stored | None) -> str:
        return "" if value is None else (YES if float(value) else NO)

    def display(self, question: Question, value: Stored | None) -> str:
        return "—" if value is None else ("Oui" if float(value) else "Non")

    def cell(self, value: Stored | None) -> Any:
        return None if value is None else ("Oui" if float(value) else "Non")

    def total(self, values: Sequence[Stored]) -> Any:
        return sum(1 for v in values if float(v)) if values else None

    def sample(self, question: Question, rng: random.Random) -> Stored:
        return 1.0 if rng.random() < 0.7 else 0.0

    def vary(self, question: Question, base: Stored, rng: random.Random) -> Stored:
        return (1.0 - float(base)) if rng.random() < 0.15 else base


@register
class TextType(IndicatorType):
    """A short text, at most its declared length: the name of the pole's referent, a situation to raise."""

    name = "text"
    stores_text = True
    kind_label = "Texte court"

    def render_kw(self, question: Question) -> dict[str, str]:
        return {"maxlength": str(self._max(question))}

    def _max(self, question: Question) -> int:
        return question.max_length or TEXT_MAX

    def bounds_text(self, question: Question) -> str:
        return f"{self._max(question)} caractères au plus"

    def parse_value(self, question: Question, raw: Any) -> Stored | None:
        text = " ".join(str(raw or "").split())
        if not text:
            return None
        if len(text) > self._max(question):
            raise ValueError(f"Le texte doit faire au plus {self._max(question)} caractères (il en fait {len(text)}).")
        return text

    def sample(self, question: Question, rng: random.Random) -> Stored:
        return rng.choice(["RAS", "Deux élèves à accompagner", "Relance des entreprises du bassin"])
