"""Registry of question types: how each is checked when loaded, rendered, validated, read back and counted.

Adding a type means adding one class decorated with `register`; a survey file then names it in `type:`.
Nothing outside this module tests a type's name: the forms, the journey, the feedback, analytics and the
demo generator ask the question's type (`type_of(question)`) instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from wtforms import Field, IntegerField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError
from wtforms.validators import Optional as OptionalValidator

from app.surveys.schema import DONT_KNOW, Question, Scale, Survey

NOT_APPLICABLE = "na"  # form value of the "non concerné" option
DONT_KNOW_CHOICE = "nsp"  # form value of the "je ne sais pas / ne se prononce pas" option, stored as DONT_KNOW
# Answers are stored in a SmallInteger column, whose smallest value is reserved for DONT_KNOW.
STORED_MIN, STORED_MAX = DONT_KNOW + 1, 32767


@dataclass(frozen=True)
class AnswerSpace:
    """What a generator may draw for a question: the allowed values in order, or whole numbers within bounds."""

    values: tuple[int, ...] | None  # None: any whole number from minimum to maximum
    minimum: int = 0
    maximum: int = 100
    not_applicable: bool = False  # "non concerné" may be answered (stored as NULL)
    dont_know: bool = False  # "ne se prononce pas" may be answered (stored as DONT_KNOW)


class QuestionType:
    name: ClassVar[str]
    template: ClassVar[str]  # the macro that draws it, in templates/respondent/_questions.html
    needs_scale: ClassVar[bool] = True
    is_dimension: ClassVar[bool] = False  # a dimension of the grid: analysed, fed back and agreed on as a level
    is_item: ClassVar[bool] = False  # a self-positioning item on one of the survey's scales, grouped by theme
    is_indicator: ClassVar[bool] = False  # an establishment's figure reported by its head (app/surveys/indicator_types)

    def check(self, survey: Survey, question: Question) -> list[tuple[str, str]]:
        """Return (sub-path, message) for every problem of this question's definition."""
        problems = []
        if question.minimum is not None or question.maximum is not None:
            problems.append(("minimum", "les bornes minimum et maximum sont réservées aux questions « number »"))
        if question.unit is not None or question.max_length is not None:
            problems.append(("unit", "l'unité et la longueur maximale sont réservées aux indicateurs"))
        if self.needs_scale:
            if not question.scale:
                problems.append(("scale", "échelle manquante (champ « scale » requis pour ce type)"))
            elif question.scale not in survey.scales:
                problems.append(("scale", f"échelle inconnue « {question.scale} »"))
        return problems

    def field(self, survey: Survey, question: Question) -> Field:
        """Return the unbound WTForms field that asks this question."""
        raise NotImplementedError

    def parse(self, survey: Survey, question: Question, raw: str | None) -> int | None:
        """Turn a submitted value into what is stored; raise ValueError with a French message."""
        raise NotImplementedError

    def answer_label(self, survey: Survey, question: Question, raw: str) -> str:
        """Read a non-empty answer back as the respondent saw it (review page)."""
        return str(raw)

    def first_input_id(self, field_id: str) -> str:
        """Return the id of the field's first input, where the error summary's link lands."""
        return field_id

    def answer_space(self, survey: Survey, question: Question) -> AnswerSpace:
        """Say what a generator (demo data, benchmarks) may draw as an answer."""
        raise NotImplementedError


