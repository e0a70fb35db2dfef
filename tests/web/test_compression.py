"""Dashboards travel in gzip to a browser that accepts it; a page holding secrets (single-use codes) never does."""

import gzip

from app.models import CampaignStatus
from tests.dashboards import small_network

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def _dashboard_urls(world) -> list[str]:
    establishment = world["est"][2]
    return [
        f"/reseau/{world['network'].id}",
        f"/reseau/{world['network'].id}?pole={world['poles'][0].id}",
        f"/reseau/{world['network'].id}/imprimer",
        f"/etablissement/{establishment.uai}",
        f"/etablissement/{establishment.uai}/imprimer",
    ]


def test_a_dashboard_is_sent_in_gzip_and_reads_the_same(client, make, login):
    world = small_network(make)
    login("admin")
    for url in _dashboard_urls(world):
        plain = client.get(url)
        packed = client.get(url, headers=GZIP)
        assert plain.status_code == packed.status_code == 200, url
        assert "Content-Encoding" not in plain.headers, url  # a client that did not ask gets it as is
        assert packed.headers["Content-Encoding"] == "gzip", url
        assert "Accept-Encoding" in packed.headers["Vary"], url  # a shared cache keeps the two apart
        assert len(packed.data) < len(plain.data) / 3, url
        unpacked = gzip.decompress(packed.data).decode()
        # Each page carries a CSRF token signed with the second it was made: compare what is around it.
        assert unpacked.split("csrf_token")[0] == plain.get_data(as_text=True).split("csrf_token")[0], url
        assert "Réseau test" in unpacked or world["est"][2].name in unpacked, url


def test_a_csv_export_is_sent_in_gzip(client, make, login):
    world = small_network(make)
    login("admin")
    reply = client.get(f"/reseau/{world['network'].id}/export/etablissements.csv", headers=GZIP)
    assert reply.status_code == 200
    assert reply.headers["Content-Encoding"] == "gzip"
    assert "Collège Grand" in gzip.decompress(reply.data).decode("utf-8-sig")


def test_the_page_of_single_use_codes_is_never_compressed(client, make, login):
    network = make.network("Réseau test")
    establishment = make.establishment(pole=make.pole("Aix", network=network))
    make.campaign(network=network, status=CampaignStatus.OPEN, establishments=[establishment])
    login("admin")
    for url in (f"/etablissement/{establishment.uai}/codes", "/"):
        reply = client.get(url, headers=GZIP)
        assert reply.status_code == 200, url
        assert "Content-Encoding" not in reply.headers, url
