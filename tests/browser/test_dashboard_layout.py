"""Every dashboard at 390 and 1366 px: each table's figures in sight with no sideways scrolling, no toolbar on a chart.

One world for the module (a closed two-year network with a self-positioning campaign and an académie above it),
one signed-in page per reader and width; each page is opened once and every table and chart on it judged.
"""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from app.extensions import db as _db
from app.models import CampaignStatus
from app.surveys.registry import survey_of
from tests.dashboards import small_network
from tests.factories import Factories

pytestmark = pytest.mark.browser

PASSWORD = "mot-de-passe-de-test-assez-long"
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}

# Every table: its box, the box it lives in, and each figure cell's box (a closed <details> is opened first).
MEASURE = """() => {
  document.querySelectorAll('details.data-table').forEach(d => { d.open = true; });
  const tables = [...document.querySelectorAll('main table')].map(table => {
    const wrap = table.parentElement;
    const cells = [...table.querySelectorAll('tbody td.num')].map(cell => {
      const box = cell.getBoundingClientRect();
      return {text: cell.textContent.trim(), left: box.left, right: box.right};
    });
    return {where: (table.closest('[id]') || {}).id || '', scroll: table.scrollWidth, room: wrap.clientWidth,
            cells: cells};
  });
  return {page: document.documentElement.scrollWidth, window: window.innerWidth, tables: tables};
}"""
# A drawn chart: its mode bar, if any, and whether that bar's box meets its legend's.
CHARTS = """() => [...document.querySelectorAll('[data-chart]')].map(chart => {
  const bar = chart.querySelector('.modebar');
  const legend = chart.querySelector('.legend');
  let overlaps = false;
  if (bar && legend) {
    const a = bar.getBoundingClientRect(), b = legend.getBoundingClientRect();
    overlaps = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  const legendBox = legend && legend.getBoundingClientRect();
  const chartBox = chart.getBoundingClientRect();
  return {id: chart.id, drawn: !!chart.querySelector('.plotly') || chart.classList.contains('chart-failed'),
          modebar: !!bar, overlaps: overlaps,
          legendInside: !legendBox || (legendBox.left >= chartBox.left - 1 && legendBox.right <= chartBox.right + 1)};
})"""


@pytest.fixture(scope="module")
def world(live_server):
    """The dashboards' data, stored once for the module, and the paths of every dashboard by reader."""
    with live_server.app.app_context():
        make = Factories(_db)
        found = small_network(make)
        network, now = found["network"], found["now"]
        self_positioning = make.campaign(
            "autopositionnement",
            network=network,
            school_year="2025-2026",
            status=CampaignStatus.CLOSED,
            establishments=list(found["est"]),
        )
        survey = survey_of(self_positioning.survey)
        for index in range(12):
            make.response(
                self_positioning,
                found["est"][2],
                {q.id: 1 + (index + i) % 4 for i, (_, q) in enumerate(survey.questions())},
            )
        academy = network.academy
        network.department = make.department("13", "Bouches-du-Rhône", academy)
        make.user("coordinator", network, email="coordination@ac-test.fr", password=PASSWORD)
        make.user("head", scope=found["est"][2], email="direction@ac-test.fr", password=PASSWORD)
        make.user("academy", scope=academy, email="academie@ac-test.fr", password=PASSWORD)
        make.user("department", scope=network.department, email="dasen@ac-test.fr", password=PASSWORD)
        uai = found["est"][2].uai
        paths = {
            "coordination@ac-test.fr": {
                "réseau (grille)": f"/reseau/{network.id}?campagne={now.id}",
                "réseau (autopositionnement)": f"/reseau/{network.id}?campagne={self_positioning.id}",
                "pôle": f"/reseau/{network.id}?campagne={now.id}&pole={found['poles'][0].id}",
                "indicateurs du réseau": f"/reseau/{network.id}/indicateurs",
                "besoins du réseau": f"/reseau/{network.id}/besoins",
            },
            "direction@ac-test.fr": {
                "établissement (grille)": f"/etablissement/{uai}?campagne={now.id}",
                "établissement (autopositionnement)": f"/etablissement/{uai}?campagne={self_positioning.id}",
                "indicateurs de l'établissement": f"/etablissement/{uai}/indicateurs",
                "besoins de l'établissement": f"/etablissement/{uai}/besoins",
            },
            "academie@ac-test.fr": {"académie": f"/academie/{academy.id}"},
            "dasen@ac-test.fr": {"département": "/academie/departement/13"},
        }
        _db.session.commit()
    yield paths
    with live_server.app.app_context():
        for table in reversed(_db.metadata.sorted_tables):
            _db.session.execute(delete(table))
        _db.session.commit()
        _db.session.remove()


