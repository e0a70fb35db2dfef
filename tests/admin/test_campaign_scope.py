"""The campaign form's scope, late arrivals on the campaign page, withdrawals, and a scheduled campaign's dates."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Campaign, CampaignEstablishment, CampaignScope, CampaignStatus, Establishment
from tests.clock import set_today


def _page(response) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'").replace("&#34;", '"')


def _form(world, **fields) -> dict:
    return {
        "survey": world.campaign.survey_id,
        "network": world.network.id,
        "school_year": "2026-2027",
        "period": "",
        "access_mode": "link",
        **fields,
    }


def _linked(campaign_id: int) -> set[str]:
    return set(
        db.session.scalars(
            select(Establishment.name)
            .join(CampaignEstablishment, CampaignEstablishment.establishment_id == Establishment.id)
            .where(CampaignEstablishment.campaign_id == campaign_id)
        )
    )


def _new_campaign() -> Campaign:
    return db.session.scalar(select(Campaign).filter_by(school_year="2026-2027"))


def test_the_form_offers_the_scope_choice(client, login, world):
    login("coordinator", world.network)
    page = _page(client.get("/admin/campagnes/nouvelle"))
    assert "Établissements concernés" in page and "Des pôles choisis" in page and "Des établissements choisis" in page
    assert "Sainte Victoire / Aix" in page and "Calanques / Marseille Sud" not in page  # only managed poles


@pytest.mark.parametrize(
    "fields,kind,members,shown",
    [
        ({"scope": "network"}, CampaignScope.NETWORK, {"Collège Mignet", "Lycée Val de Durance"}, "Tout le réseau"),
        ({"scope": "poles", "poles": "pole"}, CampaignScope.POLES, {"Collège Mignet"}, "Pôle : Aix"),
        (
            {"scope": "establishments", "uais": "sibling"},
            CampaignScope.ESTABLISHMENTS,
            {"Lycée Val de Durance"},
            "Établissements choisis",
        ),
    ],
)
def test_each_scope_is_created_by_the_form_and_shown(client, login, world, fields, kind, members, shown):
    login("coordinator", world.network)
    fields = {
        key: world.pole.id if value == "pole" else world.sibling.uai.lower() if value == "sibling" else value
        for key, value in fields.items()
    }
    response = client.post("/admin/campagnes/nouvelle", data=_form(world, **fields))
    assert response.status_code == 302, _page(response)
    campaign = _new_campaign()
    assert campaign.scope == kind and _linked(campaign.id) == members
    page = _page(client.get(f"/admin/campagnes/{campaign.id}"))
    assert f"<dt>Périmètre</dt><dd>{shown}</dd>" in page


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"scope": "poles"}, "Choisissez au moins un pôle"),
        ({"scope": "poles", "poles": "foreign"}, "pas un choix valide"),  # a pole the coordinator does not manage
        ({"scope": "establishments", "uais": ""}, "Indiquez au moins un établissement"),
        ({"scope": "establishments", "uais": "0139999Y"}, "UAI inconnu(s) : 0139999Y"),
        ({"scope": "establishments", "uais": "foreign"}, "Hors du réseau « Sainte Victoire » : Collège Marseilleveyre"),
    ],
)
def test_a_bad_scope_is_refused_with_a_french_message(client, login, world, fields, message):
    login("coordinator", world.network)
    fields = {
        key: world.foreign_pole.id
        if (key, value) == ("poles", "foreign")
        else world.foreign.uai
        if value == "foreign"
        else value
        for key, value in fields.items()
    }
    response = client.post("/admin/campagnes/nouvelle", data=_form(world, **fields))
    assert response.status_code == 422
    assert message in _page(response)
    assert _new_campaign() is None


def test_an_admin_choosing_a_pole_of_another_network_is_told_so(client, login, world):
    login("admin")
    response = client.post(
        "/admin/campagnes/nouvelle", data=_form(world, scope="poles", poles=[world.pole.id, world.foreign_pole.id])
    )
    assert response.status_code == 422
    assert "Le pôle « Marseille Sud » n'appartient pas au réseau « Sainte Victoire »" in _page(response)


def test_a_late_arrival_by_the_administration_import_gets_its_link_on_the_campaign_page(client, login, world):
    login("coordinator", world.network)
    csv_text = "Identifiant_de_l_etablissement;Nom_etablissement\n0130050J;École Vauvenargues\n"
    response = client.post(
        "/admin/etablissements/import",
        data={
            "file": (io.BytesIO(csv_text.encode()), "annuaire.csv"),
            "network": world.network.id,
            "pole": world.pole.id,
        },
    )
    assert response.status_code == 200
    assert "École Vauvenargues" in _linked(world.campaign.id)
    page = _page(client.get(f"/admin/campagnes/{world.campaign.id}"))
    assert "École Vauvenargues" in page and "0130050J" in page
    link = db.session.scalar(select(CampaignEstablishment).join(Establishment).where(Establishment.uai == "0130050J"))
    assert f"/q/{link.token}" in page


def test_the_campaign_page_adds_and_withdraws_an_establishment(client, login, world):
    coordinator = login("coordinator", world.network)
    newcomer = Establishment(uai="0130050J", name="École Vauvenargues", network_id=world.network.id)
    db.session.add(newcomer)
    db.session.commit()
    page = _page(client.get(f"/admin/campagnes/{world.campaign.id}"))
    assert "Ajouter à la campagne" in page and "École Vauvenargues" in page
    response = client.post(f"/admin/campagnes/{world.campaign.id}/etablissements", data={"establishment": newcomer.id})
    assert response.status_code == 302
    assert "École Vauvenargues" in _linked(world.campaign.id)
    response = client.post(
        f"/admin/campagnes/{world.campaign.id}/etablissements", data={"establishment": world.foreign.id}
    )
    assert response.status_code == 422 and "Choisissez un établissement du réseau" in _page(response)
    response = client.post(f"/admin/campagnes/{world.campaign.id}/etablissements/{newcomer.id}/retirer")
    assert response.status_code == 302
    assert "École Vauvenargues" not in _linked(world.campaign.id)
    actions = db.session.scalars(select(AuditEntry.action).filter_by(user_id=coordinator.id)).all()
    assert actions.count("campaign.enrol") == 1 and actions.count("campaign.withdraw") == 1


def test_withdrawing_an_establishment_with_a_response_is_refused(client, login, world, make):
    login("coordinator", world.network)
    make.response(world.campaign, world.establishment, {"collectif": 3})
    db.session.commit()
    response = client.post(f"/admin/campagnes/{world.campaign.id}/etablissements/{world.establishment.id}/retirer")
    assert response.status_code == 409
    assert "Collège Mignet" in _page(response) and "1 réponse envoyée" in _page(response)
    assert "Collège Mignet" in _linked(world.campaign.id)


def test_a_closed_campaign_adds_and_withdraws_nobody(client, login, world):
    login("admin")
    world.campaign.status = CampaignStatus.CLOSED
    db.session.commit()
    page = _page(client.get(f"/admin/campagnes/{world.campaign.id}"))
    assert "Ajouter à la campagne" not in page and "figée" in page
    response = client.post(f"/admin/campagnes/{world.campaign.id}/etablissements/{world.sibling.id}/retirer")
    assert response.status_code == 409 and "figée" in _page(response)


def test_a_scheduled_campaign_says_so_then_opens_and_closes_on_its_dates(client, login, world, monkeypatch):
    login("admin")
    world.campaign.opens_on, world.campaign.closes_on = date(2026, 10, 1), date(2026, 10, 31)
    db.session.commit()
    set_today(monkeypatch, date(2026, 9, 20))
    login("admin")
    listing = _page(client.get("/admin/campagnes"))
    assert '<span class="badge badge-scheduled">programmée</span>' in listing
    page = _page(client.get(f"/admin/campagnes/{world.campaign.id}"))
    assert "programmée" in page and "s'ouvrira le 01/10/2026" in page
    set_today(monkeypatch, date(2026, 10, 1))
    login("admin")  # a new day, and the fake clock's sessions would look idle
    assert '<span class="badge badge-open">en cours</span>' in _page(client.get("/admin/campagnes"))
    set_today(monkeypatch, date(2026, 11, 1))
    login("admin")
    assert '<span class="badge badge-closed">clôturée</span>' in _page(client.get("/admin/campagnes"))
    db.session.refresh(world.campaign)
    assert world.campaign.status == CampaignStatus.CLOSED  # the request wrote it, and froze membership
    links = db.session.scalars(select(CampaignEstablishment).filter_by(campaign_id=world.campaign.id)).all()
    assert links and all(link.frozen_at is not None for link in links)


def test_opening_a_draft_past_its_closing_date_is_refused(client, login, world, make, monkeypatch):
    login("admin")
    draft = make.campaign(network=world.network, status=CampaignStatus.DRAFT, closes_on=date(2026, 6, 30))
    db.session.commit()
    set_today(monkeypatch, date(2026, 7, 1))
    login("admin")
    response = client.post(f"/admin/campagnes/{draft.id}/statut/ouvrir")
    assert response.status_code == 409 and "date de clôture de cette campagne est passée" in _page(response)
