"""Attack 3 of issue 12: read a closed campaign, move a one-response school to another pole (or change its type by a
directory import), read again, move it back, read again. Every published figure stays the same, for every reader:
the campaign's results use the poles and types of its closing. Only a note says which establishments moved."""

from __future__ import annotations

import io
import json
import re

import pytest
from openpyxl import load_workbook

from app.extensions import db as _db
from app.models import CampaignStatus
from app.services.campaigns.campaigns import set_status
from tests.dashboards import answer

NOTE = re.compile(r'<p class="notice small" id="membership-note" role="note">.*?</p>', re.S)
DIRECTORY_HEADER = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Nom_commune\n"


@pytest.fixture
def world(client, login, make, db):
    """Aix (Collège Seul: 1 answer, Lycée Moyen: 6, Collège Grand: 8) and Pertuis (7 and 6), two closed years."""
    network = make.network("Réseau test")
    aix, pertuis = make.pole("Aix", network=network), make.pole("Pertuis", network=network)
    lone = make.establishment(pole=aix, name="Collège Seul", kind="Collège")
    middle = make.establishment(pole=aix, name="Lycée Moyen", kind="Lycée")
    large = make.establishment(pole=aix, name="Collège Grand", kind="Collège")
    college_b = make.establishment(pole=pertuis, name="Collège Pertuis", kind="Collège")
    lycee_b = make.establishment(pole=pertuis, name="Lycée Pertuis", kind="Lycée")
    every = [lone, middle, large, college_b, lycee_b]
    before = make.campaign(network=network, school_year="2024-2025", establishments=every)
    now = make.campaign(network=network, school_year="2025-2026", establishments=every)
    answer(make, before, middle, [2] * 6)
    answer(make, before, large, [2] * 4 + [3] * 4)
    answer(make, before, college_b, [1] * 7)
    answer(make, before, lycee_b, [2] * 6)
    answer(make, now, lone, [4])
    answer(make, now, middle, [2] * 5 + [3])
    answer(make, now, large, [3] * 6 + [4] * 2)
    answer(make, now, college_b, [2] * 7)
    answer(make, now, lycee_b, [3] * 5 + [1])
    set_status(before, CampaignStatus.CLOSED)
    users = {
        "coordinator": make.user("coordinator", network),
        "pilot": make.user("pilot", aix),
    }
    login(user=users["coordinator"])
    closing = client.post(f"/admin/campagnes/{now.id}/statut/cloturer", follow_redirects=True)
    assert "Campagne clôturée" in closing.get_data(as_text=True)  # shown here, not on the first reading
    _db.session.commit()
    return {
        "network": network,
        "aix": aix,
        "pertuis": pertuis,
        "lone": lone,
        "every": every,
        "now": now,
        "before": before,
        **users,
    }


def _urls(world, queries: tuple[str, ...]) -> list[str]:
    """The page, every table (the workbook holds the same tables as the CSV files) and the API, for each filter."""
    network = world["network"].id
    urls = [f"/reseau/{network}/export/{t}.csv" for t in ("poles", "etablissements")]
    urls += [f"/api/v1/networks/{network}/{what}" for what in ("progression", "establishments")]
    for query in queries:
        urls += [f"/reseau/{network}{query}", f"/reseau/{network}/export/tout.xlsx{query}"]
        urls.append(f"/api/v1/networks/{network}/poles{query.replace('campagne', 'campaign')}")
    return urls


def _levels(world, establishments) -> list[str]:
    return [f"/api/v1/establishments/{e.uai}/levels?campaign={world['now'].id}" for e in establishments]


def _published(response) -> object:
    """What a reader is shown, without the note on moved establishments."""
    assert response.status_code == 200, response.request.path
    if response.mimetype == "application/json":
        body = json.loads(response.get_data())
        body.pop("membership_note", None)
        return body
    if response.mimetype.endswith("spreadsheetml.sheet"):
        book = load_workbook(io.BytesIO(response.get_data()))
        return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}
    if response.mimetype == "text/html":
        return NOTE.sub("", response.get_data(as_text=True))
    return response.get_data()  # CSV: byte for byte


def _read(client, login, world, urls: dict[str, list[str]]) -> dict:
    readings = {}
    for role, paths in urls.items():
        login(user=world[role])
        readings[role] = {path: _published(client.get(path)) for path in paths}
    return readings


