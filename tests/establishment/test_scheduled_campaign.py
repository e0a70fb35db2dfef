"""A campaign set open before its opening date reads « programmée » on every page, then opens on its date."""

from __future__ import annotations

from datetime import date

from app.extensions import db
from tests.clock import set_today


def _text(response) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'")


def _scheduled(make):
    pole = make.pole()
    school = make.establishment(pole=pole, name="Collège Mignet")
    campaign = make.campaign(network=pole.network, opens_on=date(2026, 10, 1), closes_on=date(2026, 10, 31))
    link = make.campaign_establishment(campaign, school)
    db.session.commit()
    return school, campaign, link


def test_the_head_the_respondent_the_network_and_the_api_all_read_programmee(client, make, login, monkeypatch):
    school, _, link = _scheduled(make)
    set_today(monkeypatch, date(2026, 9, 20))
    head = login("head", school)
    dashboard = _text(client.get(f"/etablissement/{school.uai}"))
    assert "campagne programmée : ouverture le 01/10/2026" in dashboard
    assert "(programmée)" in dashboard and "(en cours)" not in dashboard
    questionnaire = client.get(f"/q/{link.token}")
    assert questionnaire.status_code == 403
    assert "Campagne programmée : ce questionnaire sera ouvert à partir du 1 octobre 2026" in _text(questionnaire)
    login("coordinator", school.network)
    network_page = _text(client.get(f"/reseau/{school.network_id}"))
    assert "(programmée)" in network_page and "(en cours)" not in network_page
    api = client.get("/api/v1/campaigns").get_json()
    assert [c["status"] for c in api["campaigns"]] == ["scheduled"]

    set_today(monkeypatch, date(2026, 10, 1))  # the opening day
    login(user=head)
    assert "campagne en cours" in _text(client.get(f"/etablissement/{school.uai}"))
    assert client.get(f"/q/{link.token}").status_code == 200
    login("coordinator", school.network)
    assert [c["status"] for c in client.get("/api/v1/campaigns").get_json()["campaigns"]] == ["open"]


def test_past_its_closing_date_the_questionnaire_is_closed_and_the_campaign_closed(client, make, monkeypatch):
    _, campaign, link = _scheduled(make)
    set_today(monkeypatch, date(2026, 11, 1))
    response = client.get(f"/q/{link.token}")
    assert response.status_code == 410 and "il était ouvert jusqu'au 31 octobre 2026" in _text(response)
    db.session.refresh(campaign)
    assert campaign.status.value == "closed"
    db.session.refresh(link)
    assert link.frozen_at is not None and link.pole_id == link.establishment.pole_id
