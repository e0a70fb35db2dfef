"""A frame's rows as plain dicts, read column by column."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import pandas as pd


def rows_of(frame: pd.DataFrame) -> list[dict[Hashable, Any]]:
    """`frame.to_dict("records")`, with the same plain Python values, several times faster on the small frames of a
    dashboard: pandas boxes each value of each row there, where `tolist` converts a whole column at once."""
    names: list[Hashable] = list(frame.columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*(frame[c].tolist() for c in names))]
