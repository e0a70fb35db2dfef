"""The directory export as a file: its encoding, its CSV dialect, its header; every refusal says how to fix it."""

from __future__ import annotations

import csv
import unicodedata

UAI_COLUMN = "identifiant_de_l_etablissement"
NAME_COLUMN = "nom_etablissement"
REQUIRED_COLUMNS = {UAI_COLUMN: "Identifiant_de_l_etablissement", NAME_COLUMN: "Nom_etablissement"}


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing was stored."""


def unreadable(error: csv.Error, line: int) -> str:
    """Say in French why the csv module stopped, and where the record it was reading starts."""
    text = str(error)
    if "field larger than field limit" in text:
        problem = f"une cellule dépasse {thousands(csv.field_size_limit())} caractères"
    elif "unexpected end of data" in text:
        problem = "un guillemet (\") ouvert dans cette ligne n'est jamais refermé"
    elif "expected after" in text:
        problem = "un guillemet (\") fermant est suivi d'autres caractères dans la même cellule"
    else:
        problem = text
    return f"Le fichier n'est pas un CSV lisible (ligne {line}) : {problem}. Corrigez cette ligne, ou {SAVE_AS_CSV}"


def thousands(number: int) -> str:
    """Write a count the French way, a space between thousands (12 000)."""
    return f"{number:,}".replace(",", " ")


SAVE_AS_CSV = "enregistrez-le au format « CSV UTF-8 (délimité par des points-virgules) » puis réessayez."


def decode(data: bytes) -> str:
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ImportFileError(f"Ce fichier est un classeur (Excel, LibreOffice) et non un CSV : {SAVE_AS_CSV}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(f"Le fichier est encodé en UTF-16 : {SAVE_AS_CSV}")
    if b"\x00" in data:
        raise ImportFileError(f"Le fichier contient des caractères nuls : ce n'est pas un CSV texte ; {SAVE_AS_CSV}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            data.decode("cp1252")
            encoding = "Windows-1252 (ANSI)"
        except UnicodeDecodeError:
            encoding = "ISO-8859-1 (Latin-1)"
        raise ImportFileError(
            f"Le fichier n'est pas encodé en UTF-8 (caractère illisible ligne {line}) : il semble être en {encoding} ; "
            + SAVE_AS_CSV
        ) from None


def header_key(name: str) -> str:
    """Match headers whatever their case, spaces or accents (« Réseau », « pôle »)."""
    plain = unicodedata.normalize("NFKD", name.strip().lstrip("\ufeff")).encode("ascii", "ignore").decode()
    return plain.lower()


def columns_of(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        columns.setdefault(header_key(name), index)
    return columns


def check_columns(columns: dict[str, int], header: list[str]) -> None:
    missing = [label for key, label in REQUIRED_COLUMNS.items() if key not in columns]
    if not missing:
        return
    joined = ";".join(header)
    for separator, name in ((",", "la virgule"), ("\t", "la tabulation"), ("|", "la barre verticale")):
        if UAI_COLUMN in {header_key(part) for part in joined.split(separator)}:
            raise ImportFileError(
                f"Les colonnes doivent être séparées par des points-virgules (;) : ce fichier semble utiliser {name}."
            )
    plural = "Colonnes obligatoires manquantes" if len(missing) > 1 else "Colonne obligatoire manquante"
    raise ImportFileError(f"{plural} : {', '.join(missing)}. Vérifiez la ligne d'en-tête (séparateur « ; »).")
