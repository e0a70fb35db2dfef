"""A third instrument, dropped in as YAML, is answerable with no code change (number questions here)."""

from __future__ import annotations

import yaml
from sqlalchemy import select

from app.models import Answer, Question, Response, SurveyDefinition
from app.services.surveys import ensure_questions
from app.surveys.loader import content_hash, parse_survey
from tests.respondent.helpers import answer_everything, open_link, survey_for, text
from tests.surveys.samples import NUMBERS_FILE


def _store_numbers(db) -> None:
    content = yaml.safe_load(NUMBERS_FILE.read_text(encoding="utf-8"))
    survey, errors = parse_survey(content, NUMBERS_FILE.name)
    assert not errors
    db.session.add(
        SurveyDefinition(
            slug=survey.slug,
            version=survey.version,
            title=survey.title,
            kind=survey.kind,
            content_hash=content_hash(content),
            content=content,
        )
    )
    ensure_questions(survey.slug, [q.id for _, q in survey.questions()])


def test_indicators_instrument_is_answered_through_the_same_pages(client, make, db):
    make.surveys()
    _store_numbers(db)
    link = open_link(make, "nombres-test")
    db.session.commit()
    survey = survey_for(link)
    base = f"/q/{link.token}"
    client.post(f"{base}/commencer")
    client.post(f"{base}/categorie", data={"category": "animateur"})
    first = survey.sections[0]
    page = text(client.get(f"{base}/etape/{first.id}"))
    assert 'inputmode="numeric"' in page and f'<label for="q-{first.questions[0].id}">' in page

    response = client.post(
        f"{base}/etape/{first.id}", data={f"q-{first.questions[0].id}": "douze", f"q-{first.questions[1].id}": "30000"}
    )
    assert response.status_code == 422
    page = text(response)
    assert "Veuillez saisir un nombre entier." in page and "Le nombre doit être au plus 20000." in page
    assert f'href="#q-{first.questions[0].id}"' in page

    response = answer_everything(client, link, category="animateur")
    assert response.status_code == 303
    stored = db.session.scalars(select(Response)).one()
    assert stored.survey_slug == "nombres-test"
    values = dict(db.session.execute(select(Question.key, Answer.value).join(Answer)).all())
    assert values == {q.id: q.minimum or 0 for _, q in survey.questions()}
    assert "Merci ! Vos réponses sont enregistrées." in text(client.get(f"{base}/merci"))
