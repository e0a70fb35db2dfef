"""Screenshots of every respondent step, desktop and phone, for docs/respondent.md.

Run on purpose (they rewrite docs/screenshots/): BOUSSOLE_SCREENSHOTS=1 .venv/bin/pytest tests/browser -k screenshots
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.models import CampaignEstablishment, CampaignStatus
from app.surveys.registry import survey_of
from tests.browser.conftest import SHOT_DESKTOP, SHOT_PHONE
from tests.browser.respondent_steps import answer_pages_until_review, choose_in_every_question, send

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.environ.get("BOUSSOLE_SCREENSHOTS"), reason="set BOUSSOLE_SCREENSHOTS=1"),
]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.mark.parametrize("size, viewport", [("desktop", SHOT_DESKTOP), ("phone", SHOT_PHONE)])
def test_screenshots_of_each_step(new_page, live_server, live_make, live_db, size, viewport):
    SHOTS.mkdir(parents=True, exist_ok=True)
    school = live_make.establishment(name="Collège Paul Cézanne", commune="Aix-en-Provence")
    grid = live_make.campaign(
        network=school.network, establishments=[school], school_year="2026-2027", period="S1", version="2"
    )
    items = live_make.campaign(
        "autopositionnement", network=school.network, establishments=[school], school_year="2026-2027", period="S1"
    )
    shuffle = random.Random(4)
    items_survey = survey_of(items.survey)
    for _ in range(6):  # enough colleagues for the establishment's figures to show
        live_make.response(
            grid,
            school,
            {
                k: shuffle.choice([2, 3, 3, 4])
                for k in ("collectif", "equipe-direction", "objets-travail", "partenaires", "structuration-territoire")
            },
        )
        live_make.response(
            items, school, {q.id: shuffle.choice([1, 2, 3, 3, 4, None]) for _, q in items_survey.questions()}
        )
    token = {link.campaign_id: link.token for link in live_db.session.scalars(select(CampaignEstablishment))}[grid.id]
    live_db.session.commit()

    page = new_page(viewport)

    def shot(name: str) -> None:
        page.screenshot(path=str(SHOTS / f"respondent-{name}-{size}.png"), full_page=True)

    page.goto(live_server.url(f"/q/{token}"))
    shot("1-landing")
    page.get_by_role("button", name="Commencer").click()
    shot("2-category")
    page.get_by_text("Enseignant·e").click()
    page.get_by_role("button", name="Suivant").click()
    page.get_by_text("Je ne sais pas / ne se prononce pas").click()
    page.locator("textarea").fill("Des temps d'échange existent, mais sans suite écrite.")
    expect(page.locator(".autosave-status")).to_have_text("Réponse enregistrée.")
    shot("3-grid-dimension")
    page.get_by_text("Finir plus tard ?").click()
    page.get_by_role("button", name="Copier le lien").click()
    expect(page.locator("#lien-reprise-copie")).not_to_be_empty()
    page.locator(".resume-box").screenshot(path=str(SHOTS / f"respondent-3b-resume-box-{size}.png"))
    page.get_by_role("button", name="Suivant").click()
    answer_pages_until_review(page, 1)
    shot("5-review")
    send(page)
    shot("6-feedback-grid")

    page.get_by_role("button", name="Continuer avec ce questionnaire").click()
    questions = page.locator("fieldset.question")
    for i in (0, 2):
        questions.nth(i).locator(".scale-option label").nth(2).click()
    page.get_by_role("button", name="Suivant").click()
    expect(page.locator(".error-summary")).to_be_focused()
    shot("4-items-theme-error")
    # Answers that vary by theme, so that the feedback has strengths and areas to develop.
    for turn in range(len(items_survey.sections)):
        if "/relecture" in page.url:
            break
        choose_in_every_question(page, (3, 2, 3, 1, 2, 0, 3, 2)[turn % 8])
        page.get_by_role("button", name="Suivant").or_(page.get_by_role("button", name="Relire mes réponses")).click()
        page.wait_for_load_state()
    send(page)
    shot("7-feedback-items")
    # Once the campaign is closed, the same browser finds the establishment's published figures beside its own.
    items.status = CampaignStatus.CLOSED
    live_db.session.commit()
    page.reload()
    expect(page.get_by_text("Votre établissement").first).to_be_visible()
    shot("8-feedback-items-published")
