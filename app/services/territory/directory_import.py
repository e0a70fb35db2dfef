"""Import establishments from the national directory export ("Annuaire de l'éducation", CSV).

Every row is checked before anything is written: a file-wide problem refuses the whole file, a bad row is
reported with its line and the good rows are still imported (CTFd-style: every bad row at once).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update

from app.extensions import db
from app.models import Establishment, Network, Pole
from app.services.campaigns.enrolment import enrol_in_open_campaigns
from app.services.territory.directory_file import (
    NAME_COLUMN,
    UAI_COLUMN,
    ImportFileError,
    check_columns,
    columns_of,
    decode,
    thousands,
    unreadable,
)
from app.services.territory.directory_labels import kind_label
from app.services.territory.uai import is_valid_uai, is_well_formed_uai, normalize_uai

MAX_ROWS = 100_000
# Directory column → establishment attribute, with the attribute's length limit.
OPTIONAL_FIELDS = {
    "type_etablissement": ("kind", 60),
    "code_postal": ("postal_code", 10),
    "nom_commune": ("commune", 120),
    "code_departement": ("departement", 10),
    "libelle_academie": ("academy_label", 120),
}
NAME_MAX_LENGTH = 200
NEW_ESTABLISHMENT = {
    "kind": "",
    "commune": "",
    "postal_code": "",
    "departement": "",
    "academy_label": "",
    "network_id": None,
    "pole_id": None,
}
CLOSED_STATES = {"FERME", "FERMEE", "FERMÉ", "FERMÉE"}


@dataclass(frozen=True)
class RejectedRow:
    line: int
    uai: str
    reason: str


@dataclass(frozen=True)
class Renamed:
    uai: str
    before: str
    after: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    renamed: list[Renamed] = field(default_factory=list)  # stored names the file changes, said before and after

    @property
    def renamed_heading(self) -> str:
        """Say how many names the file changes: "3 noms modifiés"."""
        count = len(self.renamed)
        return f"{thousands(count)} nom modifié" if count == 1 else f"{thousands(count)} noms modifiés"


@dataclass
class ImportPlan:
    """What an import would write, computed before anything is: check it, then `store_import` it."""

    report: ImportReport
    created: list[dict[str, Any]] = field(default_factory=list)  # new establishments, by column
    updated: list[dict[str, Any]] = field(
        default_factory=list
    )  # changed establishments, by column, with their "row_id"
    replaced: list[dict[str, Any]] = field(default_factory=list)  # the stored rows `updated` replaces, as they are now


@dataclass
class _Row:
    line: int
    uai: str
    values: dict[str, str]  # establishment attribute → new value
    network: Network | None
    pole_name: str


def import_establishments(data: bytes, *, network: str | None = None, pole: str | None = None) -> ImportReport:
    """Create or update the establishments of a directory export; `network`/`pole` apply to rows without them."""
    return store_import(plan_import(data, network=network, pole=pole))


def plan_import(data: bytes, *, network: str | None = None, pole: str | None = None) -> ImportPlan:
    """Read and check a directory export and say what importing it would write, writing nothing."""
    # strict: a quote never closed would otherwise swallow every following line into one cell, silently.
    reader = csv.reader(io.StringIO(decode(data), newline=""), delimiter=";", strict=True)
    try:
        return _import_rows(reader, network, pole)
    except csv.Error as exc:  # in the header line
        raise ImportFileError(unreadable(exc, reader.line_num)) from None


def _import_rows(reader: Any, network: str | None, pole: str | None) -> ImportPlan:
    header_line = next((row for row in reader if any(cell.strip() for cell in row)), None)
    if header_line is None:
        raise ImportFileError("Le fichier est vide.")
    header_at = reader.line_num
    columns = columns_of(header_line)
    check_columns(columns, header_line)
    territory = _Territory()
    default_network = territory.network_named(network) if network else None
    if network and default_network is None:
        raise ImportFileError(f"Réseau inconnu : « {network} ». Créez-le d'abord (flask territory add-network).")
    if pole and default_network and territory.pole_named(default_network, pole) is None:
        raise ImportFileError(f"Pôle inconnu dans le réseau « {default_network.name} » : « {pole} ».")

    report = ImportReport()
    rows: list[_Row] = []
    first_line_of: dict[str, int] = {}
    previous_end, count = header_at, 0
    for cells in _records(reader, lambda: previous_end + 1):  # noqa: B023  # the current line, when a record fails
        line, previous_end = previous_end + 1, reader.line_num  # a quoted cell may span several lines
        if not any(cell.strip() for cell in cells):
            continue  # a blank line is not a row
        count += 1
        if count > MAX_ROWS:
            raise ImportFileError(
                f"Le fichier dépasse {thousands(MAX_ROWS)} établissements : découpez-le en plusieurs fichiers."
            )
        # Spaces and line breaks inside a cell are collapsed: a name typed over two lines is one name.
        cell = {name: " ".join(cells[index].split()) if index < len(cells) else "" for name, index in columns.items()}
        row, reasons = _check_row(line, cell, territory, default_network, pole, first_line_of)
        if row is None:  # there are reasons
            report.rejected.append(RejectedRow(line, cell[UAI_COLUMN], " ; ".join(reasons)))
        else:
            rows.append(row)
    if not rows and not report.rejected:
        raise ImportFileError("Le fichier ne contient aucun établissement (seulement la ligne d'en-tête).")
    return _plan(rows, territory, report)


def _records(reader: Any, record_start: Callable[[], int]) -> Iterator[list[str]]:
    """Yield the reader's records; one it cannot read refuses the file, at the line `record_start()` gives."""
    try:
        yield from reader
    except csv.Error as exc:
        raise ImportFileError(unreadable(exc, record_start())) from None


