"""`flask establishments import` and `flask territory …`: output, exit codes, committed data."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import Academy, Establishment, Network, Pole

SAMPLE = Path(__file__).parent.parent / "data" / "annuaire_sample.csv"


@pytest.fixture
def territory(make, db):
    network = make.network("Sainte Victoire", academy=make.academy("Aix-Marseille"))
    for name in ("Aix", "Pertuis", "Gardanne"):
        make.pole(name, network)
    db.session.commit()  # the command runs in its own session
    return network


def establishments(db) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count(Establishment.id)))


def test_import_prints_summary_and_every_rejected_row(runner, db, territory):
    result = runner.invoke(args=["establishments", "import", str(SAMPLE)])

    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "Créés : 6, mis à jour : 0, inchangés : 0, rejetés : 6."
    assert lines[1:] == [
        "ligne 5 (0130456B): UAI invalide : lettre de contrôle incorrecte",
        "ligne 6 (0131502M): nom de l'établissement manquant",
        "ligne 7 (0132210G): pôle inconnu « Marseille » dans le réseau « Sainte Victoire »",
        "ligne 9 (0131234W): UAI en double dans le fichier (déjà ligne 2)",
        "ligne 10 (0130777Z): établissement fermé (état « FERME ») : non importé",
        "ligne 13 (0131360H): réseau inconnu « Calanques »",
    ]
    assert establishments(db) == 6  # the valid rows are committed

    again = runner.invoke(args=["establishments", "import", str(SAMPLE)])
    assert again.output.splitlines()[0] == "Créés : 0, mis à jour : 0, inchangés : 6, rejetés : 6."


def test_clean_import_with_network_and_pole_exits_zero(runner, db, territory, tmp_path):
    path = tmp_path / "propre.csv"
    path.write_text(
        "Identifiant_de_l_etablissement;Nom_etablissement\n0350760L;Collège Anne de Bretagne\n", encoding="utf-8"
    )
    result = runner.invoke(
        args=["establishments", "import", str(path), "--network", "Sainte Victoire", "--pole", "Pertuis"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Créés : 1, mis à jour : 0, inchangés : 0, rejetés : 0."
    db.session.rollback()
    establishment = db.session.scalar(select(Establishment))
    assert establishment.pole.name == "Pertuis"


def test_refused_file_exits_two_and_stores_nothing(runner, db, territory, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("Identifiant_de_l_etablissement;Nom_etablissement\n0350760L;Collège Pérou\n".encode("cp1252"))
    result = runner.invoke(args=["establishments", "import", str(path)])
    assert result.exit_code == 2
    assert "Fichier refusé : Le fichier n'est pas encodé en UTF-8" in result.stderr
    assert establishments(db) == 0


def test_missing_file_is_a_usage_error(runner, db):
    result = runner.invoke(args=["establishments", "import", "/nonexistent/annuaire.csv"])
    assert result.exit_code == 2
    assert "does not exist" in result.output or "n'existe pas" in result.output


def test_territory_commands_build_and_show_the_tree(runner, db):
    assert (
        runner.invoke(args=["territory", "add-network", "Sainte Victoire", "--academy", "Aix-Marseille"]).output.strip()
        == "Réseau « Sainte Victoire » (Aix-Marseille) : créé."
    )
    for pole in ("Aix", "Pertuis"):
        result = runner.invoke(args=["territory", "add-pole", pole, "--network", "sainte victoire"])
        assert result.exit_code == 0, result.output
    again = runner.invoke(args=["territory", "add-pole", "Aix", "--network", "Sainte Victoire"])
    assert again.exit_code == 0 and "existe déjà" in again.output
    db.session.rollback()
    assert db.session.scalar(select(func.count(Academy.id))) == 1
    assert sorted(db.session.scalars(select(Pole.name))) == ["Aix", "Pertuis"]

    runner.invoke(args=["establishments", "import", str(SAMPLE)])
    result = runner.invoke(args=["territory", "show"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Aix-Marseille",
        "  Réseau Sainte Victoire : 4 établissements",
        "    Pôle Aix : 2 établissements",
        "    Pôle Pertuis : 2 établissements",
        "Sans réseau : 1 établissement",
    ]


def test_territory_errors_exit_one(runner, db):
    result = runner.invoke(args=["territory", "add-pole", "Aix", "--network", "Inconnu"])
    assert result.exit_code == 1
    assert "Réseau inconnu : « Inconnu »" in result.stderr
    runner.invoke(args=["territory", "add-network", "Sainte Victoire", "--academy", "Aix-Marseille"])
    clash = runner.invoke(args=["territory", "add-network", "Sainte Victoire", "--academy", "Nice"])
    assert clash.exit_code == 1
    assert "existe déjà, dans l'académie « Aix-Marseille »" in clash.stderr
    db.session.rollback()
    assert db.session.scalar(select(func.count(Network.id))) == 1


def test_import_says_which_names_it_changed(runner, db, territory, tmp_path):
    db.session.add(Establishment(uai="0350760L", name="College Anne de Bretagne"))
    db.session.commit()
    path = tmp_path / "renomme.csv"
    path.write_text(
        "Identifiant_de_l_etablissement;Nom_etablissement\n0350760L;Collège Anne de Bretagne\n", encoding="utf-8"
    )
    result = runner.invoke(args=["establishments", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        "1 nom modifié :",
        "  0350760L : College Anne de Bretagne → Collège Anne de Bretagne",
    ]
