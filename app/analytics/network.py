"""Shape a network's suppressed cells into pole comparisons and the table of establishments."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import pandas as pd

from app.analytics.establishment import PARTICIPATION_JUMP, shown
from app.analytics.identifiers import TableId
from app.analytics.instrument import Dimension
from app.analytics.records import rows_of
from app.analytics.suppression import COMPLEMENTARY, NO_ANSWER, hidden_label
from app.analytics.tables import MEAN_LABEL, NO_PREVIOUS, Blank, Column, Hidden, Table


def participation_by_unit(responses: pd.DataFrame, establishments: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Responses, declared staff and rate per establishment, pole and network unit.

    The rate of a pole counts only the establishments whose staff size is known.
    """
    # A dict: an empty Series (a campaign nobody answered yet) would read an id as a position.
    per_est = responses.groupby("establishment_id")["n"].sum().to_dict()
    out: dict[str, dict[str, Any]] = {}
    for record in rows_of(establishments):
        answered = int(per_est.get(record["establishment_id"], 0))
        staff = None if pd.isna(record["staff_size"]) else int(record["staff_size"])
        units = [f"e:{record['establishment_id']}", "network"]
        if record["pole_id"] is not None and not pd.isna(record["pole_id"]):
            units.append(f"p:{int(record['pole_id'])}")
        for unit in units:
            entry = out.setdefault(unit, {"responses": 0, "staff": 0, "counted": 0, "known": 0, "members": 0})
            entry["responses"] += answered
            entry["members"] += 1
            if staff:
                entry["staff"] += staff
                entry["counted"] += answered
                entry["known"] += 1
    for entry in out.values():
        entry["rate"] = entry["counted"] / entry["staff"] if entry["staff"] else None
    return out


def cells_by_key(
    cells: pd.DataFrame, units: Sequence[str], questions: Sequence[str], fields: Sequence[str]
) -> dict[tuple[str, str], dict[Hashable, Any]]:
    """(unit, question) → the fields read of each cell of these units and questions, as plain Python values.

    Only the rows and columns a table reads: `to_dict("records")` of every cell of a network's campaign took most
    of its table of establishments.
    """
    if cells.empty:
        return {}
    wanted = cells[cells["unit"].isin(units) & cells["question"].isin(questions)]
    present = [f for f in fields if f in wanted.columns]
    columns = [wanted[c].tolist() for c in ("unit", "question", *present)]
    return {(unit, question): dict(zip(present, rest, strict=True)) for unit, question, *rest in zip(*columns)}


def heatmap_frame(
    cells: pd.DataFrame, units: Sequence[tuple[str, str]], dims: Sequence[Dimension], min_size: int
) -> pd.DataFrame:
    """Mean level (and the other statistics) per unit (pole or network) × dimension; `units`: (unit id, name)."""
    return _levels_frame(_heatmap_records(cells, units, dims, min_size))


def _levels_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(records)
    for column in ("median", "mean"):
        frame[column] = frame[column].astype(float)
    return frame


def _heatmap_records(
    cells: pd.DataFrame, units: Sequence[tuple[str, str]], dims: Sequence[Dimension], min_size: int
) -> list[dict[str, Any]]:
    fields = ["median", "mean", "n", "n_dk", "q1", "q3", "hidden", "reason"]
    index = cells_by_key(cells, [unit for unit, _ in units], [dim.key for dim in dims], fields)
    records = []
    for unit, name in units:
        for dim in dims:
            row = index.get((unit, dim.key))
            hidden = row is None or bool(row["hidden"])
            records.append(
                {
                    "unit": unit,
                    "pole": name,
                    "key": dim.key,
                    "dimension": dim.title,
                    "median": None if row is None or hidden else row["median"],
                    "mean": None if row is None or hidden else row["mean"],
                    "n": None if row is None or hidden else row["n"],
                    "n_dk": None if row is None or hidden else row.get("n_dk"),
                    "q1": None if row is None or hidden else row["q1"],
                    "q3": None if row is None or hidden else row["q3"],
                    "hidden_label": hidden_label("aucune-reponse" if row is None else row["reason"], min_size)
                    if hidden
                    else "",
                }
            )
    return records


def heatmap_table(frame: pd.DataFrame, participation: dict[str, dict[str, Any]], label: str) -> Table:
    return unit_dimension_table(
        frame, participation, TableId.POLES, f"Niveau moyen de chaque pôle par dimension — {label}", "Pôle"
    )


def unit_dimension_table(
    frame: pd.DataFrame, participation: dict[str, dict[str, Any]], table_id: str, title: str, unit_label: str
) -> Table:
    """A heatmap's twin: one row per unit (pole or network, and their totals) × dimension, hidden cells named."""
    table = Table(
        table_id,
        title,
        [
            Column("pole", unit_label),
            Column("dimension", "Dimension"),
            Column("n", "Réponses", "int"),
            Column("n_dk", "Ne se prononce pas", "int"),
            Column("mean", MEAN_LABEL, "level"),
            Column("q1", "1er quartile", "level"),
            Column("median", "Médiane", "level"),
            Column("q3", "3e quartile", "level"),
            Column("participation", "Participation", "percent"),
        ],
    )
    for record in rows_of(frame):
        hidden = Hidden(record["hidden_label"]) if record["hidden_label"] else None
        row = {
            "pole": record["pole"],
            "dimension": record["dimension"],
            "participation": participation.get(record["unit"], {}).get("rate"),
        }
        for column in ("n", "n_dk", "median", "mean", "q1", "q3"):
            row[column] = hidden or record[column]
        table.rows.append(row)
    return table