def _check_row(
    line: int,
    cell: dict[str, str],
    territory: _Territory,
    default_network: Network | None,
    default_pole: str | None,
    first_line_of: dict[str, int],
) -> tuple[_Row | None, list[str]]:
    """Return the row to store, or the reasons to reject it."""
    reasons: list[str] = []
    raw_uai = cell[UAI_COLUMN]
    uai = normalize_uai(raw_uai)
    if not uai:
        reasons.append("UAI manquant")
    elif not is_valid_uai(uai):
        reasons.append(
            "UAI invalide : lettre de contrôle incorrecte"
            if is_well_formed_uai(uai)
            else "UAI invalide : 7 chiffres et une lettre attendus"
        )
    elif uai in first_line_of:
        reasons.append(f"UAI en double dans le fichier (déjà ligne {first_line_of[uai]})")
    else:
        first_line_of[uai] = line
    name = cell[NAME_COLUMN]
    if not name:
        reasons.append("nom de l'établissement manquant")
    elif len(name) > NAME_MAX_LENGTH:
        reasons.append(f"nom trop long ({NAME_MAX_LENGTH} caractères au plus)")
    if cell.get("etat", "").upper() in CLOSED_STATES:
        reasons.append("établissement fermé (état « FERME ») : non importé")
    values = {"name": name}
    for column, (attribute, limit) in OPTIONAL_FIELDS.items():
        if column in cell:
            if len(cell[column]) > limit:
                reasons.append(f"valeur trop longue dans la colonne {column} ({limit} caractères au plus)")
            values[attribute] = kind_label(cell[column]) if attribute == "kind" else cell[column]

    network_name = cell.get("reseau", "")
    network = default_network
    if network_name:
        network = territory.network_named(network_name)
        if network is None:
            reasons.append(f"réseau inconnu « {network_name} »")
    pole_name = cell.get("pole", "") or default_pole or ""
    if pole_name and network is not None and territory.pole_named(network, pole_name) is None:
        reasons.append(f"pôle inconnu « {pole_name} » dans le réseau « {network.name} »")
    if reasons:
        return None, reasons
    return _Row(line, uai, values, network, pole_name), []


class _Territory:
    """Networks and poles by name (case-insensitive), read once."""

    def __init__(self) -> None:
        self.networks = {n.name.strip().lower(): n for n in db.session.scalars(select(Network))}
        self.poles = {(p.network_id, p.name.strip().lower()): p for p in db.session.scalars(select(Pole))}
        self.network_by_id = {n.id: n for n in self.networks.values()}
        self.pole_network = {p.id: p.network_id for p in self.poles.values()}

    def network_named(self, name: str) -> Network | None:
        return self.networks.get(name.strip().lower())

    def pole_named(self, network: Network, name: str) -> Pole | None:
        return self.poles.get((network.id, name.strip().lower()))


def _existing(uais: list[str]) -> dict[str, dict[str, Any]]:
    """Read the stored establishments of these UAIs as plain rows (fast for a whole national file)."""
    table = Establishment.__table__
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(uais), 500):  # stay under every database's parameter limit
        chunk = uais[start : start + 500]
        found.update(
            (row.uai, dict(row._mapping)) for row in db.session.execute(select(table).where(table.c.uai.in_(chunk)))
        )
    return found


def _plan(rows: list[_Row], territory: _Territory, report: ImportReport) -> ImportPlan:
    existing = _existing([row.uai for row in rows])
    plan = ImportPlan(report)
    for row in rows:
        current = existing.get(row.uai)
        values: dict[str, object] = dict(row.values)
        network = row.network or (territory.network_by_id.get(current["network_id"]) if current else None)
        if row.pole_name and network is None:
            report.rejected.append(RejectedRow(row.line, row.uai, f"pôle « {row.pole_name} » indiqué sans réseau"))
            continue
        if network is not None and (row.network is not None or row.pole_name):  # either gives a network
            pole = territory.pole_named(network, row.pole_name) if row.pole_name else None
            if row.pole_name and pole is None:
                report.rejected.append(
                    RejectedRow(
                        row.line, row.uai, f"pôle inconnu « {row.pole_name} » dans le réseau « {network.name} »"
                    )
                )
                continue
            values["network_id"] = network.id
            if pole is not None:
                values["pole_id"] = pole.id
            elif not (current and territory.pole_network.get(current["pole_id"]) == network.id):
                values["pole_id"] = None  # another network: the old pole no longer applies
        if current is None:
            plan.created.append({**NEW_ESTABLISHMENT, **values, "uai": row.uai})
        elif any(current[key] != value for key, value in values.items()):
            plan.updated.append({**current, **values, "row_id": current["id"]})
            plan.replaced.append(current)
            if current["name"] != values["name"]:
                report.renamed.append(Renamed(row.uai, current["name"], str(values["name"])))
        else:
            report.unchanged += 1
    report.rejected.sort(key=lambda rejected: rejected.line)
    report.created, report.updated = len(plan.created), len(plan.updated)
    return plan


def store_import(plan: ImportPlan) -> ImportReport:
    """Write what `plan_import` found, and return its report."""
    # A whole national file: one executemany each, never one ORM object per establishment.
    table = cast(Table, Establishment.__table__)  # declared as a FromClause; a mapped class has a Table
    if plan.created:
        db.session.execute(insert(table), plan.created)
    if plan.updated:
        columns = [c.name for c in table.columns if c.name not in ("id", "uai")]
        db.session.execute(
            update(table).where(table.c.id == bindparam("row_id")).values({name: bindparam(name) for name in columns}),
            plan.updated,
        )
        # ORM objects already in the session must not keep showing the old values.
        db.session.expire_all()
    enrol_in_open_campaigns(row["network_id"] for row in plan.created + plan.updated)  # late arrivals
    return plan.report
