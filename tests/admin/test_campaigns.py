"""Campaigns in the administration: create, open/close/reopen, codes, downloads and printable sheets."""

from __future__ import annotations

import base64
import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    AccessCode,
    AccessMode,
    AuditEntry,
    Campaign,
    CampaignEstablishment,
    CampaignStatus,
    SurveyDefinition,
)
from app.services.campaigns.campaigns import current_school_year, is_valid_school_year


def _page(response) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'")


def _form(world, **fields) -> dict:
    return {
        "survey": world.campaign.survey_id,
        "network": world.network.id,
        "school_year": "2026-2027",
        "period": "",
        "access_mode": "link",
        **fields,
    }


@pytest.mark.parametrize(
    "value,valid",
    [
        ("2025-2026", True),
        ("2025-2027", False),
        ("2025/2026", False),
        ("25-26", False),
        ("2026-2025", False),
        ("", False),
    ],
)
def test_school_years_are_two_consecutive_years(value, valid):
    assert is_valid_school_year(value) is valid


def test_the_default_school_year_follows_the_calendar():
    assert current_school_year(date(2026, 3, 1)) == "2025-2026"
    assert current_school_year(date(2026, 9, 1)) == "2026-2027"


def test_creating_a_campaign_gives_every_establishment_its_link(client, login, world):
    coordinator = login("coordinator", world.network)
    response = client.post(
        "/admin/campagnes/nouvelle", data=_form(world, period="S1", opens_on="2026-09-15", closes_on="2026-10-15")
    )
    assert response.status_code == 302
    campaign = db.session.scalar(select(Campaign).filter_by(school_year="2026-2027"))
    assert (
        campaign.status == CampaignStatus.DRAFT and campaign.period == "S1" and campaign.closes_on == date(2026, 10, 15)
    )
    links = db.session.scalars(select(CampaignEstablishment).filter_by(campaign_id=campaign.id)).all()
    assert {link.establishment_id for link in links} == {world.establishment.id, world.sibling.id}
    entry = db.session.scalar(select(AuditEntry).filter_by(action="campaign.create"))
    assert entry.user_id == coordinator.id
    page = _page(client.get(f"/admin/campagnes/{campaign.id}"))
    assert "Collège Mignet" in page and "Marseilleveyre" not in page


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"school_year": "2026-2028"}, "AAAA-AAAA"),
        ({"opens_on": "2026-10-01", "closes_on": "2026-09-01"}, "précède"),
        ({"school_year": "2025-2026"}, "existe déjà"),
        ({"period": "S9"}, "pas un choix valide"),
    ],
)
def test_a_bad_campaign_is_refused_with_a_message(client, login, world, fields, message):
    login("admin")
    response = client.post("/admin/campagnes/nouvelle", data=_form(world, **fields))
    assert response.status_code == 422
    page = _page(response)
    assert message in page
    assert db.session.scalar(select(Campaign).filter_by(school_year="2026-2028")) is None


def test_the_newest_edition_is_proposed_first(client, login, world):
    current = db.session.get(SurveyDefinition, world.campaign.survey_id)
    newer = SurveyDefinition(
        slug=current.slug,
        version="10",
        title=current.title,
        kind=current.kind,
        content_hash="x" * 64,
        content=current.content,
    )
    db.session.add(newer)
    db.session.flush()
    login("admin")
    page = _page(client.get("/admin/campagnes/nouvelle"))
    select_html = re.search(r'<select[^>]*id="survey".*?</select>', page, re.S)[0]
    options = re.findall(r'<option( selected)? value="(\d+)">([^<]+)</option>', select_html)
    grid = [(int(value), label) for _, value, label in options if label.startswith(current.title)]
    first = db.session.scalar(select(SurveyDefinition).filter_by(slug=current.slug, version="1"))
    assert current.version == "2"  # the world's campaign asks the latest shipped grid edition
    assert grid == [
        (newer.id, f"{current.title} — édition 10 (la plus récente)"),
        (current.id, f"{current.title} — édition 2"),
        (first.id, f"{current.title} — édition 1"),
    ]
    assert options[0][0] == " selected"  # the newest edition of the first instrument is chosen by default
    assert sum(1 for option in options if "(la plus récente)" in option[2]) == len(
        {label.split(" — édition")[0] for _, _, label in options}
    )


def test_open_close_and_never_reopen(client, login, world):
    """A closed campaign's results are published: reopening it would let a second publication tell a few answers."""
    login("coordinator", world.network)
    campaign = world.campaign
    assert client.post(f"/admin/campagnes/{campaign.id}/statut/cloturer").status_code == 302
    assert campaign.status == CampaignStatus.CLOSED
    response = client.post(f"/admin/campagnes/{campaign.id}/statut/cloturer")
    assert response.status_code == 409 and "pas possible dans l'état actuel" in _page(response)
    page = _page(client.get(f"/admin/campagnes/{campaign.id}"))
    assert "Rouvrir" not in page and "statut/rouvrir" not in page and "ne peut pas être rouverte" in page
    for action in ("rouvrir", "ouvrir"):
        response = client.post(f"/admin/campagnes/{campaign.id}/statut/{action}")
        assert response.status_code == 409
        assert "Une campagne clôturée ne peut pas être rouverte" in _page(response)
        assert campaign.status == CampaignStatus.CLOSED
    response = client.post(f"/admin/campagnes/{campaign.id}/statut/supprimer")
    assert response.status_code == 409 and "Action inconnue" in _page(response)
    actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["campaign.close"]


