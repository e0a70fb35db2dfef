"""Self-positioning across the network and the needs pages, read twice as an attacker would (docs/privacy.md § 9).

Every publication of a self-positioning campaign (the network page under each filter, its workbook, the API, each
establishment's, pole's and the network's needs page and plan de formation) is read before and after one more
answer, a pole move and back; and a pole's figures are read with and without the pole filter.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import CampaignEstablishment, CampaignStatus
from tests.privacy.readings import (
    assert_same,
    is_participation,
    kinds_of,
    open_in_both,
    publications_of,
    read_everything,
    read_one,
)
from tests.privacy.test_copies import _cells, _sheets, _status
from tests.privacy.test_differencing import move, respond, signed_in_manager
from tests.self_positioning import self_positioning_network

READERS = ["head", "pilot", "inspector", "coordinator"]


def _scope(world: dict, role: str):
    return {
        "head": world["est"]["Collège Grand"],
        "pilot": world["poles"]["Aix"],
        "inspector": world["network"],
        "coordinator": world["network"],
    }[role]


def _link(db, campaign, establishment) -> CampaignEstablishment:
    return db.session.scalar(
        select(CampaignEstablishment).filter_by(campaign_id=campaign.id, establishment_id=establishment.id)
    )


def test_the_harness_reads_the_self_positioning_publications(db, make):
    world = self_positioning_network(make)
    found = publications_of(db.session, world["now"])
    assert any("/besoins?" in url for url in found.pages)
    assert any(url.startswith(f"/reseau/{world['network'].id}/besoins") for url in found.pages)
    assert any("/self-positioning?" in url for url in found.api)
    assert not any("/besoins" in url for url in publications_of(db.session, world["grid"]).pages)


@pytest.mark.parametrize("role", READERS)
def test_one_more_answer_to_an_open_self_positioning_campaign_changes_nothing_but_participation(
    app, client, make, db, login, role
):
    world = self_positioning_network(make, now_status=CampaignStatus.OPEN)
    login(role, _scope(world, role))
    before = read_everything(client, db.session, world["now"])
    respond(app, _link(db, world["now"], world["est"]["Collège Grand"]), level_index=0, category="enseignant")
    after = read_everything(client, db.session, world["now"])
    changed = {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
    assert changed and all(is_participation(p) for p in changed)  # the answer shows, in the participation only
    assert_same(before, after, f"{role}, one more self-positioning answer at Collège Grand", allowed=is_participation)


@pytest.mark.parametrize("role", ["pilot", "coordinator"])
def test_a_pole_move_after_closing_changes_no_self_positioning_figure(app, client, make, db, login, role):
    world = self_positioning_network(make)
    petit, aix, pertuis = world["est"]["Collège Petit"], world["poles"]["Aix"], world["poles"]["Pertuis"]
    manager = signed_in_manager(app, make, world["network"])
    login(role, _scope(world, role))
    first = read_everything(client, db.session, world["now"])
    assert kinds_of(first) == {"page", "Excel", "API"}
    move(manager, petit, pertuis)
    moved = read_everything(client, db.session, world["now"])
    kept, moved_kept = open_in_both(first, moved)
    assert_same(kept, moved_kept, f"{role}, before and after Collège Petit moved from Aix to Pertuis")
    move(manager, petit, aix)
    assert_same(first, read_everything(client, db.session, world["now"]), f"{role}, after Collège Petit came back")


def test_a_pole_read_with_and_without_the_pole_filter_is_the_same_figure(client, make, db, login):
    world = self_positioning_network(make)
    login("coordinator", world["network"])
    nid, cid, pertuis = world["network"].id, world["now"].id, world["poles"]["Pertuis"].id

    def pertuis_rows(url: str) -> dict[tuple[str, str, str], str]:
        return {
            (p.section, p.row, p.column): v
            for p, v in read_one(client, url).items()
            if p.row.startswith("Pertuis") and p.section in ("themes-poles", "progression-themes")
        }

    whole = pertuis_rows(f"/reseau/{nid}?campagne={cid}")
    filtered = pertuis_rows(f"/reseau/{nid}?campagne={cid}&pole={pertuis}")
    assert whole and whole == filtered


def test_the_needs_csv_files_repeat_their_plan_de_formation(client, make, db, login):
    world = self_positioning_network(make)
    login("coordinator", world["network"])
    copies = [(c, o) for c, o in publications_of(db.session, world["now"]).copies if "/besoins/" in c]
    assert copies
    originals = {}
    for copy, original in copies:
        originals.setdefault(original, read_one(client, original))
        read = read_one(client, copy)
        assert _status(read) == _status(originals[original]) == "200", copy
        assert _cells(read) in _sheets(originals[original]), f"{copy} is no sheet of {original}"
