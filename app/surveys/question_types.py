"""Registry of question types: how each is checked when loaded, rendered, and validated when answered.

Adding a type means adding one class here; a survey file then names it in `type:`.
"""

from __future__ import annotations

from typing import ClassVar

from wtforms import Field, IntegerField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange
from wtforms.validators import Optional as OptionalValidator

from app.surveys.schema import Question, Survey

NOT_APPLICABLE = "na"  # form value of the "non concerné" option
STORED_MIN, STORED_MAX = -32768, 32767  # answers are stored in a SmallInteger column


class QuestionType:
    name: ClassVar[str]
    template: ClassVar[str]  # the macro that draws it, in templates/respondent/_questions.html
    needs_scale: ClassVar[bool] = True

    def check(self, survey: Survey, question: Question) -> list[tuple[str, str]]:
        """Return (sub-path, message) for every problem of this question's definition."""
        problems = []
        if question.minimum is not None or question.maximum is not None:
            problems.append(("minimum", "les bornes minimum et maximum sont réservées aux questions « number »"))
        if self.needs_scale:
            if not question.scale:
                problems.append(("scale", "échelle manquante (champ « scale » requis pour ce type)"))
            elif question.scale not in survey.scales:
                problems.append(("scale", f"échelle inconnue « {question.scale} »"))
        return problems

    def field(self, survey: Survey, question: Question) -> Field:
        raise NotImplementedError

    def parse(self, survey: Survey, question: Question, raw: str | None) -> int | None:
        """Turn a submitted value into what is stored; raise ValueError with a French message."""
        raise NotImplementedError

    def choices(self, survey: Survey, question: Question) -> list[tuple[str, str]]:
        scale = survey.scales[question.scale or ""]  # the loader refuses a choice without a known scale
        choices = [(str(p.value), p.label) for p in scale.points]
        if scale.not_applicable and not self.forbids_not_applicable:
            choices.append((NOT_APPLICABLE, scale.not_applicable))
        return choices

    forbids_not_applicable: ClassVar[bool] = False

    def _parse_choice(self, survey: Survey, question: Question, raw: str | None) -> int | None:
        allowed = dict(self.choices(survey, question))
        if raw in (None, ""):
            if question.required:
                raise ValueError("Veuillez choisir une réponse.")
            return None
        if raw not in allowed:
            raise ValueError("Cette réponse ne fait pas partie des choix proposés.")
        return None if raw == NOT_APPLICABLE else int(raw)

    def _radio(self, survey: Survey, question: Question) -> Field:
        validators = [InputRequired("Veuillez choisir une réponse.")] if question.required else [OptionalValidator()]
        # WTForms 3.3 deprecates (value, label) tuples as choices.
        choices = [SelectChoice(value, label) for value, label in self.choices(survey, question)]
        return RadioField(question.text, choices=choices, validators=validators, description=question.help or "")


class LevelType(QuestionType):
    """A level of the grid: cards with one descriptor per level, pick one."""

    name = "level"
    template = "level"
    forbids_not_applicable = True

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

    def field(self, survey: Survey, question: Question) -> Field:
        return self._radio(survey, question)

    def parse(self, survey: Survey, question: Question, raw: str | None) -> int | None:
        return self._parse_choice(survey, question, raw)


class ScaleType(QuestionType):
    """An item answered on an agreement or frequency scale, optionally "non concerné"."""

    name = "scale"
    template = "scale"

    def check(self, survey: Survey, question: Question) -> list[tuple[str, str]]:
        problems = super().check(survey, question)
        if question.descriptors:
            problems.append(("descriptors", "les descripteurs sont réservés aux questions de type « level »"))
        return problems

    def field(self, survey: Survey, question: Question) -> Field:
        return self._radio(survey, question)

    def parse(self, survey: Survey, question: Question, raw: str | None) -> int | None:
        return self._parse_choice(survey, question, raw)


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
        for bound in ("minimum", "maximum"):
            value = getattr(question, bound)
            if value is not None and not STORED_MIN <= value <= STORED_MAX:
                problems.append((bound, f"doit être compris entre {STORED_MIN} et {STORED_MAX} (limite de stockage)"))
        return problems

    def field(self, survey: Survey, question: Question) -> Field:
        validators = [InputRequired("Veuillez saisir un nombre.")] if question.required else [OptionalValidator()]
        validators.append(NumberRange(min=question.minimum, max=question.maximum, message=_range_message(question)))
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


def _range_message(question: Question) -> str:
    if question.minimum is not None and question.maximum is not None:
        return f"Le nombre doit être compris entre {question.minimum} et {question.maximum}."
    if question.minimum is not None:
        return f"Le nombre doit être au moins {question.minimum}."
    return f"Le nombre doit être au plus {question.maximum}."


QUESTION_TYPES: dict[str, QuestionType] = {t.name: t for t in (LevelType(), ScaleType(), NumberType())}

COMMENT_MAX_LENGTH = 1000


def comment_field() -> Field:
    return TextAreaField("Commentaire (facultatif)", validators=[OptionalValidator(), Length(max=COMMENT_MAX_LENGTH)])
