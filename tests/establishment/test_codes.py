"""Single-use codes are made and printed by the head of the establishment and by the network's coordination.

Inspectors and pole pilots, who read results, never do; nor does anyone outside the establishment's network.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import AccessCode, AccessMode
from app.services.campaigns.codes import generate_codes


@pytest.fixture
def world(make, db):
    network = make.network()
    pole = make.pole(network=network)
    school, sibling = make.establishment(pole=pole), make.establishment(pole=pole)
    other_network = make.network()
    stranger = make.establishment(pole=make.pole(network=other_network))
    campaign = make.campaign(network=network, access_mode=AccessMode.CODES, establishments=[school, sibling])
    generate_codes(campaign, school, 2)
    db.session.commit()
    return {
        "network": network,
        "pole": pole,
        "school": school,
        "sibling": sibling,
        "other_network": other_network,
        "stranger": stranger,
        "campaign": campaign,
    }


ALLOWED, REFUSED = "allowed", "refused"
READERS = [
    ("admin", None, ALLOWED),
    ("coordinator", "network", ALLOWED),
    ("head", "school", ALLOWED),
    ("coordinator", "other_network", REFUSED),
    ("inspector", "network", REFUSED),
    ("pilot", "pole", REFUSED),
    ("head", "sibling", REFUSED),
    ("head", "stranger", REFUSED),
]


def _codes(db) -> int:
    return db.session.scalar(select(func.count()).select_from(AccessCode))


@pytest.mark.parametrize("role, scope, expected", READERS)
def test_who_makes_and_prints_an_establishments_codes(client, login, db, world, role, scope, expected):
    login(role, world[scope] if scope else None)
    uai, campaign_id = world["school"].uai, world["campaign"].id
    page = client.get(f"/etablissement/{uai}/codes")
    sheet = client.get(f"/etablissement/{uai}/codes/{campaign_id}/feuille")
    made = client.post(f"/etablissement/{uai}/codes/{campaign_id}", data={"count": 3})
    if expected == ALLOWED:
        assert page.status_code == 200 and "0 code(s) utilisé(s) sur 2" in page.get_data(as_text=True)
        assert sheet.status_code == 200 and sheet.get_data(as_text=True).count('class="cutout-code"') == 2
        assert made.status_code == 303 and made.headers["Location"].endswith("/feuille")
        assert _codes(db) == 5
    else:
        assert {page.status_code, sheet.status_code, made.status_code} <= {403, 404}
        assert "Codes individuels à distribuer" not in client.get(f"/etablissement/{uai}").get_data(as_text=True)
        assert _codes(db) == 2


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    uai = world["school"].uai
    assert client.get(f"/etablissement/{uai}/codes").status_code in (302, 401)
    assert client.post(f"/etablissement/{uai}/codes/{world['campaign'].id}", data={"count": 3}).status_code in (
        302,
        401,
    )


def test_a_head_sees_how_many_codes_are_used_never_which(client, login, db, world):
    login("head", world["school"])
    (code, _) = db.session.scalars(select(AccessCode).order_by(AccessCode.id)).all()
    client.application.test_client().post("/q/code", data={"code": code.code})
    page = client.get(f"/etablissement/{world['school'].uai}/codes").get_data(as_text=True)
    assert "1 code(s) utilisé(s) sur 2" in page
    sheet = client.get(f"/etablissement/{world['school'].uai}/codes/{world['campaign'].id}/feuille")
    text = sheet.get_data(as_text=True)
    assert "1 déjà utilisé(s) sur 2" in text and code.code[:4] not in text.split("cutouts", 1)[-1]


def test_a_campaign_by_link_or_closed_has_no_codes_for_the_head(client, login, make, db, world):
    by_link = make.campaign(network=world["network"], establishments=[world["school"]])
    db.session.commit()
    login("head", world["school"])
    uai = world["school"].uai
    assert client.get(f"/etablissement/{uai}/codes/{by_link.id}/feuille").status_code == 404
    assert client.post(f"/etablissement/{uai}/codes/{by_link.id}", data={"count": 3}).status_code == 404
    assert client.post(f"/etablissement/{uai}/codes/{world['campaign'].id}", data={"count": 0}).status_code == 303
    assert _codes(db) == 2