def test_a_closed_campaign_takes_no_new_codes(client, login, make, world):
    campaign = make.campaign(
        network=world.network,
        status=CampaignStatus.CLOSED,
        access_mode=AccessMode.CODES,
        establishments=[world.establishment],
    )
    login("coordinator", world.network)
    page = _page(client.get(f"/admin/campagnes/{campaign.id}"))
    assert "Générer des codes individuels" not in page
    response = client.post(
        f"/admin/campagnes/{campaign.id}/codes",
        data={"establishment": world.establishment.id, "count": 3},
        follow_redirects=True,
    )
    assert "n'accepte plus de réponses, ni de nouveaux codes" in _page(response)
    assert not db.session.scalars(select(AccessCode).filter_by(campaign_id=campaign.id)).all()


def test_codes_for_one_establishment_and_their_cut_out_sheet(client, login, world):
    login("coordinator", world.network)
    response = client.post(
        f"/admin/campagnes/{world.campaign.id}/codes", data={"establishment": world.establishment.id, "count": 12}
    )
    assert response.headers["Location"].endswith(f"/etablissements/{world.establishment.id}/codes")
    codes = db.session.scalars(select(AccessCode).filter_by(campaign_id=world.campaign.id)).all()
    assert len(codes) == 12 and {c.establishment_id for c in codes} == {world.establishment.id}
    codes[0].used = True
    db.session.flush()
    page = _page(client.get(response.headers["Location"]))
    assert page.count('class="cutout"') == 11
    shown = codes[1].code
    assert f"{shown[:4]}-{shown[4:]}" in page and codes[0].code[:4] + "-" + codes[0].code[4:] not in page
    page = _page(
        client.post(
            f"/admin/campagnes/{world.campaign.id}/codes",
            data={"establishment": world.foreign.id, "count": 5},
            follow_redirects=True,
        )
    )
    assert "pas un choix valide" in page
    page = _page(
        client.post(
            f"/admin/campagnes/{world.campaign.id}/codes",
            data={"establishment": world.establishment.id, "count": 5000},
            follow_redirects=True,
        )
    )
    assert "Entre 1 et 500 codes" in page
    assert db.session.query(AccessCode).count() == 12


def test_a_campaign_by_link_takes_no_codes(client, login, world):
    login("admin")
    page = _page(
        client.post(
            f"/admin/campagnes/{world.foreign_campaign.id}/codes",
            data={"establishment": world.foreign.id, "count": 5},
            follow_redirects=True,
        )
    )
    assert "lien commun" in page
    assert db.session.query(AccessCode).count() == 0


def test_links_and_codes_download_as_csv_for_spreadsheets(client, login, world):
    world.establishment.name = '=HYPERLINK("http://evil")'
    db.session.flush()
    login("admin")
    client.post(f"/admin/campagnes/{world.campaign.id}/codes", data={"establishment": world.sibling.id, "count": 3})
    response = client.get(f"/admin/campagnes/{world.campaign.id}/liens.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["UAI", "Établissement", "Pôle", "Code établissement", "Lien"]
    by_uai = {row[0]: row for row in rows[1:]}
    assert by_uai[world.establishment.uai][1].startswith("'=")  # no formula runs in the spreadsheet
    link = db.session.scalar(
        select(CampaignEstablishment).filter_by(campaign_id=world.campaign.id, establishment_id=world.sibling.id)
    )
    assert by_uai[world.sibling.uai][3] == link.short_code
    assert by_uai[world.sibling.uai][4].endswith(f"/q/{link.token}")
    codes = list(
        csv.reader(
            io.StringIO(
                client.get(f"/admin/campagnes/{world.campaign.id}/codes.csv").get_data(as_text=True).lstrip("\ufeff")
            ),
            delimiter=";",
        )
    )
    # How many codes are used, never which: no status per code, every code listed.
    assert codes[0] == ["UAI", "Établissement", "Code", "Codes utilisés dans l'établissement"] and len(codes) == 4
    assert {row[3] for row in codes[1:]} == {"0 sur 3"}
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"campaign.export_links", "campaign.export_codes"} <= actions


def test_the_printable_sheet_has_a_qr_code_the_link_and_the_code(client, login, world):
    login("coordinator", world.network)
    link = db.session.scalar(
        select(CampaignEstablishment).filter_by(campaign_id=world.campaign.id, establishment_id=world.establishment.id)
    )
    page = _page(client.get(f"/admin/campagnes/{world.campaign.id}/etablissements/{world.establishment.id}/affiche"))
    assert "Collège Mignet" in page
    assert f"/q/{link.token}" in page
    assert f"{link.short_code[:4]}-{link.short_code[4:]}" in page
    data_uri = page.split('src="data:image/svg+xml;base64,', 1)[1].split('"', 1)[0]
    assert base64.b64decode(data_uri).startswith(b"<svg")
    assert "css/print-sheet.css" in page
    assert "<script>" not in page  # the CSP forbids inline scripts


def test_the_campaign_list_shows_only_managed_networks(client, login, world):
    login("coordinator", world.other_network)
    page = _page(client.get("/admin/campagnes"))
    assert page.count("/admin/campagnes/") - page.count("/admin/campagnes/nouvelle") == 1
    assert f"/admin/campagnes/{world.foreign_campaign.id}" in page


def test_the_campaign_form_explains_when_to_require_single_use_codes(client, login, world):
    login("coordinator", world.network)
    page = re.sub(r"\s+", " ", _page(client.get("/admin/campagnes/nouvelle")))
    assert "Des codes individuels à usage unique" in page and "une personne, une réponse" in page
    assert "plusieurs appareils, peut encore ajouter des réponses" in page
    response = client.post("/admin/campagnes/nouvelle", data=_form(world, access_mode="codes", period="S2"))
    assert response.status_code == 302
    campaign = db.session.scalars(select(Campaign).order_by(Campaign.id.desc())).first()
    assert campaign.access_mode.value == "codes"
