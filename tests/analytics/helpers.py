"""Hand-made cells for the analytics tests, shaped as campaign_cells() leaves them."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

VALUES = [1, 2, 3, 4, 5]
STATISTICS = ["n", "n_na", "median", "mean", "q1", "q3", "std"]


def cell(
    question: str, distribution: dict[int, int] | None = None, *, unit: str = "e:1", reason: str = "", **extra: Any
) -> dict[str, Any]:
    """Return one cell: the statistics of `distribution` (value → answers), or every figure blank with a `reason`."""
    if reason:
        figures = dict.fromkeys(STATISTICS, math.nan) | {f"d{v}": math.nan for v in VALUES}
        return {"unit": unit, "question": question, **figures, "hidden": True, "reason": reason, **extra}
    counts = distribution or {}
    answers = pd.Series(sorted(v for v, count in counts.items() for _ in range(count)), dtype=float)
    return {
        "unit": unit,
        "question": question,
        "n": len(answers),
        "n_na": 0,
        "median": answers.median(),
        "mean": answers.mean(),
        "q1": answers.quantile(0.25),
        "q3": answers.quantile(0.75),
        "std": answers.std(),
        **{f"d{v}": counts.get(v, 0) for v in VALUES},
        "hidden": False,
        "reason": "",
        **extra,
    }
