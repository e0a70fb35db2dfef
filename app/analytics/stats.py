"""Statistics of an answer distribution, computed from counts per value (never from individual rows).

Every input here is a *count table*: one row per group × value with the number of answers `n`
(value NaN = "non concerné", value DONT_KNOW = "ne se prononce pas", both counted apart). Medians and
quartiles are read off the cumulative counts, with the same linear interpolation as numpy's default, so
2, 3, 3, 4 gives median 3, Q1 2.75 and Q3 3.25.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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

    Vectorized over groups in numpy, after one pandas groupby that numbers them (a network's campaign can hold
    100,000 unit × question groups; a filtered dashboard summarizes a few hundred, five times, where a pandas
    operation's own cost made 15 ms a call).
    """
    by = list(by)
    columns = by + STAT_COLUMNS + [value_column(v) for v in values]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    key = counts.groupby(by, sort=True, dropna=False).ngroup().to_numpy()
    order = np.argsort(key, kind="stable")
    first = order[np.r_[True, key[order][1:] != key[order][:-1]]]
    groups = len(first)
    value = counts["value"].to_numpy(dtype=float)
    n = counts["n"].to_numpy(dtype=np.int64)
    not_applicable, dont_know = np.isnan(value), value == DONT_KNOW
    kept = ~not_applicable & ~dont_know
    out: dict[str, Any] = {b: counts[b].iloc[first].reset_index(drop=True) for b in by}  # their own dtypes
    out["n"] = _per_group(key[kept], n[kept], groups)
    out["n_na"] = _per_group(key[not_applicable], n[not_applicable], groups)
    out["n_dk"] = _per_group(key[dont_know], n[dont_know], groups)
    out |= _statistics(key[kept], value[kept], n[kept], groups)
    for v in values:
        at = kept & (value == v)
        out[value_column(v)] = _per_group(key[at], n[at], groups)
    return pd.DataFrame(out, columns=columns)


def _per_group(key: npt.NDArray[np.int64], n: npt.NDArray[np.int64], groups: int) -> npt.NDArray[np.int64]:
    return np.bincount(key, weights=n, minlength=groups).astype(np.int64)


def _statistics(
    key: npt.NDArray[np.int64], value: npt.NDArray[np.float64], n: npt.NDArray[np.int64], groups: int
) -> dict[str, npt.NDArray[np.float64]]:
    """Mean, sample standard deviation and quartiles of each group's answers with a value, NaN where none.

    Quartiles as numpy's default (linear interpolation), read off the cumulative counts of the sorted answers.
    """
    order = np.lexsort((value, key))
    key, value, n = key[order], value[order], n[order]
    total = np.bincount(key, weights=n, minlength=groups)
    some, several = total > 0, total > 1
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(some, np.bincount(key, weights=value * n, minlength=groups) / total, np.nan)
        spread = np.bincount(key, weights=n * (value - mean[key]) ** 2, minlength=groups)
        stats = {"mean": mean, "std": np.where(several, np.sqrt(spread / (total - 1)), np.nan)}
    cumulative = np.cumsum(n)
    before = np.zeros(groups)  # the count of answers sorted before each group's first
    starts = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, dtype=bool)
    before[key[starts]] = (cumulative - n)[starts]
    answered = np.flatnonzero(some)
    for name, q in (("q1", 0.25), ("median", 0.5), ("q3", 0.75)):
        position = (total[answered] - 1) * q
        lower, upper = np.floor(position), np.ceil(position)
        low = value[np.searchsorted(cumulative, before[answered] + lower, side="right")]
        high = value[np.searchsorted(cumulative, before[answered] + upper, side="right")]
        quantile = np.full(groups, np.nan)
        quantile[answered] = low + (high - low) * (position - lower)
        stats[name] = quantile
    return stats


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
