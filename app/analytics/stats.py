"""Statistics of an answer distribution, computed from counts per value (never from individual rows).

Every input here is a *count table*: one row per group × value with the number of answers `n`
(value NaN = "non concerné", value DONT_KNOW = "ne se prononce pas", both counted apart). Medians and
quartiles are read off the cumulative counts, with the same linear interpolation as numpy's default, so
2, 3, 3, 4 gives median 3, Q1 2.75 and Q3 3.25.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from app.surveys.schema import DONT_KNOW

STAT_COLUMNS = ["n", "n_na", "n_dk", "median", "mean", "q1", "q3", "std"]


def value_column(value: int) -> str:
    """Name the column holding the count of answers at `value`."""
    return f"d{value}"


def quantile_from_counts(
    values: Sequence[float] | npt.NDArray[np.float64], counts: Sequence[int] | npt.NDArray[np.int64], q: float
) -> float:
    """Return the q-quantile of the sample in which each value occurs `count` times."""
    order = np.argsort(np.asarray(values, dtype=float))
    vals = np.asarray(values, dtype=float)[order]
    cnts = np.asarray(counts, dtype=np.int64)[order]
    keep = cnts > 0
    vals, cnts = vals[keep], cnts[keep]
    total = int(cnts.sum())
    if total == 0:
        return float("nan")
    cumulative = np.cumsum(cnts)
    position = (total - 1) * q
    lower, upper = int(np.floor(position)), int(np.ceil(position))

    def at(index: int) -> float:
        # the value of the index-th answer (0-based) once sorted
        return float(vals[np.searchsorted(cumulative, index, side="right")])

    low = at(lower)
    return low + (at(upper) - low) * (position - lower)


def median_from_counts(
    values: Sequence[float] | npt.NDArray[np.float64], counts: Sequence[int] | npt.NDArray[np.int64]
) -> float:
    return quantile_from_counts(values, counts, 0.5)


def describe_counts(values: Sequence[float], counts: Sequence[int]) -> dict[str, float]:
    """Return n, median, mean, quartiles and sample standard deviation of a value distribution."""
    vals = np.asarray(values, dtype=float)
    cnts = np.asarray(counts, dtype=np.int64)
    n = int(cnts.sum())
    if n == 0:
        return {"n": 0, "median": np.nan, "mean": np.nan, "q1": np.nan, "q3": np.nan, "std": np.nan}
    mean = float((vals * cnts).sum() / n)
    std = float(np.sqrt(((vals - mean) ** 2 * cnts).sum() / (n - 1))) if n > 1 else np.nan
    return {
        "n": n,
        "median": median_from_counts(vals, cnts),
        "mean": mean,
        "q1": quantile_from_counts(vals, cnts, 0.25),
        "q3": quantile_from_counts(vals, cnts, 0.75),
        "std": std,
    }


def summarize(counts: pd.DataFrame, by: Sequence[str], values: Sequence[int]) -> pd.DataFrame:
    """Return one row per group of `by`: statistics plus the count at each scale value (`d1`…).

    `n` counts the answers with a value, the only ones in the statistics and in the threshold; `n_na` and `n_dk`
    count "non concerné" and "ne se prononce pas" apart.

    Vectorized over groups (a network's campaign can hold 100,000 unit × question groups).
    """
    by = list(by)
    columns = by + STAT_COLUMNS + [value_column(v) for v in values]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    frame = counts[[*by, "value", "n"]].copy()
    frame["_key"] = frame.groupby(by, sort=True, dropna=False).ngroup()
    keys = frame.drop_duplicates("_key").set_index("_key")[by].sort_index()
    # [["n"]], not ["n"]: the same frame, which pandas-stubs then knows is a DataFrame
    dont_know = frame["value"] == DONT_KNOW
    answered = frame[frame["value"].notna() & ~dont_know].groupby(["_key", "value"], as_index=False)[["n"]].sum()
    answered = answered.sort_values(["_key", "value"], kind="stable")

    out = keys.copy()
    out["n"] = answered.groupby("_key")["n"].sum().reindex(out.index, fill_value=0).astype(int)
    out["n_na"] = frame[frame["value"].isna()].groupby("_key")["n"].sum().reindex(out.index, fill_value=0).astype(int)
    out["n_dk"] = frame[dont_know].groupby("_key")["n"].sum().reindex(out.index, fill_value=0).astype(int)
    weighted = (answered["value"] * answered["n"]).groupby(answered["_key"]).sum().reindex(out.index)
    out["mean"] = (weighted / out["n"].where(out["n"] > 0)).astype(float)
    deviation = answered["n"] * (answered["value"] - answered["_key"].map(out["mean"])) ** 2
    variance = deviation.groupby(answered["_key"]).sum().reindex(out.index) / (out["n"] - 1).where(out["n"] > 1)
    out["std"] = np.sqrt(variance.astype(float))
    answered["_cum"] = answered.groupby("_key")["n"].cumsum()
    for name, q in (("q1", 0.25), ("median", 0.5), ("q3", 0.75)):
        position = (out["n"] - 1) * q
        lower, upper = np.floor(position), np.ceil(position)
        low, high = _value_at(answered, lower), _value_at(answered, upper)
        out[name] = (low + (high - low) * (position - lower)).where(out["n"] > 0)
    distribution = answered.pivot_table(index="_key", columns="value", values="n", aggfunc="sum", fill_value=0)
    for value in values:
        present = float(value) in distribution.columns
        out[value_column(value)] = (
            distribution[float(value)].reindex(out.index, fill_value=0).astype(int) if present else 0
        )
    return out.reset_index(drop=True)[columns]


def _value_at(answered: pd.DataFrame, index: pd.Series) -> pd.Series:
    """Return, per group, the value of its index-th answer (0-based) once sorted."""
    target = answered["_key"].map(index)
    hits = answered[answered["_cum"] > target]
    return hits.groupby("_key")["value"].first().reindex(index.index).astype(float)


def shares(summary: pd.DataFrame, values: Sequence[int]) -> pd.DataFrame:
    """Return the share of answers at each value (over answers with a value), as `s1`… columns."""
    out = summary.copy()
    total = out["n"].astype(float).where(out["n"] > 0)
    for value in values:
        out[f"s{value}"] = out[value_column(value)].astype(float) / total
    return out


def distribution(levels: Sequence[int], values: Sequence[int]) -> list[int]:
    """Count individual levels per scale value (a helper for tests and small samples)."""
    return [sum(1 for level in levels if level == value) for value in values]
