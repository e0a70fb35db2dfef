"""The whole respondent journey through the test client, for both instruments."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import Answer, AnswerComment, Draft, Question, Response
from tests.respondent.helpers import answer_everything, open_link, section_data, survey_for, text


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_landing_presents_the_questionnaire(client, make, db):
    link = open_link(make)
    db.session.commit()
    page = client.get(f"/q/{link.token}").get_data(as_text=True)
    assert link.establishment.name in page
    assert "Territoire apprenant" in page
    assert "Ce qui est recueilli" in page and "anonymat" in page.lower()
    assert "environ 5 minutes" in page
    assert "Commencer" in page


@pytest.mark.parametrize("version", ["1", "2"])
def test_grid_journey_stores_one_response_with_comments(client, make, db, version):
    link = open_link(make, version=version)
    db.session.commit()
    response = answer_everything(client, link, category="direction", index=3, comment="Un conseil pédagogique actif.")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/q/{link.token}/merci")
    stored = db.session.scalars(select(Response)).one()
    assert (stored.campaign_id, stored.establishment_id, stored.category) == (
        link.campaign_id,
        link.establishment_id,
        "direction",
    )
    assert (stored.survey_slug, stored.survey_version) == ("territoire-apprenant", version)  # the edition answered
    values = dict(db.session.execute(select(Question.key, Answer.value).join(Answer)).all())
    assert values == {s.id: 4 for s in survey_for(link).sections}
    assert _count(db, AnswerComment) == 5
    assert _count(db, Draft) == 0


def test_feedback_page_shows_level_and_next_level_target(client, make, db):
    link = open_link(make)
    db.session.commit()
    answer_everything(client, link, index=1)
    page = client.get(f"/q/{link.token}/merci").get_data(as_text=True)
    assert "Merci" in page
    assert "niveau 2 — Collectif émergent / établissement" in page
    # the development target is the next level's descriptor
    assert "Pour progresser, niveau 3" in page
    assert "Émergence de groupes de travail et de réflexion" in page
    assert "Les résultats seront publiés à la clôture de la campagne" in page  # the campaign is open


def test_items_journey_stores_every_item(client, make, db):
    link = open_link(make, "autopositionnement")
    db.session.commit()
    survey = survey_for(link)
    response = answer_everything(client, link, category="documentaliste", index=3)
    assert response.status_code == 303
    stored = db.session.scalars(select(Response)).one()
    assert stored.category == "documentaliste"
    assert _count(db, Answer) == len(survey.questions())
    page = client.get(f"/q/{link.token}/merci").get_data(as_text=True)
    assert survey.sections[0].title in page
    assert "<strong>4,0</strong> / 4" in page  # every item answered at the top of the scale


def test_not_applicable_is_stored_as_null_on_items(client, make, db):
    link = open_link(make, "autopositionnement")
    db.session.commit()
    survey = survey_for(link)
    base = f"/q/{link.token}"
    client.post(f"{base}/commencer")
    client.post(f"{base}/categorie", data={"category": "enseignant"})
    for section in survey.sections:
        data = {f"q-{q.id}": "na" for q in section.questions}
        assert client.post(f"{base}/etape/{section.id}", data=data).status_code == 303
    assert client.post(f"{base}/envoyer").status_code == 303
    assert db.session.scalars(select(Answer.value)).all() == [None] * len(survey.questions())


def test_progress_is_shown_on_every_step(client, make, db):
    link = open_link(make)
    db.session.commit()
    base = f"/q/{link.token}"
    client.post(f"{base}/commencer")
    assert "Étape 1 sur 7" in client.get(f"{base}/categorie").get_data(as_text=True)
    client.post(f"{base}/categorie", data={"category": "enseignant"})
    page = client.get(f"{base}/etape/partenaires").get_data(as_text=True)
    assert "Étape 5 sur 7" in page and 'aria-current="step"' in page
    assert "Étape 7 sur 7" in client.get(f"{base}/relecture").get_data(as_text=True)


def test_previous_keeps_what_was_entered(client, make, db):
    link = open_link(make)
    db.session.commit()
    survey = survey_for(link)
    base = f"/q/{link.token}"
    client.post(f"{base}/commencer")
    client.post(f"{base}/categorie", data={"category": "enseignant"})
    first, second = survey.sections[0], survey.sections[1]
    client.post(f"{base}/etape/{first.id}", data={**section_data(survey, first, 1), "action": "suivant"})
    response = client.post(
        f"{base}/etape/{second.id}", data={f"q-{second.id}": "5", f"c-{second.id}": "À garder", "action": "precedent"}
    )
    assert response.headers["Location"].endswith(f"/etape/{first.id}")
    page = client.get(f"{base}/etape/{second.id}").get_data(as_text=True)
    assert 'value="5" checked' in page and "À garder" in page
    page = client.get(f"{base}/etape/{first.id}").get_data(as_text=True)
    assert 'value="2" checked' in page


def test_previous_without_answer_goes_back_without_error(client, make, db):
    link = open_link(make)
    db.session.commit()
    survey = survey_for(link)
    base = f"/q/{link.token}"
    client.post(f"{base}/commencer")
    client.post(f"{base}/categorie", data={"category": "enseignant"})
    response = client.post(f"{base}/etape/{survey.sections[0].id}", data={"action": "precedent"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/categorie")


def test_missing_answer_shows_the_error_next_to_the_question(client, make, db):
    link = open_link(make, "autopositionnement")
    db.session.commit()
    survey = survey_for(link)
    section = survey.sections[0]
    base = f"/q/{link.token}"
    client.post(f"{base}/commencer")
    client.post(f"{base}/categorie", data={"category": "enseignant"})
    data = section_data(survey, section)
    skipped = section.questions[1]
    del data[f"q-{skipped.id}"]
    response = client.post(f"{base}/etape/{section.id}", data={**data, "action": "suivant"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page and "1 problème à corriger" in page
    assert f'href="#q-{skipped.id}-0"' in page
    assert f'id="q-{skipped.id}-erreur"' in page and "Veuillez choisir une réponse." in page
    # the answers that were valid are kept
    assert page.count("checked") == len(section.questions) - 1


def test_review_lists_every_answer_with_links_to_change_them(client, make, db):
    link = open_link(make)
    db.session.commit()
    answer_everything(client, link, index=0, submit=False, comment="Mon commentaire")
    page = client.get(f"/q/{link.token}/relecture").get_data(as_text=True)
    for section in survey_for(link).sections:
        assert f"/etape/{section.id}?retour=relecture" in page
    assert page.count("Niveau 1 — Collection de professionnels") == 5
    assert "Mon commentaire" in page and "Enseignant·e" in page


def test_change_from_review_comes_back_to_review(client, make, db):
    link = open_link(make)
    db.session.commit()
    answer_everything(client, link, submit=False)
    response = client.post(
        f"/q/{link.token}/etape/collectif?retour=relecture",
        data={"q-collectif": "1", "retour": "relecture", "action": "suivant"},
    )
    assert response.headers["Location"].endswith("/relecture")
    assert "Niveau 1 — Collection" in client.get(f"/q/{link.token}/relecture").get_data(as_text=True)


def test_submit_with_a_missing_answer_is_refused_on_the_review_page(client, make, db):
    link = open_link(make)
    db.session.commit()
    base = f"/q/{link.token}"
    client.post(f"{base}/commencer")
    client.post(f"{base}/categorie", data={"category": "enseignant"})
    client.post(f"{base}/etape/collectif", data={"q-collectif": "3"})
    response = client.post(f"{base}/envoyer")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "4 problèmes à corriger" in page and "Veuillez choisir une réponse." in page
    assert _count(db, Response) == 0 and _count(db, Draft) == 1


def test_pages_without_a_draft_send_back_to_the_landing_page(client, make, db):
    link = open_link(make)
    db.session.commit()
    for path in ("categorie", "etape/collectif", "relecture"):
        response = client.get(f"/q/{link.token}/{path}")
        assert response.status_code == 303 and response.headers["Location"].endswith(f"/q/{link.token}")


def test_unknown_section_is_a_404(client, make, db):
    link = open_link(make)
    db.session.commit()
    client.post(f"/q/{link.token}/commencer")
    client.post(f"/q/{link.token}/categorie", data={"category": "enseignant"})
    assert client.get(f"/q/{link.token}/etape/inconnue").status_code == 404


def test_questionnaire_pages_load_no_chart_library_and_no_inline_script(client, make, db):
    link = open_link(make)
    db.session.commit()
    answer_everything(client, link, submit=False)
    base = f"/q/{link.token}"
    for path in ("", "/categorie", "/etape/collectif", "/relecture"):
        page = client.get(base + path).get_data(as_text=True).lower()
        assert "plotly" not in page and "chart" not in page
        assert "<script>" not in page and " onclick=" not in page


def test_forms_carry_a_csrf_token_and_a_post_without_it_is_refused(csrf_client, make, db):
    link = open_link(make)
    db.session.commit()
    base = f"/q/{link.token}"
    assert csrf_client.post(f"{base}/commencer").status_code == 400
    landing = csrf_client.get(base).get_data(as_text=True)
    token = landing.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = csrf_client.post(f"{base}/commencer", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"].endswith("/categorie")


def test_respondent_pages_are_never_cached(client, make, db):
    link = open_link(make)
    db.session.commit()
    answer_everything(client, link)
    assert client.get(f"/q/{link.token}/merci").headers["Cache-Control"] == "no-store"
    assert client.get(f"/q/{link.token}").headers["Cache-Control"] == "no-store"


def test_landing_says_until_when_answers_are_taken(client, make, db):
    from datetime import timedelta

    from app.clock import today
    from app.services.responding.access import french_date

    closes = today() + timedelta(days=20)
    link = open_link(make, closes_on=closes)
    db.session.commit()
    page = text(client.get(f"/q/{link.token}"))
    assert f"ouverte jusqu'au {french_date(closes)} inclus" in page
