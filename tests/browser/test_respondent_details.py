"""Respondent details in chromium: a choice kept on resuming, « je ne sais pas », the buttons, copying the link."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.models import Answer, CampaignEstablishment, Question
from app.surveys.schema import DONT_KNOW
from tests.browser.respondent_steps import answer_pages_until_review, send

pytestmark = pytest.mark.browser


def _grid_token(live_make, live_db) -> str:
    school = live_make.establishment(name="Collège Paul Cézanne")
    live_make.campaign(network=school.network, establishments=[school], version="2")  # « je ne sais pas »: edition 2
    token = live_db.session.scalars(select(CampaignEstablishment.token)).one()
    live_db.session.commit()
    return token


def _start(page, live_server, token: str) -> None:
    page.goto(live_server.url(f"/q/{token}"))
    page.get_by_role("button", name="Commencer").click()
    page.get_by_text("Enseignant·e").click()
    page.get_by_role("button", name="Suivant").click()
    expect(page.get_by_role("heading", name="Collectif", exact=True)).to_be_visible()


def test_a_level_chosen_and_left_is_there_on_resuming(page, new_page, live_server, live_make, live_db):
    token = _grid_token(live_make, live_db)
    _start(page, live_server, token)
    page.locator(".level-card label").nth(1).click()
    page.get_by_role("button", name="Suivant").click()
    expect(page.get_by_role("heading", name="Équipe de direction")).to_be_visible()
    # Chosen, not paged away from: saved as it is made.
    page.locator(".level-card label").nth(3).click()
    expect(page.locator(".autosave-status")).to_have_text("Réponse enregistrée.")
    page.get_by_text("Finir plus tard ?").click()
    resume = page.locator("#lien-reprise").get_attribute("href")
    assert resume and "/q/reprendre/" in resume

    other = new_page()  # another browser, as on another device
    other.goto(resume)
    expect(other.get_by_text("Vos réponses enregistrées ont été retrouvées")).to_be_visible()
    expect(other.get_by_role("heading", name="Objets de travail")).to_be_visible()  # the first page still to answer
    other.get_by_role("button", name="Précédent").click()
    expect(other.get_by_role("heading", name="Équipe de direction")).to_be_visible()
    expect(other.locator("#q-equipe-direction-3")).to_be_checked()
    other.get_by_role("button", name="Précédent").click()
    expect(other.locator("#q-collectif-1")).to_be_checked()


def test_dont_know_goes_through_to_the_feedback(page, live_server, live_make, live_db):
    token = _grid_token(live_make, live_db)
    _start(page, live_server, token)
    unsure = page.get_by_text("Je ne sais pas / ne se prononce pas")
    expect(unsure).to_be_visible()
    unsure.click()
    expect(page.locator("#q-collectif-5")).to_be_checked()
    page.get_by_role("button", name="Suivant").click()
    answer_pages_until_review(page, 2)
    expect(page.get_by_text("Je ne sais pas / ne se prononce pas")).to_be_visible()
    send(page)
    expect(page.get_by_text("Vous : je ne sais pas / ne se prononce pas.")).to_be_visible()
    live_db.session.expire_all()
    stored = dict(live_db.session.execute(select(Question.key, Answer.value).join(Answer)).all())
    assert stored["collectif"] == DONT_KNOW and stored["partenaires"] == 3


def test_previous_stands_before_next_and_enter_moves_on(phone, live_server, live_make, live_db):
    token = _grid_token(live_make, live_db)
    _start(phone, live_server, token)
    buttons = phone.locator(".actions button")
    on_screen = "e => e.getBoundingClientRect().right > 0 && e.getBoundingClientRect().width > 1"
    visible = [buttons.nth(i) for i in range(buttons.count()) if buttons.nth(i).evaluate(on_screen)]
    assert [b.inner_text() for b in visible] == ["Précédent", "Suivant"]  # in DOM order too
    assert buttons.first.get_attribute("value") == "suivant" and not buttons.first.evaluate(on_screen)
    left, right = (b.bounding_box() for b in visible)
    assert left and right and (left["x"] < right["x"] or left["y"] < right["y"])
    # Enter in the form submits with its default button, "Suivant", not "Précédent".
    phone.locator(".level-card label").nth(2).click()
    phone.locator("#q-collectif-2").press("Enter")
    expect(phone.get_by_role("heading", name="Équipe de direction")).to_be_visible()


def test_copy_button_copies_the_resume_link(page, live_server, live_make, live_db):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.base_url)
    token = _grid_token(live_make, live_db)
    _start(page, live_server, token)
    page.get_by_text("Finir plus tard ?").click()
    link = page.locator("#lien-reprise")
    expect(link).to_be_visible()
    # The words of the box wrap whole: only the link may break anywhere.
    assert page.locator(".resume-box p").first.evaluate("e => getComputedStyle(e).wordBreak") == "normal"
    assert link.evaluate("e => getComputedStyle(e).wordBreak") == "break-all"
    copy = page.get_by_role("button", name="Copier le lien")
    copy.click()
    expect(page.locator("#lien-reprise-copie")).to_have_text("Lien copié.")
    assert page.evaluate("navigator.clipboard.readText()") == link.get_attribute("href")
