"""Indicator types: the figures an establishment's head reports about the establishment (kind: indicators).

Each is one class in the same registry as the questionnaire's types (`register`), so that a survey file names it
in `type:` and no code outside the registry tests its name. An indicator is not answered anonymously: it has no
answer space for respondents; it knows its form field, how a typed value is checked and stored (a number or a
short text), how it reads back, and how a pole's or the network's figure is made from its establishments'.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from wtforms import Field, StringField
from wtforms.validators import InputRequired, ValidationError
from wtforms.validators import Optional as OptionalValidator

from app.surveys.question_types import QUESTION_TYPES, QuestionType, register
from app.surveys.schema import Question, Survey

COUNT_MAX = 1_000_000  # a count's ceiling when the file declares none: a typing slip, not a figure
TEXT_MAX = 200  # a short text's length when the file declares none
Stored = float | str  # what an indicator's value is kept as: a number (counts, percentages, 1/0) or a text
_DECIMAL = re.compile(r"^-?\d+([.,]\d+)?$")


class IndicatorType(QuestionType):
    """An establishment's figure, under its head's name: typed, bounded, never part of an anonymous count."""

    template = "indicator"
    needs_scale = False
    is_indicator: ClassVar[bool] = True
    stores_text: ClassVar[bool] = False  # kept in the value's text column rather than its number column
    column_kind: ClassVar[str] = "text"  # the kind of its column in a Table (app/analytics/tables.py)
    total_kind: ClassVar[str] = ""  # the kind of a pole's figure in a Table ("" : no pole figure)
    total_label: ClassVar[str] = ""  # how a pole's figure is made from its establishments' ("" : none)
    kind_label: ClassVar[str] = ""  # what the form says is expected

    def check(self, survey: Survey, question: Question) -> list[tuple[str, str]]:
        problems = []
        if question.scale:
            problems.append(("scale", f"un indicateur « {self.name} » n'a pas d'échelle"))
        if question.descriptors:
            problems.append(("descriptors", "les descripteurs sont réservés aux questions de type « level »"))
        if question.comment:
            problems.append(("comment", "un indicateur ne propose pas de commentaire libre"))
        if question.max_length is not None and not self.stores_text:
            problems.append(("max_length", "la longueur maximale est réservée aux indicateurs « text »"))
        return problems + self.check_bounds(question)

    def check_bounds(self, question: Question) -> list[tuple[str, str]]:
        """Return the problems of the declared bounds; by default none may be declared."""
        if question.minimum is not None or question.maximum is not None:
            return [("minimum", f"un indicateur « {self.name} » n'a pas de bornes minimum et maximum")]
        return []

    def field(self, survey: Survey, question: Question) -> Field:
        validators: list[Any] = [InputRequired(self.missing_message)] if question.required else [OptionalValidator()]
        validators.append(self._checked(question))
        return StringField(
            question.text, validators=validators, description=self.hint(question), render_kw=self.render_kw(question)
        )

    missing_message: ClassVar[str] = "Veuillez saisir une valeur."

    def render_kw(self, question: Question) -> dict[str, str]:
        return {}

    def hint(self, question: Question) -> str:
        """Say what is expected, with its unit and bounds, under the label."""
        parts = [part for part in (self.kind_label, self.bounds_text(question), question.help) if part]
        return " — ".join(parts)

    def bounds_text(self, question: Question) -> str:
        return ""

    def _checked(self, question: Question) -> Callable[[Any, Field], None]:
        def check(form: Any, field: Field) -> None:
            if field.data in (None, ""):
                return
            try:
                self.parse_value(question, field.data)
            except ValueError as exc:
                raise ValidationError(str(exc)) from None

        return check

    def parse_value(self, question: Question, raw: Any) -> Stored | None:
        """Turn a typed value into what is stored; None for an empty one; raise ValueError with a French message."""
        raise NotImplementedError

    def form_value(self, value: Stored | None) -> str:
        """Return a stored value as the form shows it for correction."""
        return "" if value is None else str(value)

    def display(self, question: Question, value: Stored | None) -> str:
        """Read a stored value back in French, with its unit."""
        return "—" if value is None else str(value)

    def cell(self, value: Stored | None) -> Any:
        """Return a stored value as a Table cell of `column_kind`."""
        return value

    def total(self, values: Sequence[Stored]) -> Any:
        """Return a pole's or the network's cell (of `total_kind`) from its establishments' values; None: none."""
        return None

    def sample(self, question: Question, rng: random.Random) -> Stored:
        """Draw a plausible value for the demo."""
        raise NotImplementedError

    def vary(self, question: Question, base: Stored, rng: random.Random) -> Stored:
        """Draw the demo's value of another period near an establishment's usual one."""
        return base


def _number(raw: Any, message: str) -> float:
    text = str(raw).strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if not _DECIMAL.match(text):
        raise ValueError(message)
    value = float(text.replace(",", "."))
    if not math.isfinite(value):  # 400 digits read as infinity: out of every bound
        raise ValueError("Ce nombre est bien trop grand.")
    return value


def _with_unit(text: str, question: Question) -> str:
    return f"{text} {question.unit}" if question.unit else text


def _french_number(value: float, digits: int = 0) -> str:
    if digits == 0:
        return f"{round(value):,}".replace(",", "\u202f")
    return f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")


