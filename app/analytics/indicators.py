"""Indicator reports shaped for reading: by establishment and by pole over the half-years, and completeness.

Pure pandas: the frames come from app/services/indicators/reading.py. Institutional figures, reported by heads
about their establishment, carry no anonymity threshold (docs/privacy.md); they never meet the questionnaires' cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from app.analytics.tables import Column, Table
from app.surveys.indicator_types import IndicatorType
from app.surveys.schema import Question

NETWORK_ROW = "Ensemble"
NO_POLE = "Sans pôle"
MEMBER_COLUMNS = ["period", "establishment_id", "uai", "name", "pole"]
VALUE_COLUMNS = ["period", "establishment_id", "indicator", "value"]
REPORT_COLUMNS = ["period", "establishment_id"]


@dataclass(frozen=True)
class Period:
    """One half-year: the campaign's id as its key, its short label (« S1 2025-2026 »)."""

    key: str
    label: str


def _period_columns(periods: list[Period], kind: str) -> list[Column]:
    return [Column(p.key, p.label, kind) for p in periods]


def _groups(members: pd.DataFrame, whole: bool) -> list[tuple[str, pd.DataFrame]]:
    """The poles by name, then the whole (when the reader sees the whole network)."""
    groups = [(str(pole), rows) for pole, rows in sorted(members.groupby("pole"), key=lambda g: str(g[0]))]
    if whole:
        groups.append((NETWORK_ROW, members))
    return groups


def completeness_table(periods: list[Period], members: pd.DataFrame, reports: pd.DataFrame, whole: bool) -> Table:
    """Per pole (and in all) and per half-year: how many establishments reported, out of how many in the campaign."""
    reported = set(zip(reports["period"], reports["establishment_id"]))
    rows = []
    for name, group in _groups(members, whole):
        row: dict[str, Any] = {"pole": name}
        for period in periods:
            ids = set(group.loc[group["period"] == period.key, "establishment_id"])
            done = sum(1 for e in ids if (period.key, e) in reported)
            row[period.key] = f"{done} sur {len(ids)}" if ids else None
        rows.append(row)
    return Table(
        "completude",
        "Établissements ayant répondu, par période",
        [Column("pole", "Pôle"), *_period_columns(periods, "text")],
        rows,
    )


def completeness_sentence(period: Period | None, members: pd.DataFrame, reports: pd.DataFrame) -> str:
    """Say « 12 établissements sur 15 ont répondu » for one half-year."""
    if period is None:
        return "Aucune campagne d'indicateurs pour l'instant."
    ids = set(members.loc[members["period"] == period.key, "establishment_id"])
    done = len(ids & set(reports.loc[reports["period"] == period.key, "establishment_id"]))
    verb = "a répondu" if done <= 1 else "ont répondu"
    return f"{period.label} : {done} établissement{'s' if done > 1 else ''} sur {len(ids)} {verb}."


def _values(values: pd.DataFrame, indicator: str) -> dict[tuple[str, int], Any]:
    rows = values[values["indicator"] == indicator]
    return {(p, int(e)): v for p, e, v in zip(rows["period"], rows["establishment_id"], rows["value"])}


def establishment_table(
    question: Question, kind: IndicatorType, periods: list[Period], members: pd.DataFrame, values: pd.DataFrame
) -> Table:
    """One row per establishment (by pole, then name), one column per half-year: the value it reported."""
    found = _values(values, question.id)
    people = members.drop_duplicates("establishment_id", keep="last").sort_values(["pole", "name"])
    rows = []
    for eid, uai, name, pole in zip(people["establishment_id"], people["uai"], people["name"], people["pole"]):
        row: dict[str, Any] = {"name": name, "uai": uai, "pole": pole}
        for period in periods:
            value = found.get((period.key, int(eid)))
            row[period.key] = kind.cell(value) if value is not None else None
        rows.append(row)
    title = f"{question.text} — par établissement"
    columns = [Column("name", "Établissement"), Column("uai", "UAI", on_page=False), Column("pole", "Pôle")]
    return Table(f"{question.id}-etablissements", title, columns + _period_columns(periods, kind.column_kind), rows)


def pole_table(
    question: Question,
    kind: IndicatorType,
    periods: list[Period],
    members: pd.DataFrame,
    values: pd.DataFrame,
    whole: bool,
) -> Table | None:
    """One row per pole (and the whole network), one column per half-year: the type's total (sum, mean, « oui »)."""
    if not kind.total_kind:
        return None
    found = _values(values, question.id)
    rows = []
    for name, group in _groups(members, whole):
        row: dict[str, Any] = {"pole": name}
        for period in periods:
            ids = group.loc[group["period"] == period.key, "establishment_id"]
            reported = [found[(period.key, int(e))] for e in ids if (period.key, int(e)) in found]
            row[period.key] = kind.total(reported)
        rows.append(row)
    return Table(
        f"{question.id}-poles",
        f"{question.text} — par pôle ({kind.total_label})",
        [Column("pole", "Pôle"), *_period_columns(periods, kind.total_kind)],
        rows,
        caption=f"Chiffre du pôle : {kind.total_label}, parmi les établissements ayant répondu.",
    )


def pole_frame(table: Table | None, periods: list[Period]) -> pd.DataFrame:
    """The poles' figures over the half-years, long, for the chart (the whole network left out: another scale)."""
    rows = []
    if table is not None:
        for row in table.rows:
            if row["pole"] == NETWORK_ROW:
                continue
            for period in periods:
                if row.get(period.key) is not None:
                    rows.append({"period": period.label, "pole": row["pole"], "value": float(row[period.key])})
    return pd.DataFrame(rows, columns=["period", "pole", "value"])


def series_table(
    questions: list[tuple[Question, IndicatorType]], periods: list[Period], values: pd.DataFrame, establishment_id: int
) -> Table:
    """One establishment's indicators (rows) over the half-years (columns), read back with their units."""
    rows = []
    for question, kind in questions:
        found = _values(values, question.id)
        row: dict[str, Any] = {"indicator": question.text}
        for period in periods:
            value = found.get((period.key, establishment_id))
            row[period.key] = kind.display(question, value) if value is not None else None
        rows.append(row)
    return Table(
        "serie",
        "Indicateurs de l'établissement, par période",
        [Column("indicator", "Indicateur")] + [Column(p.key, p.label) for p in periods],
        rows,
    )
