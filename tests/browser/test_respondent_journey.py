"""A teacher answers in chromium: both instruments from a link, then the grid with a single-use code."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.models import AccessCode, AccessMode, Answer, AnswerComment, CampaignEstablishment, Draft, Response
from app.services.campaigns.codes import generate_codes
from app.surveys.registry import survey_of
from tests.browser.respondent_steps import answer_pages_until_review, choose_in_every_question, send

pytestmark = pytest.mark.browser


def test_both_instruments_end_to_end_from_a_link(page, live_server, live_make, live_db):
    school = live_make.establishment(name="Collège Paul Cézanne")
    grid = live_make.campaign(network=school.network, establishments=[school])
    items = live_make.campaign("autopositionnement", network=school.network, establishments=[school])
    grid_link, items_link = grid.id, items.id
    tokens = {link.campaign_id: link.token for link in live_db.session.scalars(select(CampaignEstablishment))}
    items_survey = survey_of(items.survey)
    live_db.session.commit()

    page.goto(live_server.url(f"/q/{tokens[grid_link]}"))
    expect(page.get_by_role("heading", name="Territoire apprenant — grille de positionnement")).to_be_visible()
    expect(page.get_by_text("Collège Paul Cézanne").first).to_be_visible()
    page.get_by_role("button", name="Commencer").click()

    expect(page.get_by_text("Étape 1 sur 7")).to_be_visible()
    page.get_by_text("Enseignant·e").click()
    page.get_by_role("button", name="Suivant").click()

    # The level cards are real radio buttons: the keyboard moves between them.
    page.locator("#q-collectif-0").focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#q-collectif-1")).to_be_checked()
    assert answer_pages_until_review(page, 2, comment="Des temps d'échange réguliers.") == 5
    expect(page.get_by_text("Niveau 3 — Collectif implanté / établissement")).to_have_count(5)
    send(page)
    expect(page.get_by_text("Pour progresser, niveau 4").first).to_be_visible()

    # The other instrument is offered; the category is not asked again.
    expect(page.get_by_role("heading", name="Un autre questionnaire vous attend")).to_be_visible()
    page.get_by_role("button", name="Continuer avec ce questionnaire").click()
    expect(page.get_by_role("heading", name=items_survey.sections[0].title)).to_be_visible()

    # "Suivant" with nothing chosen: the error summary is announced and takes the focus.
    page.get_by_role("button", name="Suivant").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    summary.locator("a").first.click()
    expect(page.locator(f"#q-{items_survey.sections[0].questions[0].id}-0")).to_be_focused()

    # "Précédent" from the second page keeps what was chosen there.
    choose_in_every_question(page, 3)
    page.get_by_role("button", name="Suivant").click()
    choose_in_every_question(page, 1)
    page.get_by_role("button", name="Précédent").click()
    page.get_by_role("button", name="Suivant").click()
    second = items_survey.sections[1].questions[0].id
    expect(page.locator(f"#q-{second}-1")).to_be_checked()

    answer_pages_until_review(page, 3)
    send(page)
    expect(page.get_by_role("heading", name="Votre autopositionnement, thème par thème")).to_be_visible()
    expect(page.get_by_text("Un autre questionnaire vous attend")).to_have_count(0)

    live_db.session.expire_all()
    stored = {r.campaign_id: r for r in live_db.session.scalars(select(Response))}
    assert set(stored) == {grid_link, items_link}
    assert {r.category for r in stored.values()} == {"enseignant"}
    assert set(live_db.session.scalars(select(Answer.value).where(Answer.response_id == stored[grid_link].id))) == {3}
    assert len(live_db.session.scalars(select(Answer).where(Answer.response_id == stored[items_link].id)).all()) == len(
        items_survey.questions()
    )
    assert live_db.session.scalars(select(AnswerComment.text)).all() == ["Des temps d'échange réguliers."] * 5
    assert live_db.session.scalars(select(Draft)).all() == []


def test_single_use_code_answers_once(page, new_page, live_server, live_make, live_db):
    school = live_make.establishment(name="Lycée Vauvenargues")
    campaign = live_make.campaign(network=school.network, establishments=[school], access_mode=AccessMode.CODES)
    (code,) = generate_codes(campaign, school, 1)
    typed, code_id, campaign_id = code.code, code.id, campaign.id
    live_db.session.commit()

    page.goto(live_server.url("/"))
    page.get_by_label("Code d'accès").fill(f"{typed[:4].lower()} {typed[4:].lower()}")
    page.get_by_role("button", name="Répondre").click()
    expect(page.get_by_text("Lycée Vauvenargues").first).to_be_visible()
    page.get_by_role("button", name="Commencer").click()
    page.get_by_text("Vie scolaire (CPE, AED)").click()
    page.get_by_role("button", name="Suivant").click()
    answer_pages_until_review(page, 4)
    send(page)

    live_db.session.expire_all()
    response = live_db.session.scalars(select(Response)).one()
    assert (response.campaign_id, response.category) == (campaign_id, "vie-scolaire")
    assert set(live_db.session.scalars(select(Answer.value))) == {5}
    assert live_db.session.get(AccessCode, code_id).used is True

    # The same code, typed again in another browser, no longer opens anything.
    other = new_page()
    other.goto(live_server.url("/"))
    other.get_by_label("Code d'accès").fill(typed)
    with other.expect_response(lambda r: r.url.endswith("/q/code") and r.request.method == "POST") as answer:
        other.get_by_role("button", name="Répondre").click()
    assert answer.value.status == 410
    expect(other.get_by_text("Code déjà utilisé")).to_be_visible()
    assert live_db.session.scalars(select(Response)).all() == [response]
