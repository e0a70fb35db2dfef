"""Each instrument's own declared staff: edited beside its participation, the base of its rate, said on the page."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import CampaignEstablishment
from app.services.dashboards.agreed_levels import NotInCampaign, set_staff_size
from tests.self_positioning import STAFF, self_positioning_network


def _staff(campaign, establishment) -> int | None:
    return db.session.scalar(
        select(CampaignEstablishment.staff_size).filter_by(campaign_id=campaign.id, establishment_id=establishment.id)
    )


@pytest.fixture
def world(make):
    return self_positioning_network(make)


def test_the_service_sets_one_campaigns_staff_only(world, make):
    grand, user = world["est"]["Collège Grand"], make.user("admin")
    set_staff_size(grand, world["now"], 37, user)
    assert _staff(world["now"], grand) == 37
    assert _staff(world["grid"], grand) == STAFF["Collège Grand"]  # the grid keeps its own base
    other = make.campaign(network=world["network"], school_year="2025-2026")  # Grand does not take part
    with pytest.raises(NotInCampaign):
        set_staff_size(grand, other, 12, user)


def test_each_instrument_has_its_form_and_says_its_base(client, login, world):
    grand = world["est"]["Collège Grand"]
    login("head", grand)
    url = f"/etablissement/{grand.uai}?campagne={world['now'].id}"
    html = unescape(client.get(url).get_data(as_text=True))
    assert html.count("Enregistrer l'effectif (") == 2
    assert f'name="c{world["grid"].id}-staff_size"' in html and f'name="c{world["now"].id}-staff_size"' in html
    assert "Chaque questionnaire a son effectif déclaré" in html

    response = client.post(
        f"/etablissement/{grand.uai}/effectif?campagne={world['now'].id}", data={f"c{world['now'].id}-staff_size": "40"}
    )
    assert response.status_code == 302 and response.location.endswith("#participation")
    assert (_staff(world["now"], grand), _staff(world["grid"], grand)) == (40, STAFF["Collège Grand"])
    page = unescape(client.get(response.location).get_data(as_text=True))
    section = page[page.index('id="participation"') :]
    assert 'role="status">Effectif enregistré : 40 personnels pour « Autopositionnement' in section
    assert "Effectif enregistré" not in page[: page.index('id="participation"')]  # not repeated at the top
    assert "25\u202f%" in section  # the items: 10 responses of 40


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Indiquez un nombre."),
        ("beaucoup", "N'est pas un entier valide."),
        ("-3", "Indiquez un nombre entre 1 et"),
        ("0", "Indiquez un nombre entre 1 et"),
        ("999999", "Indiquez un nombre entre 1 et"),
    ],
)
def test_a_bad_staff_size_is_refused_in_french_beside_its_form(client, login, world, value, message):
    grand = world["est"]["Collège Grand"]
    login("head", grand)
    campaign = world["grid"]
    response = client.post(
        f"/etablissement/{grand.uai}/effectif?campagne={campaign.id}", data={f"c{campaign.id}-staff_size": value}
    )
    assert response.status_code == 422
    html = unescape(response.get_data(as_text=True))
    assert message in html and "L'effectif n'a pas été enregistré" in html
    assert html.index("L'effectif n'a pas été enregistré") > html.index('id="participation"')
    assert _staff(campaign, grand) == STAFF["Collège Grand"]


def test_the_staff_form_needs_its_csrf_token(csrf_client, app, make, world):
    grand, campaign = world["est"]["Collège Grand"], world["grid"]
    head = make.user("head", scope=grand)
    with app.test_request_context(environ_base=csrf_client.environ_base):
        identifier = app.login_manager._session_identifier_generator()
    with csrf_client.session_transaction() as session:
        session.update({"_user_id": head.get_id(), "_fresh": True, "_id": identifier})
    url = f"/etablissement/{grand.uai}/effectif?campagne={campaign.id}"
    field = f"c{campaign.id}-staff_size"
    assert csrf_client.post(url, data={field: "33"}).status_code == 400
    assert _staff(campaign, grand) == STAFF["Collège Grand"]
    page = csrf_client.get(f"/etablissement/{grand.uai}?campagne={campaign.id}").get_data(as_text=True)
    token = re.search(rf'name="c{campaign.id}-csrf_token" type="hidden" value="([^"]+)"', page)[1]
    assert csrf_client.post(url, data={field: "33", f"c{campaign.id}-csrf_token": token}).status_code == 302
    assert _staff(campaign, grand) == 33


def test_another_networks_campaign_is_unknown_here(client, login, make, world):
    grand = world["est"]["Collège Grand"]
    login("head", grand)
    elsewhere = make.campaign(network=make.network("Ailleurs"), school_year="2025-2026")
    response = client.post(f"/etablissement/{grand.uai}/effectif?campagne={elsewhere.id}", data={"staff_size": "3"})
    assert response.status_code == 404
