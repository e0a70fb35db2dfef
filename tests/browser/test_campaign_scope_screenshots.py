"""Screenshots of the campaign form's scope choice, for docs/campaigns.md (desktop and phone).

Run on purpose (they rewrite docs/screenshots/admin-campaign-scope-*.png):
    BOUSSOLE_SCREENSHOTS=1 .venv/bin/pytest tests/browser -k campaign_scope_screenshots
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.environ.get("BOUSSOLE_SCREENSHOTS"), reason="set BOUSSOLE_SCREENSHOTS=1"),
]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "mot de passe de démonstration"


def test_campaign_scope_screenshots(page, live_server, live_make, live_db):
    network = live_make.network("Sainte Victoire")
    for name in ("Aix", "Pertuis", "Gardanne"):
        live_make.establishment(pole=live_make.pole(name, network), name=f"Collège de {name}")
    live_make.surveys()
    live_make.user("coordinator", network, email="coordination@ac-test.fr", password=PASSWORD)
    live_db.session.commit()
    page.goto(live_server.url("/compte/connexion"))
    page.get_by_label("Adresse électronique").fill("coordination@ac-test.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(live_server.url("/admin/campagnes/nouvelle"))
    page.get_by_label("Des pôles choisis").check()
    page.get_by_label("Sainte Victoire / Aix").check()
    page.get_by_label("Sainte Victoire / Pertuis").check()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SHOTS / "admin-campaign-scope-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "admin-campaign-scope-phone.png"), full_page=True)
    assert page.get_by_label("Sainte Victoire / Aix").is_checked()
