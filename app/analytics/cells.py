"""Build a campaign's cells (network → pole → establishment, per question) and hide the small ones.

A *cell* is one unit × one question: its statistics, its distribution and whether it is hidden.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from app.analytics.stats import STAT_COLUMNS, summarize
from app.analytics.suppression import filtered_totals_visible, suppress_small_groups

CELL_KEYS = ["question"]
DESCRIPTIVE = ["kind", "entity_id"]


def establishment_unit(establishment_id: int) -> str:
    return f"e:{establishment_id}"


def pole_unit(pole_id: int) -> str:
    return f"p:{pole_id}"


def network_unit(network_id: int) -> str:
    return f"n:{network_id}"


def _parent_of_establishment(pole_id: float | None, network_id: int) -> str:
    return network_unit(network_id) if pole_id is None or pd.isna(pole_id) else pole_unit(int(pole_id))


def campaign_cells(
    counts: pd.DataFrame, establishments: pd.DataFrame, network_id: int, values: Sequence[int], min_size: int
) -> pd.DataFrame:
    """Return every cell of a campaign, suppressed once for all readers.

    `counts`: establishment_id, question, value, n. `establishments`: establishment_id, pole_id.
    """
    poles = establishments.set_index("establishment_id")["pole_id"].to_dict()
    est = counts.copy()
    est["pole_id"] = est["establishment_id"].map(poles)
    frames = [
        est.assign(
            unit=est["establishment_id"].map(establishment_unit),
            kind="establishment",
            entity_id=est["establishment_id"],
        )
    ]
    in_pole = est[est["pole_id"].notna()]
    if len(in_pole):
        pole_counts = in_pole.groupby(["pole_id", "question", "value"], dropna=False, as_index=False)["n"].sum()
        frames.append(
            pole_counts.assign(
                unit=pole_counts["pole_id"].astype(int).map(pole_unit),
                kind="pole",
                entity_id=pole_counts["pole_id"].astype(int),
            )
        )
    net = est.groupby(["question", "value"], dropna=False, as_index=False)["n"].sum()
    frames.append(net.assign(unit=network_unit(network_id), kind="network", entity_id=network_id))
    every = pd.concat([f[["unit", "kind", "entity_id", "question", "value", "n"]] for f in frames], ignore_index=True)

    summary = summarize(every, ["unit", "kind", "entity_id", "question"], values)
    summary["parent"] = [_parent(unit, poles, network_id) for unit in summary["unit"]]
    summary["entity_id"] = summary["entity_id"].astype(int)
    return suppress_small_groups(summary, min_size, keys=CELL_KEYS, keep=DESCRIPTIVE)


def _parent(unit: str, poles: dict[Hashable, Any], network_id: int) -> str | None:
    kind, _, raw = unit.partition(":")
    if kind == "e":
        return _parent_of_establishment(poles.get(int(raw)), network_id)
    if kind == "p":
        return network_unit(network_id)
    return None


def category_cells(
    counts: pd.DataFrame, establishment_cells: pd.DataFrame, values: Sequence[int], min_size: int
) -> pd.DataFrame:
    """Return one establishment's cells per respondent category, under its (already decided) totals.

    `counts`: question, category, value, n for one establishment; `establishment_cells`: that
    establishment's rows of campaign_cells().
    """
    parent = establishment_cells["unit"].iloc[0] if len(establishment_cells) else "e:?"
    return categories_under(counts.assign(parent=parent), establishment_cells, values, min_size)


def categories_under(
    counts: pd.DataFrame, establishment_cells: pd.DataFrame, values: Sequence[int], min_size: int
) -> pd.DataFrame:
    """Return establishments' cells per respondent category, each under its establishment's decided totals.

    `counts`: parent (the establishment's unit), question, category, value, n, for any number of establishments
    (closing computes them all in one pass, and stores each establishment's); `establishment_cells`: their rows of
    campaign_cells(). Each establishment's categories are suppressed among themselves only, as alone.
    """
    if counts.empty:
        return pd.DataFrame(columns=["unit", "parent", "question", "category", *STAT_COLUMNS, "hidden", "reason"])
    summary = summarize(counts, ["parent", "category", "question"], values)
    summary["unit"] = summary["parent"] + "/c:" + summary["category"].astype(str)
    totals = establishment_cells[["unit", "question", "n", "hidden", "reason"]].assign(parent=None, locked=True)
    rows = pd.concat([summary.assign(locked=False), totals], ignore_index=True)
    out = suppress_small_groups(rows, min_size, keys=CELL_KEYS, keep=["category"])
    return out[~out["locked"].astype(bool)].drop(columns=["locked"]).reset_index(drop=True)


def filtered_cells(
    counts: pd.DataFrame,
    establishments: pd.DataFrame,
    cells: pd.DataFrame,
    kind_filter: str,
    values: Sequence[int],
    min_size: int,
) -> pd.DataFrame:
    """Return pole and network cells restricted to one establishment type (rule 3 of suppression), typed as the
    establishments' own cells so that the two can be put together.

    A filtered total is shown only when every establishment cell under its unfiltered parent is
    visible, so that nothing new can be deduced by comparing filtered and unfiltered views. A closed campaign's are
    computed once at closing, for each type of establishment, and stored.
    """
    meta = establishments.set_index("establishment_id")
    chosen = meta.index[meta["kind"] == kind_filter]
    est = counts[counts["establishment_id"].isin(chosen)].copy()
    est["pole_id"] = est["establishment_id"].map(meta["pole_id"])
    pole_rows = est[est["pole_id"].notna()].assign(group=lambda f: f["pole_id"].astype(int).map(pole_unit))
    net_rows = est.assign(
        group=cells.loc[cells["kind"] == "network", "unit"].iloc[0] if (cells["kind"] == "network").any() else "n:?"
    )
    every = pd.concat([pole_rows, net_rows], ignore_index=True)
    est_cells = cells[cells["kind"] == "establishment"]
    if every.empty:
        empty = pd.DataFrame(columns=["unit", "kind", "entity_id", "question", *STAT_COLUMNS, "hidden", "reason"])
        return _typed_like(empty, est_cells)
    # the establishments' counts added up by total first: the summary then reads a row per total and value
    totals = every.groupby(["group", "question", "value"], dropna=False, as_index=False, sort=False)[["n"]].sum()
    summary = summarize(totals, ["group", "question"], values).rename(columns={"group": "unit"})
    hidden = est_cells["hidden"].astype(bool)
    under_pole = hidden.groupby([est_cells["parent"], est_cells["question"]]).any()
    under_network = hidden.groupby(est_cells["question"]).any()
    is_network = summary["unit"].str.startswith("n:")
    pole_keys = pd.MultiIndex.from_arrays([summary["unit"], summary["question"]])
    member_hidden = pd.Series(
        np.where(
            is_network,
            under_network.reindex(summary["question"], fill_value=False).to_numpy(dtype=bool),
            under_pole.reindex(pole_keys, fill_value=False).to_numpy(dtype=bool),
        ),
        index=summary.index,
    )
    answered = summary["n"] + summary["n_dk"].fillna(0) + summary["n_na"].fillna(0)
    visible, reason = filtered_totals_visible(summary["n"], member_hidden, min_size, answered)
    stat_like = [c for c in summary.columns if c not in ("unit", "question")]
    entity = summary["unit"].str.split(":").str[1]
    restricted = pd.concat(
        [
            summary[["unit", "question"]],
            summary[stat_like].where(visible, axis=0),  # a hidden total keeps no figure
            pd.DataFrame(
                {
                    "hidden": ~visible,
                    "reason": reason,
                    "kind": np.where(is_network, "network", "pole"),
                    "entity_id": pd.to_numeric(entity.where(entity.str.isdigit(), "0")).astype(int),
                },
                index=summary.index,
            ),
        ],
        axis=1,
    )
    return _typed_like(restricted, est_cells)


def _typed_like(restricted: pd.DataFrame, own: pd.DataFrame) -> pd.DataFrame:
    """A restricted column that is all missing (every total hidden) takes the type of the establishments' own
    column, so that pandas need not guess it when the two are put together."""
    blank = [c for c in restricted.columns if c in own and restricted[c].isna().all()]
    return restricted.astype({c: float if own[c].dtype.kind in "iuf" else object for c in blank})
