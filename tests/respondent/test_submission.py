"""Submitting: once only, whatever the clicks, reloads and back buttons; tampered values are refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import Answer, Draft, Response
from tests.respondent.helpers import answer_everything, open_link, section_data, survey_for


def _responses(db) -> int:
    return db.session.scalar(select(func.count(Response.id)))


def _answers(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Answer))


def _started(client, link, category="enseignant"):
    base = f"/q/{link.token}"
    client.post(f"{base}/commencer")
    client.post(f"{base}/categorie", data={"category": category})
    return base


def test_double_submit_stores_one_response(client, make, db):
    link = open_link(make)
    db.session.commit()
    answer_everything(client, link, submit=False)
    review = client.get(f"/q/{link.token}/relecture").get_data(as_text=True)
    key = review.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    first = client.post(f"/q/{link.token}/envoyer", data={"submission_key": key})
    second = client.post(f"/q/{link.token}/envoyer", data={"submission_key": key})
    assert first.status_code == second.status_code == 303
    assert second.headers["Location"].endswith("/merci")
    assert _responses(db) == 1 and _answers(db) == 5


def test_resubmit_from_another_tab_without_the_session_finds_the_first_response(client, app, make, db):
    """A second browser request that lost the session (the first one's cookie never arrived) still gets the feedback."""
    link = open_link(make)
    db.session.commit()
    answer_everything(client, link, submit=False)
    review = client.get(f"/q/{link.token}/relecture").get_data(as_text=True)
    key = review.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    with client.session_transaction() as session:
        before = dict(session)
    assert client.post(f"/q/{link.token}/envoyer", data={"submission_key": key}).status_code == 303
    with client.session_transaction() as session:  # the cookie as it was before the first submit returned
        session.clear()
        session.update(before)
    other = client.post(f"/q/{link.token}/envoyer", data={"submission_key": key})
    assert other.status_code == 303 and other.headers["Location"].endswith("/merci")
    assert "Vous : niveau 3" in client.get(f"/q/{link.token}/merci").get_data(as_text=True)
    assert _responses(db) == 1


def test_back_button_after_submit_never_reopens_the_questionnaire(client, make, db):
    link = open_link(make)
    db.session.commit()
    answer_everything(client, link)
    response = client.get(f"/q/{link.token}/relecture")
    assert response.status_code == 303 and response.headers["Location"].endswith("/merci")
    response = client.post(f"/q/{link.token}/etape/collectif", data={"q-collectif": "1"})
    assert response.status_code == 303
    assert _responses(db) == 1
    assert db.session.scalar(select(Answer.value).where(Answer.value == 1)) is None


def test_reloading_the_feedback_page_stores_nothing_more(client, make, db):
    link = open_link(make)
    db.session.commit()
    answer_everything(client, link)
    for _ in range(3):
        assert client.get(f"/q/{link.token}/merci").status_code == 200
    assert _responses(db) == 1


@pytest.mark.parametrize("value", ["6", "0", "na", "trois", "3.5", ""])
def test_tampered_level_is_refused_and_not_saved(client, make, db, value):
    link = open_link(make)
    db.session.commit()
    base = _started(client, link)
    response = client.post(f"{base}/etape/collectif", data={"q-collectif": value, "action": "suivant"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page
    assert ("Cette réponse ne fait pas partie des choix proposés." in page) or ("Veuillez choisir une réponse." in page)
    assert "collectif" not in db.session.scalars(select(Draft)).one().data["answers"]


def test_answer_to_a_question_of_another_page_is_refused(client, make, db):
    link = open_link(make)
    db.session.commit()
    base = _started(client, link)
    response = client.post(f"{base}/etape/collectif", data={"q-collectif": "3", "q-partenaires": "5"})
    assert response.status_code == 422
    assert "question qui ne figure pas sur cette page" in response.get_data(as_text=True)
    assert db.session.scalars(select(Draft)).one().data["answers"] == {}


def test_unknown_question_key_is_refused(client, make, db):
    link = open_link(make)
    db.session.commit()
    base = _started(client, link)
    response = client.post(f"{base}/etape/collectif", data={"q-collectif": "3", "q-inventee": "2"})
    assert response.status_code == 422
    assert db.session.scalars(select(Draft)).one().data["answers"] == {}


def test_too_long_comment_is_refused_with_its_length(client, make, db):
    link = open_link(make)
    db.session.commit()
    base = _started(client, link)
    response = client.post(
        f"{base}/etape/collectif", data={"q-collectif": "3", "c-collectif": "x" * 1001, "action": "suivant"}
    )
    assert response.status_code == 422
    assert "ne doit pas dépasser 1000 caractères (il en compte 1001)" in response.get_data(as_text=True)
    assert db.session.scalars(select(Draft)).one().data.get("comments") == {}


def test_tampered_draft_is_refused_at_submit_with_nothing_stored(client, make, db):
    """Even a draft altered behind the forms' back is checked again, completely, at submit."""
    link = open_link(make, "autopositionnement")
    db.session.commit()
    survey = survey_for(link)
    answer_everything(client, link, submit=False)
    draft = db.session.scalars(select(Draft)).one()
    first = survey.sections[0].questions[0].id
    draft.data = {**draft.data, "answers": {**draft.data["answers"], first: "7", "inventee": "2"}}
    db.session.commit()
    response = client.post(f"/q/{link.token}/envoyer")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Cette réponse ne fait pas partie des choix proposés." in page
    assert _responses(db) == 0 and _answers(db) == 0


def test_section_answers_are_checked_against_the_definition(client, make, db):
    link = open_link(make, "autopositionnement")
    db.session.commit()
    survey = survey_for(link)
    section = survey.sections[0]
    base = _started(client, link)
    data = section_data(survey, section)
    data[f"q-{section.questions[0].id}"] = "5"  # a four-point scale
    assert client.post(f"{base}/etape/{section.id}", data=data).status_code == 422
