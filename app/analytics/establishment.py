"""Shape one establishment's suppressed cells into the frames its charts draw and the tables it shows."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

import pandas as pd

from app.analytics.identifiers import TableId
from app.analytics.instrument import Dimension
from app.analytics.records import rows_of
from app.analytics.suppression import hidden_label
from app.analytics.tables import MEAN_LABEL, NO_PREVIOUS, Column, Hidden, Table

PARTICIPATION_JUMP = 0.20  # a change of participation above 20 points makes a comparison fragile


def shown(row: Mapping[Hashable, Any] | pd.Series[Any] | None, column: str, min_size: int) -> Any:
    """Return a cell's value, or Hidden with the reason when the threshold withholds it."""
    if row is None:
        return None
    if bool(row["hidden"]):
        return Hidden(hidden_label(row["reason"], min_size))
    return row.get(column)


def by_question(cells: pd.DataFrame) -> dict[str, dict[Hashable, Any]]:
    return {row["question"]: row for row in rows_of(cells)}


def participation_rate(responses: int, staff_size: int | None) -> float | None:
    return responses / staff_size if staff_size else None


def excess_responses_warning(responses: int, staff_size: int | None) -> str | None:
    """Say when more responses came than staff were declared: some may have been sent twice."""
    if not staff_size or responses <= staff_size:
        return None
    return (
        f"Plus de réponses ({responses}) que de personnels déclarés ({staff_size}) : "
        "des réponses en double sont possibles."
    )


def participation_table(rows: Sequence[dict[str, Any]]) -> Table:
    """Responses per category for each instrument, with the rate against the declared staff size.

    `rows`: dicts with instrument, counts (category label → n), staff_size, and total when the counts by
    category are withheld (a campaign whose results are not published yet shows its total only).
    """
    table = Table(
        TableId.PARTICIPATION,
        "Participation",
        [
            Column("category", "Catégorie"),
            Column("instrument", "Questionnaire"),
            Column("responses", "Réponses", "int"),
            Column("staff", "Effectif déclaré", "int"),
            Column("rate", "Taux de participation", "percent"),
        ],
    )
    for row in rows:
        total = row.get("total", sum(row["counts"].values()))
        for category, n in sorted(row["counts"].items(), key=lambda item: -item[1]):
            table.rows.append({"instrument": row["instrument"], "category": category, "responses": n})
        table.rows.append(
            {
                "instrument": row["instrument"],
                "category": "Total",
                "responses": total,
                "staff": row["staff_size"],
                "rate": participation_rate(total, row["staff_size"]),
            }
        )
    return table


def distribution_frame(
    cells: pd.DataFrame, dims: Sequence[Dimension], values: Sequence[int], min_size: int
) -> pd.DataFrame:
    """One row per dimension: shares per level, mean (the figure shown beside the bar), n, and why it is hidden."""
    rows = by_question(cells)
    records = []
    for dim in dims:
        row = rows.get(dim.key)
        hidden = row is None or bool(row["hidden"])
        record = {
            "key": dim.key,
            "dimension": dim.title,
            "hidden": hidden,
            "hidden_label": hidden_label("aucune-reponse" if row is None else row["reason"], min_size)
            if hidden
            else "",
            "n": None if row is None or hidden else row["n"],
            "n_dk": None if row is None or hidden else row.get("n_dk"),
            "median": None if row is None or hidden else row["median"],
        }
        for column in ("mean", "q1", "q3", "std"):
            record[column] = None if row is None or hidden else row[column]
        for value in values:
            record[f"c{value}"] = None if row is None or hidden else row[f"d{value}"]
            record[f"s{value}"] = None if row is None or hidden or not row["n"] else row[f"d{value}"] / row["n"]
        records.append(record)
    return pd.DataFrame(records)


