"""Closing a campaign freezes each establishment's pole and type on its link; its results use them for ever."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import CampaignEstablishment, CampaignStatus
from app.services.campaigns.campaigns import CampaignError, create_campaign, set_status
from app.services.dashboards.campaign_data import establishments_of
from app.services.dashboards.membership import moved_note, moved_since_closing
from tests.dashboards import grid_answers


def _links(db, campaign) -> dict[int, CampaignEstablishment]:
    rows = db.session.scalars(select(CampaignEstablishment).filter_by(campaign_id=campaign.id))
    return {link.establishment_id: link for link in rows}


def _membership(db, campaign) -> dict[int, tuple]:
    frame = establishments_of(db.session, campaign)
    return {int(e): (p, k) for e, p, k in zip(frame["establishment_id"], frame["pole_id"], frame["kind"])}


def test_closing_copies_pole_and_type_and_a_later_move_changes_nothing(db, make):
    network = make.network()
    aix, pertuis = make.pole("Aix", network), make.pole("Pertuis", network)
    college = make.establishment(pole=aix, name="Collège Seul", kind="Collège")
    lycee = make.establishment(pole=pertuis, name="Lycée", kind="Lycée")
    campaign = make.campaign(network=network, establishments=[college, lycee])
    assert all(link.frozen_at is None and link.pole_id is None for link in _links(db, campaign).values())
    college.pole = pertuis  # while open, the current pole counts
    db.session.flush()
    assert _membership(db, campaign)[college.id] == (pertuis.id, "Collège")
    college.pole = aix
    db.session.flush()

    set_status(campaign, CampaignStatus.CLOSED)
    links = _links(db, campaign)
    assert (links[college.id].pole_id, links[college.id].kind) == (aix.id, "Collège")
    assert (links[lycee.id].pole_id, links[lycee.id].kind) == (pertuis.id, "Lycée")
    assert links[college.id].frozen_at is not None
    frozen = _membership(db, campaign)

    college.pole, college.kind = pertuis, "Lycée"
    db.session.flush()
    assert _membership(db, campaign) == frozen
    assert [
        (m.name, m.pole_then, m.pole_now, m.kind_then, m.kind_now) for m in moved_since_closing(db.session, campaign.id)
    ] == [("Collège Seul", aix.id, pertuis.id, "Collège", "Lycée")]


def test_a_closed_campaign_cannot_be_reopened_to_freeze_its_membership_again(db, make):
    """Reopening, moving a school and closing again would re-freeze it elsewhere: the reopening is refused."""
    network = make.network()
    aix, pertuis = make.pole("Aix", network), make.pole("Pertuis", network)
    college = make.establishment(pole=aix, kind="Collège")
    campaign = make.campaign(network=network, establishments=[college])
    set_status(campaign, CampaignStatus.CLOSED)
    first = _links(db, campaign)[college.id].frozen_at

    with pytest.raises(CampaignError, match="ne peut pas être rouverte"):
        set_status(campaign, CampaignStatus.OPEN)
    college.pole = pertuis
    db.session.flush()
    set_status(campaign, CampaignStatus.CLOSED)  # closing again changes nothing already frozen

    link = _links(db, campaign)[college.id]
    assert campaign.status == CampaignStatus.CLOSED
    assert (link.pole_id, link.kind, link.frozen_at) == (aix.id, "Collège", first)


def test_an_establishment_answering_without_a_link_is_given_one_at_closing(db, make):
    network = make.network()
    pole = make.pole("Aix", network)
    linked, unlinked = make.establishment(pole=pole), make.establishment(pole=pole, kind="Lycée")
    campaign = make.campaign(network=network, establishments=[linked])
    make.response(campaign, unlinked, grid_answers(3))
    set_status(campaign, CampaignStatus.CLOSED)
    link = _links(db, campaign)[unlinked.id]
    assert (link.pole_id, link.kind) == (pole.id, "Lycée") and link.token and link.short_code


def test_a_campaign_created_closed_is_frozen(db, make):
    network = make.network()
    pole = make.pole("Aix", network)
    college = make.establishment(pole=pole, network=network)
    campaign = create_campaign(
        make.surveys()["territoire-apprenant"], network, "2024-2025", status=CampaignStatus.CLOSED
    )
    assert _links(db, campaign)[college.id].pole_id == pole.id
    assert _links(db, campaign)[college.id].frozen_at is not None


def test_the_note_names_each_move_in_french(db, make):
    network = make.network()
    aix, pertuis = make.pole("Aix", network), make.pole("Pertuis", network)
    names = {aix.id: "Aix", pertuis.id: "Pertuis"}
    campaign = make.campaign(network=network, establishments=[make.establishment(pole=aix, name="A", kind="Collège")])
    assert moved_note([], names) is None
    set_status(campaign, CampaignStatus.CLOSED)
    (link,) = _links(db, campaign).values()
    link.establishment.pole = pertuis
    db.session.flush()
    assert moved_note(moved_since_closing(db.session, campaign.id), names) == (
        "Depuis la clôture, 1 établissement a changé de pôle : A (Aix → Pertuis). "
        "Les résultats de cette campagne restent calculés avec les pôles de la clôture."
    )
    link.establishment.pole, link.establishment.kind = None, "Lycée"
    db.session.flush()
    assert moved_note(moved_since_closing(db.session, campaign.id), names) == (
        "Depuis la clôture, 1 établissement a changé de pôle : A (Aix → sans pôle). "
        "1 établissement a changé de type : A (Collège → Lycée). "
        "Les résultats de cette campagne restent calculés avec les pôles et les types de la clôture."
    )
