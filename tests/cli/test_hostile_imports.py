"""`flask establishments import` fed hostile files: each is answered with a French message and a non-zero exit,
and what was already stored is left exactly as it was."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import select

from app.models import Establishment
from app.services.territory import directory_import as establishment_import
from app.services.territory.uai import check_letter, make_uai
from tests.hostile_files import FORMULAS, REFUSED, SCRIPT, csv_bytes, rename, spreadsheet_csv

EXISTING = make_uai(1234)


@pytest.fixture
def existing(make, db) -> Establishment:
    """An establishment already stored, in a network and a pole, with every field set."""
    network = make.network("Sainte Victoire")
    make.pole("Pertuis", network)
    establishment = make.establishment(
        pole=make.pole("Aix", network),
        uai=EXISTING,
        name="Collège Mignet",
        kind="Collège",
        commune="Aix-en-Provence",
        postal_code="13100",
        departement="013",
        academy_label="Aix-Marseille",
    )
    db.session.commit()  # the command runs in its own transaction
    return establishment


def _stored(db) -> list[tuple]:
    """Every stored establishment, every column: what a refused file must leave untouched."""
    db.session.rollback()
    db.session.expire_all()
    table = Establishment.__table__
    return [tuple(row) for row in db.session.execute(select(table).order_by(table.c.id))]


def _import(runner, tmp_path, data: bytes, *args: str):
    path = tmp_path / "annuaire.csv"
    path.write_bytes(data)
    return runner.invoke(args=["establishments", "import", str(path), *args])


@pytest.mark.parametrize("name", REFUSED)
def test_a_file_refused_as_a_whole_exits_two_and_changes_nothing(runner, db, existing, tmp_path, name):
    build, message = REFUSED[name]
    before = _stored(db)
    result = _import(runner, tmp_path, build(existing.uai))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Fichier refusé : ")
    assert message in result.stderr, result.stderr
    assert _stored(db) == before


def test_an_unknown_network_or_pole_given_is_refused(runner, db, existing, tmp_path):
    before = _stored(db)
    result = _import(runner, tmp_path, csv_bytes(rename(existing.uai)), "--network", "<b>Calanques</b>")
    assert result.exit_code == 2 and "Fichier refusé : Réseau inconnu : « <b>Calanques</b> »" in result.stderr
    result = _import(
        runner, tmp_path, csv_bytes(rename(existing.uai)), "--network", "Sainte Victoire", "--pole", "Marseille"
    )
    assert result.exit_code == 2 and "Pôle inconnu dans le réseau « Sainte Victoire » : « Marseille »" in result.stderr
    assert _stored(db) == before


def test_too_many_rows_are_refused_clearly(runner, db, existing, tmp_path, monkeypatch):
    monkeypatch.setattr(establishment_import, "MAX_ROWS", 1000)
    before = _stored(db)
    rows = [f"{make_uai(100_000 + n)};Collège {n};Collège;Aix" for n in range(1001)]
    result = _import(runner, tmp_path, csv_bytes(rename(existing.uai), *rows))
    assert result.exit_code == 2
    assert (
        "Fichier refusé : Le fichier dépasse 1 000 établissements : découpez-le en plusieurs fichiers." in result.stderr
    )
    assert _stored(db) == before  # not even the first thousand


def test_a_file_of_many_rows_is_imported_whole(runner, db, existing, tmp_path):
    rows = [f"{make_uai(200_000 + n)};Collège n° {n};Collège;Commune {n % 97}" for n in range(20_000)]
    result = _import(runner, tmp_path, csv_bytes(*rows))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Créés : 20000, mis à jour : 0, inchangés : 0, rejetés : 0."
    assert len(_stored(db)) == 20_001


def test_bad_rows_are_listed_and_never_touch_what_is_stored(runner, db, existing, tmp_path):
    before = _stored(db)
    arabic = "١٣٠٠٠٠١"  # seven Arabic-Indic digits, with the check letter their value would have
    result = _import(
        runner,
        tmp_path,
        csv_bytes(
            f"{make_uai(7001)};Collège Nouveau;Collège;Aix",
            f"{make_uai(7001)};Collège Nouveau bis;Collège;Aix",  # the same UAI twice
            f"{existing.uai};{'N' * 201};Lycée;Nice",  # the existing one, with a name too long
            f"{existing.uai[:7]}Z;Collège mal lettré;Collège;Aix",  # a wrong check letter
            f"{arabic}{check_letter('1300001')};Collège d'ailleurs;Collège;Aix",
            f"{'9' * 5000};Collège au long UAI;Collège;Aix",
            f"{make_uai(7002)};Collège;{'T' * 61};Aix",  # a type too long
            f"{make_uai(7003)};Collège;Collège;{'C' * 121}",  # a commune too long
            f";{SCRIPT};Collège;Aix",  # no UAI
            f"{make_uai(7004)};   ;Collège;Aix",  # a blank name
        ),
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "Créés : 1, mis à jour : 0, inchangés : 0, rejetés : 9."
    assert lines[1:] == [
        f"ligne 3 ({make_uai(7001)}): UAI en double dans le fichier (déjà ligne 2)",
        f"ligne 4 ({existing.uai}): nom trop long (200 caractères au plus)",
        f"ligne 5 ({existing.uai[:7]}Z): UAI invalide : lettre de contrôle incorrecte",
        f"ligne 6 ({arabic}{check_letter('1300001')}): UAI invalide : 7 chiffres et une lettre attendus",
        f"ligne 7 ({'9' * 5000}): UAI invalide : 7 chiffres et une lettre attendus",
        f"ligne 8 ({make_uai(7002)}): valeur trop longue dans la colonne type_etablissement (60 caractères au plus)",
        f"ligne 9 ({make_uai(7003)}): valeur trop longue dans la colonne nom_commune (120 caractères au plus)",
        "ligne 10 (sans UAI): UAI manquant",
        f"ligne 11 ({make_uai(7004)}): nom de l'établissement manquant",
    ]
    after = _stored(db)
    assert after[0] == before[0]  # the existing establishment, every field
    assert [row[1] for row in after[1:]] == [make_uai(7001)]


def test_formula_and_html_names_are_stored_as_text_and_neutralised_in_csv_output(runner, make, db, existing, tmp_path):
    names = [*FORMULAS, SCRIPT]
    rows = [[make_uai(7100 + n), name, "Collège", "Aix"] for n, name in enumerate(names)]
    result = _import(runner, tmp_path, spreadsheet_csv(rows), "--network", "Sainte Victoire", "--pole", "Aix")
    assert result.exit_code == 0, result.output
    stored = dict(db.session.execute(select(Establishment.uai, Establishment.name)).all())
    assert [stored[make_uai(7100 + n)] for n in range(len(names))] == names  # exactly as typed, as text

    campaign = make.campaign(network=existing.network, establishments=db.session.scalars(select(Establishment)).all())
    db.session.commit()
    for command in (
        ["campaigns", "links", str(campaign.id)],
        ["campaigns", "codes", str(campaign.id), "--uai", make_uai(7100), "--count", "1"],
    ):
        output = runner.invoke(args=command).output
        read = {row[0]: row[1] for row in csv.reader(output.splitlines()[1:]) if row}
        for n, name in enumerate(names):
            if make_uai(7100 + n) in read:
                # A spreadsheet opening this file shows the text; it runs nothing.
                assert read[make_uai(7100 + n)] == ("'" + name if name[0] in "=+-@" else name), command
        assert make_uai(7100) in read