def comparison_frame(
    now: pd.DataFrame,
    before: pd.DataFrame | None,
    rates_now: dict[str, dict[str, Any]],
    rates_before: dict[str, dict[str, Any]],
) -> pd.DataFrame:
    """Each unit × dimension in year N against N-1: means, change, n and participation of both years."""
    previous = {(r["unit"], r["key"]): r for r in rows_of(before)} if before is not None else {}
    records = []
    for record in rows_of(now):
        old = previous.get((record["unit"], record["key"]))
        before_mean = None if old is None or pd.isna(old["mean"]) else float(old["mean"])
        after_mean = None if pd.isna(record["mean"]) else float(record["mean"])
        rate_a = rates_before.get(record["unit"], {}).get("rate")
        rate_b = rates_now.get(record["unit"], {}).get("rate")
        records.append(
            {
                "unit": record["unit"],
                "pole": record["pole"],
                "dimension": record["dimension"],
                "before": before_mean,
                "after": after_mean,
                "change": None if before_mean is None or after_mean is None else after_mean - before_mean,
                "n_before": None if old is None else old["n"],
                "n_after": record["n"],
                "rate_before": rate_a,
                "rate_after": rate_b,
                "jump": rate_a is not None and rate_b is not None and abs(rate_b - rate_a) > PARTICIPATION_JUMP,
                "hidden_after": record["hidden_label"],
                "hidden_before": "" if old is None else old["hidden_label"],
            }
        )
    frame = pd.DataFrame(records)
    for column in ("before", "after", "change"):
        frame[column] = frame[column].astype(float)
    return frame


def comparison_table(frame: pd.DataFrame, before_label: str, after_label: str) -> Table:
    table = Table(
        TableId.EVOLUTION,
        f"Évolution des pôles : {before_label} → {after_label}",
        [
            Column("pole", "Pôle"),
            Column("dimension", "Dimension"),
            Column("before", f"Moyenne {before_label}", "level"),
            Column("n_before", f"Réponses {before_label}", "int"),
            Column("after", f"Moyenne {after_label}", "level"),
            Column("n_after", f"Réponses {after_label}", "int"),
            Column("change", "Évolution", "delta"),
            Column("rate_before", f"Participation {before_label}", "percent"),
            Column("rate_after", f"Participation {after_label}", "percent"),
            Column("caveat", "Attention"),
        ],
    )
    for record in rows_of(frame):
        table.rows.append(
            {
                "pole": record["pole"],
                "dimension": record["dimension"],
                "before": Hidden(record["hidden_before"]) if record["hidden_before"] else record["before"],
                "n_before": Hidden(record["hidden_before"]) if record["hidden_before"] else record["n_before"],
                "after": Hidden(record["hidden_after"]) if record["hidden_after"] else record["after"],
                "n_after": Hidden(record["hidden_after"]) if record["hidden_after"] else record["n_after"],
                "change": record["change"],
                "rate_before": record["rate_before"],
                "rate_after": record["rate_after"],
                "caveat": "participation très différente" if record["jump"] else "",
            }
        )
    return table


def progression_frame(
    series: Sequence[tuple[str, pd.DataFrame]],
    units: Sequence[tuple[str, str]],
    dims: Sequence[Dimension],
    min_size: int,
) -> pd.DataFrame:
    """Mean level per unit × dimension for every school year of the series."""
    if not series:
        return pd.DataFrame(columns=["pole", "school_year", "dimension", "mean", "median", "n", "hidden_label"])
    # Row by row rather than pd.concat: a year without a single answer of the filtered type is all-NA, and
    # concatenating it is deprecated in pandas (its dtypes would decide the result's).
    records = [
        record | {"school_year": label}
        for label, cells in series
        for record in _heatmap_records(cells, units, dims, min_size)
    ]
    return _levels_frame(records)


def progression_table(frame: pd.DataFrame) -> Table:
    ordered = frame.sort_values(["pole", "dimension", "school_year"], kind="stable")
    return unit_progression_table(ordered, TableId.POLE_PROGRESSION, "Progression de chaque pôle par dimension", "Pôle")


def unit_progression_table(frame: pd.DataFrame, table_id: str, title: str, unit_label: str) -> Table:
    """Each unit's (pole or network, and their totals) level per dimension over the years, in the frame's order."""
    table = Table(
        table_id,
        title,
        [
            Column("pole", unit_label),
            Column("dimension", "Dimension"),
            Column("school_year", "Année scolaire"),
            Column("n", "Réponses", "int"),
            Column("mean", MEAN_LABEL, "level"),
            Column("median", "Médiane", "level"),
        ],
    )
    for record in rows_of(frame):
        hidden = Hidden(record["hidden_label"]) if record["hidden_label"] else None
        table.rows.append(
            {
                "pole": record["pole"],
                "dimension": record["dimension"],
                "school_year": record["school_year"],
                "n": hidden or record["n"],
                "median": hidden or record["median"],
                "mean": hidden or record["mean"],
            }
        )
    return table


