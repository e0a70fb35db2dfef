"""Screenshots of the establishment dashboard's levels (« ne se prononce pas » beside n) and self-positioning items.

Run on purpose (they rewrite docs/screenshots/): BOUSSOLE_SCREENSHOTS=1 .venv/bin/pytest tests/browser -k screenshots
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.models import CampaignStatus
from app.surveys.registry import survey_of
from app.surveys.schema import DONT_KNOW
from tests.browser.conftest import SHOT_DESKTOP, SHOT_PHONE
from tests.dashboards import DIMENSIONS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.environ.get("BOUSSOLE_SCREENSHOTS"), reason="set BOUSSOLE_SCREENSHOTS=1"),
]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "mot-de-passe-de-test-assez-long"


@pytest.mark.parametrize("size, viewport", [("desktop", SHOT_DESKTOP), ("phone", SHOT_PHONE)])
def test_screenshots_of_levels_and_items(new_page, live_server, live_make, live_db, size, viewport):
    SHOTS.mkdir(parents=True, exist_ok=True)
    school = live_make.establishment(name="Collège Paul Cézanne", commune="Aix-en-Provence")
    closed = {"status": CampaignStatus.CLOSED, "establishments": [school], "school_year": "2025-2026"}
    grid = live_make.campaign(network=school.network, version="2", **closed)  # edition 2 offers « je ne sais pas »
    items = live_make.campaign("autopositionnement", network=school.network, **closed)
    draw = random.Random(13)
    for index in range(18):
        values: dict[str, int | None] = {key: draw.choice([2, 3, 3, 4]) for key in DIMENSIONS}
        if index % 6 == 0:
            values["partenaires"] = DONT_KNOW
        if index % 9 == 0:
            values["structuration-territoire"] = DONT_KNOW
        live_make.response(grid, school, values)
    survey = survey_of(items.survey)
    leaning = {q.id: draw.choice([(1, 2, 2, 3), (2, 3, 3, 4), (3, 4, 4, 4)]) for _, q in survey.questions()}
    for _ in range(16):
        live_make.response(items, school, {k: draw.choice([*points, None]) for k, points in leaning.items()})
    live_make.user("head", scope=school, email="direction@ac-test.fr", password=PASSWORD)
    uai = school.uai
    live_db.session.commit()

    page = new_page(viewport)
    page.goto(live_server.url("/compte/connexion"))
    page.get_by_label("Adresse électronique").fill("direction@ac-test.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(live_server.url(f"/etablissement/{uai}?campagne={grid.id}"))
    levels = page.locator("#niveaux")
    levels.locator(".chart").first.scroll_into_view_if_needed()  # charts are drawn once scrolled to
    levels.locator("details.data-table summary").first.click()
    expect(levels.get_by_text("Ne se prononce pas").first).to_be_visible()
    page.wait_for_timeout(800)  # plotly draws after load
    levels.screenshot(path=str(SHOTS / f"dashboard-etablissement-niveaux-nsp-{size}.png"))
    page.goto(live_server.url(f"/etablissement/{uai}?campagne={items.id}"))
    chart = page.locator("#autopositionnement")
    chart.locator(".chart").scroll_into_view_if_needed()
    expect(chart.locator(".main-svg").first).to_be_visible()
    page.wait_for_timeout(800)
    chart.screenshot(path=str(SHOTS / f"dashboard-etablissement-items-{size}.png"))