@register
class CountType(IndicatorType):
    """A whole number, zero or more, at most its declared maximum: offers received, pupils without a placement."""

    name = "count"
    column_kind = total_kind = "int"
    total_label = "somme des établissements"
    kind_label = "Nombre entier"
    missing_message = "Veuillez saisir un nombre."

    def check_bounds(self, question: Question) -> list[tuple[str, str]]:
        problems = []
        if question.minimum is not None and question.minimum < 0:
            problems.append(("minimum", "un comptage ne peut pas être négatif (minimum : 0 ou plus)"))
        if question.maximum is not None and question.maximum > COUNT_MAX:
            problems.append(("maximum", f"un comptage va au plus jusqu'à {_french_number(COUNT_MAX)}"))
        low = question.minimum or 0
        if question.maximum is not None and question.maximum < low:
            problems.append(("minimum", "le minimum dépasse le maximum"))
        return problems

    def render_kw(self, question: Question) -> dict[str, str]:
        return {"inputmode": "numeric", "autocomplete": "off"}

    def bounds_text(self, question: Question) -> str:
        low, high = question.minimum or 0, question.maximum if question.maximum is not None else COUNT_MAX
        return _with_unit(f"de {_french_number(low)} à {_french_number(high)}", question)

    def parse_value(self, question: Question, raw: Any) -> Stored | None:
        if raw in (None, ""):
            return None
        value = _number(raw, "Saisissez un nombre entier, sans virgule (ex. 12).")
        if value != int(value):
            raise ValueError("Saisissez un nombre entier, sans virgule (ex. 12).")
        low, high = question.minimum or 0, question.maximum if question.maximum is not None else COUNT_MAX
        if not low <= value <= high:
            raise ValueError(f"Le nombre doit être compris entre {_french_number(low)} et {_french_number(high)}.")
        return float(int(value))

    def form_value(self, value: Stored | None) -> str:
        return "" if value is None else str(int(float(value)))

    def display(self, question: Question, value: Stored | None) -> str:
        return "—" if value is None else _with_unit(_french_number(float(value)), question)

    def cell(self, value: Stored | None) -> Any:
        return None if value is None else int(float(value))

    def total(self, values: Sequence[Stored]) -> Any:
        return int(sum(float(v) for v in values)) if values else None

    def sample(self, question: Question, rng: random.Random) -> Stored:
        high = min(question.maximum if question.maximum is not None else 100, 400)
        return float(rng.randint(question.minimum or 0, max(question.minimum or 0, high // 3)))

    def vary(self, question: Question, base: Stored, rng: random.Random) -> Stored:
        low, high = question.minimum or 0, question.maximum if question.maximum is not None else COUNT_MAX
        return float(min(high, max(low, round(float(base) * rng.uniform(0.8, 1.2)))))


@register
class PercentageType(IndicatorType):
    """A share from 0 to 100 %, one decimal at most: a placement rate, a share of pupils."""

    name = "percentage"
    column_kind = total_kind = "percent"
    total_label = "moyenne des établissements (non pondérée)"
    kind_label = "Pourcentage"
    missing_message = "Veuillez saisir un pourcentage."

    def check_bounds(self, question: Question) -> list[tuple[str, str]]:
        problems = []
        for bound in ("minimum", "maximum"):
            value = getattr(question, bound)
            if value is not None and not 0 <= value <= 100:
                problems.append((bound, "un pourcentage est compris entre 0 et 100"))
        if question.minimum is not None and question.maximum is not None and question.minimum > question.maximum:
            problems.append(("minimum", "le minimum dépasse le maximum"))
        return problems

    def render_kw(self, question: Question) -> dict[str, str]:
        return {"inputmode": "decimal", "autocomplete": "off"}

    def _bounds(self, question: Question) -> tuple[int, int]:
        return (question.minimum or 0, question.maximum if question.maximum is not None else 100)

    def bounds_text(self, question: Question) -> str:
        low, high = self._bounds(question)
        return f"de {low} à {high} %, une décimale au plus"

    def parse_value(self, question: Question, raw: Any) -> Stored | None:
        if raw in (None, ""):
            return None
        value = _number(str(raw).strip().removesuffix("%"), "Saisissez un pourcentage, par exemple 85 ou 85,5.")
        low, high = self._bounds(question)
        if not low <= value <= high:
            raise ValueError(f"Le pourcentage doit être compris entre {low} et {high}.")
        return round(value, 1)

    def form_value(self, value: Stored | None) -> str:
        if value is None:
            return ""
        number = float(value)
        return str(int(number)) if number == int(number) else str(number).replace(".", ",")

    def display(self, question: Question, value: Stored | None) -> str:
        if value is None:
            return "—"
        number = float(value)
        return _french_number(number, 0 if number == int(number) else 1) + "\u202f%"

    def cell(self, value: Stored | None) -> Any:
        return None if value is None else float(value) / 100  # a Table's "percent" column holds a fraction

    def total(self, values: Sequence[Stored]) -> Any:
        return sum(float(v) for v in values) / len(values) / 100 if values else None

    def sample(self, question: Question, rng: random.Random) -> Stored:
        low, high = self._bounds(question)
        return round(rng.uniform(max(low, 55), high), 1)

    def vary(self, question: Question, base: Stored, rng: random.Random) -> Stored:
        low, high = self._bounds(question)
        return round(min(high, max(low, float(base) + rng.uniform(-6, 6))), 1)


def indicator_type(question: Question) -> IndicatorType:
    """Return the indicator type of a question of an indicators instrument (the loader refused any other)."""
    kind = QUESTION_TYPES[question.type]
    if not isinstance(kind, IndicatorType):
        raise TypeError(f"« {question.id} » n'est pas un indicateur")
    return kind
