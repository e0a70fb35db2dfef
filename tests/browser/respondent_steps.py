"""Steps of the respondent journey in a browser, shared by the journey tests and the screenshots."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def choose_in_every_question(page: Page, index: int) -> None:
    """Click the `index`-th option (level card or scale pill) of every question on the page."""
    questions = page.locator("fieldset.question")
    for i in range(questions.count()):
        options = questions.nth(i).locator(".level-card label, .scale-option label")
        options.nth(min(index, options.count() - 1)).click()


def answer_pages_until_review(page: Page, index: int, comment: str | None = None) -> int:
    """Answer every remaining page with "Suivant" until the review page; return how many pages were answered."""
    pages = 0
    while "/relecture" not in page.url:
        choose_in_every_question(page, index)
        if comment and page.locator("textarea").count():
            page.locator("textarea").first.fill(comment)
        page.get_by_role("button", name="Suivant").or_(page.get_by_role("button", name="Relire mes réponses")).click()
        page.wait_for_load_state()
        pages += 1
        assert pages < 50, "the questionnaire never reached its review page"
    expect(page.get_by_role("heading", name="Relisez vos réponses")).to_be_visible()
    return pages


def send(page: Page) -> None:
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_role("heading", name="Votre retour personnel")).to_be_visible()
