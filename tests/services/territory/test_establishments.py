"""Establishments in the tree: an import checked whole before it writes, and the journal entry it leaves."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import AuditEntry, Establishment
from app.services.territory.establishments import ForeignEstablishments, PoleOutsideNetwork, import_within
from app.services.territory.uai import make_uai

HEADER = "Identifiant_de_l_etablissement;Nom_etablissement\n"


def _count(db) -> int:
    return db.session.scalar(select(func.count(Establishment.id)))


def test_an_import_touching_another_network_writes_nothing_even_before_a_rollback(make, db):
    mine, other = make.network("Sainte Victoire"), make.network("Calanques")
    foreign = make.establishment(network=other, name="Collège Marseilleveyre")
    coordinator = make.user("coordinator", mine)
    before = _count(db)
    data = (HEADER + f"{make_uai(7002)};Nouveau\n{foreign.uai};Renommé\n").encode()
    with pytest.raises(ForeignEstablishments, match=foreign.uai):
        import_within(data, network=mine, pole=None, allowed_network_ids=[mine.id], actor=coordinator)
    assert _count(db) == before and db.session.scalar(select(func.count(AuditEntry.id))) == 0
    db.session.expire_all()
    assert foreign.name == "Collège Marseilleveyre"


def test_a_pole_of_another_network_is_refused_first(make, db):
    mine, other = make.network(), make.network()
    with pytest.raises(PoleOutsideNetwork):
        import_within(b"", network=mine, pole=make.pole(network=other), allowed_network_ids=None, actor=make.user())


def test_an_accepted_import_is_journaled_with_its_network(make, db):
    network = make.network("Sainte Victoire")
    admin = make.user("admin")
    report = import_within(
        (HEADER + f"{make_uai(7004)};Nouveau\n").encode(),
        network=network,
        pole=None,
        allowed_network_ids=None,
        actor=admin,
    )
    entry = db.session.scalars(select(AuditEntry)).one()
    assert report.created == 1 and entry.user_id == admin.id
    assert entry.detail == "1 créé(s), 0 mis à jour, 0 inchangé(s), 0 rejeté(s) dans le réseau « Sainte Victoire »"