class ChoiceType(QuestionType):
    """One choice among listed options, drawn as numbered radio buttons; by default the points of its scale."""

    forbids_not_applicable: ClassVar[bool] = False
    offers_dont_know: ClassVar[bool] = False  # "je ne sais pas" may be declared on its scale (`dont_know:`)

    def check(self, survey: Survey, question: Question) -> list[tuple[str, str]]:
        problems = super().check(survey, question)
        scale = survey.scales.get(question.scale or "")
        if scale is not None and scale.dont_know and not self.offers_dont_know:
            offering = ", ".join(f"« {name} »" for name, kind in QUESTION_TYPES.items() if _offers_dont_know(kind))
            problems.append(
                (
                    "scale",
                    f"l'échelle « {question.scale} » déclare « dont_know », "
                    f"que seules les questions de type {offering} proposent",
                )
            )
        return problems

    def choices(self, survey: Survey, question: Question) -> list[tuple[str, str]]:
        """Return the (form value, label) options, in order."""
        scale = self._scale(survey, question)
        choices = [(str(p.value), p.label) for p in scale.points]
        if scale.not_applicable and not self.forbids_not_applicable:
            choices.append((NOT_APPLICABLE, scale.not_applicable))
        if scale.dont_know and self.offers_dont_know:
            choices.append((DONT_KNOW_CHOICE, scale.dont_know))
        return choices

    def field(self, survey: Survey, question: Question) -> Field:
        validators = [InputRequired("Veuillez choisir une réponse.")] if question.required else [OptionalValidator()]
        # WTForms 3.3 deprecates (value, label) tuples as choices.
        choices = [SelectChoice(value, label) for value, label in self.choices(survey, question)]
        return RadioField(question.text, choices=choices, validators=validators, description=question.help or "")

    def parse(self, survey: Survey, question: Question, raw: str | None) -> int | None:
        allowed = dict(self.choices(survey, question))
        if raw in (None, ""):
            if question.required:
                raise ValueError("Veuillez choisir une réponse.")
            return None
        if raw not in allowed:
            raise ValueError("Cette réponse ne fait pas partie des choix proposés.")
        if raw == DONT_KNOW_CHOICE:
            return DONT_KNOW
        return None if raw == NOT_APPLICABLE else int(raw)

    def answer_label(self, survey: Survey, question: Question, raw: str) -> str:
        if not question.scale:
            return str(raw)
        scale = self._scale(survey, question)
        if raw == NOT_APPLICABLE:
            return scale.not_applicable or "Non concerné"
        if raw == DONT_KNOW_CHOICE:
            return scale.dont_know or "Ne se prononce pas"
        try:
            value = int(raw)
        except (TypeError, ValueError):  # a tampered draft may hold a list or a dict
            return str(raw)
        return self.point_label(value, scale.label_for(value))

    def point_label(self, value: int, label: str) -> str:
        """Word a point of the scale for the review page."""
        return label

    def first_input_id(self, field_id: str) -> str:
        return f"{field_id}-0"  # the macros number the radio buttons from 0

    def answer_space(self, survey: Survey, question: Question) -> AnswerSpace:
        scale = self._scale(survey, question)
        offered = bool(scale.not_applicable) and not self.forbids_not_applicable
        dont_know = bool(scale.dont_know) and self.offers_dont_know
        return AnswerSpace(tuple(sorted(scale.values())), not_applicable=offered, dont_know=dont_know)

    def _scale(self, survey: Survey, question: Question) -> Scale:
        return survey.scales[question.scale or ""]


QUESTION_TYPES: dict[str, QuestionType] = {}
T = TypeVar("T", bound=type[QuestionType])


def register(cls: T) -> T:
    """Make a question type known under its name, refusing a name already taken."""
    if cls.name in QUESTION_TYPES:
        raise ValueError(f"question type « {cls.name} » already registered")
    QUESTION_TYPES[cls.name] = cls()
    return cls


def _offers_dont_know(kind: QuestionType) -> bool:
    return isinstance(kind, ChoiceType) and kind.offers_dont_know


def type_of(question: Question) -> QuestionType:
    """Return the registered type of a loaded question (the loader refused unknown names)."""
    return QUESTION_TYPES[question.type]


@register
class LevelType(ChoiceType):
    """A level of the grid: cards with one descriptor per level, pick one."""

    name = "level"
    template = "level"
    forbids_not_applicable = True
    offers_dont_know = True
    is_dimension = True

    def check(self, survey: Survey, question: Question) -> list[tuple[str, str]]:
        problems = super().check(survey, question)
        if question.scale not in survey.scales:
            return problems
        values = survey.scales[question.scale].values()
        given = question.descriptors or {}
        for value in values:
            if not (given.get(value) or "").strip():
                problems.append((f"descriptors[{value}]", f"descripteur manquant pour le niveau {value}"))
        for value in given:
            if value not in values:
                problems.append((f"descriptors[{value}]", f"niveau {value} absent de l'échelle « {question.scale} »"))
        return problems

    def point_label(self, value: int, label: str) -> str:
        return f"Niveau {value} — {label}"


