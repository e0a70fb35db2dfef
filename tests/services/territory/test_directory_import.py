"""Import of the "Annuaire de l'éducation" export: every bad row reported, whole-file problems refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import Establishment
from app.services.territory import directory_import as establishment_import
from app.services.territory.directory_file import ImportFileError
from app.services.territory.directory_import import RejectedRow, import_establishments

SAMPLE = Path(__file__).parents[2] / "data" / "annuaire_sample.csv"
HEADER = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Code_postal;Nom_commune;Code_departement"

EXPECTED_REJECTED = [
    RejectedRow(5, "0130456B", "UAI invalide : lettre de contrôle incorrecte"),
    RejectedRow(6, "0131502M", "nom de l'établissement manquant"),
    RejectedRow(7, "0132210G", "pôle inconnu « Marseille » dans le réseau « Sainte Victoire »"),
    RejectedRow(9, "0131234W", "UAI en double dans le fichier (déjà ligne 2)"),
    RejectedRow(10, "0130777Z", "établissement fermé (état « FERME ») : non importé"),
    RejectedRow(13, "0131360H", "réseau inconnu « Calanques »"),
]


@pytest.fixture
def territory(make):
    network = make.network("Sainte Victoire", academy=make.academy("Aix-Marseille"))
    poles = {name: make.pole(name, network) for name in ("Aix", "Pertuis", "Gardanne")}
    return network, poles


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def snapshot(db) -> list[tuple]:
    rows = db.session.scalars(select(Establishment).order_by(Establishment.uai)).all()
    return [
        (e.id, e.uai, e.name, e.kind, e.commune, e.postal_code, e.departement, e.academy_label, e.network_id, e.pole_id)
        for e in rows
    ]


def count(db) -> int:
    return db.session.scalar(select(func.count(Establishment.id)))


def test_sample_reports_every_rejected_line_and_imports_the_rest(db, territory):
    network, poles = territory
    report = import_establishments(SAMPLE.read_bytes())

    assert report.rejected == EXPECTED_REJECTED
    assert (report.created, report.updated, report.unchanged) == (6, 0, 0)
    stored = {e.uai: e for e in db.session.scalars(select(Establishment))}
    assert set(stored) == {"0131234W", "0131871N", "0840012G", "0131999C", "0130088A", "0840345U"}
    lycee = stored["0840012G"]
    assert (lycee.name, lycee.kind, lycee.commune) == ("Lycée Val de Durance", "Lycée", "Pertuis")
    assert (lycee.postal_code, lycee.departement, lycee.academy_label) == ("84120", "084", "Aix-Marseille")
    assert lycee.network_id == network.id and lycee.pole_id == poles["Pertuis"].id  # names matched whatever the case
    assert stored["0131234W"].departement == "013"  # leading zeros kept
    assert stored["0130088A"].name == "Lycée professionnel de l'Étoile; site de Gardanne"  # quoted separator
    assert stored["0130088A"].network_id is None and stored["0130088A"].pole_id is None


def test_reimporting_the_same_file_changes_nothing(db, territory):
    import_establishments(SAMPLE.read_bytes())
    db.session.commit()
    before = snapshot(db)

    report = import_establishments(SAMPLE.read_bytes())
    db.session.commit()

    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)
    assert report.rejected == EXPECTED_REJECTED
    assert snapshot(db) == before


def test_arguments_apply_to_rows_without_network_or_pole(db, territory):
    network, poles = territory
    report = import_establishments(SAMPLE.read_bytes(), network="Sainte Victoire", pole="Gardanne")
    assert report.created == 6
    lp = db.session.scalar(select(Establishment).filter_by(uai="0130088A"))
    assert (lp.network_id, lp.pole_id) == (network.id, poles["Gardanne"].id)
    college = db.session.scalar(select(Establishment).filter_by(uai="0131234W"))
    assert college.pole_id == poles["Aix"].id  # the row's own pole wins over the argument


def test_row_without_network_keeps_the_existing_assignment(db, territory):
    _, poles = territory
    import_establishments(SAMPLE.read_bytes(), network="Sainte Victoire", pole="Gardanne")
    report = import_establishments(SAMPLE.read_bytes())
    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)
    lp = db.session.scalar(select(Establishment).filter_by(uai="0130088A"))
    assert lp.pole_id == poles["Gardanne"].id


def test_changed_rows_are_updated(db, territory):
    _, poles = territory
    import_establishments(SAMPLE.read_bytes())
    before = (
        "Collège Gabriel Péri;Collège;Public;Avenue Léo Lagrange;13120;13041;Gardanne;013;Bouches-du-Rhône;"
        "Aix-Marseille;655;OUVERT;Sainte Victoire;Gardanne"
    )
    after = before.replace("Péri;", "Péri (Gardanne);").removesuffix(";Gardanne") + ";Aix"  # new name, new pole
    data = SAMPLE.read_bytes().replace(before.encode(), after.encode())
    assert data != SAMPLE.read_bytes()
    report = import_establishments(data)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 5)
    college = db.session.scalar(select(Establishment).filter_by(uai="0131999C"))
    assert (college.name, college.pole_id) == ("Collège Gabriel Péri (Gardanne)", poles["Aix"].id)


def test_uai_checksum(db, territory):
    report = import_establishments(
        csv_bytes(
            HEADER,
            "0350760L;Collège Anne de Bretagne;Collège;35000;Rennes;035",
            "0350760M;Collège faux;Collège;35000;Rennes;035",
            "350760L;Collège tronqué;Collège;35000;Rennes;035",
        )
    )
    assert report.created == 1
    assert db.session.scalar(select(Establishment.uai)) == "0350760L"
    assert report.rejected == [
        RejectedRow(3, "0350760M", "UAI invalide : lettre de contrôle incorrecte"),
        RejectedRow(4, "350760L", "UAI invalide : 7 chiffres et une lettre attendus"),
    ]


def test_pole_argument_needs_a_network(db, territory):
    report = import_establishments(
        csv_bytes(HEADER, "0350760L;Collège Anne de Bretagne;Collège;35000;Rennes;035"), pole="Aix"
    )
    assert report.rejected == [RejectedRow(2, "0350760L", "pôle « Aix » indiqué sans réseau")]
    assert count(db) == 0


@pytest.mark.parametrize(
    "data, message",
    [
        (
            csv_bytes(HEADER, "0131234W;Collège Sophie Germain;Collège;13090;Aix-en-Provence;013", encoding="cp1252"),
            "n'est pas encodé en UTF-8 (caractère illisible ligne 2) : il semble être en Windows-1252",
        ),
        (
            csv_bytes(HEADER.replace(";", ","), "0131234W,Collège Sophie Germain,Collège,13090,Aix-en-Provence,013"),
            "séparées par des points-virgules (;) : ce fichier semble utiliser la virgule",
        ),
        (
            csv_bytes("Nom_etablissement;Code_postal", "Collège Sophie Germain;13090"),
            "Colonne obligatoire manquante : Identifiant_de_l_etablissement.",
        ),
        (
            csv_bytes("UAI;Nom", "0131234W;Collège Sophie Germain"),
            "Colonnes obligatoires manquantes : Identifiant_de_l_etablissement, Nom_etablissement.",
        ),
        (b"", "Le fichier est vide."),
        (b"\xef\xbb\xbf\r\n\r\n", "Le fichier est vide."),
        (csv_bytes(HEADER), "aucun établissement"),
        ("Identifiant;Nom\n".encode("utf-16"), "UTF-16"),
        (b"PK\x03\x04\x14\x00\x06\x00binary", "classeur"),
        (csv_bytes(HEADER, "0131234W;Coll\x00ge;Collège;13090;Aix;013"), "caractères nuls"),
        (csv_bytes(HEADER, "0131234W;" + "x" * 200_000 + ";Collège;13090;Aix;013"), "pas un CSV lisible"),
    ],
)
def test_whole_file_problems_are_refused_and_nothing_is_stored(db, territory, data, message):
    with pytest.raises(ImportFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_establishments(data)
    assert count(db) == 0


def test_too_many_rows_are_refused(db, territory, monkeypatch):
    monkeypatch.setattr(establishment_import, "MAX_ROWS", 3)
    rows = [f"0350760L;Collège {n};Collège;35000;Rennes;035" for n in range(4)]
    with pytest.raises(ImportFileError, match="dépasse 3 établissements"):
        import_establishments(csv_bytes(HEADER, *rows))
    assert count(db) == 0


def test_unknown_network_or_pole_argument_refuses_the_file(db, territory):
    with pytest.raises(ImportFileError, match="Réseau inconnu : « Calanques »"):
        import_establishments(SAMPLE.read_bytes(), network="Calanques")
    with pytest.raises(ImportFileError, match="Pôle inconnu dans le réseau « Sainte Victoire » : « Marseille »"):
        import_establishments(SAMPLE.read_bytes(), network="Sainte Victoire", pole="Marseille")
    assert count(db) == 0


def test_file_without_bom_and_with_blank_lines(db, territory):
    data = csv_bytes(
        HEADER,
        "",
        "0350760L;Collège Anne de Bretagne;Collège;35000;Rennes;035",
        "",
        "0350760M;Collège faux;Collège;35000;Rennes;035",
    )
    report = import_establishments(data)
    assert report.created == 1
    assert report.rejected == [RejectedRow(5, "0350760M", "UAI invalide : lettre de contrôle incorrecte")]


def test_line_numbers_count_multiline_cells(db, territory):
    data = csv_bytes(
        HEADER,
        '0350760L;"Collège\nAnne de Bretagne";Collège;35000;Rennes;035',
        "0350760M;Collège faux;Collège;35000;Rennes;035",
    )
    report = import_establishments(data)
    assert report.rejected[0].line == 4


def test_moving_to_another_network_drops_the_old_pole(db, territory, make):
    network, _ = territory
    other = make.network("Calanques", academy=network.academy)
    header = "Identifiant_de_l_etablissement;Nom_etablissement;reseau;pole"
    import_establishments(csv_bytes(header, "0350760L;Collège Anne de Bretagne;Sainte Victoire;Aix"))
    same = import_establishments(csv_bytes(header, "0350760L;Collège Anne de Bretagne;Sainte Victoire;"))
    assert same.unchanged == 1  # same network, no pole given: the pole is kept
    moved = import_establishments(csv_bytes(header, "0350760L;Collège Anne de Bretagne;Calanques;"))
    assert moved.updated == 1
    establishment = db.session.scalar(select(Establishment))
    assert (establishment.network_id, establishment.pole_id) == (other.id, None)


def test_a_changed_name_is_reported_before_storing_and_after(db):
    db.session.add_all(
        [
            Establishment(uai="0131234W", name="Collège Sophie Germain", kind="Collège"),
            Establishment(uai="0131871N", name="École Les Cèdres", kind="École"),
        ]
    )
    db.session.flush()
    data = csv_bytes(
        "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement",
        "0131234W;Collège Sophie-Germain;Collège",
        "0131871N;École Les Cèdres;École",
        "0840012G;Lycée Val de Durance;Lycée",
    )
    plan = establishment_import.plan_import(data)
    assert [(r.uai, r.before, r.after) for r in plan.report.renamed] == [
        ("0131234W", "Collège Sophie Germain", "Collège Sophie-Germain")
    ]
    assert plan.report.renamed_heading == "1 nom modifié"
    assert db.session.scalar(select(Establishment.name).filter_by(uai="0131234W")) == "Collège Sophie Germain"
    report = establishment_import.store_import(plan)
    assert report.renamed == plan.report.renamed and report.updated == 1
    assert db.session.scalar(select(Establishment.name).filter_by(uai="0131234W")) == "Collège Sophie-Germain"