def levels_table(
    cells: pd.DataFrame, dims: Sequence[Dimension], agreed: dict[str, dict[str, Any]], min_size: int
) -> Table:
    """The perceived level per dimension (with n and spread) beside the level agreed by the team."""
    rows = by_question(cells)
    table = Table(
        TableId.LEVELS,
        "Niveaux perçus et niveau convenu",
        [
            Column("dimension", "Dimension"),
            Column("n", "Réponses", "int"),
            Column("n_dk", "Ne se prononce pas", "int"),
            Column("mean", MEAN_LABEL, "level"),
            Column("std", "Écart-type", "level"),
            Column("q1", "1er quartile", "level"),
            Column("median", "Médiane", "level"),
            Column("q3", "3e quartile", "level"),
            Column("agreed", "Niveau convenu", "int"),
            Column("justification", "Justification"),
        ],
    )
    for dim in dims:
        row = rows.get(dim.key)
        record: dict[str, Any] = {"dimension": dim.title}
        for column in ("n", "n_dk", "median", "mean", "q1", "q3", "std"):
            record[column] = (
                shown(row, column, min_size) if row is not None else Hidden(hidden_label("aucune-reponse", min_size))
            )
        if dim.key in agreed:
            record["agreed"] = agreed[dim.key]["level"]
            record["justification"] = agreed[dim.key]["justification"]
        table.rows.append(record)
    return table


def distribution_table(frame: pd.DataFrame, points: Sequence[tuple[int, str]]) -> Table:
    table = Table(
        TableId.DISTRIBUTION,
        "Répartition des niveaux perçus",
        [Column("dimension", "Dimension")]
        + [Column(f"s{v}", f"Niveau {v}", "percent") for v, _ in points]
        + [
            Column("mean", MEAN_LABEL, "level"),
            Column("std", "Écart-type", "level"),
            Column("n", "Réponses", "int"),
            Column("n_dk", "Ne se prononce pas", "int"),
        ],
    )
    for record in rows_of(frame):
        row: dict[str, Any] = {"dimension": record["dimension"]}
        for column in [f"s{v}" for v, _ in points] + ["mean", "std", "n", "n_dk"]:
            row[column] = Hidden(record["hidden_label"]) if record["hidden"] else record[column]
        table.rows.append(row)
    return table


def comparison_frame(current: pd.DataFrame, previous: pd.DataFrame | None, dims: Sequence[Dimension]) -> pd.DataFrame:
    """Mean level per dimension in this campaign and the previous one (NaN where hidden)."""
    now, before = by_question(current), by_question(previous) if previous is not None else {}
    records = []
    for dim in dims:
        a, b = now.get(dim.key), before.get(dim.key)
        records.append(
            {
                "dimension": dim.title,
                "current": None if a is None or a["hidden"] else a["mean"],
                "previous": None if b is None or b["hidden"] else b["mean"],
                "n_current": None if a is None or a["hidden"] else a["n"],
                "n_previous": None if b is None or b["hidden"] else b["n"],
            }
        )
    frame = pd.DataFrame(records)
    frame["current"] = frame["current"].astype(float)
    frame["previous"] = frame["previous"].astype(float)
    return frame


def comparison_table(frame: pd.DataFrame, current_label: str, previous_label: str | None, min_size: int) -> Table:
    table = Table(
        TableId.COMPARISON,
        f"Niveau moyen : {current_label} et {previous_label or 'année précédente'}",
        [
            Column("dimension", "Dimension"),
            Column("previous", f"Moyenne {previous_label or 'N-1'}", "level"),
            Column("n_previous", "Réponses N-1", "int"),
            Column("current", f"Moyenne {current_label}", "level"),
            Column("n_current", "Réponses N", "int"),
            Column("change", "Évolution", "delta"),
        ],
    )
    for record in rows_of(frame):
        hidden = Hidden(hidden_label("petit-groupe", min_size))
        row: dict[str, Any] = {
            "dimension": record["dimension"],
            "current": hidden if pd.isna(record["current"]) else record["current"],
            "n_current": record["n_current"],
            "previous": (hidden if previous_label else NO_PREVIOUS)
            if pd.isna(record["previous"])
            else record["previous"],
            "n_previous": record["n_previous"],
        }
        if not (pd.isna(record["current"]) or pd.isna(record["previous"])):
            row["change"] = record["current"] - record["previous"]
        table.rows.append(row)
    return table


