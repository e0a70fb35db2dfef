"""Every question of every instrument, including a third kind, builds its form field and validates its answers."""

from __future__ import annotations

import shutil
from typing import ClassVar

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form

from app.surveys.loader import load_directory
from app.surveys.question_types import DONT_KNOW_CHOICE, NOT_APPLICABLE, QUESTION_TYPES
from app.surveys.schema import DONT_KNOW, Question, Survey
from tests.surveys import samples


@pytest.fixture(scope="module")
def instruments(tmp_path_factory) -> dict[str, Survey]:
    """The two shipped instruments and the pole indicators, loaded together from one directory."""
    directory = tmp_path_factory.mktemp("instruments")
    for path in [*samples.SHIPPED_DIR.glob("*.yaml"), samples.NUMBERS_FILE]:
        shutil.copy(path, directory)
    # The indicator instruments are answered by heads, not through these pages (tests/surveys/test_indicator_types.py).
    return {item.survey.slug: item.survey for item in load_directory(directory) if not item.survey.is_indicators}


def test_three_kinds_of_instrument_load_together(instruments):
    assert {slug: s.kind for slug, s in instruments.items()} == {
        "territoire-apprenant": "grid",
        "autopositionnement": "items",
        "nombres-test": "items",
    }
    indicators = instruments["nombres-test"]
    assert indicators.scales == {}
    assert all(q.type == "number" and q.minimum == 0 and q.maximum for _, q in indicators.questions())
    assert {"offres-recensees", "eleves-sans-stage", "entreprises-partenaires"} <= {
        q.id for _, q in indicators.questions()
    }


class FrenchForm(Form):
    class Meta:
        locales: ClassVar[list[str]] = ["fr_FR", "fr"]


def _form(survey: Survey, question: Question, raw: str | None):
    """Build a one-question form through the registry, as the questionnaire pages do, and fill it."""
    form_class = type("OneQuestion", (FrenchForm,), {"answer": QUESTION_TYPES[question.type].field(survey, question)})
    return form_class(formdata=MultiDict({} if raw is None else {"answer": raw}))


def _valid_raw(survey: Survey, question: Question) -> str:
    if question.type == "number":
        return str(question.maximum)
    return QUESTION_TYPES[question.type].choices(survey, question)[-1][0]


def _all_questions(instruments) -> list[tuple[Survey, Question]]:
    return [(survey, q) for survey in instruments.values() for _, q in survey.questions()]


def test_every_question_builds_a_field_that_accepts_a_valid_answer(instruments):
    checked = 0
    for survey, question in _all_questions(instruments):
        qtype = QUESTION_TYPES[question.type]
        raw = _valid_raw(survey, question)
        form = _form(survey, question, raw)
        assert form.validate(), (survey.slug, question.id, form.errors)
        assert form.answer.label.text == question.text
        expected = {NOT_APPLICABLE: None, DONT_KNOW_CHOICE: DONT_KNOW}.get(raw) if not raw.isdigit() else int(raw)
        assert qtype.parse(survey, question, raw) == expected
        checked += 1
    assert checked == 5 + len(instruments["autopositionnement"].questions()) + 9


def test_every_field_refuses_an_answer_out_of_range(instruments):
    for survey, question in _all_questions(instruments):
        raw = str(question.maximum + 1) if question.type == "number" else "6"
        form = _form(survey, question, raw)
        assert not form.validate(), (survey.slug, question.id)
        assert form.errors["answer"][0] in (
            "N'est pas un choix valide.",  # WTForms' own French catalogue
            f"Le nombre doit être compris entre 0 et {question.maximum}.",
        )
        with pytest.raises(ValueError):
            QUESTION_TYPES[question.type].parse(survey, question, raw)


def test_level_field_refuses_not_applicable(instruments):
    survey, question = _first(instruments, "territoire-apprenant")
    form = _form(survey, question, NOT_APPLICABLE)
    assert not form.validate()
    assert form.errors == {"answer": ["N'est pas un choix valide."]}


def test_required_fields_refuse_a_missing_answer_in_french(instruments):
    for survey, question in _all_questions(instruments):
        form = _form(survey, question, None)
        if question.required:
            assert not form.validate()
            assert form.errors["answer"][0] in ("Veuillez choisir une réponse.", "Veuillez saisir un nombre.")
        else:
            assert form.validate(), form.errors


