"""The dashboards on a phone: axe-core finds nothing, and a chart is drawn only once scrolled into view."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.dashboards import small_network

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "bench" / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "mot-de-passe-de-test-assez-long"
CHARTS_SETTLED = (
    "() => [...document.querySelectorAll('[data-chart]')].every(c => c.querySelector('.plotly') "
    "|| c.classList.contains('chart-failed'))"
)


def _signed_in(open_page, live_server, live_make, viewport, **extra):
    """A closed two-year network, its coordinator signed in; returns the page and the dashboards' paths."""
    world = small_network(live_make)
    live_make.user("coordinator", world["network"], email="coordination@ac-test.fr", password=PASSWORD)
    live_make.db.session.commit()
    page = open_page(viewport, **extra)
    page.goto(live_server.url("/compte/connexion"))
    page.get_by_label("Adresse électronique").fill("coordination@ac-test.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("#submit").click()
    page.wait_for_url(lambda url: "/connexion" not in url)
    network, campaign = world["network"].id, world["now"].id
    return page, {
        "network": f"/reseau/{network}?campagne={campaign}",
        "pole": f"/reseau/{network}?campagne={campaign}&pole={world['poles'][0].id}",
        "establishment": f"/etablissement/{world['est'][2].uai}?campagne={campaign}",
    }


@pytest.fixture
def open_page(browser, live_server):
    """A page at a given size; `bypass_csp` lets the test inject axe-core as an inline script."""
    contexts = []

    def _open(viewport: dict, bypass_csp: bool = False):
        context = browser.new_context(viewport=viewport, locale="fr-FR", bypass_csp=bypass_csp)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_axe_finds_nothing_on_the_dashboards(open_page, live_server, live_make, width):
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE}: run `make bench-frontend-deps` (npm ci --prefix bench)")
    page, paths = _signed_in(open_page, live_server, live_make, {"width": width, "height": 800}, bypass_csp=True)
    for name, path in paths.items():
        page.goto(live_server.url(path))
        for chart in page.locator("[data-chart]").all():  # judge the drawn charts too, not only their boxes
            chart.scroll_into_view_if_needed()
        page.wait_for_function(CHARTS_SETTLED)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("axe.run().then(r => r.violations)")
        found = {v["id"]: [node["target"] for node in v["nodes"]] for v in violations}
        assert not found, f"{name} ({path}) at {width} px: {found}"


def test_a_chart_is_drawn_only_once_scrolled_into_view(open_page, live_server, live_make):
    page, paths = _signed_in(open_page, live_server, live_make, {"width": 390, "height": 700})
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url(paths["network"]))
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)  # what charts.js would do on its own, it has done by now
    last = page.locator("[data-chart]").last
    assert page.locator("[data-chart]").count() >= 2
    expect(page.locator(".plotly")).to_have_count(0)
    assert not any("plotly" in url for url in requested), "plotly fetched before any chart neared the screen"
    assert page.locator("table.data").count() > 0  # the figures are there from the start

    page.locator("[data-chart]").first.scroll_into_view_if_needed()
    expect(page.locator("[data-chart]").first.locator(".plotly")).to_have_count(1)
    assert any("plotly-boussole" in url for url in requested)
    expect(last.locator(".plotly")).to_have_count(0)  # far below: still waiting

    last.scroll_into_view_if_needed()
    expect(last.locator(".plotly")).to_have_count(1)
    expect(last).to_have_attribute("role", "group")
    assert last.get_attribute("aria-label").startswith("Graphique : ")
