"""A network's establishments are shown fifty at a time, in the order asked, every one of them on some page; the
printed page, « Tout afficher » and the exports keep them all."""

from __future__ import annotations

import re

from app.models import CampaignStatus
from tests.dashboards import answer


def _network(make, count: int):
    network = make.network("Grand réseau")
    pole = make.pole("Aix", network=network)
    schools = [make.establishment(pole=pole, name=f"Collège {i:03d}", kind="Collège") for i in range(count)]
    campaign = make.campaign(network=network, status=CampaignStatus.CLOSED, establishments=schools)
    for i, school in enumerate(schools[:6]):
        answer(make, campaign, school, [1 + i % 5] * 5)
    return network, schools


def _names(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]*">(Collège \d{3})</a></th>', html)


def test_the_table_is_shown_fifty_at_a_time_every_row_on_some_page(client, make, login):
    network, schools = _network(make, 120)
    login("coordinator", network)
    url = f"/reseau/{network.id}"
    first = client.get(url).get_data(as_text=True)
    assert _names(first) == [f"Collège {i:03d}" for i in range(50)]
    assert "Établissements 1 à 50 sur 120" in first and 'aria-current="page">1<' in first
    seen = _names(first)
    for page in (2, 3):
        html = client.get(f"{url}?page={page}").get_data(as_text=True)
        seen += _names(html)
    assert seen == sorted(s.name for s in schools)  # every establishment once, in order
    assert "Établissements 101 à 120 sur 120" in html and 'rel="next"' not in html
    assert '<div class="value">120</div>' in first  # the totals count every establishment, not the page


def test_pages_keep_the_order_asked_and_sorting_starts_again_at_the_first(client, make, login):
    network, _ = _network(make, 60)
    login("coordinator", network)
    url = f"/reseau/{network.id}?tri=name&ordre=desc"
    first = client.get(url).get_data(as_text=True)
    assert _names(first)[0] == "Collège 059"
    second = client.get(f"{url}&page=2").get_data(as_text=True)
    assert _names(second) == [f"Collège {i:03d}" for i in range(9, -1, -1)]
    links = re.findall(r'href="([^"]*tri=[^"]*)"', second)
    assert any("page=" not in link for link in links)  # a sort link goes back to page 1
    assert all("tri=name" in link for link in re.findall(r'href="([^"]*page=1[^"]*)"', second))


def test_every_row_at_once_on_asking_and_on_paper(client, make, login):
    network, _ = _network(make, 60)
    login("coordinator", network)
    every = client.get(f"/reseau/{network.id}?tout=1").get_data(as_text=True)
    assert len(_names(every)) == 60 and "par page" in every
    printed = client.get(f"/reseau/{network.id}/imprimer").get_data(as_text=True)
    assert len(re.findall(r'<th scope="row">Collège \d{3}</th>', printed)) == 60
    exported = client.get(f"/reseau/{network.id}/export/etablissements.csv").get_data(as_text=True)
    assert exported.count("Collège ") == 60


def test_a_page_past_the_last_or_not_a_number_is_a_clear_error(client, make, login):
    network, _ = _network(make, 60)
    login("coordinator", network)
    missing = client.get(f"/reseau/{network.id}?page=3")
    assert missing.status_code == 404 and "existe pas" in missing.get_data(as_text=True)
    assert client.get(f"/reseau/{network.id}?page=0").status_code == 404
    wrong = client.get(f"/reseau/{network.id}?page=deux")
    assert wrong.status_code == 400 and "nombre entier" in wrong.get_data(as_text=True)
