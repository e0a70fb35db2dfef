"""Screenshots of every dashboard on the demo data (30 establishments), desk 1366 px and phone 390 px, for docs/.

Run on purpose (they rewrite docs/screenshots/): BOUSSOLE_SCREENSHOTS=1 .venv/bin/pytest tests/browser -k screenshots
Full pages in JPEG (quality 70): a phone's network page is 10 000 px tall, and a PNG of it weighs several MB.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from app.demo.build import DEMO_PASSWORD, DemoOptions, build_demo
from app.extensions import db as _db
from app.models import Campaign, CampaignStatus, Establishment, Network
from app.services.dashboards.campaign_data import missing_results, store_results
from tests.browser.conftest import SHOT_DESKTOP, SHOT_PHONE
from tests.browser.test_dashboard_layout import draw_every_chart, signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.environ.get("BOUSSOLE_SCREENSHOTS"), reason="set BOUSSOLE_SCREENSHOTS=1"),
]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
HEAD = "direction.college-sophie-germain@demo.boussole.fr"


@pytest.fixture(scope="module")
def demo(live_server):
    """The demo data in the served database, and each dashboard's file name, reader and path."""
    app = live_server.app
    with app.app_context():
        build_demo(DemoOptions(), lambda message: _db.session.commit())
        _db.session.commit()
        min_size = app.config["BOUSSOLE_MIN_GROUP_SIZE"]
        store_results(_db.session, missing_results(_db.session, min_size), min_size)
        _db.session.commit()
        network = _db.session.scalar(select(Network).order_by(Network.id))
        closed = _db.session.scalars(
            select(Campaign).filter_by(network_id=network.id, status=CampaignStatus.CLOSED)
        ).all()

        def latest(slug: str) -> Campaign:
            return max((c for c in closed if c.survey.slug == slug), key=lambda c: (c.school_year, c.id))

        grid, items = latest("territoire-apprenant"), latest("autopositionnement")  # the head's page shows both
        uai = _db.session.scalar(select(Establishment.uai).filter_by(name="Collège Sophie Germain"))
        pole = next(p for p in network.poles if p.name == "Aix")
        academy = network.academy.id
        pages = [
            ("establishment", HEAD, f"/etablissement/{uai}?campagne={grid.id}"),
            ("establishment-needs", HEAD, f"/etablissement/{uai}/besoins"),
            ("establishment-indicators", HEAD, f"/etablissement/{uai}/indicateurs"),
            ("network", "coordination@demo.boussole.fr", f"/reseau/{network.id}?campagne={grid.id}"),
            ("network-self-positioning", "coordination@demo.boussole.fr", f"/reseau/{network.id}?campagne={items.id}"),
            ("network-indicators", "coordination@demo.boussole.fr", f"/reseau/{network.id}/indicateurs"),
            ("network-needs", "coordination@demo.boussole.fr", f"/reseau/{network.id}/besoins"),
            ("pole", "pilote.aix@demo.boussole.fr", f"/reseau/{network.id}?campagne={grid.id}&pole={pole.id}"),
            ("academy", "academie@demo.boussole.fr", f"/academie/{academy}"),
            ("department", "dasen13@demo.boussole.fr", "/academie/departement/13"),
        ]
    yield pages
    with app.app_context():
        for table in reversed(_db.metadata.sorted_tables):
            _db.session.execute(delete(table))
        _db.session.commit()
        _db.session.remove()


@pytest.mark.parametrize("size, viewport", [("desktop", SHOT_DESKTOP), ("phone", SHOT_PHONE)])
def test_screenshots_of_every_dashboard(browser, live_server, demo, size, viewport):
    SHOTS.mkdir(parents=True, exist_ok=True)
    contexts: dict[str, object] = {}
    for name, email, path in demo:
        if email not in contexts:
            contexts[email] = signed_in(browser, live_server, email, viewport, DEMO_PASSWORD, timeout=20000)
        page = contexts[email][1]
        page.goto(live_server.url(path))
        draw_every_chart(page)
        page.wait_for_timeout(500)
        target = SHOTS / f"{name}-{size}.jpg"
        page.screenshot(path=str(target), full_page=True, type="jpeg", quality=70)
        assert target.stat().st_size < 1_500_000, f"{target.name}: {target.stat().st_size} bytes"
    for context, _ in contexts.values():
        context.close()
