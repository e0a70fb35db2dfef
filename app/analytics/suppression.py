"""The anonymity threshold, applied in one place to every figure a page, export or API answer shows.

Rules (documented in docs/dashboards.md):

1. **Primary suppression.** A cell computed from fewer than `min_size` answers is hidden
   ("moins de N réponses"); so is a cell with no answer at all.
2. **Complementary suppression.** Cells form a tree (network → pole → establishment → category).
   When a parent total is shown, the hidden part of its children must add up to at least
   `min_size` answers, otherwise "total minus the visible children" would reveal it. So, while
   the hidden children of a shown parent total between 1 and `min_size - 1` answers, the
   smallest visible child is hidden too (ties broken by unit name, so the choice is stable);
   if no child is left to hide, the parent is hidden. Parents are processed from the deepest
   level up, so that a parent hidden this way counts as hidden at the level above.
   A hidden total must not be recomputable from its children either: when a cell is hidden as
   a complement, the same rule hides enough of its own children (their hidden part must reach
   `min_size` answers, unless all of them are hidden).
   A child whose answers are all "ne se prononce pas" or "non concerné" (n = 0, but n_dk or n_na > 0) has
   something to hide too: the parent's n_dk minus its visible children's would give it. It is hidden as a
   small group (not as "aucune réponse", which would say the same), and it counts as a hidden part to protect.
3. **Filtered totals.** A total restricted by a filter (say, the collèges of a pole) is shown only
   when every cell under its unfiltered parent is visible: it is then computable from what is
   already published and reveals nothing new, whatever filters are compared.

The decision is taken once per campaign on the whole network's tree, so the same cells are
hidden for every reader and in every view (a pilot's, an inspector's, a head's own dashboard).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

SMALL_GROUP = "petit-groupe"
COMPLEMENTARY = "secret-secondaire"
NO_ANSWER = "aucune-reponse"
APART = ("n_dk", "n_na")  # answers counted apart from n: "ne se prononce pas", "non concerné"

STRUCTURE_COLUMNS = ("unit", "parent", "hidden", "reason", "locked")


def suppress_small_groups(
    cells: pd.DataFrame, min_size: int, *, keys: Sequence[str] = (), keep: Sequence[str] = ()
) -> pd.DataFrame:
    """Hide every cell under `min_size` answers and the cells that would let one be deduced.

    `cells` has a column `n`; optional columns `unit` and `parent` (string ids of the tree), and
    `locked` + `hidden` for rows whose visibility was already decided elsewhere. `keys` name the
    columns that identify a cell besides its unit (e.g. campaign and question); `keep` names
    descriptive columns left as they are. Every other column of a hidden row becomes missing.
    Returns a copy with boolean `hidden` and text `reason` columns.
    """
    df = cells.reset_index(drop=True).copy()
    if "unit" not in df:
        df["unit"] = [f"row:{i}" for i in range(len(df))]
    if "parent" not in df:
        df["parent"] = None
    locked = df["locked"].eq(True) if "locked" in df else pd.Series(False, index=df.index)
    n = df["n"].fillna(0).astype(int)
    answered = n + sum((df[c].fillna(0).astype(int) for c in APART if c in df), pd.Series(0, index=df.index))
    primary = np.where(locked, df["hidden"].eq(True) if "hidden" in df else False, n < min_size)
    hidden = pd.Series(primary, index=df.index, dtype=bool)
    reason: pd.Series[Any] = pd.Series("", index=df.index, dtype=object)  # object dtype: any text
    if "reason" in df:
        reason[locked] = [r if isinstance(r, str) else "" for r in df.loc[locked, "reason"]]
    reason[~locked & hidden] = np.where(answered[~locked & hidden] == 0, NO_ANSWER, SMALL_GROUP)

    _complementary(df, (n, answered), hidden, reason, locked, list(keys), min_size)

    df["hidden"] = hidden
    df["reason"] = reason
    untouched = set(keys) | set(keep) | set(STRUCTURE_COLUMNS)
    for column in df.columns:
        if column not in untouched:
            if df[column].dtype.kind in "iub":
                df[column] = df[column].astype("float64")
            df.loc[hidden, column] = np.nan
    return df


def _complementary(
    df: pd.DataFrame,
    counts: tuple[pd.Series, pd.Series],
    hidden: pd.Series,
    reason: pd.Series,
    locked: pd.Series,
    keys: list[str],
    min_size: int,
) -> None:
    n, answered = counts  # answers with a value; every answer, "ne se prononce pas" and "non concerné" included
    parents = dict(zip(df["unit"], df["parent"]))
    depth_cache: dict[str, int] = {}

    def depth(unit: str) -> int:
        if unit not in depth_cache:
            parent = parents.get(unit)
            depth_cache[unit] = 0 if parent is None or pd.isna(parent) or parent not in parents else depth(parent) + 1
        return depth_cache[unit]

    cell_key = [tuple(r) for r in df[keys].itertuples(index=False, name=None)] if keys else [()] * len(df)
    row_of = {(*key, unit): i for i, (key, unit) in enumerate(zip(cell_key, df["unit"]))}
    children: dict[tuple[Any, ...], list[int]] = {}
    for i, (key, parent) in enumerate(zip(cell_key, df["parent"])):
        if parent is not None and not pd.isna(parent):
            children.setdefault((*key, parent), []).append(i)

    def hidden_sum(index: list[int]) -> int:
        return int(sum(n[i] for i in index if hidden[i]))

    def hide_smallest(index: list[int], total: int) -> int:
        """Hide visible children, smallest first, until `total` reaches the threshold."""
        for i in sorted(
            (i for i in index if not hidden[i] and not locked[i]), key=lambda i: (n[i], str(df.at[i, "unit"]))
        ):
            if total >= min_size:
                break
            hide(i)
            total += int(n[i])
        return total

    def hide(i: int) -> None:
        hidden[i], reason[i] = True, COMPLEMENTARY
        protect(cell_key[i] + (df.at[i, "unit"],))

    def protect(parent_key: tuple[Any, ...]) -> None:
        # A hidden total must not be recomputable from its children: hide enough of them.
        index = children.get(parent_key, [])
        if index and not all(hidden[i] for i in index):
            hide_smallest(index, hidden_sum(index))

    for parent_key in sorted(children, key=lambda k: -depth(k[-1])):
        index = children[parent_key]
        parent_row = row_of.get(parent_key)  # the parent cell, when it is among the rows
        if parent_row is not None and hidden[parent_row]:
            protect(parent_key)
            continue
        total = hidden_sum(index)
        if total < min_size and any(hidden[i] and answered[i] > 0 for i in index):
            total = hide_smallest(index, total)
            if total < min_size and parent_row is not None and not locked[parent_row]:
                hidden[parent_row], reason[parent_row] = True, COMPLEMENTARY


def filtered_total_visible(
    n: int, members_hidden: Sequence[bool], min_size: int, answered: int | None = None
) -> tuple[bool, str]:
    """Say whether a filtered total may be shown (rule 3), and why not; `answered` counts n_dk and n_na too."""
    visible, reason = filtered_totals_visible(
        pd.Series([n]), pd.Series([any(members_hidden)]), min_size, pd.Series([n if answered is None else answered])
    )
    return bool(visible.iloc[0]), str(reason.iloc[0])


def filtered_totals_visible(
    n: pd.Series, any_member_hidden: pd.Series, min_size: int, answered: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Rule 3 over many filtered totals at once: whether each may be shown, and why not ("" when shown).

    Hidden when nobody answered, when fewer than `min_size` answers have a value, or when any establishment cell
    under its unfiltered parent is hidden (the total would give that cell back by subtraction).
    """
    reason = np.select(
        [answered.to_numpy() == 0, n.to_numpy() < min_size, any_member_hidden.to_numpy(dtype=bool)],
        [NO_ANSWER, SMALL_GROUP, COMPLEMENTARY],
        default="",
    )
    return pd.Series(reason == "", index=n.index), pd.Series(reason, index=n.index, dtype=object)


def hidden_label(reason: str, min_size: int) -> str:
    """Say, in French, why a cell is not shown."""
    if reason == NO_ANSWER:
        return "aucune réponse"
    if reason == COMPLEMENTARY:
        return "masqué (secret secondaire)"
    return f"moins de {min_size} réponses"
