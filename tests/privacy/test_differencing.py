"""Attacks 1, 2 and 3 of issue 12, tried as a reader would: read everything, let something happen, read again.

The rule (docs/privacy.md): any two publications of the same figure, over time, across filters, pages, exports
and API, across changes of membership, are identical or differ by at least k = BOUSSOLE_MIN_GROUP_SIZE responses.
Each test takes whole readings (tests/privacy/readings.py) before and after one event that adds fewer than k
responses to a group, as a head, a pole pilot, an inspector and a coordinator, and compares them figure by figure.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import CampaignEstablishment, CampaignStatus
from app.services.campaigns.campaigns import freeze_membership
from tests.dashboards import answer
from tests.privacy.readings import (
    assert_same,
    differences,
    explain,
    is_participation,
    kinds_of,
    open_in_both,
    read_everything,
)
from tests.respondent.helpers import answer_everything

PASSWORD = "un mot de passe pour les tests"
READERS = ["head", "pilot", "inspector", "coordinator"]


def attacked_network(make, status: CampaignStatus) -> dict:
    """A network of two poles, last year's closed campaign and this year's in `status`, with known answers.

    Pole Aix holds a school with exactly k answers (Cinq) and a large one (Grand); pole Pertuis a school with a
    single answer (Seul), a college and a Lycée. Each declared 30 staff, so that the participation rate is published.
    """
    network = make.network("Réseau attaqué")
    aix, pertuis = make.pole("Aix", network=network), make.pole("Pertuis", network=network)
    seul = make.establishment(pole=pertuis, name="Collège Seul", kind="Collège")
    cinq = make.establishment(pole=aix, name="Collège Cinq", kind="Collège")
    grand = make.establishment(pole=aix, name="Collège Grand", kind="Collège")
    pertuis_college = make.establishment(pole=pertuis, name="Collège Pertuis", kind="Collège")
    pertuis_lycee = make.establishment(pole=pertuis, name="Lycée Pertuis", kind="Lycée")
    every = [seul, cinq, grand, pertuis_college, pertuis_lycee]
    before = make.campaign(network=network, school_year="2024-2025", status=CampaignStatus.CLOSED, establishments=every)
    now = make.campaign(network=network, school_year="2025-2026", status=status, establishments=every)
    for link in make.db.session.scalars(select(CampaignEstablishment)):
        link.staff_size = 30
    answer(make, before, grand, [2] * 10 + [3] * 4)
    answer(make, before, pertuis_college, [1] * 8)
    answer(make, now, seul, [4])
    answer(make, now, cinq, [2, 3, 3, 4], category="enseignant")
    answer(make, now, cinq, [5], category="direction")
    answer(make, now, grand, [3] * 8 + [4] * 4)
    answer(make, now, pertuis_college, [2] * 4 + [3] * 4)
    answer(make, now, pertuis_lycee, [3, 3, 4, 4, 5, 2])
    for campaign in (before, now):
        if campaign.status == CampaignStatus.CLOSED:
            freeze_membership(campaign)  # what closing a campaign does (set_status), the factory does not
    make.db.session.commit()  # committed like real data: the readers' and respondents' requests see it
    return {
        "network": network,
        "poles": {"Aix": aix, "Pertuis": pertuis},
        "est": {e.name: e for e in every},
        "before": before,
        "now": now,
    }


def reader_scope(world: dict, role: str, school: str, pole: str):
    """Each reader's scope: the head of `school`, the pilot of `pole`, the network's inspector and coordinator."""
    return {
        "head": world["est"][school],
        "pilot": world["poles"][pole],
        "inspector": world["network"],
        "coordinator": world["network"],
    }[role]


def link_of(db, campaign, establishment) -> CampaignEstablishment:
    return db.session.scalar(
        select(CampaignEstablishment).filter_by(campaign_id=campaign.id, establishment_id=establishment.id)
    )


def respond(app, link: CampaignEstablishment, level_index: int = 2, category: str = "direction") -> None:
    """One more person answers through the questionnaire, from a browser of their own."""
    respondent = app.test_client()
    response = answer_everything(respondent, link, category=category, index=level_index)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    assert "/merci" in response.headers["Location"]


def signed_in_manager(app, make, network):
    """A second browser: the network's coordinator, signed in through the login form, who can move schools."""
    user = make.user("coordinator", network, password=PASSWORD)
    make.db.session.commit()
    manager = app.test_client()
    response = manager.post("/compte/connexion", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return manager


def move(manager, establishment, pole) -> None:
    response = manager.post(f"/admin/etablissements/{establishment.id}/pole", data={"pole": pole.id})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def assert_seen(before, after, what: str) -> None:
    """The harness itself can fail: the event shows, at least in the participation, in every kind of publication."""
    changed = differences(before, after)
    seen = kinds_of({d.place: d.after or "" for d in changed if is_participation(d.place)})
    assert seen == {"page", "Excel", "API"}, explain(changed, f"{what} (where participation shows it)")


@pytest.mark.parametrize("role", READERS)
def test_one_more_answer_to_an_open_campaign_changes_nothing_but_participation(app, client, make, db, login, role):
    """Attack 1: a sixth colleague answers; the difference of two readings must not give their answers."""
    world = attacked_network(make, CampaignStatus.OPEN)
    login(role, reader_scope(world, role, "Collège Cinq", "Aix"))
    before = read_everything(client, db.session, world["now"])
    respond(app, link_of(db, world["now"], world["est"]["Collège Cinq"]), level_index=0)
    after = read_everything(client, db.session, world["now"])
    assert_seen(before, after, f"{role}, a sixth answer at Collège Cinq")
    assert_same(before, after, f"{role}, before and after a sixth answer at Collège Cinq", allowed=is_participation)


@pytest.mark.parametrize("role", READERS)
def test_a_pole_move_after_closing_changes_no_published_figure(app, client, make, db, login, role):
    """Attack 3: a one-answer school moved to another pole and back; no pole total may give its answer away."""
    world = attacked_network(make, CampaignStatus.CLOSED)
    seul, aix, pertuis = world["est"]["Collège Seul"], world["poles"]["Aix"], world["poles"]["Pertuis"]
    manager = signed_in_manager(app, make, world["network"])
    login(role, reader_scope(world, role, "Lycée Pertuis", "Pertuis"))
    first = read_everything(client, db.session, world["now"])
    assert kinds_of(first) == {"page", "Excel", "API"}  # the reader reads figures in every kind
    move(manager, seul, aix)
    moved = read_everything(client, db.session, world["now"])
    kept, moved_kept = open_in_both(first, moved)
    assert kinds_of(kept) == {"page", "Excel", "API"}  # most of what was read is still open to the reader
    assert_same(kept, moved_kept, f"{role}, before and after Collège Seul moved from Pertuis to Aix")
    move(manager, seul, pertuis)
    back = read_everything(client, db.session, world["now"])
    assert_same(first, back, f"{role}, before Collège Seul moved and after it came back to Pertuis")


@pytest.mark.parametrize("role", READERS)
def test_padding_an_open_campaign_reveals_nothing(app, client, make, db, login, role):
    """Attack 2: k - 1 scripted answers next to a single real one; while open, nothing published may change."""
    world = attacked_network(make, CampaignStatus.OPEN)
    login(role, reader_scope(world, role, "Collège Seul", "Pertuis"))  # a head padding their own school's link
    before = read_everything(client, db.session, world["now"])
    k = app.config["BOUSSOLE_MIN_GROUP_SIZE"]
    link = link_of(db, world["now"], world["est"]["Collège Seul"])
    for _ in range(k - 1):
        respond(app, link, level_index=0, category="enseignant")
    after = read_everything(client, db.session, world["now"])
    assert_seen(before, after, f"{role}, {k - 1} scripted answers at Collège Seul")
    assert_same(before, after, f"{role}, before and after {k - 1} scripted answers at Collège Seul", is_participation)
