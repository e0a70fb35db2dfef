"""Printed links start with the address the page was served on, unless BOUSSOLE_BASE_URL says otherwise."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import CampaignEstablishment
from app.services.campaigns.materials import qr_data_uri

SERVED_ON = "http://boussole.example:8123"
PROXY = "https://boussole.ac-exemple.fr"


@pytest.fixture
def admin_on(client, make):
    """Sign the client in as an administrator on `SERVED_ON` (cookies belong to the address they were set on)."""
    user = make.user("admin")
    db.session.commit()
    with client.application.test_request_context(environ_base=client.environ_base):
        identifier = client.application.login_manager._session_identifier_generator()
    with client.session_transaction(base_url=SERVED_ON) as session:
        session.update({"_user_id": user.get_id(), "_fresh": True, "_id": identifier})
    return lambda path, **kwargs: client.open(path, base_url=SERVED_ON, **kwargs)


def _token(world) -> str:
    return db.session.scalars(
        select(CampaignEstablishment.token).filter_by(
            campaign_id=world.campaign.id, establishment_id=world.establishment.id
        )
    ).one()


def _printed(admin_on, world) -> dict[str, str]:
    """Every page and file of the administration that prints a link or an address, by name."""
    campaign, school = world.campaign.id, world.establishment.id
    made = admin_on(f"/admin/campagnes/{campaign}/codes", method="POST", data={"establishment": school, "count": 2})
    assert made.status_code == 302
    pages = {
        "campaign": f"/admin/campagnes/{campaign}",
        "links.csv": f"/admin/campagnes/{campaign}/liens.csv",
        "poster": f"/admin/campagnes/{campaign}/etablissements/{school}/affiche",
        "codes sheet": f"/admin/campagnes/{campaign}/etablissements/{school}/codes",
    }
    return {name: admin_on(path).get_data(as_text=True) for name, path in pages.items()}


def test_links_are_built_on_the_address_the_page_was_served_on(admin_on, world, app, monkeypatch):
    monkeypatch.setitem(app.config, "BOUSSOLE_BASE_URL", None)
    link = f"{SERVED_ON}/q/{_token(world)}"
    printed = _printed(admin_on, world)
    assert f'value="{link}"' in printed["campaign"]
    assert link in printed["links.csv"]
    assert link in printed["poster"] and qr_data_uri(link) in printed["poster"]  # the QR code encodes that link
    assert f"à saisir sur {SERVED_ON}/" in printed["codes sheet"]
    for name, text in printed.items():
        assert "127.0.0.1" not in text and "localhost/" not in text, name
    invited = admin_on("/admin/utilisateurs/inviter", method="POST", data={"email": "x@ac-test.fr", "role": "admin"})
    assert re.search(rf'value="{re.escape(SERVED_ON)}/compte/invitation/[^"]+"', invited.get_data(as_text=True))


def test_the_setting_wins_over_the_address_served_on(admin_on, world, app, monkeypatch):
    monkeypatch.setitem(app.config, "BOUSSOLE_BASE_URL", PROXY)
    printed = _printed(admin_on, world)
    link = f"{PROXY}/q/{_token(world)}"
    assert f'value="{link}"' in printed["campaign"] and link in printed["links.csv"]
    assert qr_data_uri(link) in printed["poster"] and f"à saisir sur {PROXY}/" in printed["codes sheet"]
    assert all("boussole.example" not in text for text in printed.values())


def test_the_resume_link_is_on_the_address_served_on(client, world, app, monkeypatch):
    monkeypatch.setitem(app.config, "BOUSSOLE_BASE_URL", None)
    world.campaign.access_mode = world.foreign_campaign.access_mode  # a link campaign: "Commencer" opens a draft
    db.session.commit()
    base = f"/q/{_token(world)}"
    assert client.post(f"{base}/commencer", base_url=SERVED_ON).status_code == 303
    chosen = client.post(f"{base}/categorie", data={"category": "enseignant", "action": "suivant"}, base_url=SERVED_ON)
    assert chosen.status_code == 303
    page = client.get(chosen.headers["Location"], base_url=SERVED_ON).get_data(as_text=True)
    assert re.search(rf'<a href="{re.escape(SERVED_ON)}/q/reprendre/[^"]+" class="resume-link"', page)