@register
class ScaleType(ChoiceType):
    """An item answered on an agreement or frequency scale, optionally "non concerné"."""

    name = "scale"
    template = "scale"
    is_item = True

    def check(self, survey: Survey, question: Question) -> list[tuple[str, str]]:
        problems = super().check(survey, question)
        if question.descriptors:
            problems.append(("descriptors", "les descripteurs sont réservés aux questions de type « level »"))
        return problems


@register
class NumberType(QuestionType):
    """A whole number within bounds: an indicator reported by a pole or an establishment."""

    name = "number"
    template = "number"
    needs_scale = False

    def check(self, survey: Survey, question: Question) -> list[tuple[str, str]]:
        problems = []
        if question.scale:
            problems.append(("scale", "une question « number » n'a pas d'échelle"))
        if question.descriptors:
            problems.append(("descriptors", "les descripteurs sont réservés aux questions de type « level »"))
        if question.minimum is not None and question.maximum is not None and question.minimum > question.maximum:
            problems.append(("minimum", "le minimum dépasse le maximum"))
        if question.unit is not None or question.max_length is not None:
            problems.append(("unit", "l'unité et la longueur maximale sont réservées aux indicateurs"))
        for bound in ("minimum", "maximum"):
            value = getattr(question, bound)
            if value is not None and not STORED_MIN <= value <= STORED_MAX:
                problems.append((bound, f"doit être compris entre {STORED_MIN} et {STORED_MAX} (limite de stockage)"))
        return problems

    def field(self, survey: Survey, question: Question) -> Field:
        validators = [InputRequired("Veuillez saisir un nombre.")] if question.required else [OptionalValidator()]
        validators.append(_within(question))
        return IntegerField(question.text, validators=validators, description=question.help or "")

    def parse(self, survey: Survey, question: Question, raw: str | None) -> int | None:
        if raw in (None, ""):
            if question.required:
                raise ValueError("Veuillez saisir un nombre.")
            return None
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise ValueError("Veuillez saisir un nombre entier.") from None
        if question.minimum is not None and value < question.minimum:
            raise ValueError(f"Le nombre doit être au moins {question.minimum}.")
        if question.maximum is not None and value > question.maximum:
            raise ValueError(f"Le nombre doit être au plus {question.maximum}.")
        if not STORED_MIN <= value <= STORED_MAX:
            raise ValueError(f"Le nombre doit être compris entre {STORED_MIN} et {STORED_MAX}.")
        return value

    def answer_space(self, survey: Survey, question: Question) -> AnswerSpace:
        # An unbounded side gets a plausible hundred, not the storage limit.
        low = question.minimum if question.minimum is not None else 0
        high = question.maximum if question.maximum is not None else low + 100
        return AnswerSpace(None, max(low, STORED_MIN), min(high, STORED_MAX))


def _within(question: Question) -> Callable[[Any, Field], None]:
    """Check a whole number's bounds as integers: WTForms' NumberRange turns it into a float, which a 400-digit
    number overflows (a 500 instead of the French message)."""

    def check(form: Any, field: Field) -> None:
        value = field.data
        low, high = question.minimum, question.maximum
        if isinstance(value, int) and ((low is not None and value < low) or (high is not None and value > high)):
            raise ValidationError(_range_message(question))

    return check


def _range_message(question: Question) -> str:
    if question.minimum is not None and question.maximum is not None:
        return f"Le nombre doit être compris entre {question.minimum} et {question.maximum}."
    if question.minimum is not None:
        return f"Le nombre doit être au moins {question.minimum}."
    return f"Le nombre doit être au plus {question.maximum}."


COMMENT_MAX_LENGTH = 1000


def comment_field() -> Field:
    return TextAreaField("Commentaire (facultatif)", validators=[OptionalValidator(), Length(max=COMMENT_MAX_LENGTH)])
