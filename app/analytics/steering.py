"""Networks compared for the académie and its départements, under the same suppression as poles in a network.

The tree is académie → département → network (a network placed in no département hangs from the académie). Each
network's cell is the one its own campaign published (`campaign_cells`: its establishments' pooled answers, its
decision taken on the network's tree): it is taken as it is, so that a network reads the same on its dashboard
and in the comparison. The totals above it (département, académie) are new figures. Since a visible network is
published anyway, what a total adds is its *hidden part*, the answers of its hidden networks ("total minus the
visible networks"). Those hidden parts go through the same primary and complementary suppression
(`suppress_small_groups`, the hidden networks locked as their campaigns decided them), and a total is shown only
where its hidden part may be, or where it has none. One decision per school year serves both views, so a
département's total cannot be subtracted from the académie's to reveal anything either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from app.analytics.cells import CELL_KEYS, network_unit
from app.analytics.identifiers import TableId
from app.analytics.network import unit_dimension_table, unit_progression_table
from app.analytics.stats import STAT_COLUMNS, summarize
from app.analytics.suppression import COMPLEMENTARY, NO_ANSWER, SMALL_GROUP, suppress_small_groups
from app.analytics.tables import Column, Table


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

    `department_parents`: département unit → académie unit. A network's cell is as its campaign published it. A
    total is the pooled answers of its networks; since its visible networks are published anyway, what it adds is
    its *hidden part* (the answers of its hidden networks): that part goes through `suppress_small_groups` on the
    same tree, and the total is shown only where its hidden part may be (or where it has none).
    """
    networks: list[pd.DataFrame] = []
    hidden_parts: list[pd.DataFrame] = []
    totals: dict[str, list[pd.DataFrame]] = {}
    for point in points:
        unit = network_unit(point.network_id)
        counts = pd.DataFrame(point.counts.groupby(["question", "value"], dropna=False, as_index=False)["n"].sum())
        published = point.cells[point.cells["unit"] == unit].set_index("question")
        is_hidden = counts["question"].map(published["hidden"]).fillna(True).astype(bool)
        networks.append(point.cells[point.cells["unit"] == unit].assign(parent=point.parent, kind="network"))
        above = [point.parent] + ([department_parents[point.parent]] if point.parent in department_parents else [])
        for total in above:
            totals.setdefault(total, []).append(counts)
        # the hidden network itself, locked: its campaign decided it; the totals above must protect its answers
        secret = counts[is_hidden]
        if len(secret):
            summary = summarize(secret.assign(unit=unit), ["unit", "question"], values)
            reasons = summary["question"].map(published["reason"])
            hidden_parts.append(summary.assign(parent=point.parent, locked=True, hidden=True, reason=reasons))
            for total in above:
                hidden_parts.append(secret.assign(unit=total, pooled=True))
    decided = _hidden_part_decision(hidden_parts, department_parents, values, min_size)
    rows = [record for frame in networks for record in frame.to_dict("records")]
    for total, frames in totals.items():
        pooled = pd.concat(frames, ignore_index=True).groupby(["question", "value"], dropna=False, as_index=False)
        summary = summarize(pd.DataFrame(pooled["n"].sum()).assign(unit=total), ["unit", "question"], values)
        kind = "department" if total.startswith("d:") else "academy"
        for record in summary.to_dict("records"):
            hidden: bool = decided.get((total, record["question"]), False)
            reason: str = COMPLEMENTARY if hidden else ""
            if int(record["n"]) < min_size:  # a total is a cell too: primary suppression first
                answered = int(record["n"]) + int(record.get("n_dk") or 0) + int(record.get("n_na") or 0)
                hidden, reason = True, NO_ANSWER if answered == 0 else SMALL_GROUP
            record.update(kind=kind, entity_id=int(total.split(":")[1]), parent=department_parents.get(total))
            record.update(hidden=hidden, reason=reason)
            if hidden:
                record.update({c: float("nan") for c in STAT_COLUMNS if c in record})
            rows.append(record)
    if not rows:
        return pd.DataFrame(columns=["unit", "kind", "entity_id", "question", "n", "hidden", "reason"])
    return pd.DataFrame(rows)


def _hidden_part_decision(
    parts: list[pd.DataFrame], department_parents: dict[str, str], values: Sequence[int], min_size: int
) -> dict[tuple[str, str], bool]:
    """Decide, per total and question, whether its hidden part may be shown: the cell suppression, on that tree."""
    locked = [p for p in parts if "pooled" not in p]
    pooled = [p.drop(columns=["pooled"]) for p in parts if "pooled" in p]
    if not pooled:
        return {}
    counts = pd.concat(pooled, ignore_index=True).groupby(["unit", "question", "value"], dropna=False, as_index=False)
    totals = summarize(pd.DataFrame(counts["n"].sum()), ["unit", "question"], values)
    totals = totals.assign(parent=totals["unit"].map(department_parents), locked=False)
    every = pd.DataFrame([r for frame in [*locked, totals] for r in frame.to_dict("records")])
    out = suppress_small_groups(every, min_size, keys=CELL_KEYS)
    out = out[~out["locked"].astype(bool)]
    return {(u, q): bool(h) for u, q, h in zip(out["unit"], out["question"], out["hidden"])}


def networks_table(frame: pd.DataFrame, participation: dict[str, dict[str, Any]], label: str) -> Table:
    """The heatmap's twin: one row per network (and total) × dimension."""
    return unit_dimension_table(
        frame, participation, TableId.NETWORKS, f"Niveau moyen de chaque réseau par dimension — {label}", "Réseau"
    )


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
    return unit_progression_table(
        frame, TableId.NETWORK_PROGRESSION, "Progression de chaque réseau par dimension", "Réseau"
    )
