"""Respondent details of issue 13: « je ne sais pas » on the grid, saving a choice as it is made, the step buttons."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.models import Answer, CampaignStatus, Draft, Question
from app.services.responding.drafts import answers_of
from app.surveys.question_types import DONT_KNOW_CHOICE
from app.surveys.schema import DONT_KNOW
from tests.respondent.helpers import open_link, survey_for, text


def _started(client, link, category="enseignant") -> str:
    base = f"/q/{link.token}"
    assert client.post(f"{base}/commencer").status_code == 303
    assert client.post(f"{base}/categorie", data={"category": category, "action": "suivant"}).status_code == 303
    return base


def _draft(db) -> Draft:
    db.session.expire_all()
    return db.session.scalars(select(Draft)).one()


def test_grid_page_offers_dont_know_after_the_levels(client, make, db):
    link = open_link(make, version="2")  # edition 2 of the grid declares « je ne sais pas » on its levels
    db.session.commit()
    base = _started(client, link)
    page = client.get(f"{base}/etape/collectif").get_data(as_text=True)
    values = re.findall(r'name="q-collectif" value="([^"]+)"', page)
    assert values == ["1", "2", "3", "4", "5", DONT_KNOW_CHOICE]
    assert "Je ne sais pas / ne se prononce pas" in page
    assert 'class="level-card dont-know"' in page


def test_dont_know_goes_through_and_is_stored_apart(client, make, db):
    link = open_link(make, version="2")
    db.session.commit()
    base = _started(client, link)
    survey = survey_for(link)
    for index, section in enumerate(survey.sections):
        answer = DONT_KNOW_CHOICE if index == 0 else "3"
        response = client.post(f"{base}/etape/{section.id}", data={"q-" + section.id: answer, "action": "suivant"})
        assert response.status_code == 303, response.get_data(as_text=True)
    review = text(client.get(f"{base}/relecture"))
    assert "Je ne sais pas / ne se prononce pas" in review
    assert client.post(f"{base}/envoyer", data={}).status_code == 303
    values = dict(db.session.execute(select(Question.key, Answer.value).join(Answer)).all())
    assert values["collectif"] == DONT_KNOW
    assert values["partenaires"] == 3
    feedback = text(client.get(f"{base}/merci"))
    assert "Vous : je ne sais pas / ne se prononce pas." in feedback
    assert "Pour progresser, niveau 1" not in feedback  # no target drawn from the reserved value


def test_the_first_grid_edition_offers_no_dont_know_and_refuses_it(client, make, db):
    link = open_link(make, version="1")  # answered before the option existed: never rewritten to offer it
    db.session.commit()
    base = _started(client, link)
    page = client.get(f"{base}/etape/collectif").get_data(as_text=True)
    assert re.findall(r'name="q-collectif" value="([^"]+)"', page) == ["1", "2", "3", "4", "5"]
    assert "Je ne sais pas" not in page
    response = client.post(f"{base}/etape/collectif", data={"q-collectif": DONT_KNOW_CHOICE, "action": "suivant"})
    assert response.status_code == 422
    assert "ne fait pas partie des choix proposés" in text(response)


def test_items_refuse_dont_know(client, make, db):
    link = open_link(make, "autopositionnement")
    db.session.commit()
    base = _started(client, link)
    section = survey_for(link).sections[0]
    data = {f"q-{q.id}": "2" for q in section.questions}
    data[f"q-{section.questions[0].id}"] = DONT_KNOW_CHOICE
    response = client.post(f"{base}/etape/{section.id}", data={**data, "action": "suivant"})
    assert response.status_code == 422
    assert "ne fait pas partie des choix proposés" in text(response)


def test_a_choice_is_saved_as_it_is_made_and_comes_back(client, make, db):
    link = open_link(make)
    db.session.commit()
    base = _started(client, link)
    response = client.post(f"{base}/etape/equipe-direction/enregistrer", data={"q-equipe-direction": "4"})
    assert response.status_code == 204
    assert answers_of(_draft(db)) == {"equipe-direction": "4"}
    page = client.get(f"{base}/etape/equipe-direction").get_data(as_text=True)
    assert re.search(r'value="4" checked', page)
    # An unanswered required question is no error here: the page is saved as it stands, and nothing is removed.
    assert client.post(f"{base}/etape/equipe-direction/enregistrer", data={}).status_code == 204
    assert answers_of(_draft(db)) == {"equipe-direction": "4"}


def test_autosave_refuses_what_the_page_would_refuse(client, make, db):
    link = open_link(make)
    db.session.commit()
    base = _started(client, link)
    bad = client.post(f"{base}/etape/collectif/enregistrer", data={"q-collectif": "9"})
    assert bad.status_code == 204 and answers_of(_draft(db)) == {}  # an invalid value is not kept
    stray = client.post(f"{base}/etape/collectif/enregistrer", data={"q-partenaires": "2"})
    assert stray.status_code == 422
    assert "ne figure pas sur cette page" in stray.get_data(as_text=True)  # the French error page
    assert client.post(f"{base}/etape/inconnue/enregistrer", data={}).status_code == 404


def test_autosave_needs_this_browsers_draft_and_an_open_campaign(client, make, db):
    link = open_link(make)
    db.session.commit()
    response = client.post(f"/q/{link.token}/etape/collectif/enregistrer", data={"q-collectif": "2"})
    assert response.status_code == 404
    assert "Aucune réponse en cours" in response.get_data(as_text=True)
    base = _started(client, link)
    link.campaign.status = CampaignStatus.CLOSED
    db.session.commit()
    closed = client.post(f"{base}/etape/collectif/enregistrer", data={"q-collectif": "2"})
    assert 400 <= closed.status_code < 500


def test_autosave_needs_the_csrf_token(csrf_client, make, db):
    link = open_link(make)
    db.session.commit()
    response = csrf_client.post(f"/q/{link.token}/etape/collectif/enregistrer", data={"q-collectif": "2"})
    assert response.status_code == 400


def test_previous_comes_before_next_and_next_stays_the_default_button(client, make, db):
    link = open_link(make)
    db.session.commit()
    base = _started(client, link)
    for url in (f"{base}/etape/collectif", f"{base}/categorie"):
        page = client.get(url).get_data(as_text=True)
        form = page[page.index("<form") : page.index("</form>")]
        buttons = re.findall(r'<button type="submit" name="action" value="(\w+)"( class="default-submit")?', form)
        # The browser's default button (Enter) is the first submit button: "Suivant", kept out of sight.
        assert buttons[0] == ("suivant", ' class="default-submit"')
        visible = [value for value, hidden in buttons if not hidden]
        assert visible == ["precedent", "suivant"]


def test_resume_box_offers_a_copy_button_and_keeps_the_link(client, make, db):
    link = open_link(make)
    db.session.commit()
    base = _started(client, link)
    page = client.get(f"{base}/etape/collectif").get_data(as_text=True)
    assert 'data-copy="lien-reprise"' in page and "Copier le lien" in page
    assert re.search(r'<a href="[^"]*/q/reprendre/[^"]+" class="resume-link" id="lien-reprise">', page)
