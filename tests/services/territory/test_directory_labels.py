"""Establishment types stored under the directory's labels, whatever the file's accents and case."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import Establishment
from app.services.territory.directory_import import import_establishments, plan_import
from app.services.territory.directory_labels import kind_label

HEADER = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement"


@pytest.mark.parametrize(
    "written,label",
    [
        ("Ecole", "École"),
        ("ECOLE", "École"),
        (" école ", "École"),
        ("COLLEGE", "Collège"),
        ("college", "Collège"),
        ("Collège", "Collège"),
        ("Lycee", "Lycée"),
        ("LP", "Lycée professionnel"),
        ("lycee  professionnel", "Lycée professionnel"),
        ("Medico social", "Médico-social"),
        ("Service Administratif", "Service administratif"),
        ("Internat d'excellence", "Internat d'excellence"),  # unknown: kept as written
    ],
)
def test_a_type_is_matched_without_accents_or_case(written, label):
    assert kind_label(written) == label


def test_the_import_stores_one_label_per_type_and_corrects_old_spellings(db):
    db.session.add(Establishment(uai="0131871N", name="École Les Cèdres", kind="Ecole"))
    db.session.flush()
    lines = [HEADER, "0131871N;École Les Cèdres;ECOLE", "0131234W;Collège Sophie Germain;college", "0840012G;Lycée;LP"]
    report = import_establishments(("\n".join(lines) + "\n").encode())
    assert (report.created, report.updated) == (2, 1)
    kinds = dict(db.session.execute(select(Establishment.uai, Establishment.kind)).all())
    assert kinds == {"0131871N": "École", "0131234W": "Collège", "0840012G": "Lycée professionnel"}
    again = plan_import(("\n".join(lines) + "\n").encode())
    assert again.report.unchanged == 3  # "ECOLE" again is "École" already: nothing to update
