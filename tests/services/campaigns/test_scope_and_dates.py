"""A campaign's scope (network, poles, establishments), its late arrivals and departures, and its dates."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.models import (
    AuditEntry,
    CampaignEstablishment,
    CampaignScope,
    CampaignState,
    CampaignStatus,
    CampaignWithdrawal,
    Draft,
)
from app.services.campaigns.campaigns import CampaignError, create_campaign
from app.services.campaigns.enrolment import add_establishment, enrol_in_open_campaigns, withdraw_establishment
from app.services.campaigns.scope import resolve_scope
from app.services.campaigns.states import close_due_campaigns
from app.services.territory.directory_import import import_establishments
from app.services.territory.establishments import move_establishment


def _linked(db, campaign) -> set[int]:
    return set(db.session.scalars(select(CampaignEstablishment.establishment_id).filter_by(campaign_id=campaign.id)))


@pytest.fixture
def territory(make):
    network = make.network("Sainte Victoire")
    aix, pertuis = make.pole("Aix", network), make.pole("Pertuis", network)
    other = make.pole("Marseille", make.network("Calanques"))
    schools = {
        "mignet": make.establishment(pole=aix, name="Collège Mignet"),
        "cezanne": make.establishment(pole=aix, name="Lycée Cézanne"),
        "durance": make.establishment(pole=pertuis, name="Lycée Val de Durance"),
        "foreign": make.establishment(pole=other, name="Collège Marseilleveyre"),
    }
    return network, aix, pertuis, other, schools


def _links(db, campaign) -> list[CampaignEstablishment]:
    return list(db.session.scalars(select(CampaignEstablishment).filter_by(campaign_id=campaign.id)))


def _survey(make):
    return make.editions()["territoire-apprenant"][-1]


@pytest.mark.parametrize(
    "day,state",
    [
        (date(2026, 9, 30), CampaignState.SCHEDULED),
        (date(2026, 10, 1), CampaignState.OPEN),
        (date(2026, 10, 31), CampaignState.OPEN),
        (date(2026, 11, 1), CampaignState.CLOSED),
    ],
)
def test_the_state_reads_the_status_and_the_dates(make, day, state):
    campaign = make.campaign(opens_on=date(2026, 10, 1), closes_on=date(2026, 10, 31))
    assert campaign.state(day) == state
    assert campaign.accepts_answers(day) is (state == CampaignState.OPEN)
    campaign.status = CampaignStatus.DRAFT
    assert campaign.state(day) == CampaignState.DRAFT
    assert CampaignState.SCHEDULED.label == "programmée"


def test_each_scope_links_its_own_establishments(db, make, territory):
    network, aix, _, _, schools = territory
    whole = create_campaign(_survey(make), network, "2026-2027")
    poles = create_campaign(
        _survey(make), network, "2026-2027", scope=resolve_scope(network, CampaignScope.POLES, pole_ids=[aix.id])
    )
    chosen = create_campaign(
        _survey(make),
        network,
        "2026-2027",
        scope=resolve_scope(network, CampaignScope.ESTABLISHMENTS, uais=f" {schools['durance'].uai.lower()} "),
    )
    ids = {name: school.id for name, school in schools.items()}
    assert _linked(db, whole) == {ids["mignet"], ids["cezanne"], ids["durance"]}
    assert _linked(db, poles) == {ids["mignet"], ids["cezanne"]} and poles.poles == [aix]
    assert _linked(db, chosen) == {ids["durance"]} and chosen.scope == CampaignScope.ESTABLISHMENTS


@pytest.mark.parametrize(
    "kind,choice,message",
    [
        (CampaignScope.POLES, {"pole_ids": []}, "au moins un pôle"),
        (CampaignScope.POLES, {"pole_ids": ["other"]}, "n'appartient pas au réseau « Sainte Victoire »"),
        (CampaignScope.ESTABLISHMENTS, {"uais": ""}, "au moins un établissement"),
        (CampaignScope.ESTABLISHMENTS, {"uais": "0139999Y"}, "UAI inconnu(s) : 0139999Y"),
        (CampaignScope.ESTABLISHMENTS, {"uais": "foreign"}, "Hors du réseau « Sainte Victoire »"),
    ],
)
def test_a_bad_scope_is_refused_in_french(make, territory, kind, choice, message):
    network, _, _, other, schools = territory
    if choice.get("pole_ids") == ["other"]:
        choice = {"pole_ids": [other.id]}
    if choice.get("uais") == "foreign":
        choice = {"uais": schools["foreign"].uai}
    with pytest.raises(CampaignError, match=message.replace("(", r"\(").replace(")", r"\)")):
        resolve_scope(network, kind, **choice)


def test_a_late_arrival_by_import_joins_open_and_scheduled_campaigns_but_not_closed_or_other_poles(db, make, territory):
    network, aix, _, _, _ = territory
    survey = _survey(make)
    scoped = resolve_scope(network, CampaignScope.POLES, pole_ids=[aix.id])
    open_ = create_campaign(survey, network, "2026-2027", status=CampaignStatus.OPEN, scope=scoped)
    scheduled = create_campaign(survey, network, "2027-2028", status=CampaignStatus.OPEN, opens_on=date(2099, 1, 1))
    closed = create_campaign(survey, network, "2025-2026", status=CampaignStatus.CLOSED)
    draft = create_campaign(survey, network, "2024-2025")
    csv_text = (
        "Identifiant_de_l_etablissement;Nom_etablissement;reseau;pole\n"
        "0130050J;École Vauvenargues;Sainte Victoire;Aix\n"
        "0840001V;École de Pertuis;Sainte Victoire;Pertuis\n"
    )
    import_establishments(csv_text.encode())
    links = {link.establishment.uai: link for link in _links(db, open_)}
    assert len(links["0130050J"].token) >= 32 and len(links["0130050J"].short_code) == 8

    def uais(campaign) -> set[str]:
        return {link.establishment.uai for link in _links(db, campaign)}

    assert "0130050J" in uais(open_) and "0840001V" not in uais(open_)  # outside the chosen pole
    assert {"0130050J", "0840001V"} <= uais(scheduled)
    assert "0130050J" not in uais(closed) and "0130050J" not in uais(draft)  # closed frozen; a draft links at opening
    entries = db.session.scalars(select(AuditEntry.detail).filter_by(action="campaign.enrol")).all()
    assert any("École Vauvenargues" in entry and entry.endswith("(automatique)") for entry in entries)


def test_a_move_into_a_chosen_pole_enrols_and_a_withdrawal_holds(db, make, territory):
    network, aix, pertuis, _, schools = territory
    campaign = create_campaign(
        _survey(make),
        network,
        "2026-2027",
        status=CampaignStatus.OPEN,
        scope=resolve_scope(network, CampaignScope.POLES, pole_ids=[aix.id]),
    )
    admin = make.user("admin")
    durance = schools["durance"]
    move_establishment(durance, aix, admin)
    assert durance.id in _linked(db, campaign)
    withdraw_establishment(campaign, durance, admin)
    assert durance.id not in _linked(db, campaign)
    assert db.session.scalar(select(CampaignWithdrawal).filter_by(establishment_id=durance.id)) is not None
    move_establishment(durance, pertuis, admin)
    move_establishment(durance, aix, admin)
    enrol_in_open_campaigns([network.id])
    assert durance.id not in _linked(db, campaign)  # withdrawn stays withdrawn
    add_establishment(campaign, durance, admin)
    assert durance.id in _linked(db, campaign)
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.user_id == admin.id)).all()
    assert actions.count("campaign.withdraw") == 1 and actions.count("campaign.enrol") == 1


def test_withdrawal_is_refused_once_there_is_a_response_or_a_draft(db, make, territory):
    network, _, _, _, schools = territory
    campaign = create_campaign(_survey(make), network, "2026-2027", status=CampaignStatus.OPEN)
    admin = make.user("admin")
    make.response(campaign, schools["mignet"], {"collectif": 3})
    with pytest.raises(CampaignError, match=r"Collège Mignet .* 1 réponse envoyée"):
        withdraw_establishment(campaign, schools["mignet"], admin)
    db.session.add(
        Draft(
            token_hash="d" * 64,
            campaign_id=campaign.id,
            establishment_id=schools["cezanne"].id,
            data={},
            updated_on=date(2026, 10, 2),
        )
    )
    with pytest.raises(CampaignError, match="1 réponse en cours"):
        withdraw_establishment(campaign, schools["cezanne"], admin)
    assert {schools["mignet"].id, schools["cezanne"].id} <= _linked(db, campaign)


def test_a_closed_campaign_is_never_changed(db, make, territory):
    network, _, _, _, schools = territory
    campaign = create_campaign(_survey(make), network, "2026-2027", status=CampaignStatus.CLOSED)
    admin = make.user("admin")
    before = _linked(db, campaign)
    with pytest.raises(CampaignError, match="figée"):
        withdraw_establishment(campaign, schools["mignet"], admin)
    newcomer = make.establishment(pole=schools["mignet"].pole, name="École neuve")
    with pytest.raises(CampaignError, match="figée"):
        add_establishment(campaign, newcomer, admin)
    enrol_in_open_campaigns([network.id])
    assert _linked(db, campaign) == before


def test_closing_on_the_date_freezes_membership_once(db, make, territory):
    network, _, _, _, _ = territory
    campaign = create_campaign(
        _survey(make), network, "2026-2027", status=CampaignStatus.OPEN, closes_on=date(2026, 10, 31)
    )
    assert close_due_campaigns(date(2026, 10, 31)) == []  # the closing date is the last day of answers
    assert close_due_campaigns(date(2026, 11, 1)) == [campaign]
    assert campaign.status == CampaignStatus.CLOSED
    links = db.session.scalars(select(CampaignEstablishment).filter_by(campaign_id=campaign.id)).all()
    assert all(link.frozen_at is not None and link.pole_id == link.establishment.pole_id for link in links)
    assert close_due_campaigns(date(2026, 11, 2)) == []  # a second machine, or the next tick, does nothing
    closings = db.session.scalars(select(AuditEntry.detail).filter_by(action="campaign.close")).all()
    assert len(closings) == 1 and "à sa date de clôture" in closings[0]


def test_a_campaign_another_machine_closed_meanwhile_is_left_alone(db, make, territory, monkeypatch):
    """Between reading the due campaigns and updating, another machine closed it: the UPDATE matches nothing."""
    network, _, _, _, _ = territory
    campaign = create_campaign(
        _survey(make), network, "2026-2027", status=CampaignStatus.OPEN, closes_on=date(2026, 10, 31)
    )
    campaign.status = CampaignStatus.CLOSED  # what the other machine committed
    db.session.flush()
    monkeypatch.setattr("app.services.campaigns.states.due_campaign_ids", lambda today: [campaign.id])
    assert close_due_campaigns(date(2026, 11, 1)) == []
    assert db.session.scalars(select(AuditEntry).filter_by(action="campaign.close")).all() == []
    assert all(link.frozen_at is None for link in _links(db, campaign))
