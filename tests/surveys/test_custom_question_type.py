"""A question type registered here only, in this test, is loaded, answered, stored, read back and fed back.

Nothing else in the app is changed for it: what the forms, the journey, the feedback, analytics and the demo
generator need of a type, they ask its class.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
import pytest
from sqlalchemy import select

from app.analytics.instrument import dimensions_of, items_of
from app.demo.responses import question_plans
from app.models import Answer, AnswerComment, Question, Response
from app.services.surveys import sync_surveys
from app.surveys.loader import SurveyLoadError, load_directory
from app.surveys.question_types import QUESTION_TYPES, AnswerSpace, ChoiceType, register
from app.surveys.schema import Question as SurveyQuestion
from app.surveys.schema import Survey
from tests.respondent.helpers import open_link, survey_for, text

SLUG = "charte-numerique"
INSTRUMENT = f"""
slug: {SLUG}
version: "1"
kind: items
title: "Charte du numérique — état des lieux"
categories:
  - {{id: enseignant, label: "Enseignant·e"}}
sections:
  - id: equipement
    title: "Équipement"
    questions:
      - id: ent-utilise
        type: boolean
        text: "L'ENT est-il utilisé par toutes les classes ?"
      - id: wifi-salles
        type: boolean
        text: "Le wifi couvre-t-il les salles de cours ?"
        required: false
        comment: true
  - id: usages
    title: "Usages"
    questions:
      - id: charte-signee
        type: boolean
        text: "Les élèves signent-ils la charte en début d'année ?"
"""


class BooleanType(ChoiceType):
    """Yes or no, stored as 1 or 0, drawn with the scale macro; needs no scale of the survey."""

    name = "boolean"
    template = "scale"
    needs_scale = False

    def choices(self, survey: Survey, question: SurveyQuestion) -> list[tuple[str, str]]:
        return [("1", "Oui"), ("0", "Non")]

    def answer_label(self, survey: Survey, question: SurveyQuestion, raw: str) -> str:
        return dict(self.choices(survey, question)).get(raw, str(raw))

    def answer_space(self, survey: Survey, question: SurveyQuestion) -> AnswerSpace:
        return AnswerSpace((0, 1))


@pytest.fixture
def boolean_type() -> Iterator[None]:
    """Register the type for one test, and forget it afterwards so that no other test sees it."""
    register(BooleanType)
    try:
        yield
    finally:
        del QUESTION_TYPES[BooleanType.name]


@pytest.fixture
def instrument_dir(tmp_path):
    (tmp_path / f"{SLUG}.yaml").write_text(INSTRUMENT, encoding="utf-8")
    return tmp_path


def test_a_type_registered_in_a_test_is_answered_end_to_end(boolean_type, instrument_dir, client, make, db):
    sync_surveys(load_directory(instrument_dir))
    link = open_link(make, SLUG)
    db.session.commit()
    survey = survey_for(link)
    base = f"/q/{link.token}"
    assert client.post(f"{base}/commencer").status_code == 303
    assert client.post(f"{base}/categorie", data={"category": "enseignant"}).status_code == 303

    page = text(client.get(f"{base}/etape/equipement"))
    assert '<input type="radio" id="q-ent-utilise-0" name="q-ent-utilise" value="1">' in page
    assert '<label for="q-ent-utilise-1">Non</label>' in page
    assert 'name="c-wifi-salles"' in page

    refused = client.post(f"{base}/etape/equipement", data={"q-ent-utilise": "peut-être", "action": "suivant"})
    assert refused.status_code == 422
    page = text(refused)
    assert 'href="#q-ent-utilise-0"' in page and "Cette réponse ne fait pas partie des choix proposés." in page

    data = {"q-ent-utilise": "1", "q-wifi-salles": "0", "c-wifi-salles": "Seulement au CDI.", "action": "suivant"}
    assert client.post(f"{base}/etape/equipement", data=data).status_code == 303
    moved = client.post(f"{base}/etape/usages", data={"q-charte-signee": "0", "action": "suivant"})
    assert moved.headers["Location"].endswith("/relecture")

    review = text(client.get(f"{base}/relecture"))
    read_back = dict(re.findall(r'<dt id="reponse-([\w-]+)">[^<]*</dt> <dd> (\S+) ', review))
    assert read_back == {"ent-utilise": "Oui", "wifi-salles": "Non", "charte-signee": "Non"}

    sent = client.post(f"{base}/envoyer", data={})
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/merci")
    stored = db.session.scalars(select(Response)).one()
    assert (stored.survey_slug, stored.survey_version) == (SLUG, survey.version)
    values = dict(db.session.execute(select(Question.key, Answer.value).join(Answer)).all())
    assert values == {"ent-utilise": 1, "wifi-salles": 0, "charte-signee": 0}
    assert db.session.scalars(select(AnswerComment.text)).all() == ["Seulement au CDI."]
    assert "Merci ! Vos réponses sont enregistrées." in text(client.get(f"{base}/merci"))


def test_a_registered_type_is_drawn_by_the_demo_and_left_out_of_grid_and_items(boolean_type, instrument_dir):
    survey = load_directory(instrument_dir)[0].survey
    assert dimensions_of(survey) == [] and items_of(survey) == []
    ids = {q.id: number for number, (_, q) in enumerate(survey.questions(), start=1)}
    plans = question_plans(survey, ids, np.random.default_rng(0))
    assert [plan.values.tolist() for plan in plans if plan.values is not None] == [[0, 1]] * 3
    assert not any(plan.is_level or plan.na_rate for plan in plans)


def test_an_unregistered_type_is_refused_by_the_loader(instrument_dir):
    # Last in the file: the type registered by the tests above must be gone again.
    with pytest.raises(SurveyLoadError, match="type inconnu « boolean »"):
        load_directory(instrument_dir)
