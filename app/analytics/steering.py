"""Networks compared for the académie and its départements, under the same suppression as poles in a network.

The tree is académie → département → network (a network placed in no département hangs from the académie). Each
network's cell is the one its own campaign published (`campaign_cells`: its establishments' pooled answers, its
decision taken on the network's tree): it is *locked* here, so that a network reads the same on its dashboard and
in the comparison. The totals above it (département, académie) are new figures: they go through the same
primary and complementary suppression, so that "total minus the visible networks" never reveals fewer than
`min_size` answers. One decision per school year serves both views, so a département's total cannot be
subtracted from the académie's to reveal anything either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from app.analytics.cells import CELL_KEYS, network_unit
from app.analytics.identifiers import TableId
from app.analytics.stats import summarize
from app.analytics.suppression import suppress_small_groups
from app.analytics.tables import Column, Hidden, Table


def department_unit(department_id: int) -> str:
    return f"d:{department_id}"


def academy_unit(academy_id: int) -> str:
    return f"a:{academy_id}"


@dataclass(frozen=True)
class NetworkPoint:
    """One network's campaign of a school year: its answer counts and the cells it published."""

    network_id: int
    parent: str  # department_unit() or academy_unit()
    counts: pd.DataFrame  # establishment_id, question, value, n (campaign_data().counts)
    cells: pd.DataFrame  # campaign_cells() of that campaign, already suppressed on the network's tree


def steering_cells(
    points: Sequence[NetworkPoint],
    department_parents: dict[str, str],
    values: Sequence[int],
    min_size: int,
) -> pd.DataFrame:
    """Return the cells of every network, département and académie of one school year, suppressed once.

    `department_parents`: département unit → académie unit, for the départements holding a network here.
    """
    rows: list[pd.DataFrame] = []
    pooled: dict[str, list[pd.DataFrame]] = {}
    for point in points:
        unit = network_unit(point.network_id)
        counts = pd.DataFrame(point.counts.groupby(["question", "value"], dropna=False, as_index=False)["n"].sum())
        summary = summarize(counts.assign(unit=unit), ["unit", "question"], values)
        published = point.cells[point.cells["unit"] == unit].set_index("question")
        decided = summary["question"].map(published["hidden"]).fillna(True).astype(bool)
        reasons = summary["question"].map(published["reason"]).fillna("aucune-reponse")
        # Raw counts with the network's own decision: the totals above must know how much a hidden network holds.
        rows.append(
            summary.assign(
                kind="network", entity_id=point.network_id, parent=point.parent, locked=True, hidden=decided
            ).assign(reason=reasons)
        )
        above = [point.parent] + ([department_parents[point.parent]] if point.parent in department_parents else [])
        for total in above:
            pooled.setdefault(total, []).append(counts)
    for total, frames in pooled.items():
        grouped = pd.concat(frames, ignore_index=True).groupby(["question", "value"], dropna=False, as_index=False)
        summary = summarize(grouped["n"].sum().assign(unit=total), ["unit", "question"], values)
        kind = "department" if total.startswith("d:") else "academy"
        rows.append(
            summary.assign(
                kind=kind, entity_id=int(total.split(":")[1]), parent=department_parents.get(total), locked=False
            )
        )
    if not rows:
        return pd.DataFrame(columns=["unit", "kind", "entity_id", "question", "n", "hidden", "reason"])
    every = pd.DataFrame([record for frame in rows for record in frame.to_dict("records")])
    out = suppress_small_groups(every, min_size, keys=CELL_KEYS, keep=["kind", "entity_id"])
    return out.drop(columns=["locked"])


def networks_table(frame: pd.DataFrame, participation: dict[str, dict[str, Any]], label: str) -> Table:
    """The heatmap's twin: one row per network (and total) × dimension."""
    table = Table(
        TableId.NETWORKS,
        f"Niveau médian par réseau et par dimension — {label}",
        [
            Column("pole", "Réseau"),
            Column("dimension", "Dimension"),
            Column("n", "Réponses", "int"),
            Column("n_dk", "Ne se prononce pas", "int"),
            Column("median", "Médiane", "level"),
            Column("mean", "Moyenne", "level"),
            Column("q1", "1er quartile", "level"),
            Column("q3", "3e quartile", "level"),
            Column("participation", "Participation", "percent"),
        ],
    )
    for record in frame.to_dict("records"):
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


def participation_table(rows: Sequence[dict[str, Any]], label: str) -> Table:
    """One row per network: its département, campaign, establishments, responses and participation."""
    table = Table(
        TableId.NETWORK_PARTICIPATION,
        f"Participation par réseau — {label}",
        [
            Column("network", "Réseau"),
            Column("department", "Département"),
            Column("campaign", "Campagne"),
            Column("establishments", "Établissements", "int"),
            Column("responses", "Réponses", "int"),
            Column("rate", "Participation", "percent"),
        ],
    )
    table.rows.extend(dict(row) for row in rows)
    return table


def progression_table(frame: pd.DataFrame) -> Table:
    """Each network's (and total's) level per dimension over the school years."""
    table = Table(
        TableId.NETWORK_PROGRESSION,
        "Progression de chaque réseau par dimension",
        [
            Column("pole", "Réseau"),
            Column("dimension", "Dimension"),
            Column("school_year", "Année scolaire"),
            Column("n", "Réponses", "int"),
            Column("median", "Médiane", "level"),
            Column("mean", "Moyenne", "level"),
        ],
    )
    for record in frame.to_dict("records"):
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
