"""A dashboard's first visit stays under 700 KiB gzip, plotly included; charts load only on dashboards."""

import gzip
import re

import pytest

from tests.dashboards import small_network

BUDGET = 700 * 1024


def _first_visit_gzip(client, url: str) -> tuple[int, list[str]]:
    page = client.get(url)
    assert page.status_code == 200
    html = page.get_data()
    # data-plotly: charts.js fetches plotly from there once a chart nears the screen; it counts all the same.
    assets = re.findall(rb'(?:href|src|data-plotly)="(/static/[^"]+)"', html)
    total = len(gzip.compress(html, 6))
    for asset in assets:
        body = client.get(asset.decode().replace("&amp;", "&")).get_data()
        total += len(gzip.compress(body, 6))
    return total, [a.decode() for a in assets]


@pytest.mark.parametrize("kind", ["establishment", "network"])
def test_dashboard_first_visit_is_under_budget(client, make, login, kind):
    world = small_network(make)
    login("admin")
    url = f"/etablissement/{world['est'][2].uai}" if kind == "establishment" else f"/reseau/{world['network'].id}"
    total, assets = _first_visit_gzip(client, url)
    assert any("plotly-boussole.min.js" in a for a in assets)
    assert total <= BUDGET, f"{total / 1024:.0f} KiB"


def test_plotly_is_not_loaded_outside_dashboards(client):
    assert b"plotly" not in client.get("/").get_data()
