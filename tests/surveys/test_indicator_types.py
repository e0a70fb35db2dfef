"""Indicator instruments: typed indicators declared in YAML, checked on load and on entry, in French."""

from __future__ import annotations

import random
import re

import pytest

from app.surveys.indicator_types import indicator_type
from app.surveys.loader import load_directory, parse_survey
from app.surveys.schema import Question
from tests.surveys import samples


def _indicators(*questions: dict) -> dict:
    return {
        "slug": "indicateurs-test",
        "version": "1",
        "kind": "indicators",
        "title": "Indicateurs de test",
        "sections": [{"id": "chiffres", "title": "Chiffres", "questions": list(questions)}],
    }


def _problems(data: dict) -> list[str]:
    _, errors = parse_survey(data, "i.yaml")
    return [f"{e.path}: {e.message}" for e in errors]


def test_the_shipped_poles_de_stages_instrument_loads_with_four_types_of_indicator():
    survey = next(i.survey for i in load_directory(samples.SHIPPED_DIR) if i.survey.slug == "poles-de-stages")
    assert survey.is_indicators and survey.scales == {}
    types = {q.type for _, q in survey.questions()}
    assert types == {"count", "percentage", "yesno", "text"}
    sans_stage = survey.question("eleves-sans-stage")
    assert sans_stage is not None and sans_stage.unit == "élèves" and sans_stage.maximum == 5000


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ({"id": "a", "type": "scale", "text": "Q", "scale": "x"}, "sections[0].questions[0].type: un instrument"),
        ({"id": "a", "type": "count", "text": "Q", "minimum": -1}, "un comptage ne peut pas être négatif"),
        ({"id": "a", "type": "count", "text": "Q", "minimum": 10, "maximum": 5}, "le minimum dépasse le maximum"),
        ({"id": "a", "type": "count", "text": "Q", "max_length": 20}, "réservée aux indicateurs « text »"),
        ({"id": "a", "type": "percentage", "text": "Q", "maximum": 150}, "un pourcentage est compris entre 0 et 100"),
        ({"id": "a", "type": "yesno", "text": "Q", "maximum": 1}, "n'a pas de bornes minimum et maximum"),
        ({"id": "a", "type": "text", "text": "Q", "max_length": 0}, "valeur trop petite (minimum : 1)"),
        ({"id": "a", "type": "count", "text": "Q", "unit": "x" * 41}, "texte trop long (40 caractères au plus)"),
        ({"id": "a", "type": "count", "text": "Q", "scale": "x"}, "un indicateur « count » n'a pas d'échelle"),
        ({"id": "a", "type": "curseur", "text": "Q"}, "types connus : count, percentage, text, yesno"),
    ],
)
def test_a_bad_indicator_is_reported_with_its_place_in_french(question, expected):
    problems = _problems(_indicators(question))
    assert any(expected in p for p in problems), problems


def test_an_indicator_in_a_staff_questionnaire_is_refused():
    data = samples.items()
    data["sections"][0]["questions"][0] = {"id": "nb", "type": "count", "text": "Combien ?"}
    problems = _problems(data)
    assert any("sections[0].questions[0].type" in p and "kind: indicators" in p for p in problems), problems


def _q(**fields) -> Question:
    return Question(id="q", text="Q", **fields)


@pytest.mark.parametrize(
    ("question", "raw", "stored"),
    [
        (_q(type="count", maximum=50), " 12 ", 12.0),
        (_q(type="count"), "1 234", 1234.0),
        (_q(type="percentage"), "85,5", 85.5),
        (_q(type="percentage"), "85 %", 85.0),
        (_q(type="yesno"), "oui", 1.0),
        (_q(type="yesno"), "non", 0.0),
        (_q(type="text", max_length=10), "  deux   mots ", "deux mots"),
        (_q(type="count"), "", None),
    ],
)
def test_a_typed_value_is_stored_as_its_type_says(question, raw, stored):
    assert indicator_type(question).parse_value(question, raw) == stored


@pytest.mark.parametrize(
    ("question", "raw", "message"),
    [
        (_q(type="count", maximum=50), "51", "Le nombre doit être compris entre 0 et 50."),
        (_q(type="count"), "-1", "Le nombre doit être compris entre 0 et 1\u202f000\u202f000."),
        (_q(type="count"), "12,5", "Saisissez un nombre entier, sans virgule (ex. 12)."),
        (_q(type="percentage"), "101", "Le pourcentage doit être compris entre 0 et 100."),
        (_q(type="percentage"), "beaucoup", "Saisissez un pourcentage, par exemple 85 ou 85,5."),
        (_q(type="yesno"), "peut-être", "Choisissez oui ou non."),
        (_q(type="text", max_length=5), "six car", "Le texte doit faire au plus 5 caractères (il en fait 7)."),
    ],
)
def test_a_value_out_of_type_or_bounds_is_refused_in_french(question, raw, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        indicator_type(question).parse_value(question, raw)


def test_totals_are_sums_means_and_oui_counts():
    assert indicator_type(_q(type="count")).total([3.0, 4.0]) == 7
    assert indicator_type(_q(type="percentage")).total([80.0, 60.0]) == pytest.approx(0.7)
    assert indicator_type(_q(type="yesno")).total([1.0, 0.0, 1.0]) == 2
    assert indicator_type(_q(type="text")).total(["a"]) is None


def test_demo_values_stay_within_bounds():
    rng = random.Random(1)
    question = _q(type="count", maximum=10)
    kind = indicator_type(question)
    values = [kind.vary(question, kind.sample(question, rng), rng) for _ in range(200)]
    assert all(0 <= v <= 10 for v in values)