def test_number_field_names_its_bounds(instruments):
    survey = instruments["nombres-test"]
    question = survey.question("reunions-pole")
    form = _form(survey, question, "101")
    assert not form.validate()
    assert form.errors["answer"] == ["Le nombre doit être compris entre 0 et 100."]


def _first(instruments, slug: str) -> tuple[Survey, Question]:
    survey = instruments[slug]
    return survey, survey.questions()[0][1]


REFUSED = [  # (instrument, raw answer, French message)
    ("territoire-apprenant", "6", "Cette réponse ne fait pas partie des choix proposés."),
    ("territoire-apprenant", "0", "Cette réponse ne fait pas partie des choix proposés."),
    ("territoire-apprenant", NOT_APPLICABLE, "Cette réponse ne fait pas partie des choix proposés."),
    ("territoire-apprenant", "", "Veuillez choisir une réponse."),
    ("territoire-apprenant", None, "Veuillez choisir une réponse."),
    ("autopositionnement", "5", "Cette réponse ne fait pas partie des choix proposés."),
    ("autopositionnement", "souvent", "Cette réponse ne fait pas partie des choix proposés."),
    ("autopositionnement", " 3", "Cette réponse ne fait pas partie des choix proposés."),
    ("autopositionnement", None, "Veuillez choisir une réponse."),
    ("nombres-test", "-1", "Le nombre doit être au moins 0."),
    ("nombres-test", "20001", "Le nombre doit être au plus 20000."),
    ("nombres-test", "12,5", "Veuillez saisir un nombre entier."),
    ("nombres-test", "douze", "Veuillez saisir un nombre entier."),
    ("nombres-test", "", "Veuillez saisir un nombre."),
]


@pytest.mark.parametrize("slug, raw, message", REFUSED)
def test_parse_refuses_with_a_french_message(instruments, slug, raw, message):
    survey, question = _first(instruments, slug)
    with pytest.raises(ValueError) as caught:
        QUESTION_TYPES[question.type].parse(survey, question, raw)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "slug, raw, stored",
    [
        ("territoire-apprenant", "1", 1),
        ("territoire-apprenant", "5", 5),
        ("autopositionnement", "4", 4),
        ("autopositionnement", NOT_APPLICABLE, None),  # "non concerné" is stored as NULL
        ("nombres-test", "0", 0),
        ("nombres-test", " 42 ", 42),
    ],
)
def test_parse_accepts_what_the_form_offers(instruments, slug, raw, stored):
    survey, question = _first(instruments, slug)
    assert QUESTION_TYPES[question.type].parse(survey, question, raw) == stored


def test_optional_number_may_be_left_empty(instruments):
    survey = instruments["nombres-test"]
    question = survey.question("collegiens-stage-observation")
    assert not question.required
    assert QUESTION_TYPES["number"].parse(survey, question, "") is None


def test_level_choices_never_offer_not_applicable(instruments):
    first = instruments["territoire-apprenant"]
    assert first.version == "1"  # the files sort `slug-2.yaml` before `slug.yaml`: the dict keeps edition 1
    question = next(q for _, q in first.questions())
    assert [value for value, _ in QUESTION_TYPES["level"].choices(first, question)] == ["1", "2", "3", "4", "5"]
    second = next(
        i.survey for i in load_directory(samples.SHIPPED_DIR) if (i.survey.slug, i.survey.version) == (first.slug, "2")
    )
    choices = QUESTION_TYPES["level"].choices(second, second.question(question.id))
    # "je ne sais pas", declared on edition 2's scale, comes last; "non concerné" never does.
    assert [value for value, _ in choices] == ["1", "2", "3", "4", "5", DONT_KNOW_CHOICE]
    survey, question = _first(instruments, "autopositionnement")
    assert QUESTION_TYPES["scale"].choices(survey, question)[-1] == (NOT_APPLICABLE, "Non concerné")


def test_a_number_of_hundreds_of_digits_gets_the_range_message(instruments):
    """WTForms' NumberRange would turn it into a float and overflow: a 500 instead of a French message."""
    survey = instruments["nombres-test"]
    question = next(q for _, q in survey.questions() if q.type == "number" and q.maximum)
    form = _form(survey, question, "1" * 400)
    assert not form.validate()
    assert form.answer.errors == [f"Le nombre doit être compris entre {question.minimum} et {question.maximum}."]
    with pytest.raises(ValueError, match="au plus"):
        QUESTION_TYPES["number"].parse(survey, question, "1" * 400)