def establishments_table(
    establishments: pd.DataFrame,
    cells: pd.DataFrame,
    before: pd.DataFrame | None,
    participation: dict[str, dict[str, Any]],
    pole_names: dict[int, str],
    dims: Sequence[Dimension],
    min_size: int,
    now_label: str = "",
    before_label: str | None = None,
) -> Table:
    """One row per establishment: type, pole, participation, mean level per dimension and the change of that mean.

    The mean, not the median, as everywhere a level is summed up (docs/dashboards.md): the change beside it is
    then the change of the figure shown. A blank change says why (`change_or_reason`).
    """
    columns = [
        Column("name", "Établissement", "establishment", sortable=True),
        Column("uai", "UAI", on_page=False),
        Column("kind", "Type", sortable=True),
        Column("pole", "Pôle", sortable=True),
        Column("responses", "Réponses", "int", sortable=True),
        Column("rate", "Participation", "percent", sortable=True),
    ]
    for dim in dims:
        columns.append(
            Column(
                f"{dim.key}",
                dim.title,
                "level",
                sortable=True,
                export_label=f"{dim.title} — {MEAN_LABEL.lower()}",
                detail=f"{dim.key}__change",
            )
        )
        columns.append(
            Column(
                f"{dim.key}__change",
                f"{dim.title} — évolution",
                "delta",
                sortable=True,
                export_label=f"{dim.title} — évolution de la moyenne",
                on_page=False,
            )
        )
    table = Table(TableId.ESTABLISHMENTS, "Établissements", columns)
    units = [f"e:{e}" for e in establishments["establishment_id"]]
    questions = [dim.key for dim in dims]
    now = cells_by_key(cells, units, questions, ["mean", "hidden", "reason"])
    old = cells_by_key(before, units, questions, ["mean", "hidden", "reason"]) if before is not None else {}
    for record in rows_of(establishments):
        unit = f"e:{record['establishment_id']}"
        part = participation.get(unit, {})
        row = {
            "name": record["name"],
            "uai": record["uai"],
            "kind": record["kind"],
            "pole": pole_names.get(record["pole_id"], "—"),
            "responses": part.get("responses", 0),
            "rate": part.get("rate"),
        }
        for dim in dims:
            cell, previous = now.get((unit, dim.key)), old.get((unit, dim.key))
            row[dim.key] = (
                shown(cell, "mean", min_size) if cell is not None else Hidden(hidden_label("aucune-reponse", min_size))
            )
            row[f"{dim.key}__change"] = change_or_reason(
                cell, previous, before is not None, (now_label, before_label or ""), min_size
            )
        table.rows.append(row)
    return table


def change_or_reason(
    cell: Mapping[Hashable, Any] | None,
    previous: Mapping[Hashable, Any] | None,
    had_previous: bool,
    labels: tuple[str, str],
    min_size: int,
) -> float | Blank:
    """The change of a mean level since the previous campaign, or why there is none, said in the cell.

    `labels`: this campaign's and the previous one's school years. This year's reason comes first: it is the one
    the level above the change already shows.
    """
    now_label, before_label = labels
    if cell is not None and not cell["hidden"] and previous is not None and not previous["hidden"]:
        return float(cell["mean"] - previous["mean"])
    if cell is None or (cell["hidden"] and cell["reason"] == NO_ANSWER):
        return _no_answer(now_label or "cette campagne")
    if cell["hidden"]:
        return _withheld(cell["reason"], now_label or "cette année", min_size)
    if not had_previous:
        return NO_PREVIOUS
    if previous is None or (previous["hidden"] and previous["reason"] == NO_ANSWER):
        return _no_answer(before_label or "la campagne précédente")
    return _withheld(previous["reason"], before_label or "l'année précédente", min_size)


def _no_answer(year: str) -> Blank:
    return Blank(f"aucune réponse en {year}", f"Pas d'évolution : l'établissement n'a reçu aucune réponse en {year}.")


def _withheld(reason: str, year: str, min_size: int) -> Blank:
    """An anonymity reason: the short label, then the rule in one sentence."""
    rule = (
        f"Règle d'anonymat : aucun résultat calculé sur moins de {min_size} réponses n'est publié, "
        "ni un résultat qui permettrait de le retrouver par soustraction."
    )
    if reason == COMPLEMENTARY:
        return Blank(
            "masqué : secret secondaire", f"Pas d'évolution : le niveau de {year} est masqué. {rule}", rule=True
        )
    return Blank(
        f"masqué : moins de {min_size} réponses",
        f"Pas d'évolution : le niveau de {year} repose sur moins de {min_size} réponses. {rule}",
        rule=True,
    )
