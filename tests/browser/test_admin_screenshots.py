"""Screenshots of the login page, the campaign list, a campaign and its printable sheets, for the documentation.

Run on purpose (they rewrite docs/screenshots/admin-*.png):
    BOUSSOLE_SCREENSHOTS=1 .venv/bin/pytest tests/browser -k admin_screenshots
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import AccessMode, CampaignEstablishment, CampaignStatus
from app.services.campaigns.campaigns import attach_establishments
from app.services.campaigns.codes import generate_codes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.environ.get("BOUSSOLE_SCREENSHOTS"), reason="set BOUSSOLE_SCREENSHOTS=1"),
]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "mot de passe de démonstration"


def test_admin_screenshots(page, live_server, live_make, live_db):
    SHOTS.mkdir(parents=True, exist_ok=True)
    network = live_make.network("Sainte Victoire")
    aix, pertuis = live_make.pole("Aix", network), live_make.pole("Pertuis", network)
    school = live_make.establishment(pole=aix, name="Collège Paul Cézanne", commune="Aix-en-Provence")
    for name, pole in (("Lycée Vauvenargues", aix), ("Collège Marcel Pagnol", pertuis), ("École Jean Jaurès", pertuis)):
        live_make.establishment(pole=pole, name=name)
    campaigns = [
        live_make.campaign(
            "territoire-apprenant",
            network,
            "2024-2025",
            CampaignStatus.CLOSED,
            opens_on=date(2025, 1, 6),
            closes_on=date(2025, 2, 14),
        ),
        live_make.campaign("autopositionnement", network, "2025-2026", CampaignStatus.CLOSED, period="S1"),
        live_make.campaign(
            "territoire-apprenant",
            network,
            "2026-2027",
            CampaignStatus.OPEN,
            opens_on=date(2026, 9, 14),
            closes_on=date(2027, 5, 28),  # still open when the shots are taken again (Campaign.state reads it)
        ),
        live_make.campaign(
            "autopositionnement", network, "2026-2027", CampaignStatus.DRAFT, period="S1", access_mode=AccessMode.CODES
        ),
    ]
    for campaign in campaigns:
        attach_establishments(campaign)
    for campaign in campaigns[:2]:
        for _ in range(7):
            live_make.response(campaign, school, {})
    generate_codes(campaigns[3], school, 24)
    live_make.user("coordinator", network, email="coordination@ac-test.fr", password=PASSWORD)
    live_db.session.commit()
    open_campaign = campaigns[2]
    link = live_db.session.scalar(
        select(CampaignEstablishment).filter_by(campaign_id=open_campaign.id, establishment_id=school.id)
    )

    page.goto(live_server.url("/compte/connexion"))
    page.screenshot(path=str(SHOTS / "admin-login.png"), full_page=True)
    page.get_by_label("Adresse électronique").fill("coordination@ac-test.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(live_server.url("/admin/campagnes"))
    page.screenshot(path=str(SHOTS / "admin-campaigns.png"), full_page=True)
    page.goto(live_server.url(f"/admin/campagnes/{open_campaign.id}"))
    page.screenshot(path=str(SHOTS / "admin-campaign.png"), full_page=True)
    page.goto(live_server.url(f"/admin/campagnes/{open_campaign.id}/etablissements/{link.establishment_id}/affiche"))
    page.screenshot(path=str(SHOTS / "admin-sheet-screen.png"), full_page=True)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(path=str(SHOTS / "admin-sheet.png"), full_page=True)
    page.goto(live_server.url(f"/admin/campagnes/{campaigns[3].id}/etablissements/{school.id}/codes"))
    page.screenshot(path=str(SHOTS / "admin-codes-sheet.png"), full_page=True)