def signed_in(browser, live_server, email: str, viewport: dict, password: str = PASSWORD, timeout: int = 15000):
    """A browser context of `viewport` size, logged in through the login form."""
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(timeout)
    page.goto(live_server.url("/compte/connexion"))
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.locator("#submit").click()
    page.wait_for_url(lambda url: "/connexion" not in url)
    return context, page


def draw_every_chart(page) -> None:
    """Scroll each chart into view (charts.js draws a chart only once it nears the screen) and wait for it."""
    for chart in page.locator("[data-chart]").all():
        chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-chart]')].every(c => c.querySelector('.plotly') "
        "|| c.classList.contains('chart-failed'))"
    )
    page.evaluate("() => window.scrollTo(0, 0)")


@pytest.mark.parametrize("size", WIDTHS)
def test_every_dashboard_table_shows_its_figures_and_no_toolbar_covers_a_legend(browser, live_server, world, size):
    viewport = WIDTHS[size]
    problems: list[str] = []
    judged_tables = judged_cells = 0
    for email, paths in world.items():
        context, page = signed_in(browser, live_server, email, viewport)
        for name, path in paths.items():
            response = page.goto(live_server.url(path))
            assert response is not None and response.ok, f"{name} ({path}): {response and response.status}"
            draw_every_chart(page)
            measured = page.evaluate(MEASURE)
            if measured["page"] > measured["window"]:
                problems.append(f"{name}: the page is {measured['page']} px wide for {measured['window']} px")
            for table in measured["tables"]:
                judged_tables += 1
                if table["scroll"] > table["room"] + 1:
                    problems.append(f"{name} #{table['where']}: table {table['scroll']} px in {table['room']} px")
                judged_cells += len(table["cells"])
                for cell in table["cells"]:
                    if cell["left"] < 0 or cell["right"] > viewport["width"]:
                        problems.append(
                            f"{name} #{table['where']}: « {cell['text']} » at {cell['left']:.0f}"
                            f"–{cell['right']:.0f} px, off screen"
                        )
                        break
            for chart in page.evaluate(CHARTS):
                assert chart["drawn"], f"{name}: chart {chart['id']} never drawn"
                if chart["modebar"] or chart["overlaps"]:
                    problems.append(
                        f"{name}: chart {chart['id']} shows a mode bar"
                        + (" over its legend" if chart["overlaps"] else "")
                    )
                if not chart["legendInside"]:
                    problems.append(f"{name}: chart {chart['id']}'s legend runs out of its box")
        context.close()
    assert judged_tables >= 20 and judged_cells >= 100, (judged_tables, judged_cells)  # the pages held their tables
    assert not problems, "\n".join(problems)


def test_a_phone_sorts_the_establishments_with_the_sort_control(browser, live_server, world):
    """The column headers are out of sight on a phone: the « Trier » list sorts with the same links."""
    context, page = signed_in(browser, live_server, "coordination@ac-test.fr", WIDTHS["phone"])
    page.goto(live_server.url(world["coordination@ac-test.fr"]["réseau (grille)"]))
    section = page.locator("#etablissements")
    assert section.locator("thead").bounding_box()["height"] <= 1  # kept for screen readers, out of sight
    control = section.locator("details.sort-control")
    control.locator("summary").click()
    control.get_by_role("link", name="Réponses").click()
    page.wait_for_url(lambda url: "tri=" in url)
    names = section.locator("tbody th[scope=row]").all_inner_texts()
    assert names[0] == "Collège Grand"  # 20 answers, the most: a numeric column sorts from the highest
    assert "Réponses" in section.locator("details.sort-control summary").inner_text()
    context.close()

    context, page = signed_in(browser, live_server, "coordination@ac-test.fr", WIDTHS["desktop"])
    page.goto(live_server.url(world["coordination@ac-test.fr"]["réseau (grille)"]))
    assert not page.locator("#etablissements details.sort-control").is_visible()  # the headers sort on a desk
    assert page.locator("#etablissements thead a").first.is_visible()
    context.close()
