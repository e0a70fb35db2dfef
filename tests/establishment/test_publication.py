"""An establishment's results are published once its campaign is closed: before, participation only (issue 12).

Attack 1 of the issue: a head reads the dashboard (page, CSV, Excel, API) with 6 answers, waits for a colleague,
reads again; the difference told that colleague's levels, and the participation table their category.
"""

from __future__ import annotations

import html
from datetime import date

import pytest

from app.models import CampaignStatus
from tests.dashboards import answer
from tests.publication import (
    AFTER,
    BEFORE,
    assert_no_category,
    assert_only_participation_changed,
    establishment_urls,
    open_network,
    read_all,
)


def _reader(login, world, role):
    scope = {"head": world["est"][0], "pilot": world["poles"][0]}.get(role, world["network"])
    return login(role, scope)


@pytest.mark.parametrize("role", ["head", "pilot", "inspector", "coordinator"])
def test_one_more_answer_to_an_open_campaign_changes_only_the_participation(client, make, login, db, role):
    world = open_network(make)
    x = world["est"][0]
    _reader(login, world, role)
    urls = establishment_urls(x, world["now"])
    before = read_all(client, urls)
    answer(make, world["now"], x, [1], category="direction")  # a second member of the direction answers
    after = read_all(client, urls)
    assert_only_participation_changed(before, after, BEFORE, AFTER)
    assert_no_category(before | after)
    assert before != after  # the total did move: the readings above can tell a change
    page = html.unescape(before[urls[0]])
    assert "Les résultats seront publiés à la clôture de la campagne (règle d'anonymat)." in page
    for withheld in ("Niveaux perçus", "Médiane", "Écart entre catégories", "Progression"):
        assert withheld not in page
    assert after[urls[2]].splitlines()[1:] == [
        "Catégorie;Questionnaire;Réponses;Effectif déclaré;Taux de participation (%)",
        "Total;Territoire apprenant;7;20;35,0",
    ]
    assert before[urls[5]].startswith("404\n") and "publiés à la clôture" in before[urls[5]]


@pytest.mark.parametrize("role", ["head", "pilot", "inspector", "coordinator"])
def test_a_closed_campaign_reads_the_same_before_and_after_an_attempt_to_answer(client, make, login, db, role):
    world = open_network(make)
    x = world["est"][0]
    world["now"].status = CampaignStatus.CLOSED
    db.session.commit()
    _reader(login, world, role)
    urls = establishment_urls(x, world["now"])
    before = read_all(client, urls)
    assert client.post(f"/q/{world['links']['x'].token}/commencer").status_code == 410
    assert read_all(client, urls) == before
    page = html.unescape(before[urls[0]])
    assert "Niveaux perçus par dimension" in page and "publiés à la clôture" not in page
    assert "Personnel de direction" in before[urls[2]]  # once closed, participation by category is published


def test_the_closing_date_is_said_in_place(client, make, login, db):
    world = open_network(make)
    world["now"].closes_on = date(2040, 6, 12)
    db.session.commit()
    login("head", world["est"][0])
    page = client.get(f"/etablissement/{world['est'][0].uai}?campagne={world['now'].id}").get_data(as_text=True)
    assert (
        "Les résultats seront publiés à la clôture de la campagne, prévue le 12 juin 2040 (règle d'anonymat)."
        in html.unescape(page)
    )


def test_the_default_campaign_is_the_latest_closed_and_its_trend_leaves_open_ones_out(client, make, login, db):
    world = open_network(make)
    x = world["est"][0]
    later = make.campaign(network=world["network"], school_year="2026-2027", status=CampaignStatus.CLOSED)
    make.campaign_establishment(later, x)
    answer(make, later, x, [4] * 6)
    login("head", x)
    # 2024-2025 closed, 2025-2026 open, 2026-2027 closed: the trend of 2026-2027 skips the open year
    csv = client.get(f"/etablissement/{x.uai}/export/progression.csv").get_data().decode("utf-8-sig")
    assert "2026-2027" in csv and "2024-2025" in csv and "2025-2026" not in csv
    comparison = client.get(f"/etablissement/{x.uai}/export/comparaison.csv").get_data().decode("utf-8-sig")
    assert "2024-2025" in comparison and "2025-2026" not in comparison


def test_more_responses_than_declared_staff_is_said(client, make, login, db):
    world = open_network(make)
    y = world["est"][1]
    world["links"]["y"].staff_size = 4
    db.session.commit()
    login("head", y)
    page = client.get(f"/etablissement/{y.uai}?campagne={world['now'].id}").get_data(as_text=True)
    assert "Plus de réponses (5) que de personnels déclarés (4) : des réponses en double sont possibles." in page
    api = client.get(f"/api/v1/establishments/{y.uai}/levels?campaign={world['now'].id}").get_json()
    assert any("Plus de réponses (5)" in w for w in api["warnings"]) and api["levels"] == []
    world["links"]["y"].staff_size = 5
    db.session.commit()
    assert "Plus de réponses" not in client.get(f"/etablissement/{y.uai}?campagne={world['now'].id}").get_data(
        as_text=True
    )
