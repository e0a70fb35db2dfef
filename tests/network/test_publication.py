"""A network's results are published once the campaign is closed: before, participation only (issue 12).

Attack 1 of the issue: a pole pilot read the poles' n and mean before and after one more answer; n × mean after
minus before gave the lone respondent of a school whose own cell said "moins de 5 réponses".
"""

from __future__ import annotations

import html

import pytest

from app.models import CampaignStatus
from tests.dashboards import answer
from tests.publication import (
    AFTER,
    BEFORE,
    assert_no_category,
    assert_only_participation_changed,
    network_urls,
    open_network,
    read_all,
)


def _reader(login, world, role):
    return login(role, world["poles"][0] if role == "pilot" else world["network"])


@pytest.mark.parametrize("role", ["pilot", "inspector", "coordinator"])
@pytest.mark.parametrize("extra", ["", "&type=Collège"])
def test_one_more_answer_to_an_open_campaign_changes_only_the_participation(client, make, login, db, role, extra):
    world = open_network(make)
    _reader(login, world, role)
    urls = network_urls(world["network"], world["now"], extra)
    before = read_all(client, urls)
    answer(make, world["now"], world["est"][0], [1], category="direction")
    after = read_all(client, urls)
    assert_only_participation_changed(before, after, BEFORE, AFTER)
    assert_no_category(before | after)
    assert before != after
    page = html.unescape(before[urls[0]])
    assert "Les résultats seront publiés à la clôture de la campagne (règle d'anonymat)." in page
    for withheld in ('id="poles"', 'id="evolution"', 'id="progression"', "Médiane", "heatmap"):
        assert withheld not in page
    for api in urls[5:7]:
        assert '"results_published": false' in before[api]
        assert '"cells": []' in before[api] or '"points": []' in before[api]
    assert before[urls[4]].startswith("404\n") and "publiés à la clôture" in before[urls[4]]


def test_a_pilot_of_the_other_pole_reads_nothing_new(client, make, login, db):
    world = open_network(make)
    login("pilot", world["poles"][1])
    urls = network_urls(world["network"], world["now"])
    before = read_all(client, urls)
    answer(make, world["now"], world["est"][0], [1])
    assert read_all(client, urls) == before


@pytest.mark.parametrize("role", ["pilot", "inspector", "coordinator"])
def test_a_closed_campaign_reads_the_same_before_and_after_an_attempt_to_answer(client, make, login, db, role):
    world = open_network(make)
    world["now"].status = CampaignStatus.CLOSED
    db.session.commit()
    _reader(login, world, role)
    urls = network_urls(world["network"], world["now"])
    before = read_all(client, urls)
    assert client.post(f"/q/{world['links']['x'].token}/commencer").status_code == 410
    assert read_all(client, urls) == before
    assert 'id="poles"' in before[urls[0]] and '"results_published": true' in before[urls[5]]


def test_the_trend_of_a_closed_campaign_leaves_an_open_one_out(client, make, login, db):
    world = open_network(make)
    later = make.campaign(
        network=world["network"], school_year="2026-2027", status=CampaignStatus.CLOSED, establishments=world["est"]
    )
    answer(make, later, world["est"][2], [3] * 6)
    login("coordinator", world["network"])
    progression = client.get(f"/api/v1/networks/{world['network'].id}/progression").get_json()
    assert {p["school_year"] for p in progression["points"]} == {"2024-2025", "2026-2027"}
    poles = client.get(f"/api/v1/networks/{world['network'].id}/poles").get_json()
    assert poles["campaign"]["id"] == later.id and poles["previous_campaign"]["school_year"] == "2024-2025"


def test_more_responses_than_declared_staff_is_said(client, make, login, db):
    world = open_network(make)
    world["links"]["y"].staff_size = 4
    db.session.commit()
    login("coordinator", world["network"])
    page = html.unescape(client.get(f"/reseau/{world['network'].id}?campagne={world['now'].id}").get_data(as_text=True))
    assert (
        "Lycée Yves : Plus de réponses (5) que de personnels déclarés (4) : des réponses en double sont possibles."
        in page
    )
    assert "Collège Xavier : Plus de réponses" not in page