def _assert_same(after: dict, before: dict) -> None:
    changed = [(role, path) for role in before for path in before[role] if after[role][path] != before[role][path]]
    assert changed == []


def _note(client, login, world) -> str | None:
    login(user=world["coordinator"])
    found = NOTE.search(client.get(f"/reseau/{world['network'].id}").get_data(as_text=True))
    return found and re.sub(r"<[^>]+>", "", found.group(0))


def _readers(world) -> dict[str, list[str]]:
    aix, before = world["aix"].id, world["before"].id
    queries = ("", f"?pole={aix}", "?type=Coll%C3%A8ge", "?type=Lyc%C3%A9e", f"?campagne={before}")
    # the pilot of Aix no longer sees Collège Seul's own dashboard once it is in Pertuis: its scope follows the move
    return {
        "coordinator": _urls(world, queries) + _levels(world, world["every"]),
        "pilot": _urls(world, queries[:3:2]) + _levels(world, world["every"][1:3]),
    }


def _move(client, login, world, pole) -> None:
    login(user=world["coordinator"])
    response = client.post(
        f"/admin/etablissements/{world['lone'].id}/pole", data={"pole": pole.id}, follow_redirects=True
    )
    assert response.status_code == 200 and "Pôle de l&#39;établissement mis à jour" in response.get_data(as_text=True)
    _db.session.expire_all()


def test_moving_a_one_response_school_to_another_pole_changes_no_published_figure(client, login, world):
    readers = _readers(world)
    first = _read(client, login, world, readers)
    assert _note(client, login, world) is None

    _move(client, login, world, world["pertuis"])
    assert world["lone"].pole_id == world["pertuis"].id
    _assert_same(_read(client, login, world, readers), first)
    assert _note(client, login, world) == (
        "Depuis la clôture, 1 établissement a changé de pôle : Collège Seul (Aix → Pertuis). "
        "Les résultats de cette campagne restent calculés avec les pôles de la clôture."
    )
    login(user=world["pilot"])  # the pilot of Aix is told too: the school was in Aix at closing
    assert "Collège Seul (Aix → Pertuis)" in client.get(f"/reseau/{world['network'].id}").get_data(as_text=True)

    _move(client, login, world, world["aix"])
    _assert_same(_read(client, login, world, readers), first)
    assert _note(client, login, world) is None


def _import_type(client, login, world, kind: str) -> None:
    login(user=world["coordinator"])
    lone = world["lone"]
    pole_id = lone.pole_id
    text = DIRECTORY_HEADER + f"{lone.uai};{lone.name};{kind};{lone.commune}\n"
    data = {"file": (io.BytesIO(text.encode("utf-8")), "annuaire.csv"), "network": world["network"].id}
    response = client.post("/admin/etablissements/import", data=data)
    assert response.status_code == 200 and "Résultat de l'import" in response.get_data(as_text=True)
    _db.session.expire_all()
    assert (lone.kind, lone.pole_id) == (kind, pole_id)


def test_a_type_changed_by_a_directory_import_changes_no_published_figure(client, login, world):
    readers = _readers(world)
    first = _read(client, login, world, readers)

    _import_type(client, login, world, "Lycée")
    _assert_same(_read(client, login, world, readers), first)
    assert "1 établissement a changé de type : Collège Seul (Collège → Lycée)" in _note(client, login, world)

    _import_type(client, login, world, "Collège")
    _assert_same(_read(client, login, world, readers), first)
    assert _note(client, login, world) is None


def test_filters_of_a_closed_campaign_use_the_frozen_pole_and_type(client, login, world):
    _move(client, login, world, world["pertuis"])
    _import_type(client, login, world, "Lycée")
    network = world["network"].id
    login(user=world["coordinator"])
    rows = client.get(f"/api/v1/networks/{network}/establishments?pole={world['aix'].id}&type=Coll%C3%A8ge").json
    assert "Collège Seul" in json.dumps(rows["rows"], ensure_ascii=False)
    rows = client.get(f"/api/v1/networks/{network}/establishments?pole={world['pertuis'].id}").json
    assert "Collège Seul" not in json.dumps(rows["rows"], ensure_ascii=False)
    assert "changé de pôle" in rows["membership_note"] and "changé de type" in rows["membership_note"]