def progression_frame(
    series: Sequence[tuple[str, pd.DataFrame, float | None]], dims: Sequence[Dimension]
) -> pd.DataFrame:
    """Mean and median per dimension for each school year; `series`: (year label, cells, participation)."""
    records = []
    for label, cells, rate in series:
        rows = by_question(cells)
        for dim in dims:
            row = rows.get(dim.key)
            hidden = row is None or bool(row["hidden"])
            records.append(
                {
                    "school_year": label,
                    "dimension": dim.title,
                    "key": dim.key,
                    "mean": None if row is None or hidden else row["mean"],
                    "median": None if row is None or hidden else row["median"],
                    "n": None if row is None or hidden else row["n"],
                    "q1": None if row is None or hidden else row["q1"],
                    "q3": None if row is None or hidden else row["q3"],
                    "participation": rate,
                    "reason": "aucune-reponse" if row is None else row["reason"],
                }
            )
    frame = pd.DataFrame(
        records,
        columns=["school_year", "dimension", "key", "mean", "median", "n", "q1", "q3", "participation", "reason"],
    )
    frame["mean"] = frame["mean"].astype(float)
    return frame


def progression_table(
    frame: pd.DataFrame, min_size: int, table_id: str = TableId.PROGRESSION, title: str = "Progression par dimension"
) -> Table:
    table = Table(
        table_id,
        title,
        [
            Column("school_year", "Année scolaire"),
            Column("dimension", "Dimension"),
            Column("n", "Réponses", "int"),
            Column("mean", MEAN_LABEL, "level"),
            Column("q1", "1er quartile", "level"),
            Column("median", "Médiane", "level"),
            Column("q3", "3e quartile", "level"),
            Column("participation", "Participation", "percent"),
        ],
    )
    for record in rows_of(frame):
        row: dict[str, Any] = {k: record[k] for k in ("school_year", "dimension", "participation")}
        for column in ("n", "median", "mean", "q1", "q3"):
            row[column] = (
                Hidden(hidden_label(record["reason"], min_size)) if pd.isna(record["mean"]) else record[column]
            )
        if "pole" in record:
            row["pole"] = record["pole"]
        table.rows.append(row)
    return table


def category_frame(
    cells: pd.DataFrame,
    dims: Sequence[Dimension],
    category_label: Callable[[str], str],
    reference: str = "enseignant",
    min_size: int = 5,
) -> pd.DataFrame:
    """Mean per dimension × category, with the gap to the reference category where both are shown."""
    if cells.empty:
        return pd.DataFrame(columns=["dimension", "category", "n", "mean", "gap", "hidden_label"])
    titles = {d.key: d.title for d in dims}
    records = []
    for row in rows_of(cells):
        if row["question"] not in titles:
            continue
        records.append(
            {
                "key": row["question"],
                "dimension": titles[row["question"]],
                "category_id": row["category"],
                "category": category_label(row["category"]),
                "n": None if row["hidden"] else row["n"],
                "mean": None if row["hidden"] else row["mean"],
                "hidden_label": hidden_label(row["reason"], min_size) if row["hidden"] else "",
            }
        )
    frame = pd.DataFrame(records)
    frame["mean"] = frame["mean"].astype(float)
    ref = frame[frame["category_id"] == reference].set_index("key")["mean"]
    frame["gap"] = [
        m - ref.get(k) if k in ref.index and not pd.isna(ref.get(k)) and c != reference else None
        for k, m, c in zip(frame["key"], frame["mean"], frame["category_id"])
    ]
    order = {d.key: i for i, d in enumerate(dims)}
    return frame.sort_values(by=["key", "category_id"], key=lambda s: s.map(order) if s.name == "key" else s)


def category_table(frame: pd.DataFrame, reference_label: str) -> Table:
    table = Table(
        TableId.CATEGORIES,
        "Écart entre catégories de répondants",
        [
            Column("dimension", "Dimension"),
            Column("category", "Catégorie"),
            Column("n", "Réponses", "int"),
            Column("mean", "Moyenne", "level"),
            Column("gap", f"Écart avec {reference_label}", "delta"),
        ],
    )
    for record in rows_of(frame):
        hidden = Hidden(record["hidden_label"]) if record["hidden_label"] else None
        table.rows.append(
            {
                "dimension": record["dimension"],
                "category": record["category"],
                "n": hidden or record["n"],
                "mean": hidden or record["mean"],
                "gap": None if hidden or pd.isna(record["gap"]) else record["gap"],
            }
        )
    return table
