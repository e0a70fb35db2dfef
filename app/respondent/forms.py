"""Respondent forms; a section's form is built at runtime from the survey definition."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, RadioField, SelectChoice, StringField
from wtforms.validators import AnyOf, InputRequired

from app.surveys.question_types import COMMENT_MAX_LENGTH, comment_field, type_of
from app.surveys.schema import Question, Section, Survey

ANSWER_PREFIX, COMMENT_PREFIX = "q-", "c-"


def answer_name(key: str) -> str:
    return ANSWER_PREFIX + key


def comment_name(key: str) -> str:
    return COMMENT_PREFIX + key


class CodeForm(FlaskForm):
    code = StringField("Code d'accès", validators=[InputRequired("Saisissez votre code d'accès.")])


class StartForm(FlaskForm):
    """Only its CSRF token: starting creates a draft, so it is a POST."""


class AnotherPersonForm(FlaskForm):
    """The answer to « Une autre personne répond-elle sur cet appareil ? », posted to start a new questionnaire."""

    autre_personne = HiddenField()  # no default: a POST without the field is no answer

    def confirmed(self) -> bool:
        return bool(self.validate_on_submit()) and self.autre_personne.data == "oui"


class SubmitForm(FlaskForm):
    # The draft's key, so that a resubmit after the draft is gone still finds the stored response.
    submission_key = HiddenField()


class CategoryForm(FlaskForm):
    retour = HiddenField()

    def problems(self) -> list[tuple[str | None, str, str]]:
        field = self["category"]
        return [(f"{field.id}-0", "Votre catégorie", field.errors[0])] if field.errors else []


def category_form(survey: Survey, data: dict[str, Any] | None = None) -> CategoryForm:
    """Build the respondent-category form from the survey's categories."""
    ids = [c.id for c in survey.categories]

    class SurveyCategoryForm(CategoryForm):
        category = RadioField(
            "Vous êtes",
            choices=[SelectChoice(c.id, c.label) for c in survey.categories],
            validate_choice=False,
            validators=[
                InputRequired("Veuillez indiquer votre catégorie de personnel."),
                AnyOf(ids, message="Veuillez choisir une des catégories proposées."),
            ],
        )

    return SurveyCategoryForm(data=data or {})


class SectionForm(FlaskForm):
    """One page of the questionnaire. The question types' `parse()` decide what is valid."""

    retour = HiddenField()
    survey: Survey
    section: Section
    _formdata_keys: Sequence[str] = ()

    def questions(self) -> list[tuple[Question, Field, Field | None, str]]:
        """Each question of the page with its answer field, its comment field if offered, and its macro's name."""
        return [
            (
                q,
                self[answer_name(q.id)],
                self[comment_name(q.id)] if q.comment else None,
                type_of(q).template,
            )
            for q in self.section.questions
        ]

    def problems(self) -> list[tuple[str | None, str, str]]:
        """List (anchor, label, message) for the error summary at the top of the page."""
        found: list[tuple[str | None, str, str]] = [(None, "", message) for message in self.form_errors]
        several = len(self.section.questions) > 1
        for position, (question, field, comment, _) in enumerate(self.questions(), start=1):
            name = f"Question {position}" if several else "Votre réponse"
            if field.errors:
                found.append((type_of(question).first_input_id(field.id), name, field.errors[0]))
            if comment is not None and comment.errors:
                found.append(
                    (comment.id, f"Commentaire{f' de la question {position}' if several else ''}", comment.errors[0])
                )
        return found

    def validate(self, extra_validators=None) -> bool:
        """Let each question type's parse() judge its answer, with its own French message."""
        super().validate(extra_validators)
        self.values: dict[str, str | None] = {}
        self.comments: dict[str, str] = {}
        for question, field, comment, _ in self.questions():
            raw = self._raw(field)
            field.errors = []
            try:
                type_of(question).parse(self.survey, question, raw)
            except ValueError as exc:
                field.errors = [str(exc)]
            else:
                self.values[question.id] = raw
            if comment is not None:
                text = (comment.data or "").strip()
                comment.errors = []
                if len(text) > COMMENT_MAX_LENGTH:
                    comment.errors = [
                        f"Le commentaire ne doit pas dépasser {COMMENT_MAX_LENGTH} caractères "
                        f"(il en compte {len(text)})."
                    ]
                else:
                    self.comments[question.id] = text
        self.form_errors: list[str] = list(self.form_errors) + self._unknown_fields()
        return not self.errors

    def _raw(self, field: Field) -> str | None:
        raw = field.raw_data[0] if field.raw_data else None
        return raw.strip() if isinstance(raw, str) else raw

    def _unknown_fields(self) -> list[str]:
        """Refuse answers to questions that are not on this page (a tampered or outdated form)."""
        keys = [q.id for q in self.section.questions]
        known = {answer_name(key) for key in keys} | {comment_name(key) for key in keys}
        unknown = [
            name
            for name in self._formdata_keys
            if name.startswith((ANSWER_PREFIX, COMMENT_PREFIX)) and name not in known
        ]
        if unknown:
            return ["Le formulaire contient une réponse à une question qui ne figure pas sur cette page."]
        return []


def section_form(
    survey: Survey, section: Section, formdata: Any = None, data: dict[str, Any] | None = None
) -> SectionForm:
    """Compose the page's form: one field per question, through the question-type registry."""
    attributes: dict[str, object] = {"survey": survey, "section": section}
    for question in section.questions:
        attributes[answer_name(question.id)] = type_of(question).field(survey, question)
        if question.comment:
            attributes[comment_name(question.id)] = comment_field()
    form_class = type(f"SectionForm_{section.id}", (SectionForm,), attributes)
    form: SectionForm = form_class(formdata=formdata, data=data or {})
    form._formdata_keys = list(formdata.keys()) if formdata is not None else []
    return form
