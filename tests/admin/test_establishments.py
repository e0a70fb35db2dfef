"""Establishments in the administration: list and filter, import the directory, move to another pole."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEntry, Establishment
from app.services.territory.uai import make_uai

HEADER = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Nom_commune\n"


def _page(response) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'")


def _upload(client, text: str, **fields):
    data = {"file": (io.BytesIO(text.encode("utf-8")), "annuaire.csv"), **fields}
    return client.post("/admin/etablissements/import", data=data)


def _orphan() -> Establishment:
    """An establishment imported without network (the factory always gives one)."""
    orphan = Establishment(uai=make_uai(7999), name="École orpheline")
    db.session.add(orphan)
    db.session.flush()
    return orphan


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Establishment))


def test_a_coordinator_lists_only_their_establishments_and_filters_them(client, login, world):
    login("coordinator", world.network)
    page = _page(client.get("/admin/etablissements"))
    assert "Collège Mignet" in page and "Lycée Val de Durance" in page and "Marseilleveyre" not in page
    page = _page(client.get(f"/admin/etablissements?pole={world.other_pole.id}"))
    assert "Lycée Val de Durance" in page and "Collège Mignet" not in page
    page = _page(client.get("/admin/etablissements?q=mignet"))
    assert "Collège Mignet" in page and "Val de Durance" not in page
    page = _page(client.get(f"/admin/etablissements?network={world.other_network.id}"))
    assert "Marseilleveyre" not in page
    assert "Sans réseau" not in page


def test_an_administrator_finds_establishments_without_network(client, login, world):
    _orphan()
    login("admin")
    page = _page(client.get("/admin/etablissements?network=aucun"))
    assert "École orpheline" in page and "Collège Mignet" not in page
    assert client.get("/admin/etablissements?page=abc&pole=x").status_code == 200


def test_import_reports_each_rejected_line_and_keeps_the_good_ones(client, login, world):
    admin = login("admin")
    db.session.commit()
    text = HEADER + f"{make_uai(7001)};Lycée Vauvenargues;Lycée;Aix\n0130001X;Collège faux;Collège;Aix\n;Sans UAI;;\n"
    response = _upload(client, text, network=world.network.id, pole=world.pole.id)
    page = _page(response)
    assert response.status_code == 200
    assert "Résultat de l'import" in page
    assert ">3<" in page  # line 3 is listed
    assert "UAI invalide" in page and "UAI manquant" in page
    created = db.session.scalar(select(Establishment).filter_by(uai=make_uai(7001)))
    assert created.network_id == world.network.id and created.pole_id == world.pole.id
    entry = db.session.scalar(select(AuditEntry).filter_by(action="establishment.import"))
    assert entry.user_id == admin.id and "1 créé(s)" in entry.detail and "2 rejeté(s)" in entry.detail


def test_a_file_refused_as_a_whole_changes_nothing(client, login, world):
    login("admin")
    db.session.commit()
    before = _count()
    response = _upload(
        client, HEADER.replace(";", ",") + f"{make_uai(7005)},Collège,Collège,Aix\n", network=world.network.id
    )
    assert response.status_code == 422
    assert "points-virgules" in _page(response)
    latin = (HEADER + f"{make_uai(7006)};Collège Émile Zola;Collège;Aix\n").encode("cp1252")
    response = client.post("/admin/etablissements/import", data={"file": (io.BytesIO(latin), "annuaire.csv")})
    assert response.status_code == 422
    assert "pas encodé en UTF-8" in _page(response)
    assert client.post("/admin/etablissements/import", data={}).status_code == 422
    assert _count() == before


def test_a_coordinator_cannot_import_into_another_network(client, login, world):
    login("coordinator", world.network)
    db.session.commit()
    text = (
        HEADER
        + f"{world.foreign.uai};Collège Marseilleveyre renommé;Collège;Marseille\n"
        + f"{make_uai(7002)};Nouveau;Collège;Aix\n"
    )
    response = _upload(client, text, network=world.network.id)
    assert response.status_code == 422
    assert "hors de vos réseaux" in _page(response) and world.foreign.uai in _page(response)
    db.session.expire_all()
    assert world.foreign.name == "Collège Marseilleveyre" and world.foreign.network_id == world.other_network.id
    assert db.session.scalar(select(Establishment).filter_by(uai=make_uai(7002))) is None
    response = _upload(client, HEADER + f"{make_uai(7003)};Nouveau;Collège;Aix\n", network=world.other_network.id)
    assert response.status_code == 422  # another network is not among the choices


def test_a_coordinator_imports_into_their_network(client, login, world):
    login("coordinator", world.network)
    db.session.commit()
    response = _upload(client, HEADER + f"{make_uai(7004)};Lycée Cézanne;Lycée;Aix\n", network=world.network.id)
    assert response.status_code == 200
    created = db.session.scalar(select(Establishment).filter_by(uai=make_uai(7004)))
    assert created.network_id == world.network.id


def test_moving_an_establishment_to_another_pole_of_its_network(client, login, world):
    login("coordinator", world.network)
    response = client.post(f"/admin/etablissements/{world.establishment.id}/pole", data={"pole": world.other_pole.id})
    assert response.status_code == 302
    assert world.establishment.pole_id == world.other_pole.id
    entry = db.session.scalar(select(AuditEntry).filter_by(action="establishment.move"))
    assert "Aix → Pertuis" in entry.detail


def test_a_pole_of_another_network_is_refused(client, login, world):
    login("admin")
    response = client.post(f"/admin/etablissements/{world.establishment.id}/pole", data={"pole": world.foreign_pole.id})
    assert response.status_code == 422
    db.session.expire_all()
    assert world.establishment.pole_id == world.pole.id


def test_an_establishment_without_network_joins_the_network_of_its_new_pole(client, login, world):
    orphan = _orphan()
    login("admin")
    page = _page(client.get(f"/admin/etablissements/{orphan.id}"))
    assert "rejoint celui du pôle choisi" in page
    assert (
        client.post(f"/admin/etablissements/{orphan.id}/pole", data={"pole": world.foreign_pole.id}).status_code == 302
    )
    assert orphan.network_id == world.other_network.id and orphan.pole_id == world.foreign_pole.id


def test_the_import_summary_lists_each_changed_name(client, login, world):
    login("admin")
    text = (
        "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement\n"
        f"{world.establishment.uai};Collège Mignet (Aix);COLLEGE\n"
        f"{world.sibling.uai};Lycée Val-de-Durance;Lycee\n"
        f"{world.foreign.uai};{world.foreign.name};lycee\n"
    )
    response = _upload(client, text)
    assert response.status_code == 200
    page = _page(response)
    assert "2 noms modifiés : ancien → nouveau" in page
    assert "<td>Collège Mignet</td><td>Collège Mignet (Aix)</td>" in page
    assert "<td>Lycée Val de Durance</td><td>Lycée Val-de-Durance</td>" in page
    db.session.expire_all()
    assert db.session.get(Establishment, world.foreign.id).kind == "Lycée"  # unchanged name, new type: not listed
    assert db.session.get(Establishment, world.establishment.id).kind == "Collège"
    entry = db.session.scalar(select(AuditEntry).filter_by(action="establishment.import"))
    assert entry.detail.endswith(", 2 noms modifiés")


def test_establishments_in_no_network_or_no_pole_are_listed_to_be_assigned(client, login, world):
    orphan = _orphan()
    world.sibling.pole = None
    db.session.commit()
    login("admin")
    listing = _page(client.get("/admin/etablissements"))
    assert "2 établissement(s) sans réseau ou sans pôle" in listing
    page = _page(client.get("/admin/etablissements/a-rattacher"))
    assert page.index(orphan.name) < page.index(world.sibling.name)  # no network first
    assert world.establishment.name not in page and world.foreign.name not in page
    assert f'href="/admin/etablissements/{orphan.id}">Rattacher' in page
    # assigning it through the existing page takes it off the list
    assert client.post(f"/admin/etablissements/{orphan.id}/pole", data={"pole": world.pole.id}).status_code == 302
    assert orphan.name not in _page(client.get("/admin/etablissements/a-rattacher"))


def test_a_coordinator_sees_only_their_networks_establishments_without_pole(client, login, world):
    orphan = _orphan()
    world.sibling.pole = None
    world.foreign.pole = None
    db.session.commit()
    login("coordinator", world.network)
    page = _page(client.get("/admin/etablissements/a-rattacher"))
    assert world.sibling.name in page
    assert orphan.name not in page and world.foreign.name not in page
    assert "1 établissement(s) sans réseau ou sans pôle" in _page(client.get("/admin/etablissements"))
